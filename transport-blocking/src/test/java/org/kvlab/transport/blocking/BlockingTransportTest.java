package org.kvlab.transport.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.Connection;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.Transports;
import org.kvlab.testsuite.contract.RawClient;
import org.kvlab.testsuite.contract.TransportContractTest;
import org.kvlab.testsuite.contract.WakeHandler;

/** The shared contract and what only the blocking transport promises, over real loopback sockets. */
final class BlockingTransportTest extends TransportContractTest {

    @Override
    protected ServerTransport newServer(TransportConfig config) {
        return new BlockingTransportProvider().createServer(config);
    }

    @Override
    protected ClientTransport newClient(TransportConfig config) {
        return new BlockingTransportProvider().createClient(config);
    }

    @Override
    protected boolean waitsForReadiness() {
        return false;
    }

    @Test
    void provider_foundByServiceLoader_isBlockingWithPriorityTen() {
        assertEquals(BlockingTransportProvider.class, Transports.select("blocking").getClass());
        assertEquals(10, Transports.select("blocking").priority());
        assertTrue(Transports.select("blocking").isAvailable());
    }

    @Test
    void localAddress_ofAListenerOnOneInterface_isTheListenersForEveryConnection() throws Exception {
        start(config().build());
        client();
        client();
        Connection first = take(registry.opened);
        Connection second = take(registry.opened);
        assertEquals(address, first.localAddress());
        assertSame(first.localAddress(), second.localAddress(), "one object, not one per connection");
    }

    @Test
    void localAddress_ofAListenerOnEveryInterface_isTheAddressTheClientReached() throws Exception {
        start(config().bindAddress("0.0.0.0").build());
        toClose.add(new RawClient(new InetSocketAddress("127.0.0.1", address.getPort())));
        Connection c = take(registry.opened);
        assertEquals(new InetSocketAddress("127.0.0.1", address.getPort()), c.localAddress());
    }

    @Test
    void pipelineOfOne_thousandRoundTrips_costExactlyOneReadAndOneWriteEachAndNoWakeups() throws Exception {
        start(config().build());
        RawClient c = client();
        c.send("PING\n");
        assertEquals("+PONG\r\n", c.readAscii(7));
        IoCounters.Snapshot before = settled(server.counters(), 7);
        int n = 1000;
        for (int i = 0; i < n; i++) {
            c.send("PING\n");
            assertEquals("+PONG\r\n", c.readAscii(7));
        }
        IoCounters.Snapshot s = settled(server.counters(), 7L * (n + 1)).minus(before);
        assertEquals(n, s.reads(), s.toString());
        assertEquals(n, s.writes(), s.toString());
        assertEquals(0, s.wakeups(), s.toString());
    }

    @Test
    void largeReply_overOneHundredTwentyEightKibibytes_countedAsTheJdksWriteCalls() throws Exception {
        start(config().build());
        RawClient c = client();
        c.send("BIG 300000\n");
        byte[] reply = c.readExactly(300_002);
        byte[] x = new byte[300_000];
        Arrays.fill(x, (byte) 'x');
        assertTrue(Arrays.equals(x, Arrays.copyOf(reply, 300_000)));
        IoCounters.Snapshot s = settled(server.counters(), 300_002);
        assertEquals(3, s.writes(), "128 KiB + 128 KiB + the rest: " + s);
    }

    @Test
    void slowReader_manyBatchesUnread_blocksOnlyItsOwnThread() throws Exception {
        start(config().build());
        RawClient slow = client();
        RawClient other = client();
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            requests.append("BIG 1048576\n");
        }
        Thread writer = new Thread(() -> {
            try {
                slow.send(requests.toString());
            } catch (java.io.IOException e) {
                // the server may stop reading; the test only needs the other client served
            }
        });
        writer.setDaemon(true);
        writer.start();
        other.send("PING\n");
        assertEquals("+PONG\r\n", other.readAscii(7));
        byte[] first = slow.readExactly(1_048_578);
        assertEquals('x', first[0]);
    }

    @Test
    void wake_firstOne_startsOneNamedWriterThreadThatEndsBeforeOnClose() throws Exception {
        server = newServer(config().build());
        toClose.add(server);
        WakeHandler.Registry wakes = new WakeHandler.Registry();
        address = server.start(wakes);
        RawClient c = client();
        WakeHandler h = take(wakes.opened);
        String name = "kvlab-blocking-" + h.connection.id() + "-writer";
        c.send("PING\n");
        assertEquals("+PONG\r\n", c.readAscii(7));
        assertEquals(List.of(), threadsNamed(name), "no writer thread before the first wake");
        h.push("one");
        assertEquals("one\r\n", c.readAscii(5));
        h.push("two");
        assertEquals("two\r\n", c.readAscii(5));
        List<Thread> writers = threadsNamed(name);
        assertEquals(1, writers.size(), "one writer thread for every wake: " + writers);
        c.close();
        assertEquals(h.connection.id(), take(wakes.closed));
        assertFalse(writers.get(0).isAlive(), "the writer thread ended before onClose");
    }

    private static List<Thread> threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .collect(Collectors.toList());
    }
}
