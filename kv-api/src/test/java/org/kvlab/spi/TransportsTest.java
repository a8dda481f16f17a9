package org.kvlab.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class TransportsTest {

    @Test
    void select_unknownName_listsAvailableTransports() {
        TransportUnavailableException e =
                assertThrows(TransportUnavailableException.class, () -> Transports.select("carrier-pigeon"));
        assertTrue(e.getMessage().startsWith("unknown transport 'carrier-pigeon'; available: "), e.getMessage());
    }

    @Test
    void select_noProviders_explainsWhatToAdd() {
        // kv-api's own tests have no transport module on the class path
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class, () -> Transports.select(null));
        assertTrue(e.getMessage().contains("add a transport module"), e.getMessage());
    }

    @Test
    void counters_snapshotDifference_countsCallsAndBytes() {
        IoCounters counters = new IoCounters();
        IoCounters.Snapshot before = counters.snapshot();
        counters.read(10);
        counters.read(-1);
        counters.write(5);
        counters.wakeup();
        IoCounters.Snapshot delta = counters.snapshot().minus(before);
        assertEquals(2, delta.reads());
        assertEquals(10, delta.bytesRead());
        assertEquals(1, delta.writes());
        assertEquals(5, delta.bytesWritten());
        assertEquals(1, delta.wakeups());
    }
}
