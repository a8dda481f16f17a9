package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.error;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    void writesOfABatchNotMadeDurable_getMisconfInPlaceOfTheirReplies_readsGoOut_andTheConnectionGoesOn() {
        KvStore store = spy(KvStore.inMemory());
        CompletableFuture<Void> pending = new CompletableFuture<>();
        KvPersistenceException enospc =
                new KvPersistenceException("Errors writing to the AOF file: No space left on device");
        String misconf = error("MISCONF Errors writing to the AOF file: No space left on device");
        try (Wire wire = new Wire(store, new ServerSettings())) {
            Wire.Client c = wire.connect();
            assertEquals(OK, c.call("SET", "a", "1"));
            doReturn(pending).when(store).durable();
            String held = c.send(concat(Wire.encode("GET", "a"), Wire.encode("SET", "a", "2"), Wire.encode("GET", "a"),
                    Wire.encode("INCR", "n"), Wire.encode("MULTI"), Wire.encode("DEL", "n"), Wire.encode("EXEC"),
                    Wire.encode("PING")));
            assertSame(pending, c.lastStage());
            pending.completeExceptionally(enospc);
            assertEquals("$1\r\n1\r\n" + misconf + "$1\r\n2\r\n" + misconf + OK + "+QUEUED\r\n" + misconf
                    + "+PONG\r\n", c.holdFailed(new CompletionException(enospc), held));
            assertFalse(c.isClosed());

            doReturn(CompletableFuture.failedFuture(enospc)).when(store).durable();
            assertEquals(misconf + "$1\r\n3\r\n", c.send(concat(Wire.encode("SET", "a", "3"),
                    Wire.encode("GET", "a"))));
            assertNull(c.lastStage(), "a batch whose log failed already goes out at once");
            assertEquals("$1\r\n3\r\n", c.call("GET", "a"));
            assertFalse(c.isClosed());
        }
    }

    @Test
    void whileTheStoreRefusesWrites_writesAndPingAreRefusedUnrun_asRedisDoes_readsGoOn() {
        KvStore store = spy(KvStore.inMemory());
        String misconf = error("MISCONF Errors writing to the AOF file: No space left on device");
        try (Wire wire = new Wire(store, new ServerSettings())) {
            Wire.Client c = wire.connect();
            assertEquals(OK, c.call("SET", "a", "1"));
            assertEquals(OK, c.call("MULTI"));
            assertEquals("+QUEUED\r\n", c.call("SET", "a", "3"));
            doReturn(new KvPersistenceException("Errors writing to the AOF file: No space left on device"))
                    .when(store).writeRefusal();
            assertEquals(error("EXECABORT Transaction discarded because of: MISCONF Errors writing to the AOF file: "
                    + "No space left on device"), c.call("EXEC"));
            assertEquals(misconf, c.call("SET", "a", "2"));
            assertEquals(misconf, c.call("DEL", "nosuch"));
            assertEquals(misconf, c.call("PING"));
            assertEquals("$1\r\n1\r\n", c.call("GET", "a"));
            assertEquals(OK, c.call("MULTI"));
            assertEquals(misconf, c.call("INCR", "n"));
            assertEquals(error("EXECABORT Transaction discarded because of previous errors."), c.call("EXEC"));
            doReturn(null).when(store).writeRefusal();
            assertEquals(OK, c.call("SET", "a", "2"));
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
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
