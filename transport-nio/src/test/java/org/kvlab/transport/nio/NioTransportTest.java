package org.kvlab.transport.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.kvlab.spi.ClientConnection;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.Transports;
import org.kvlab.testsuite.contract.RawClient;
import org.kvlab.testsuite.contract.TransportContractTest;

/** The shared contract and what only nio promises, over real loopback sockets. */
final class NioTransportTest extends TransportContractTest {

    @Override
    protected ServerTransport newServer(TransportConfig config) {
        return new NioTransportProvider().createServer(config);
    }

    @Override
    protected ClientTransport newClient(TransportConfig config) {
        return new NioTransportProvider().createClient(config);
    }

    @Override
    protected boolean waitsForReadiness() {
        return true;
    }

    @Test
    void provider_foundByServiceLoader_isNioWithPriorityTwenty() {
        assertEquals(NioTransportProvider.class, Transports.select("nio").getClass());
        assertEquals(20, Transports.select("nio").priority());
        assertTrue(Transports.select("nio").isAvailable());
    }

    @Test
    void pipelineOfOne_thousandRoundTrips_costExactlyOneReadAndOneWriteEach() throws Exception {
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
        assertEquals(5L * n, s.bytesRead());
        assertEquals(7L * n, s.bytesWritten());
        assertTrue(s.wakeups() >= 1 && s.wakeups() <= n, s.toString());
    }

    @Test
    void smallReadBuffer_requestsSpanManyReads_repliesStillBatchedPerReadiness() throws Exception {
        start(config().readBufferSize(64).build());
        RawClient c = client();
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            requests.append("PING\n");
        }
        c.send(requests.toString());
        assertEquals("+PONG\r\n".repeat(2000), c.readAscii(7 * 2000));
        IoCounters.Snapshot s = settled(server.counters(), 7 * 2000);
        assertEquals(10_000, s.bytesRead());
        assertTrue(s.reads() >= 10_000 / 64, s.toString());
        assertTrue(s.writes() * ServerLoop.MAX_READS <= s.reads() + ServerLoop.MAX_READS * s.wakeups(),
                "at most one write per readiness event: " + s);
        assertTrue(s.writes() < s.reads(), s.toString());
    }

    @Test
    void severalEventLoops_connectionsDealtRoundRobin_allServed() throws Exception {
        start(config().eventLoops(3).build());
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            clients.add(client());
        }
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).send("PING\nc" + i + "\n");
        }
        for (int i = 0; i < clients.size(); i++) {
            String expected = "+PONG\r\nc" + i + "\r\n";
            assertEquals(expected, clients.get(i).readAscii(expected.length()));
        }
        Set<String> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("kvlab-nio-") && !t.getName().equals("kvlab-nio-client")) {
                threads.add(t.getName());
            }
        }
        assertTrue(threads.containsAll(Set.of("kvlab-nio-0", "kvlab-nio-1", "kvlab-nio-2")), threads.toString());
        server.close();
        assertEquals(30, registry.onCloseCalls.get());
    }

    @Test
    void clientTransport_sendLargerThanTheSocketTakes_restFlushedByTheLoopInOrder() throws Exception {
        start(config().build());
        ClientTransport transport = newClient(config().build());
        toClose.add(transport);
        BlockingQueue<byte[]> reads = new LinkedBlockingQueue<>();
        ClientConnection connection = transport.connect(address, new ClientConnection.Handler() {
            @Override
            public void onRead(ByteBuffer in) {
                byte[] bytes = new byte[in.remaining()];
                in.get(bytes);
                reads.add(bytes);
            }

            @Override
            public void onClose(Throwable cause) {
            }
        });
        byte[] line = new byte[16 * 1024 * 1024 + 1];
        for (int i = 0; i < line.length - 1; i++) {
            line[i] = (byte) ('a' + i % 26);
        }
        line[line.length - 1] = '\n';
        connection.send(line, 0, line.length);
        byte[] ping = "PING\n".getBytes(StandardCharsets.US_ASCII);
        connection.send(ping, 0, ping.length);
        int expected = line.length - 1 + 2 + 7;
        byte[] got = new byte[expected];
        int received = 0;
        while (received < expected) {
            byte[] chunk = take(reads);
            System.arraycopy(chunk, 0, got, received, chunk.length);
            received += chunk.length;
        }
        assertArrayEquals(Arrays.copyOf(line, line.length - 1), Arrays.copyOf(got, line.length - 1));
        assertEquals("\r\n+PONG\r\n", new String(got, line.length - 1, 9, StandardCharsets.US_ASCII));
        IoCounters.Snapshot s = transport.counters().snapshot();
        assertEquals(line.length + ping.length, s.bytesWritten());
        assertTrue(s.writes() > 1, "the rest went out in later writes: " + s);
    }

    @Test
    void idleConnections_thousandOpen_eachServedAfterwards() throws Exception {
        start(config().build());
        InetSocketAddress at = address;
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            clients.add(client());
        }
        for (int i = 0; i < 1000; i += 97) {
            clients.get(i).send("PING\n");
            assertEquals("+PONG\r\n", clients.get(i).readAscii(7));
        }
        for (RawClient c : clients) {
            c.close();
        }
        for (int i = 0; i < 1000; i++) {
            take(registry.closed);
        }
        assertEquals(1000, server.counters().snapshot().accepts());
        assertEquals(1000, registry.onCloseCalls.get());
        RawClient late = new RawClient(at);
        toClose.add(late);
        late.send("PING\n");
        assertEquals("+PONG\r\n", late.readAscii(7));
    }

    @Test
    void start_unresolvableBindAddress_throwsIoExceptionNamingIt() {
        ServerTransport bad = newServer(config().bindAddress("no-such-host.invalid").build());
        toClose.add(bad);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> bad.start(registry));
        assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
    }
}
