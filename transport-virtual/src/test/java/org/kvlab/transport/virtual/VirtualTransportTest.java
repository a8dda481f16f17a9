package org.kvlab.transport.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.testsuite.contract.RawClient;
import org.kvlab.testsuite.contract.TransportContractTest;
import org.kvlab.testsuite.contract.WakeHandler;

/**
 * The shared transport contract over virtual threads, and what only this transport promises: every thread of a
 * connection is virtual. On Java 21+ ({@link OnJava21Test} gets it there).
 */
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21+: OnJava21Test runs this class "
        + "on a JDK 21+ in a child JVM")
final class VirtualTransportTest extends TransportContractTest {

    private final VirtualTransportProvider provider = new VirtualTransportProvider();

    @Override
    protected ServerTransport newServer(TransportConfig config) {
        return provider.createServer(config);
    }

    @Override
    protected ClientTransport newClient(TransportConfig config) {
        return provider.createClient(config);
    }

    @Override
    protected boolean waitsForReadiness() {
        return false;
    }

    @Test
    void connectionThreads_theReaderAndTheWakesWriter_areVirtualAndNamedAfterTheConnection() throws Exception {
        ThreadRecorder recorder = new ThreadRecorder();
        server = newServer(config().build());
        toClose.add(server);
        address = server.start(recorder);
        RawClient c = client();
        WakeHandler h = take(recorder.wakes.opened);
        c.send("PING\n");
        assertEquals("+PONG\r\n", c.readAscii(7));
        Thread reader = take(recorder.readers);
        h.push("one");
        assertEquals("one\r\n", c.readAscii(5));
        Thread writer = take(recorder.wakers);
        assertTrue(isVirtual(reader), reader.toString());
        assertEquals("kvlab-virtual-" + h.connection.id(), reader.getName());
        assertTrue(isVirtual(writer), writer.toString());
        assertEquals("kvlab-virtual-" + h.connection.id() + "-writer", writer.getName());
        c.close();
        assertEquals(h.connection.id(), take(recorder.wakes.closed));
        assertFalse(writer.isAlive(), "the writer thread ended before onClose");
    }

    @Test
    void hundredConnections_eachServedAndNowIdle_noPlatformThreadPerConnection() throws Exception {
        start(config().build());
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        int n = 100;
        for (int i = 0; i < n; i++) {
            RawClient c = client();
            c.send("PING\n");
            assertEquals("+PONG\r\n", c.readAscii(7));
        }
        int added = ManagementFactory.getThreadMXBean().getThreadCount() - before;
        List<String> platform = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("kvlab-virtual-")).collect(Collectors.toList());
        assertEquals(List.of(), platform, "no platform thread runs a connection");
        assertTrue(added < n, n + " connections added " + added + " platform threads (carriers and pollers only)");
    }

    @Test
    void pipelineOfOne_thousandRoundTrips_countOneReadAndOneWriteEachAsTheCodeCallsThem() throws Exception {
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
        assertEquals(n, s.reads(), "the EAGAIN reads inside the JDK are not the transport's: " + s);
        assertEquals(n, s.writes(), s.toString());
        assertEquals(0, s.wakeups(), s.toString());
    }

    /** Calls {@code Thread.isVirtual()}, which this code, compiled for Java 17, cannot name. */
    static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }

    /** {@link WakeHandler}'s protocol, recording the threads that call {@code onRead} and {@code onWake}. */
    private static final class ThreadRecorder implements ConnectionHandler.Factory {
        final WakeHandler.Registry wakes = new WakeHandler.Registry();
        final BlockingQueue<Thread> readers = new LinkedBlockingQueue<>();
        final BlockingQueue<Thread> wakers = new LinkedBlockingQueue<>();

        @Override
        public ConnectionHandler newConnection(Connection connection) {
            ConnectionHandler handler = wakes.newConnection(connection);
            return new ConnectionHandler() {
                @Override
                public void onOpen(OutputBuffer out) {
                    handler.onOpen(out);
                }

                @Override
                public CompletionStage<?> onRead(ByteBuffer in, OutputBuffer out) {
                    readers.add(Thread.currentThread());
                    return handler.onRead(in, out);
                }

                @Override
                public CompletionStage<?> onWake(OutputBuffer out) {
                    wakers.add(Thread.currentThread());
                    return handler.onWake(out);
                }

                @Override
                public void onClose() {
                    handler.onClose();
                }
            };
        }
    }
}
