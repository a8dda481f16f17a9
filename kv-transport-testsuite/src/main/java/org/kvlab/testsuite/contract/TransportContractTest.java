package org.kvlab.testsuite.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kvlab.spi.ClientConnection;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;

/**
 * The behaviour every transport shares, over real loopback sockets, using only the kv-api SPI; a transport module
 * extends it and says how to make the transports under test. Each test starts its own server on an ephemeral port.
 */
public abstract class TransportContractTest {

    protected static final long WAIT_SECONDS = 30;

    protected final List<AutoCloseable> toClose = new ArrayList<>();
    protected final LineHandler.Registry registry = new LineHandler.Registry();
    protected ServerTransport server;
    protected InetSocketAddress address;

    /** Creates the server transport under test. */
    protected abstract ServerTransport newServer(TransportConfig config);

    /** Creates the client transport under test. */
    protected abstract ClientTransport newClient(TransportConfig config);

    /**
     * Returns whether the transport waits for readiness (a selector or event loop) and so counts wake-ups; a
     * thread-per-connection transport never does.
     */
    protected abstract boolean waitsForReadiness();

    /** The wake contract, {@link WakeContractTest}, over the same transport. */
    @Nested
    final class Wake extends WakeContractTest {
        @Override
        protected ServerTransport newServer(TransportConfig config) {
            return TransportContractTest.this.newServer(config);
        }

        @Override
        protected boolean waitsForReadiness() {
            return TransportContractTest.this.waitsForReadiness();
        }
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** Returns a config builder on an ephemeral port. */
    protected TransportConfig.Builder config() {
        return TransportConfig.builder().port(0);
    }

    /** Starts {@link #server} with {@link #registry}'s line protocol and records its {@link #address}. */
    protected void start(TransportConfig config) throws IOException {
        server = newServer(config);
        toClose.add(server);
        address = server.start(registry);
    }

    /** Connects a raw client to {@link #address}, closed after the test. */
    protected RawClient client() throws IOException {
        RawClient c = new RawClient(address);
        toClose.add(c);
        return c;
    }

    /** Takes the next element, failing the test if none arrives within {@link #WAIT_SECONDS}. */
    protected static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(value, "nothing arrived within " + WAIT_SECONDS + " s");
        return value;
    }

    /**
     * Returns the counters once {@code bytesWritten} bytes are counted: the peer may read a reply before the writer
     * has counted its write call.
     */
    protected static IoCounters.Snapshot settled(IoCounters counters, long bytesWritten) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        IoCounters.Snapshot s = counters.snapshot();
        while (s.bytesWritten() < bytesWritten) {
            assertTrue(System.nanoTime() < deadline, "counted writes never reached " + bytesWritten + ": " + s);
            Thread.sleep(1);
            s = counters.snapshot();
        }
        return s;
    }

    @Test
    void roundTrip_pingOnLoopback_repliesPong() throws Exception {
        start(config().build());
        RawClient c = client();
        c.send("PING\n");
        assertEquals("+PONG\r\n", c.readAscii(7));
        c.send("hello\n");
        assertEquals("hello\r\n", c.readAscii(7));
    }

    @Test
    void start_secondTime_throwsIllegalState() throws Exception {
        start(config().build());
        assertThrows(IllegalStateException.class, () -> server.start(registry));
    }

    @Test
    void start_portInUse_throwsIoExceptionNamingTheAddress() throws Exception {
        start(config().build());
        ServerTransport second = newServer(config().port(address.getPort()).build());
        toClose.add(second);
        IOException e = assertThrows(IOException.class, () -> second.start(registry));
        assertTrue(e.getMessage().contains(":" + address.getPort()), e.getMessage());
    }

    @Test
    void pipelining_tenThousandRequestsInOneWrite_allRepliedInOrderWithFewerWritesThanReads() throws Exception {
        start(config().build());
        RawClient c = client();
        int n = 10_000;
        StringBuilder requests = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < n; i++) {
            requests.append("r").append(i).append('\n');
            expected.append("r").append(i).append("\r\n");
        }
        c.send(requests.toString());
        assertEquals(expected.toString(), c.readAscii(expected.length()));
        IoCounters.Snapshot s = settled(server.counters(), expected.length());
        assertTrue(s.writes() <= s.reads(), "one flush per read batch at most: " + s);
        assertTrue(s.writes() < n, "replies batched: " + s);
        assertEquals(expected.length(), s.bytesWritten());
        assertEquals(requests.length(), s.bytesRead());
    }

    @Test
    void largeMessage_tenMegabytes_echoedWhole() throws Exception {
        start(config().build());
        RawClient c = client();
        byte[] payload = new byte[10 * 1024 * 1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(payload);
        request.write('\n');
        Thread writer = new Thread(() -> {
            try {
                c.send(request.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.start();
        byte[] reply = c.readExactly(payload.length + 2);
        writer.join();
        assertArrayEquals(payload, Arrays.copyOf(reply, payload.length));
        assertEquals("\r\n", new String(reply, payload.length, 2, StandardCharsets.US_ASCII));
    }

    @Test
    void concurrentConnections_twoHundredAtOnce_eachServedWithItsOwnId() throws Exception {
        start(config().build());
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            clients.add(client());
        }
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).send("c" + i + "\n");
        }
        for (int i = 0; i < clients.size(); i++) {
            String expected = "c" + i + "\r\n";
            assertEquals(expected, clients.get(i).readAscii(expected.length()));
        }
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ids.add(take(registry.opened).id());
        }
        assertEquals(200, ids.size());
        assertTrue(ids.contains(1L) && ids.contains(200L), "ids count from 1: " + ids);
        assertEquals(200, server.counters().snapshot().accepts());
    }

    @Test
    void halfClosedClient_shutsOutputAfterRequests_getsEveryReplyThenEndOfStream() throws Exception {
        start(config().build());
        RawClient c = client();
        c.send("PING\nHOLD\nPING\n");
        CompletableFuture<Void> hold = take(registry.holds);
        c.socket.shutdownOutput();
        hold.complete(null);
        assertEquals("+PONG\r\n+HELD\r\n+PONG\r\n", c.readAscii(21));
        assertTrue(c.readsToEnd());
        take(registry.closed);
    }

    @Test
    void vanishingClient_resetMidStream_closedAndOthersCarryOn() throws Exception {
        start(config().build());
        RawClient gone = client();
        RawClient stays = client();
        gone.send("PING\nBIG 5000000\n");
        gone.socket.setSoLinger(true, 0);
        gone.close();
        take(registry.closed);
        stays.send("PING\n");
        assertEquals("+PONG\r\n", stays.readAscii(7));
        assertEquals(1, registry.onCloseCalls.get());
    }

    @Test
    void close_fromAnotherThread_closesPromptlyAndCallsOnCloseOnce() throws Exception {
        start(config().build());
        RawClient c = client();
        c.send("PING\n");
        assertEquals("+PONG\r\n", c.readAscii(7));
        Connection connection = take(registry.opened);
        Thread killer = new Thread(connection::close);
        killer.start();
        killer.join();
        assertTrue(c.readsToEnd());
        assertEquals(connection.id(), take(registry.closed));
        connection.close();
        assertEquals(1, registry.onCloseCalls.get());
        assertEquals(1, server.counters().snapshot().closes());
    }

    @Test
    void close_fromTheHandlerFactory_closesTheSocketAndCallsOnCloseOnce() throws Exception {
        server = newServer(config().build());
        toClose.add(server);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        address = server.start(connection -> {
            connection.close();
            return new ConnectionHandler() {
                @Override
                public CompletionStage<?> onRead(ByteBuffer in, OutputBuffer out) {
                    events.add("read");
                    in.position(in.limit());
                    return null;
                }

                @Override
                public void onClose() {
                    events.add("closed " + connection.id());
                }
            };
        });
        RawClient c = client();
        assertTrue(c.readsToEnd());
        assertEquals("closed 1", take(events));
        RawClient d = client();
        assertTrue(d.readsToEnd());
        assertEquals("closed 2", take(events));
        assertTrue(events.isEmpty(), events.toString());
        assertEquals(2, settledCloses(server.counters(), 2).closes());
    }

    private static IoCounters.Snapshot settledCloses(IoCounters counters, long closes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        IoCounters.Snapshot s = counters.snapshot();
        while (s.closes() < closes) {
            assertTrue(System.nanoTime() < deadline, "counted closes never reached " + closes + ": " + s);
            Thread.sleep(1);
            s = counters.snapshot();
        }
        return s;
    }

    @Test
    void close_fromWithinOnRead_writesThatReplyFirstAndIgnoresLaterRequests() throws Exception {
        start(config().build());
        RawClient c = client();
        c.send("PING\nQUIT\nPING\n");
        assertEquals("+PONG\r\n+OK\r\n", c.readAscii(12));
        assertTrue(c.readsToEnd());
        take(registry.closed);
    }

    @Test
    void slowReader_overOutputBufferLimit_isClosedWhileOthersCarryOn() throws Exception {
        start(config().outputBufferLimit(1024 * 1024).build());
        RawClient slow = client();
        RawClient other = client();
        slow.send("BIG 67108864\n");
        long slowId = Math.min(take(registry.opened).id(), take(registry.opened).id()); // accepted first
        assertEquals(slowId, take(registry.closed));
        other.send("PING\n");
        assertEquals("+PONG\r\n", other.readAscii(7));
        assertTrue(slow.readsToEnd());
    }

    @Test
    void slowReader_underOutputBufferLimit_getsEverythingOnceItReads() throws Exception {
        start(config().outputBufferLimit(64 * 1024 * 1024).build());
        RawClient c = client();
        c.send("BIG 8388608\nPING\n");
        byte[] reply = c.readExactly(8388608 + 2 + 7);
        assertEquals("+PONG\r\n", new String(reply, reply.length - 7, 7, StandardCharsets.US_ASCII));
    }

    @Test
    void heldBackReply_laterRequestsWait_repliesKeepTheirOrder() throws Exception {
        start(config().build());
        RawClient c = client();
        c.send("a\nHOLD\nb\n");
        CompletableFuture<Void> hold = take(registry.holds);
        c.send("c\nPING\n");
        c.send("HOLD\nd\n");
        hold.complete(null);
        take(registry.holds).complete(null);
        String expected = "a\r\n+HELD\r\nb\r\nc\r\n+PONG\r\n+HELD\r\nd\r\n";
        assertEquals(expected, c.readAscii(expected.length()));
        c.send("PING\n");
        assertEquals("+PONG\r\n", c.readAscii(7));
    }

    @Test
    void turnEnd_afterEachRead_onTheServingThread_completesHeldBackRepliesThatThenGoOut() throws Exception {
        registry.releaseHoldsAtTurnEnd = true;
        start(config().build());
        RawClient c = client();
        for (int i = 0; i < 3; i++) {
            c.send("a\nHOLD\nb\n");
            String expected = "a\r\n+HELD\r\nb\r\n";
            assertEquals(expected, c.readAscii(expected.length()), "released by the turn end, not by the test");
        }
        Thread serving = take(registry.turnEndThreads);
        assertNotSame(Thread.currentThread(), serving);
        assertTrue(serving.isAlive(), "turns end on the serving thread: " + serving);
    }

    @Test
    void turnEnd_comesBeforeTheTurnsRepliesAreWritten_asRedisFsyncsBeforeItReplies() throws Exception {
        start(config().build());
        registry.watchedCounters = server.counters();
        RawClient c = client();
        c.send("PING\n");
        assertEquals("+PONG\r\n", c.readAscii(7));
        c.send("hello\n");
        assertEquals("hello\r\n", c.readAscii(7));
        assertEquals(0, take(registry.writtenAtTurnEnd), "the turn that read PING ended before +PONG was written");
        assertEquals(7, take(registry.writtenAtTurnEnd), "the turn that read hello ended before its echo was written");
    }

    @Test
    void turnEndThatWaits_loopLooksAgainWithoutBlocking_everyClientServedInOrder() throws Exception {
        registry.releaseHoldsAtTurnEnd = true;
        registry.turnEndWaitsWhileHolding = true;
        start(config().build());
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clients.add(client());
        }
        for (int round = 0; round < 5; round++) {
            for (RawClient c : clients) {
                c.send("HOLD\nPING\n");
            }
            for (RawClient c : clients) {
                assertEquals("+HELD\r\n+PONG\r\n", c.readAscii(14));
            }
        }
        if (waitsForReadiness()) {
            assertTrue(registry.turnEndWaitsTrue.get() > 0, "an event loop asks before ending a turn");
        }
    }

    @Test
    void heldBackReplies_twoHundredConnectionsWithMoreRequestsWaiting_eachServedInOrder() throws Exception {
        start(config().build());
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RawClient c = client();
            clients.add(c);
            c.send("HOLD\n");
        }
        List<CompletableFuture<Void>> holds = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            holds.add(take(registry.holds));
        }
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).send("after" + i + "\n");
        }
        holds.forEach(h -> h.complete(null));
        for (int i = 0; i < clients.size(); i++) {
            String expected = "+HELD\r\nafter" + i + "\r\n";
            assertEquals(expected, clients.get(i).readAscii(expected.length()));
        }
    }

    @Test
    void heldBackReply_connectionClosedFromAnotherThreadMeanwhile_closesOnceWithoutWritingIt() throws Exception {
        start(config().build());
        RawClient c = client();
        c.send("HOLD\n");
        CompletableFuture<Void> hold = take(registry.holds);
        Connection connection = take(registry.opened);
        Thread killer = new Thread(connection::close);
        killer.start();
        killer.join();
        assertEquals(connection.id(), take(registry.closed));
        hold.complete(null);
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        for (int r; (r = c.socket.getInputStream().read(buf)) >= 0; ) {
            rest.write(buf, 0, r);
        }
        assertEquals(0, rest.size(), "nothing written after the close: " + rest);
        assertEquals(1, registry.onCloseCalls.get());
    }

    @Test
    void heldBackReply_stageAlreadyCompleted_writtenAtOnceAndReadingGoesOn() throws Exception {
        server = newServer(config().build());
        toClose.add(server);
        address = server.start(connection -> new ConnectionHandler() {
            @Override
            public CompletionStage<?> onRead(ByteBuffer in, OutputBuffer out) {
                out.write(in);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void onClose() {
            }
        });
        RawClient c = client();
        for (int i = 0; i < 100; i++) {
            c.send("x" + i);
            assertEquals("x" + i, c.readAscii(("x" + i).length()));
        }
    }

    @Test
    void heldBackReply_minimalStages_waitedForWithoutQueryingThem() throws Exception {
        BlockingQueue<CompletableFuture<Void>> holds = new LinkedBlockingQueue<>();
        server = newServer(config().build());
        toClose.add(server);
        address = server.start(connection -> new ConnectionHandler() {
            @Override
            public CompletionStage<?> onRead(ByteBuffer in, OutputBuffer out) {
                boolean later = in.get(in.position()) == 'L';
                out.write(in);
                if (!later) {
                    return CompletableFuture.completedFuture(null).minimalCompletionStage();
                }
                CompletableFuture<Void> hold = new CompletableFuture<>();
                holds.add(hold);
                return hold.minimalCompletionStage();
            }

            @Override
            public void onClose() {
            }
        });
        RawClient c = client();
        c.send("now");
        assertEquals("now", c.readAscii(3));
        c.send("Later");
        take(holds).complete(null);
        assertEquals("Later", c.readAscii(5));
        c.send("again");
        assertEquals("again", c.readAscii(5));
    }

    @Test
    void heldBackReply_stageFails_closesWithoutWritingIt() throws Exception {
        start(config().build());
        RawClient c = client();
        c.send("PING\n");
        assertEquals("+PONG\r\n", c.readAscii(7));
        c.send("HOLD\n");
        take(registry.holds).completeExceptionally(new IOException("fsync failed"));
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        for (int r; (r = c.socket.getInputStream().read(buf)) >= 0; ) {
            rest.write(buf, 0, r);
        }
        assertEquals(0, rest.size(), "no reply to a failed write: " + rest);
        take(registry.closed);
    }

    @Test
    void heldBackReply_stageFails_handlerChangesIt_writtenAndReadingGoesOn() throws Exception {
        registry.rewriteFailedHolds = true;
        start(config().build());
        RawClient c = client();
        c.send("a\nHOLD\nb\nHOLD\n");
        take(registry.holds).completeExceptionally(new IOException("fsync failed"));
        String expected = "a\r\n-FAIL\r\nb\r\n-FAIL\r\n";
        assertEquals(expected, c.readAscii(expected.length()));
        c.send("PING\n");
        assertEquals("+PONG\r\n", c.readAscii(7));
        c.send("HOLD\n");
        take(registry.holds).complete(null);
        assertEquals("+HELD\r\n", c.readAscii(7));
    }

    @Test
    void heldBackReply_stageFailedAlready_handlerChangesIt_writtenAndReadingGoesOn() throws Exception {
        registry.rewriteFailedHolds = true;
        registry.failHoldsAtOnce = true;
        start(config().build());
        RawClient c = client();
        for (int i = 0; i < 3; i++) {
            c.send("a\nHOLD\nb\n");
            String expected = "a\r\n-FAIL\r\nb\r\n";
            assertEquals(expected, c.readAscii(expected.length()));
        }
        c.send("PING\n");
        assertEquals("+PONG\r\n", c.readAscii(7));
    }

    @Test
    void counters_oneConnectionRoundTrip_countAcceptReadWriteCloseAndWakeups() throws Exception {
        start(config().build());
        RawClient c = client();
        c.send("PING\n");
        assertEquals("+PONG\r\n", c.readAscii(7));
        c.close();
        take(registry.closed);
        IoCounters.Snapshot s = server.counters().snapshot();
        assertEquals(1, s.accepts());
        assertEquals(1, s.closes());
        assertTrue(s.reads() >= 1, s.toString());
        assertEquals(1, s.writes());
        assertEquals(5, s.bytesRead());
        assertEquals(7, s.bytesWritten());
        if (waitsForReadiness()) {
            assertTrue(s.wakeups() >= 1, s.toString());
        } else {
            assertEquals(0, s.wakeups(), s.toString());
        }
    }

    @Test
    void serverClose_withOpenConnections_callsEachOnCloseAndIsIdempotent() throws Exception {
        start(config().build());
        RawClient a = client();
        RawClient b = client();
        a.send("PING\n");
        b.send("PING\n");
        a.readAscii(7);
        b.readAscii(7);
        server.close();
        assertEquals(2, registry.onCloseCalls.get());
        assertTrue(a.readsToEnd());
        server.close();
        assertThrows(IOException.class, () -> new RawClient(address).close());
    }

    @Test
    void clientTransport_pipelinedBatchAgainstServerTransport_repliesInOrderAndCounted() throws Exception {
        start(config().build());
        ClientTransport transport = newClient(config().build());
        toClose.add(transport);
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        BlockingQueue<Throwable> closes = new LinkedBlockingQueue<>();
        ClientConnection connection = transport.connect(address, new ClientConnection.Handler() {
            @Override
            public void onRead(ByteBuffer in) {
                byte[] bytes = new byte[in.remaining()];
                in.get(bytes);
                replies.add(new String(bytes, StandardCharsets.US_ASCII));
            }

            @Override
            public void onClose(Throwable cause) {
                closes.add(cause == null ? new Throwable("orderly") : cause);
            }
        });
        assertTrue(connection.isOpen());
        IoCounters.Snapshot before = transport.counters().snapshot();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            batch.append("PING\n");
        }
        byte[] bytes = ("xx" + batch + "yy").getBytes(StandardCharsets.US_ASCII);
        connection.send(bytes, 2, bytes.length - 4);
        StringBuilder got = new StringBuilder();
        while (got.length() < 7000) {
            got.append(take(replies));
        }
        assertEquals("+PONG\r\n".repeat(1000), got.toString());
        IoCounters.Snapshot s = transport.counters().snapshot();
        assertEquals(1, s.connects());
        assertEquals(1, s.minus(before).writes(), "one write for the batch: " + s.minus(before));
        assertEquals(5000, s.bytesWritten());
        assertEquals(7000, s.bytesRead());

        take(registry.opened).close();
        assertEquals("orderly", take(closes).getMessage());
        assertFalse(connection.isOpen());
        assertThrows(UncheckedIOException.class, () -> connection.send(bytes, 0, 1));
    }

    @Test
    void clientTransport_serverClosesAndTransportCloses_everyConnectionToldOnceAndConnectRefused() throws Exception {
        start(config().build());
        ClientTransport transport = newClient(config().build());
        toClose.add(transport);
        BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> reads = new LinkedBlockingQueue<>();
        List<ClientConnection> connections = new ArrayList<>();
        List<Connection> serverSides = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String label = "c" + i;
            connections.add(transport.connect(address, new ClientConnection.Handler() {
                @Override
                public void onRead(ByteBuffer in) {
                    byte[] bytes = new byte[in.remaining()];
                    in.get(bytes);
                    reads.add(bytes);
                }

                @Override
                public void onClose(Throwable cause) {
                    closes.add(label);
                }
            }));
            serverSides.add(take(registry.opened)); // one at a time: a transport may open them on several threads
        }
        connections.get(0).send("BIG 10485760\n".getBytes(StandardCharsets.US_ASCII), 0, 13);
        int received = 0;
        while (received < 10485762) {
            received += take(reads).length;
        }
        assertEquals(10485762, received);
        serverSides.get(0).close();
        assertEquals("c0", take(closes));
        transport.close();
        Set<String> rest = new HashSet<>(List.of(take(closes), take(closes)));
        assertEquals(Set.of("c1", "c2"), rest);
        assertTrue(closes.isEmpty());
        assertThrows(IOException.class, () -> transport.connect(address, new ClientConnection.Handler() {
            @Override
            public void onRead(ByteBuffer in) {
            }

            @Override
            public void onClose(Throwable cause) {
            }
        }));
        assertEquals(3, transport.counters().snapshot().closes());
    }

    @Test
    void clientTransport_nothingListening_throwsIoException() throws Exception {
        start(config().build());
        server.close();
        ClientTransport transport = newClient(config().build());
        toClose.add(transport);
        assertThrows(IOException.class, () -> transport.connect(address, new ClientConnection.Handler() {
            @Override
            public void onRead(ByteBuffer in) {
                throw new AssertionError("no connection, nothing to read");
            }

            @Override
            public void onClose(Throwable cause) {
            }
        }));
    }
}
