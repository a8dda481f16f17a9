package org.kvlab.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.kvlab.api.ElementSink;
import org.kvlab.protocol.CommandSink;
import org.kvlab.protocol.ProtocolException;
import org.kvlab.protocol.ProtocolLimits;
import org.kvlab.protocol.RespParser;
import org.kvlab.protocol.RespWriter;
import org.kvlab.spi.OutputBuffer;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How fast does the wire path turn bytes into commands and replies into bytes? {@code parse} feeds a
 * {@link RespParser} one 16 KiB read (Redis's read size) holding {@value #COMMANDS} pipelined
 * {@code SET key:NNNNNN value} commands of {@value #COMMAND_BYTES} bytes each, from a heap or a direct buffer;
 * its score counts bytes, so in {@code ops/us} it reads directly as MB/s (10^6 bytes per second): 1000 is
 * 1 GB/s, the acceptance bar, and commands per second are the score times 10^6 / {@value #COMMAND_BYTES}. The
 * {@code encode*} methods write one typical reply with a {@link RespWriter} into an {@link OutputBuffer}, in
 * replies per microsecond.
 *
 * <p>Run: {@code java -jar kv-bench/target/benchmarks.jar RespBenchmark -f 1 -wi 2 -i 3}; add {@code -prof gc}
 * to see the parser's allocation per byte: one array per argument but the command name, which the parser shares
 * between consecutive commands of the same name, so 56 bytes per SET (1.37 B/op).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(1)
public class RespBenchmark {

    /** The size of one encoded {@code SET key:NNNNNN value}. */
    static final int COMMAND_BYTES = 41;
    /** The commands in one parsed buffer. */
    static final int COMMANDS = 400;
    /** The bytes of one parsed buffer: 16,400, about one 16 KiB read. */
    static final int BUFFER_BYTES = COMMANDS * COMMAND_BYTES;

    /** A parser, its sink and one buffer of pipelined commands. */
    @State(Scope.Thread)
    public static class Parse {

        /** Where the request bytes are: {@code heap} or {@code direct}. */
        @Param({"heap", "direct"})
        public String buffer;

        final RespParser parser = new RespParser(ProtocolLimits.DEFAULTS);
        ByteBuffer requests;
        CommandSink sink;
        int commands;

        /** Encodes the commands and checks that one parse yields them all. */
        @Setup(Level.Trial)
        public void setUp(Blackhole blackhole) throws ProtocolException {
            byte[] bytes = pipelinedSets(COMMANDS);
            if (bytes.length != BUFFER_BYTES) {
                throw new IllegalStateException("encoded " + bytes.length + " bytes (expected: " + BUFFER_BYTES + ")");
            }
            requests = "direct".equals(buffer) ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(
                    bytes.length);
            requests.put(bytes).flip();
            sink = (args, argc) -> {
                blackhole.consume(args[argc - 1]);
                commands++;
                return true;
            };
            parser.parse(requests, sink);
            if (commands != COMMANDS || parser.hasPartialCommand()) {
                throw new IllegalStateException("parsed " + commands + " commands (expected: " + COMMANDS + ")");
            }
        }
    }

    /** A writer over a buffer that is cleared after every reply, as a connection's is after each write. */
    @State(Scope.Thread)
    public static class Encode {
        final OutputBuffer out = new OutputBuffer();
        final RespWriter writer = new RespWriter(out);
        final byte[] value = "xxx".getBytes(StandardCharsets.US_ASCII);
        final byte[] value100 = new byte[100];
        final byte[][] values10 = new byte[10][];

        /** Fills the values. */
        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < values10.length; i++) {
                values10[i] = value100;
            }
        }
    }

    /** Parses one 16 KiB buffer of pipelined SETs; the score is bytes per microsecond (MB/s). */
    @Benchmark
    @OperationsPerInvocation(BUFFER_BYTES)
    public int parse(Parse state) throws ProtocolException {
        state.requests.position(0);
        state.parser.parse(state.requests, state.sink);
        return state.commands;
    }

    /** Writes {@code +OK}, the reply to SET. */
    @Benchmark
    public int encodeOk(Encode state) {
        state.writer.ok();
        return finish(state.out);
    }

    /** Writes a 3-byte bulk string, the reply to GET in redis-benchmark's default workload. */
    @Benchmark
    public int encodeBulk3(Encode state) {
        state.writer.bulk(state.value);
        return finish(state.out);
    }

    /** Writes a 100-byte bulk string. */
    @Benchmark
    public int encodeBulk100(Encode state) {
        state.writer.bulk(state.value100);
        return finish(state.out);
    }

    /** Writes an integer, the reply to INCR, DEL or EXISTS. */
    @Benchmark
    public int encodeInteger(Encode state) {
        state.writer.integer(1_234_567L);
        return finish(state.out);
    }

    /** Writes an array of ten 100-byte bulk strings, the reply to an MGET of ten keys. */
    @Benchmark
    public int encodeArray10(Encode state) {
        state.writer.arrayHeader(state.values10.length);
        for (byte[] v : state.values10) {
            state.writer.bulk(v);
        }
        return finish(state.out);
    }

    /**
     * Writes the reply to {@code LRANGE_600} of redis-benchmark: 600 three-byte elements, through the sink a list's
     * range is written with.
     */
    @Benchmark
    public int encodeRange600(Encode state) {
        ElementSink sink = state.writer.bulkArray();
        sink.count(600);
        for (int i = 0; i < 600; i++) {
            sink.element(state.value, 0, state.value.length);
        }
        return finish(state.out);
    }

    private static int finish(OutputBuffer out) {
        int size = out.size();
        out.clear();
        return size;
    }

    /** Returns {@code count} RESP-encoded {@code SET key:NNNNNN value} commands, back to back. */
    static byte[] pipelinedSets(int count) {
        StringBuilder text = new StringBuilder(count * COMMAND_BYTES);
        for (int i = 0; i < count; i++) {
            text.append("*3\r\n$3\r\nSET\r\n$10\r\n").append(String.format("key:%06d", i))
                    .append("\r\n$5\r\nvalue\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
