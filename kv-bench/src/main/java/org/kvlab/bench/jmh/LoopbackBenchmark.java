package org.kvlab.bench.jmh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.kvlab.server.KvServer;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does one request/response round trip over loopback cost on each transport, and how much of it does
 * pipelining amortize? A {@link KvServer} over {@link KvStore#inMemory()} on an ephemeral port, with one event
 * loop, serves a plain blocking-socket client that writes {@code pipeline} GETs of 3-byte values in one
 * {@code write} and reads until all {@code pipeline} replies are in. The score is microseconds per batch (lower
 * is better); per request, divide by {@code pipeline}. The client is the same for every transport, so differences
 * are the server's: its syscalls per batch (see {@code kv-bench profile}) and its thread hand-offs. A transport
 * that cannot run here fails its trial with the reason in one line.
 *
 * <p>Client and server share the machine's cores, so this measures latency with both sides on the CPU, not
 * throughput under load; {@code kv-bench load} and {@code profile} answer that.
 *
 * <p>Run: {@code java -jar kv-bench/target/benchmarks.jar LoopbackBenchmark -f 1 -wi 2 -i 3}; narrow with
 * {@code -p transport=epoll,iouring}; {@code -prof gc} shows the allocation per batch of client and server
 * together.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(1)
public class LoopbackBenchmark {

    private static final byte[] VALUE = "xxx".getBytes(StandardCharsets.US_ASCII);
    /** Held so that its level sticks: the server's start-up lines would interleave with JMH's iteration lines. */
    private static final Logger KVLAB_LOG = Logger.getLogger("org.kvlab");

    static {
        KVLAB_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** The server under test and one client connection to it. */
    @State(Scope.Thread)
    public static class Loopback {

        /** The server's transport. */
        @Param({"blocking", "nio", "epoll", "iouring"})
        public String transport;

        /** The GETs sent per batch. */
        @Param({"1", "16"})
        public int pipeline;

        KvStore store;
        KvServer server;
        Socket socket;
        InputStream in;
        OutputStream out;
        byte[] request;
        byte[] reply;
        int replyLength;

        /** Starts the server, connects, and checks that one batch gets exactly the replies expected. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            store = KvStore.inMemory();
            ByteArrayBuilder requests = new ByteArrayBuilder();
            ByteArrayBuilder replies = new ByteArrayBuilder();
            for (int i = 0; i < pipeline; i++) {
                byte[] key = KeySequence.key("key:", i);
                store.set(key, VALUE);
                requests.ascii("*2\r\n$3\r\nGET\r\n$" + key.length + "\r\n").bytes(key).ascii("\r\n");
                replies.ascii("$" + VALUE.length + "\r\n").bytes(VALUE).ascii("\r\n");
            }
            request = requests.toArray();
            byte[] expected = replies.toArray();
            replyLength = expected.length;
            reply = new byte[replyLength];
            server = KvServer.builder().store(store).transport(transport)
                    .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).eventLoops(1).build())
                    .build();
            InetSocketAddress address = server.start();
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            roundTrip();
            if (!Arrays.equals(reply, expected)) {
                throw new IllegalStateException("transport " + transport + " replied "
                        + new String(reply, StandardCharsets.US_ASCII) + " (expected: "
                        + new String(expected, StandardCharsets.US_ASCII) + ")");
            }
        }

        /** Closes the connection, the server and the store. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try {
                if (socket != null) {
                    socket.close();
                }
            } finally {
                if (server != null) {
                    server.close();
                }
                store.close();
            }
        }

        /** Sends the batch in one write and reads until every reply byte is in. */
        int roundTrip() throws IOException {
            out.write(request);
            int received = 0;
            while (received < replyLength) {
                int n = in.read(reply, received, replyLength - received);
                if (n < 0) {
                    throw new IOException("server closed the connection after " + received + " of "
                            + replyLength + " reply bytes");
                }
                received += n;
            }
            return reply[replyLength - 1];
        }
    }

    /** One batch of {@code pipeline} GETs, sent and answered. */
    @Benchmark
    public int roundTrip(Loopback state) throws IOException {
        return state.roundTrip();
    }

    /** Appends bytes to a growing array; for building requests in setup. */
    private static final class ByteArrayBuilder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ByteArrayBuilder ascii(String text) {
            return bytes(text.getBytes(StandardCharsets.US_ASCII));
        }

        ByteArrayBuilder bytes(byte[] b) {
            bytes.write(b, 0, b.length);
            return this;
        }

        byte[] toArray() {
            return bytes.toByteArray();
        }
    }
}
