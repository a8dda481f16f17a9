package org.kvlab.bench.jmh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.kvlab.server.KvServer;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.store.KvStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does the server's own request path allocate per request? Feeds one read of {@value #REQUESTS} pipelined
 * requests, as RESP bytes, to the {@link ConnectionHandler} a {@link KvServer} makes for a connection (through an
 * in-process transport that keeps the server's handler factory), and takes the
 * replies into one {@link OutputBuffer} cleared after each read, as a transport does: parse, dispatch, store, reply,
 * with no socket and no transport, so that {@code gc.alloc.rate.norm} under {@code -prof gc} is the server's bytes per
 * request. {@code buffer=direct} is what the nio transport hands the handler (its event loop's direct read buffer),
 * {@code heap} what the epoll and io_uring transports do (each event loop's array, which a read is copied into).
 *
 * <ul>
 *   <li>{@code get}: {@code GET key:NNNNNN} of {@value #KEYS} keys holding 3-byte values.</li>
 *   <li>{@code set}: {@code SET key:NNNNNN xyz}, an existing key and a value of the same size.</li>
 *   <li>{@code hget}: {@code HGET hash field:NN} of a 100-field hash.</li>
 *   <li>{@code lpush}: {@code LPUSH list xyz}; each read ends with one {@code LTRIM list 0 999}, counted in.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar kv-bench/target/benchmarks.jar RequestPathBenchmark -prof gc}; the allocation per request
 * is the {@code gc.alloc.rate.norm} row (B/op). The score (requests per microsecond on one thread) is a side result.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(1)
public class RequestPathBenchmark {

    /** The requests in one read. */
    static final int REQUESTS = 100;
    /** The keys the string commands cycle through. */
    static final int KEYS = 1000;

    /** A server without a transport, one connection's handler, and the bytes of one read. */
    @State(Scope.Thread)
    public static class Server {

        /** The request: {@code get}, {@code set}, {@code hget} or {@code lpush}. */
        @Param({"get", "set", "hget", "lpush"})
        public String command;

        /** Where the request bytes are: {@code heap} (epoll, io_uring) or {@code direct} (nio). */
        @Param({"heap", "direct"})
        public String buffer;

        KvStore store;
        KvServer server;
        ConnectionHandler handler;
        final OutputBuffer out = new OutputBuffer();
        ByteBuffer requests;
        private int round;
        private ByteBuffer[] reads;

        /** Fills the store and encodes {@value #KEYS} / {@value #REQUESTS} reads of requests. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            store = KvStore.inMemory();
            InProcessTransport transport = new InProcessTransport();
            server = KvServer.builder().store(store).transportProvider(transport).build();
            server.start();
            handler = transport.handlers.newConnection(new BenchConnection());
            handler.onOpen(out);
            StringBuilder fill = new StringBuilder();
            for (int k = 0; k < KEYS; k++) {
                fill.append(resp("SET", key(k), "abc"));
            }
            for (int f = 0; f < 100; f++) {
                fill.append(resp("HSET", "hash", "field:" + f, "abc"));
            }
            run(bytes(fill));
            reads = new ByteBuffer[KEYS / REQUESTS];
            for (int r = 0; r < reads.length; r++) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < REQUESTS; i++) {
                    int k = r * REQUESTS + i;
                    switch (command) {
                        case "get" -> sb.append(resp("GET", key(k)));
                        case "set" -> sb.append(resp("SET", key(k), "xyz"));
                        case "hget" -> sb.append(resp("HGET", "hash", "field:" + (i % 100)));
                        case "lpush" -> sb.append(resp("LPUSH", "list", "xyz"));
                        default -> throw new IllegalArgumentException("command: " + command
                                + " (expected: get, set, hget or lpush)");
                    }
                }
                if ("lpush".equals(command)) {
                    sb.append(resp("LTRIM", "list", "0", "999"));
                }
                byte[] b = bytes(sb);
                reads[r] = "direct".equals(buffer) ? ByteBuffer.allocateDirect(b.length).put(b).flip()
                        : ByteBuffer.wrap(b);
            }
        }

        /** Closes the server and the store. */
        @TearDown(Level.Trial)
        public void tearDown() {
            handler.onClose();
            server.close();
            store.close();
        }

        int runNext() {
            ByteBuffer read = reads[round];
            round = round + 1 == reads.length ? 0 : round + 1;
            read.position(0);
            handler.onRead(read, out);
            int written = out.size();
            out.clear();
            return written;
        }

        private void run(byte[] bytes) {
            handler.onRead(ByteBuffer.wrap(bytes), out);
            out.clear();
        }

        private static String key(int k) {
            return String.format("key:%06d", k);
        }

        private static byte[] bytes(CharSequence s) {
            return s.toString().getBytes(StandardCharsets.US_ASCII);
        }

        private static String resp(String... args) {
            StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
            for (String a : args) {
                sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
            }
            return sb.toString();
        }
    }

    /** One read of {@value #REQUESTS} requests through the connection's handler; the score counts requests. */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public int requests(Server state) {
        return state.runNext();
    }

    /**
     * A transport with no sockets: it keeps the handler factory the server starts it with, for the benchmark to make
     * a connection's handler as a transport does. It serves no clients.
     */
    private static final class InProcessTransport implements TransportProvider, ServerTransport {
        private final IoCounters counters = new IoCounters();
        ConnectionHandler.Factory handlers;

        @Override
        public String name() {
            return "in-process";
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public Throwable unavailabilityCause() {
            return null;
        }

        @Override
        public ServerTransport createServer(TransportConfig config) {
            return this;
        }

        @Override
        public ClientTransport createClient(TransportConfig config) {
            throw new UnsupportedOperationException("the in-process transport serves no clients");
        }

        @Override
        public String description() {
            return "the benchmark's own: no sockets, the benchmark makes the connections";
        }

        @Override
        public InetSocketAddress start(ConnectionHandler.Factory factory) {
            this.handlers = factory;
            return BenchConnection.LOOPBACK;
        }

        @Override
        public IoCounters counters() {
            return counters;
        }

        @Override
        public void close() {
        }
    }

    /** The connection as the handler sees it: loopback, never closed by the benchmark. */
    private static final class BenchConnection implements Connection {
        private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 6379);

        @Override
        public long id() {
            return 1;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return LOOPBACK;
        }

        @Override
        public InetSocketAddress localAddress() {
            return LOOPBACK;
        }

        @Override
        public void close() {
        }

        @Override
        public void wake() {
        }

        @Override
        public long unwrittenBytes() {
            return 0;
        }
    }
}
