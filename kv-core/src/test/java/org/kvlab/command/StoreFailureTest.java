package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.error;

import org.junit.jupiter.api.Test;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.Keyspace;
import org.kvlab.server.ServerSettings;
import org.kvlab.store.KvStore;

/** How failures of the store reach clients: -OOM, -MISCONF, and nothing lost on the connection. */
final class StoreFailureTest {

    @Test
    void writesOverMaxmemory_getOom_andReadsStillWork() {
        KvStore store = KvStore.builder().maxMemory(2048).build();
        try (Wire wire = new Wire(store, new ServerSettings())) {
            Wire.Client c = wire.connect();
            String value = "x".repeat(512);
            String reply = OK;
            int written = 0;
            while (reply.equals(OK)) {
                reply = c.call("SET", "k" + written, value);
                written++;
            }
            assertEquals(error("OOM command not allowed when used memory > 'maxmemory'."), reply);
            assertEquals(NIL, c.call("GET", "k" + (written - 1)));
            assertEquals("$512\r\n" + value + "\r\n", c.call("GET", "k0"));
            assertEquals(error("OOM command not allowed when used memory > 'maxmemory'."),
                    c.call("APPEND", "k0", value));
        }
    }

    @Test
    void writeLogFailure_getsMisconf_andTheConnectionGoesOn() {
        KvStore real = KvStore.inMemory();
        KvStore store = spy(real);
        Keyspace db0 = spy(real.database(0));
        org.mockito.Mockito.doReturn(db0).when(store).database(0);
        doThrow(new KvPersistenceException("write log failed: No space left on device"))
                .when(db0).setCopy(any(byte[].class), any(byte[].class)); // what a plain SET calls
        try (Wire wire = new Wire(store, new ServerSettings())) {
            Wire.Client c = wire.connect();
            assertEquals(error("MISCONF write log failed: No space left on device"), c.call("SET", "k", "v"));
            assertEquals(NIL, c.call("GET", "k"));
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }
}
