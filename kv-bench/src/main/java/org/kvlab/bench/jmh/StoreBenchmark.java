package org.kvlab.bench.jmh;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * How close does the in-memory {@link KvStore} come to a plain {@code ConcurrentHashMap<ByteKey, byte[]>} for
 * {@code get} (present and absent keys) and {@code put}, over 100,000 keys of 10 bytes ({@code key:000042}) with
 * values of 3, 100 or 1000 bytes, the keys chosen uniformly or Zipf-distributed (hot keys)?
 *
 * <p>Keys, values and the key order are precomputed: the measured methods allocate only what the map or the store
 * allocates. As in a server, the keys of the measured calls are equal to the stored keys but are other arrays (a
 * request's key is never the array that first wrote it), so a hit compares bytes rather than references. The
 * baseline gets its best case, keys whose hash was computed when they were made; the store hashes
 * the key bytes on every call, as it must for keys fresh from the parser, and also keeps expiry and memory
 * accounting. The score is operations per microsecond (higher is better); the acceptance bar is the store's
 * {@code get} at 0.8 of the baseline's or better.
 *
 * <p>Run: {@code java -jar kv-bench/target/benchmarks.jar StoreBenchmark -f 1 -wi 2 -i 3}; add {@code -t 2} for
 * two threads on one shared map (the machine's two cores), {@code -prof gc} for allocation per operation, or
 * {@code -p impl=kvstore -p distribution=zipf} to narrow the parameters.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(1)
public class StoreBenchmark {

    /** Keys in the map; absent keys are drawn from a disjoint set of the same size. */
    static final int KEYS = 100_000;

    /** The map under test and its precomputed keys and values; shared by the benchmark threads. */
    @State(Scope.Benchmark)
    public static class Table {

        /**
         * The implementation: {@code kvstore}; the {@code chm} baseline with keys hashed in advance; or
         * {@code chm_wrap}, the same map given each key as a server would, wrapped and hashed on every call.
         */
        @Param({"kvstore", "chm", "chm_wrap"})
        public String impl;

        /** The size of every value, in bytes. */
        @Param({"3", "100", "1000"})
        public int valueSize;

        Facade facade;

        /** Builds the map and fills it with every key. */
        @Setup(Level.Trial)
        public void setUp() {
            byte[][] stored = new byte[KEYS][];
            byte[][] values = new byte[KEYS][];
            for (int i = 0; i < KEYS; i++) {
                stored[i] = KeySequence.key("key:", i);
                values[i] = new byte[valueSize];
                Arrays.fill(values[i], (byte) ('a' + i % 26));
            }
            byte[][] keys = new byte[KEYS][];
            byte[][] absent = new byte[KEYS][];
            for (int i = 0; i < KEYS; i++) {
                keys[i] = stored[i].clone();
                absent[i] = KeySequence.key("nokey:", i);
            }
            facade = Facade.create(impl, keys, absent, values);
            facade.fill(stored);
        }

        /** Closes the store, if any. */
        @TearDown(Level.Trial)
        public void tearDown() {
            facade.close();
        }
    }

    /** One thread's key order. */
    @State(Scope.Thread)
    public static class Order {

        /** How keys are chosen: {@code uniform} or {@code zipf}. */
        @Param({"uniform", "zipf"})
        public String distribution;

        KeySequence sequence;

        /** Precomputes this thread's key order; threads get different seeds. */
        @Setup(Level.Trial)
        public void setUp() {
            sequence = KeySequence.of(distribution, KEYS, Thread.currentThread().getId());
        }
    }

    /** One thread's order of absent keys, uniform: a miss touches no value, so the distribution matters little. */
    @State(Scope.Thread)
    public static class MissOrder {

        KeySequence sequence;

        /** Precomputes this thread's key order. */
        @Setup(Level.Trial)
        public void setUp() {
            sequence = KeySequence.uniform(KEYS, Thread.currentThread().getId());
        }
    }

    /** Reads a present key. */
    @Benchmark
    public byte[] get(Table table, Order order) {
        return table.facade.get(order.sequence.next());
    }

    /** Reads an absent key. */
    @Benchmark
    public byte[] getAbsent(Table table, MissOrder order) {
        return table.facade.getAbsent(order.sequence.next());
    }

    /** Replaces the value of a present key. */
    @Benchmark
    public void put(Table table, Order order) {
        table.facade.put(order.sequence.next());
    }

    /** The tiny facade over the implementations: keys and values by index. */
    abstract static class Facade {

        static Facade create(String impl, byte[][] keys, byte[][] absent, byte[][] values) {
            switch (impl) {
                case "kvstore":
                    return new StoreFacade(keys, absent, values);
                case "chm":
                    return new MapFacade(keys, absent, values);
                case "chm_wrap":
                    return new WrappingMapFacade(keys, absent, values);
                default:
                    throw new IllegalArgumentException("impl: " + impl + " (expected: kvstore, chm or chm_wrap)");
            }
        }

        /** Writes {@code stored[i]} with value {@code i}, for every index. */
        abstract void fill(byte[][] stored);

        abstract byte[] get(int index);

        abstract byte[] getAbsent(int index);

        abstract void put(int index);

        abstract void close();
    }

    /** The map baselines: a {@code ConcurrentHashMap<ByteKey, byte[]>} sized for its keys, filled alike. */
    abstract static class MapBaseline extends Facade {
        final ConcurrentHashMap<ByteKey, byte[]> map = new ConcurrentHashMap<>(KEYS);
        final byte[][] values;

        MapBaseline(byte[][] values) {
            this.values = values;
        }

        @Override
        void fill(byte[][] stored) {
            for (int i = 0; i < stored.length; i++) {
                map.put(new ByteKey(stored[i]), values[i]);
            }
        }

        @Override
        void close() {
            map.clear();
        }
    }

    /** The baseline map given raw key bytes per call, as a server would: wraps and hashes every key it is given. */
    static final class WrappingMapFacade extends MapBaseline {
        private final byte[][] keys;
        private final byte[][] absent;

        WrappingMapFacade(byte[][] keys, byte[][] absent, byte[][] values) {
            super(values);
            this.keys = keys;
            this.absent = absent;
        }

        @Override
        byte[] get(int index) {
            return map.get(new ByteKey(keys[index]));
        }

        @Override
        byte[] getAbsent(int index) {
            return map.get(new ByteKey(absent[index]));
        }

        @Override
        void put(int index) {
            map.put(new ByteKey(keys[index]), values[index]);
        }
    }

    /** {@link KvStore#inMemory()}. */
    static final class StoreFacade extends Facade {
        private final KvStore store = KvStore.inMemory();
        private final byte[][] keys;
        private final byte[][] absent;
        private final byte[][] values;

        StoreFacade(byte[][] keys, byte[][] absent, byte[][] values) {
            this.keys = keys;
            this.absent = absent;
            this.values = values;
        }

        @Override
        void fill(byte[][] stored) {
            for (int i = 0; i < stored.length; i++) {
                store.set(stored[i], values[i]);
            }
        }

        @Override
        byte[] get(int index) {
            return store.get(keys[index]);
        }

        @Override
        byte[] getAbsent(int index) {
            return store.get(absent[index]);
        }

        @Override
        void put(int index) {
            store.set(keys[index], values[index]);
        }

        @Override
        void close() {
            store.close();
        }
    }

    /** The baseline: the map given keys wrapped and hashed before the measurement. */
    static final class MapFacade extends MapBaseline {
        private final ByteKey[] keys;
        private final ByteKey[] absent;

        MapFacade(byte[][] keys, byte[][] absent, byte[][] values) {
            super(values);
            this.keys = new ByteKey[keys.length];
            this.absent = new ByteKey[absent.length];
            for (int i = 0; i < keys.length; i++) {
                this.keys[i] = new ByteKey(keys[i]);
                this.absent[i] = new ByteKey(absent[i]);
            }
        }

        @Override
        byte[] get(int index) {
            return map.get(keys[index]);
        }

        @Override
        byte[] getAbsent(int index) {
            return map.get(absent[index]);
        }

        @Override
        void put(int index) {
            map.put(keys[index], values[index]);
        }
    }
}
