package org.kvlab.testsuite.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvlab.spi.Connection;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;

/**
 * Output no request asked for ({@link Connection#wake()}, {@link org.kvlab.spi.ConnectionHandler#onWake}), over real
 * loopback sockets with {@link WakeHandler}'s line protocol: it arrives whole and in order whoever wakes; wakes
 * coalesce into one call; a slow reader's backlog and held-back output are written before the next call; a closed
 * connection ignores wakes. {@link TransportContractTest} runs it for each transport.
 */
public abstract class WakeContractTest {

    private static final long WAIT_SECONDS = TransportContractTest.WAIT_SECONDS;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final WakeHandler.Registry registry = new WakeHandler.Registry();
    private ServerTransport server;
    private InetSocketAddress address;

    /** Creates the server transport under test. */
    protected abstract ServerTransport newServer(TransportConfig config);

    /** Returns whether the transport serves its connections from event loops (else a thread per connection). */
    protected abstract boolean waitsForReadiness();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private void start(int eventLoops) throws IOException {
        server = newServer(TransportConfig.builder().port(0).eventLoops(eventLoops).build());
        toClose.add(server);
        address = server.start(registry);
    }

    /** Connects a client and returns it with its server-side handler. */
    private Client connect() throws Exception {
        RawClient raw = new RawClient(address);
        toClose.add(raw);
        return new Client(raw, take(registry.opened));
    }

    private record Client(RawClient raw, WakeHandler handler) {
        long id() {
            return handler.connection.id();
        }
    }

    private static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(value, "nothing arrived within " + WAIT_SECONDS + " s");
        return value;
    }

    private static String lines(String prefix, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(prefix).append(i).append("\r\n");
        }
        return s.toString();
    }

    /** Waits until the transport says it holds unwritten output of {@code connection}. */
    private static void awaitUnwritten(Connection connection) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (connection.unwrittenBytes() == 0) {
            assertTrue(System.nanoTime() < deadline, "no unwritten bytes within " + WAIT_SECONDS + " s");
            Thread.sleep(1);
        }
    }

    @Test
    void wake_fromAnotherThread_everyLineArrivesInOrder() throws Exception {
        start(1);
        Client a = connect();
        Thread pusher = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                a.handler().push("m" + i);
            }
        });
        pusher.start();
        String expected = lines("m", 1000);
        assertEquals(expected, a.raw().readAscii(expected.length()));
        pusher.join();
        int calls = a.handler().wakeCalls.get();
        assertTrue(calls >= 1 && calls <= 1000, "one call per wake at most: " + calls);
    }

    @ParameterizedTest(name = "{0} event loop(s)")
    @ValueSource(ints = {1, 2})
    void wake_fromWithinAnotherConnectionsOnRead_arrivesInOrder(int eventLoops) throws Exception {
        start(eventLoops);
        Client a = connect();
        Client b = connect();
        for (int i = 0; i < 100; i++) {
            b.raw().send("PUSH " + a.id() + " p" + i + "\n");
            assertEquals("+OK\r\n", b.raw().readAscii(5));
        }
        b.raw().send("PUSHN " + a.id() + " 100\n");
        assertEquals("+OK\r\n", b.raw().readAscii(5));
        String expected = lines("p", 100) + lines("m", 100);
        assertEquals(expected, a.raw().readAscii(expected.length()));
    }

    @Test
    void wakes_ofConnectionsOnBothLoopsWithinOneOnRead_eachConnectionsLinesArriveInOrder() throws Exception {
        start(2);
        Client pusher = connect();
        List<Client> woken = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            woken.add(connect());
        }
        StringBuilder batch = new StringBuilder();
        for (Client c : woken) {
            batch.append("PUSHN ").append(c.id()).append(" 20\n");
        }
        String replies = "+OK\r\n".repeat(woken.size());
        int rounds = 50;
        for (int round = 0; round < rounds; round++) {
            pusher.raw().send(batch.toString());
            assertEquals(replies, pusher.raw().readAscii(replies.length()));
        }
        String expected = lines("m", 20).repeat(rounds);
        for (Client c : woken) {
            assertEquals(expected, c.raw().readAscii(expected.length()), "connection " + c.id());
        }
    }

    @Test
    void wake_ofItsOwnConnectionWithinOnRead_followsThatReadsRepliesInOneWrite() throws Exception {
        start(1);
        Client a = connect();
        a.raw().send("PING\n");
        assertEquals("+PONG\r\n", a.raw().readAscii(7));
        IoCounters.Snapshot before = TransportContractTest.settled(server.counters(), 7);
        a.raw().send("PUSH " + a.id() + " self\nPING\n");
        String expected = "+OK\r\n+PONG\r\nself\r\n";
        assertEquals(expected, a.raw().readAscii(expected.length()));
        IoCounters.Snapshot s = TransportContractTest.settled(server.counters(), 7 + expected.length()).minus(before);
        assertEquals(1, a.handler().wakeCalls.get());
        if (waitsForReadiness()) {
            assertEquals(1, s.writes(), "the replies and the wake's output in one write: " + s);
        }
    }

    @Test
    void wakes_ofAnotherConnectionThenOfItsOwn_eachConnectionsOutputInOneWrite() throws Exception {
        start(1);
        Client a = connect();
        Client b = connect();
        a.raw().send("PING\n");
        assertEquals("+PONG\r\n", a.raw().readAscii(7));
        IoCounters.Snapshot before = TransportContractTest.settled(server.counters(), 7);
        a.raw().send("PUSH " + b.id() + " x\nPUSH " + a.id() + " y\n"); // B's wake is served first
        assertEquals("+OK\r\n+OK\r\ny\r\n", a.raw().readAscii(13));
        assertEquals("x\r\n", b.raw().readAscii(3));
        IoCounters.Snapshot s = TransportContractTest.settled(server.counters(), 7 + 13 + 3).minus(before);
        if (waitsForReadiness()) {
            assertEquals(2, s.writes(), "A's replies and wake output in one write, B's in another: " + s);
        }
    }

    @Test
    void wakes_hundredWithinOneOnReadOnTheSameLoop_oneOnWakeCallAndOneWritePerConnection() throws Exception {
        assumeTrue(waitsForReadiness(), "a thread-per-connection transport has no loop turn to coalesce in");
        start(1);
        Client a = connect();
        Client b = connect();
        a.raw().send("PING\n");
        assertEquals("+PONG\r\n", a.raw().readAscii(7));
        IoCounters.Snapshot before = TransportContractTest.settled(server.counters(), 7);
        a.raw().send("PUSHN " + b.id() + " 100\n");
        assertEquals("+OK\r\n", a.raw().readAscii(5));
        String expected = lines("m", 100);
        assertEquals(expected, b.raw().readAscii(expected.length()));
        IoCounters.Snapshot s = TransportContractTest.settled(server.counters(), 7 + 5 + expected.length())
                .minus(before);
        assertEquals(1, b.handler().wakeCalls.get(), "100 wakes in one turn, one onWake call");
        assertEquals(2, s.writes(), "one write for A's reply, one for B's output, no wake-up of the loop: " + s);
    }

    @Test
    void wakes_madeWhileOnWakeRuns_coalesceIntoOneMoreCall() throws Exception {
        start(1);
        Client a = connect();
        WakeHandler h = a.handler();
        h.atGate = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        h.gate = gate;
        h.push("first");
        assertTrue(h.atGate.await(WAIT_SECONDS, TimeUnit.SECONDS), "onWake called");
        for (int i = 0; i < 100; i++) {
            h.push("m" + i);
        }
        gate.countDown();
        String expected = "first\r\n" + lines("m", 100);
        assertEquals(expected, a.raw().readAscii(expected.length()));
        assertEquals(1, take(h.wakesDone));
        assertEquals(2, take(h.wakesDone));
        h.push("last");
        assertEquals("last\r\n", a.raw().readAscii(6));
        assertEquals(3, take(h.wakesDone));
        assertEquals(3, h.wakeCalls.get(), "the 100 wakes made during the first call gave one more call");
    }

    @Test
    void wake_whileTheClientDoesNotRead_waitsUntilTheBacklogIsWritten() throws Exception {
        start(1);
        Client a = connect();
        Client b = connect();
        int size = 32 * 1024 * 1024; // more than the socket buffers hold
        a.raw().send("BIG " + size + "\n");
        awaitUnwritten(a.handler().connection);
        a.handler().push("after");
        b.handler().push("sync"); // served after A's wake was looked at, on an event loop
        assertEquals("sync\r\n", b.raw().readAscii(6));
        assertEquals(0, a.handler().wakeCalls.get(), "onWake waits while the client does not read");
        assertTrue(a.handler().connection.unwrittenBytes() > 0);
        byte[] backlog = a.raw().readExactly(size + 2);
        assertEquals('x', backlog[size - 1]);
        assertEquals("after\r\n", a.raw().readAscii(7));
        assertEquals(1, a.handler().wakeCalls.get());
        assertEquals(0L, take(a.handler().unwrittenAtWake), "called once the backlog was written");
    }

    @Test
    void wake_afterClose_doesNothingAndDoesNotThrow() throws Exception {
        start(1);
        Client a = connect();
        Client b = connect();
        a.raw().close();
        assertEquals(a.id(), take(registry.closed));
        IoCounters.Snapshot before = server.counters().snapshot();
        for (int i = 0; i < 100; i++) {
            assertDoesNotThrow(() -> a.handler().push("late"));
        }
        b.raw().send("PING\n");
        assertEquals("+PONG\r\n", b.raw().readAscii(7));
        IoCounters.Snapshot s = TransportContractTest.settled(server.counters(), before.bytesWritten() + 7)
                .minus(before);
        assertEquals(0, a.handler().wakeCalls.get());
        assertEquals(1, s.writes(), "B's reply only: the closed connection's wakes woke nothing: " + s);
        server.close();
        assertEquals(b.id(), take(registry.closed));
        assertDoesNotThrow(() -> b.handler().push("after the server closed"));
        assertEquals(0, b.handler().wakeCalls.get());
    }

    @Test
    void onWake_returnsAStage_outputHeldUntilItCompletesAndLaterWakesWait() throws Exception {
        start(1);
        Client a = connect();
        WakeHandler h = a.handler();
        h.push("HOLD");
        var hold = take(registry.holds);
        awaitUnwritten(h.connection); // the held-back output counts as unwritten
        h.push("after");
        assertEquals(0, a.raw().socket.getInputStream().available(), "nothing written while held back");
        hold.complete(null);
        assertEquals("+HELD\r\nafter\r\n", a.raw().readAscii(14));
        assertEquals(2, h.wakeCalls.get());
        take(h.unwrittenAtWake);
        assertEquals(0L, take(h.unwrittenAtWake), "the second call came once the held-back output was written");
        a.raw().send("PING\n");
        assertEquals("+PONG\r\n", a.raw().readAscii(7));
    }

    @Test
    void onWake_stageFails_connectionClosedWithoutWritingIt() throws Exception {
        start(1);
        Client a = connect();
        a.handler().push("HOLD");
        take(registry.holds).completeExceptionally(new IOException("fsync failed"));
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        for (int r; (r = a.raw().socket.getInputStream().read(buf)) >= 0; ) {
            rest.write(buf, 0, r);
        }
        assertEquals(0, rest.size(), "no output whose stage failed: " + rest);
        assertEquals(a.id(), take(registry.closed));
    }
}
