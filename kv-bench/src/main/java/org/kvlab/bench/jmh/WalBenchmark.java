package org.kvlab.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.kvlab.store.FsyncPolicy;
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
 * What does durability cost per write under each fsync policy, and how much does group commit win back when
 * writers are concurrent? A {@link KvStore} with a fresh data directory under {@code java.io.tmpdir} (or the
 * directory named by {@code -Dkvlab.bench.dir=...}, to measure another disk) takes {@code SET}s of 100-byte values
 * over 1,000 keys; under {@code always} each writer then waits for {@link KvStore#durable()}, as a server does
 * before it replies. {@code set} runs one writer; {@code setConcurrently} runs eight, more than the two cores,
 * because writers waiting for an fsync use no CPU: under {@code always} they share each fsync, so ops/s should grow
 * well beyond one writer's (with one writer, one fsync per write). The score is writes per second (higher is
 * better); the log grows by about 130 bytes per write and is rewritten by automatic snapshots as it grows.
 *
 * <p>Run: {@code java -jar kv-bench/target/benchmarks.jar WalBenchmark -f 1 -wi 2 -i 3}; {@code -p fsync=always}
 * to narrow, {@code -prof gc} for allocation per write.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class WalBenchmark {

    /** The keys written, chosen round-robin per thread. */
    static final int KEYS = 1000;
    /** The size of every value, in bytes. */
    static final int VALUE_SIZE = 100;

    /** The durable store under test, shared by the writers. */
    @State(Scope.Benchmark)
    public static class Durable {

        /** The fsync policy: {@code always}, {@code everysec} or {@code no}. */
        @Param({"always", "everysec", "no"})
        public String fsync;

        Path directory;
        KvStore store;
        boolean waitForDurable;
        final byte[][] keys = new byte[KEYS][];
        final byte[] value = new byte[VALUE_SIZE];

        /** Opens the store in a fresh directory. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            FsyncPolicy policy = FsyncPolicy.parse(fsync);
            waitForDurable = policy == FsyncPolicy.ALWAYS;
            for (int i = 0; i < KEYS; i++) {
                keys[i] = KeySequence.key("key:", i);
            }
            Arrays.fill(value, (byte) 'v');
            Path parent = Paths.get(System.getProperty("kvlab.bench.dir", System.getProperty("java.io.tmpdir")));
            directory = Files.createTempDirectory(parent, "kvlab-wal-bench-");
            store = KvStore.builder().dataDirectory(directory).fsync(policy).build();
        }

        /** Closes the store and deletes its directory. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try {
                store.close();
            } finally {
                deleteTree(directory);
            }
        }
    }

    /** One writer's position among the keys. */
    @State(Scope.Thread)
    public static class Writer {
        int next;

        int nextKey() {
            int key = next;
            next = next + 1 == KEYS ? 0 : next + 1;
            return key;
        }
    }

    /** One writer: a {@code SET}, durable under {@code always} before the next. */
    @Benchmark
    @Threads(1)
    public void set(Durable durable, Writer writer) {
        write(durable, writer);
    }

    /** Eight writers sharing the store: group commit under {@code always}. */
    @Benchmark
    @Threads(8)
    public void setConcurrently(Durable durable, Writer writer) {
        write(durable, writer);
    }

    private static void write(Durable durable, Writer writer) {
        durable.store.set(durable.keys[writer.nextKey()], durable.value);
        if (durable.waitForDurable) {
            durable.store.durable().toCompletableFuture().join();
        }
    }

    /** Deletes {@code directory} and everything in it. */
    static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(WalBenchmark::delete);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
