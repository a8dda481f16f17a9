package org.kvlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.spy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.command.Wire;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportUnavailableException;
import org.kvlab.store.KvStore;

final class KvServerTest {

    @Test
    void protocolError_repliesThenCloses_andOthersGoOn() {
        try (Wire wire = new Wire()) {
            Wire.Client bad = wire.connect();
            Wire.Client good = wire.connect();
            assertEquals("+OK\r\n-ERR Protocol error: invalid bulk length\r\n",
                    bad.raw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*1\r\n$x\r\n"));
            assertTrue(bad.isClosed());
            assertEquals("", bad.call("GET", "k"));
            assertEquals("$1\r\nv\r\n", good.call("GET", "k"));
            assertFalse(good.isClosed());
        }
    }

    @Test
    void pipelinedBatch_repliesInOrder_andSplitCommandsAreKept() {
        try (Wire wire = new Wire()) {
            Wire.Client c = wire.connect();
            byte[] set = Wire.encode("SET", "k", "v");
            byte[] get = Wire.encode("GET", "k");
            byte[] batch = new byte[set.length + get.length];
            System.arraycopy(set, 0, batch, 0, set.length);
            System.arraycopy(get, 0, batch, set.length, get.length);
            int cut = set.length + 5;
            assertEquals("+OK\r\n", c.send(java.util.Arrays.copyOfRange(batch, 0, cut)));
            assertEquals("$1\r\nv\r\n", c.send(java.util.Arrays.copyOfRange(batch, cut, batch.length)));
        }
    }

    @Test
    void maxclients_refusesTheConnectionOverTheLimit() {
        try (Wire wire = new Wire(new ServerSettings().maxClients(2))) {
            Wire.Client a = wire.connect();
            wire.connect();
            Wire.Client third = wire.connect();
            assertEquals("-ERR max number of clients reached\r\n", third.greeting());
            assertTrue(third.isClosed());
            assertEquals("", third.call("PING"));
            assertEquals(2, wire.server.connectedClients());
            assertTrue(a.call("INFO", "stats").contains("rejected_connections:1\r\n"));
            a.disconnect();
            assertEquals("+PONG\r\n", wire.connect().call("PING"));
        }
    }

    @Test
    void protectedMode_onAllInterfaces_deniesRemotePeersWithoutPassword() {
        TransportConfig everywhere = TransportConfig.builder().bindAddress("0.0.0.0").build();
        try (Wire wire = new Wire(new ServerSettings(), everywhere)) {
            Wire.Client remote = wire.connect("10.1.2.3");
            String reply = remote.greeting();
            assertTrue(reply.startsWith("-DENIED Redis is running in protected mode"), reply);
            assertTrue(remote.isClosed());
            assertEquals("+PONG\r\n", wire.connect("127.0.0.1").call("PING"));
        }
        try (Wire wire = new Wire(new ServerSettings().requirePass("pw"), everywhere)) {
            Wire.Client remote = wire.connect("10.1.2.3");
            assertEquals("-NOAUTH Authentication required.\r\n", remote.call("PING"));
            assertEquals("+OK\r\n", remote.call("AUTH", "pw"));
        }
        try (Wire wire = new Wire(new ServerSettings().protectedMode(false), everywhere)) {
            assertEquals("+PONG\r\n", wire.connect("10.1.2.3").call("PING"));
        }
    }

    @Test
    void protectedMode_withASpecificBindAddress_servesThePeersThatReachIt() {
        TransportConfig specific = TransportConfig.builder().bindAddress("10.1.2.1").build();
        try (Wire wire = new Wire(new ServerSettings(), specific)) {
            assertEquals("+PONG\r\n", wire.connect("10.1.2.3").call("PING"));
        }
    }

    @Test
    void unauthenticatedClients_getTheSmallHeaderLimits() {
        try (Wire wire = new Wire(new ServerSettings().requirePass("pw"))) {
            Wire.Client c = wire.connect();
            assertEquals("-ERR Protocol error: unauthenticated multibulk length\r\n", c.raw("*11\r\n"));
            assertTrue(c.isClosed());
            Wire.Client d = wire.connect();
            assertEquals("+OK\r\n", d.call("AUTH", "pw"));
            assertEquals("", d.raw("*11\r\n"));
            assertFalse(d.isClosed());
        }
    }

    @Test
    void repliesOfOneRead_overTheOutputBufferLimit_stopTheReadAndClose() {
        TransportConfig limited = TransportConfig.builder().outputBufferLimit(1000).build();
        try (Wire wire = new Wire(new ServerSettings(), limited)) {
            Wire.Client other = wire.connect();
            assertEquals("+OK\r\n", other.call("SET", "big", "v".repeat(400)));
            Wire.Client greedy = wire.connect();
            String get = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n";
            String reply = "$400\r\n" + "v".repeat(400) + "\r\n";
            assertEquals(reply.repeat(3), greedy.raw(get.repeat(100) + "*1\r\n$4\r\nINCR\r\n"));
            assertTrue(greedy.isClosed());
            assertEquals("+OK\r\n", other.call("SET", "n", "1"));
            assertEquals(reply + reply, other.raw(get + get));
            assertFalse(other.isClosed());
        }
    }

    @Test
    void queryBufferLimit_closesWithoutReply() {
        ServerSettings settings = new ServerSettings().clientQueryBufferLimit(1024 * 1024);
        try (Wire wire = new Wire(settings)) {
            Wire.Client c = wire.connect();
            assertEquals("", c.raw("*2\r\n$3\r\nGET\r\n$2000000\r\n" + "x".repeat(1024 * 1024)));
            assertTrue(c.isClosed());
        }
    }

    @Test
    void batches_waitForDurability_onlyWhenItIsPending() {
        KvStore real = KvStore.inMemory();
        KvStore store = spy(real);
        CompletableFuture<Void> pending = new CompletableFuture<>();
        doReturn(pending).when(store).durable();
        try (Wire wire = new Wire(store, new ServerSettings())) {
            Wire.Client c = wire.connect();
            assertEquals("+OK\r\n", c.call("SET", "k", "v"));
            assertNotNull(c.lastStage());
            pending.complete(null);
            c.call("SET", "k", "w");
            assertNull(c.lastStage());
            assertEquals("$1\r\nw\r\n", c.call("GET", "k"));
            assertNull(c.lastStage());
        }
    }

    @Test
    void readOnAnotherConnection_ofAWriteNotYetDurable_waitsForIt() {
        KvStore store = spy(KvStore.inMemory());
        CompletableFuture<Void> pending = new CompletableFuture<>();
        try (Wire wire = new Wire(store, new ServerSettings())) {
            Wire.Client writer = wire.connect();
            Wire.Client reader = wire.connect();
            doReturn(pending).when(store).durable();
            writer.call("SET", "k", "v");
            assertEquals("$1\r\nv\r\n", reader.call("GET", "k"));
            CompletionStage<?> held = reader.lastStage();
            assertNotNull(held, "the reply that shows the write waits for its fsync");
            assertFalse(held.toCompletableFuture().isDone());
            pending.completeExceptionally(new KvPersistenceException("Errors writing to the AOF file: EIO"));
            assertTrue(held.toCompletableFuture().isDone() && !held.toCompletableFuture().isCompletedExceptionally(),
                    "a failed log does not stop reads");
            doReturn(pending).when(store).durable();
            reader.call("GET", "k");
            assertNull(reader.lastStage(), "nor holds them");
            assertFalse(reader.isClosed());
        }
    }

    @Test
    void aPopServedAfterWaiting_waitsForDurability_asAnyWrite() {
        KvStore real = KvStore.inMemory();
        KvStore store = spy(real);
        CompletableFuture<Void> pending = new CompletableFuture<>();
        try (Wire wire = new Wire(store, new ServerSettings())) {
            Wire.Client c = wire.connect();
            Wire.Client other = wire.connect();
            assertEquals("", c.call("BLPOP", "k", "0"));
            doReturn(pending).when(store).durable();
            other.call("RPUSH", "k", "v");
            assertEquals("*2\r\n$1\r\nk\r\n$1\r\nv\r\n", c.awaitWake());
            assertSame(pending, c.lastStage());
            pending.complete(null);
            assertEquals("", c.call("BLPOP", "k", "0.01"));
            assertEquals("*-1\r\n", c.awaitWake());
            assertNull(c.lastStage(), "a timeout wrote nothing");
        }
    }

    @Test
    void idleTimeout_sparesBlockedClients_asRedisDoes() {
        try (Wire wire = new Wire(new ServerSettings().timeoutSeconds(10))) {
            Wire.Client blocked = wire.connect();
            Wire.Client idle = wire.connect();
            assertEquals("", blocked.call("BLPOP", "k", "0"));
            idle.call("PING");
            wire.server.closeStaleConnections(System.currentTimeMillis() + 20_000, System.nanoTime());
            assertFalse(blocked.isClosed());
            assertTrue(idle.isClosed());
        }
    }

    @Test
    void inputSentWhileBlocked_pastTheQueryBufferLimit_closesTheClient() {
        try (Wire wire = new Wire(new ServerSettings().clientQueryBufferLimit(1024 * 1024))) {
            Wire.Client c = wire.connect();
            assertEquals("", c.call("BLPOP", "k", "0"));
            String ping = "PING\r\n";
            assertEquals("", c.raw(ping.repeat(1024 * 1024 / ping.length())));
            assertFalse(c.isClosed());
            assertEquals("", c.raw(ping));
            assertTrue(c.isClosed());
        }
    }

    @Test
    void idleTimeout_closesIdleClients() {
        try (Wire wire = new Wire(new ServerSettings().timeoutSeconds(10))) {
            Wire.Client c = wire.connect();
            c.call("PING");
            long now = System.currentTimeMillis();
            wire.server.closeStaleConnections(now, System.nanoTime());
            assertFalse(c.isClosed());
            wire.server.closeStaleConnections(now + 11_000, System.nanoTime());
            assertTrue(c.isClosed());
        }
    }

    @Test
    void idleTimeout_sparesSubscribers_untilTheyUnsubscribe() {
        try (Wire wire = new Wire(new ServerSettings().timeoutSeconds(10))) {
            Wire.Client c = wire.connect();
            c.call("SUBSCRIBE", "news");
            long now = System.currentTimeMillis();
            wire.server.closeStaleConnections(now + 60_000, System.nanoTime());
            assertFalse(c.isClosed(), "a subscriber waits for messages as long as it likes, as in Redis");
            c.call("UNSUBSCRIBE");
            wire.server.closeStaleConnections(System.currentTimeMillis() + 11_000, System.nanoTime());
            assertTrue(c.isClosed());
        }
    }

    @Test
    void idleTimeout_clientWhoseOutputIsBeingTaken_isNotIdleUntilItStalls() {
        try (Wire wire = new Wire(new ServerSettings().timeoutSeconds(10))) {
            Wire.Client c = wire.connect();
            c.call("PING");
            long now = System.currentTimeMillis();
            c.unwritten(1_000_000); // a big reply the socket has not taken
            wire.server.closeStaleConnections(now + 9_000, System.nanoTime());
            c.unwritten(600_000); // the client read some
            wire.server.closeStaleConnections(now + 18_000, System.nanoTime());
            assertFalse(c.isClosed(), "18 s after its last request, but its reply is being downloaded");
            wire.server.closeStaleConnections(now + 27_000, System.nanoTime());
            assertFalse(c.isClosed(), "9 s since it last took output");
            wire.server.closeStaleConnections(now + 29_000, System.nanoTime());
            assertTrue(c.isClosed(), "11 s since it last took output: it stopped reading");
        }
    }

    @Test
    void partialCommandDeadline_closesSlowSenders() {
        try (Wire wire = new Wire(new ServerSettings().partialCommandTimeoutSeconds(5))) {
            Wire.Client slow = wire.connect();
            Wire.Client idle = wire.connect();
            assertEquals("", slow.raw("*2\r\n$3\r\nGE"));
            long now = System.nanoTime();
            wire.server.closeStaleConnections(System.currentTimeMillis(), now + TimeUnit.SECONDS.toNanos(6));
            assertTrue(slow.isClosed());
            assertFalse(idle.isClosed());
        }
    }

    @Test
    void configSetTimeout_appliesToTheRunningServer() {
        try (Wire wire = new Wire()) {
            Wire.Client c = wire.connect();
            c.call("CONFIG", "SET", "timeout", "1");
            wire.server.closeStaleConnections(System.currentTimeMillis() + 2_000, System.nanoTime());
            assertTrue(c.isClosed());
        }
    }

    @Test
    void instantaneousOps_areCommandsPerSecondBetweenSamples() {
        try (Wire wire = new Wire()) {
            Wire.Client c = wire.connect();
            long t0 = 1_000_000_000L;
            wire.server.sampleOps(t0);
            for (int i = 0; i < 10; i++) {
                c.call("PING");
            }
            wire.server.sampleOps(t0 + TimeUnit.MILLISECONDS.toNanos(500));
            assertTrue(c.call("INFO", "stats").contains("instantaneous_ops_per_sec:20\r\n"));
        }
    }

    @Test
    void start_withUnknownTransport_namesIt() {
        try (KvStore store = KvStore.inMemory()) {
            KvServer server = KvServer.builder().store(store).transport("carrier-pigeon").build();
            TransportUnavailableException e = assertThrows(TransportUnavailableException.class, server::start);
            assertTrue(e.getMessage().contains("unknown transport 'carrier-pigeon'"), e.getMessage());
            assertEquals("none", server.transportName());
            server.close();
        }
    }

    @Test
    void builder_requiresAStore() {
        assertThrows(NullPointerException.class, () -> KvServer.builder().build());
    }

    @Test
    void settings_rejectBadValues() {
        ServerSettings s = new ServerSettings();
        assertEquals("maxclients: 0 (expected: >= 1)",
                assertThrows(IllegalArgumentException.class, () -> s.maxClients(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.timeoutSeconds(-1));
        assertThrows(IllegalArgumentException.class, () -> s.protoMaxBulkLen(10));
        assertThrows(IllegalArgumentException.class, () -> s.durability(true, "sometimes"));
        assertEquals("always", s.durability(true, "ALWAYS").appendFsync());
    }
}
