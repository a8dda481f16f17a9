package org.kvlab.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.TransportUnavailableException;
import org.kvlab.spi.Transports;

/** The provider as {@link Transports} finds it, available or not. */
final class IoUringTransportProviderTest {

    private final IoUringTransportProvider provider = new IoUringTransportProvider();

    @Test
    void serviceLoader_findsIoUringWithPriority30() {
        TransportProvider found = Transports.providers().stream()
                .filter(p -> p.name().equals("iouring")).findFirst().orElseThrow();
        assertTrue(found instanceof IoUringTransportProvider);
        assertEquals(30, found.priority());
        assertTrue(found.description().contains("io_uring"));
    }

    @Test
    void unavailabilityCause_agreesWithIsAvailable() {
        if (provider.isAvailable()) {
            assertNull(provider.unavailabilityCause());
        } else {
            assertNotNull(provider.unavailabilityCause());
            TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                    () -> provider.createServer(TransportConfig.builder().port(0).build()));
            assertTrue(e.getMessage().contains("iouring"), e.getMessage());
            assertThrows(TransportUnavailableException.class, () -> Transports.select("iouring"));
        }
    }
}
