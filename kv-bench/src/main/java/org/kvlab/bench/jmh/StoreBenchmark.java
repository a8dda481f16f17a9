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
 * <p>Keys, values and the calls are precomputed: the measured methods allocate only what the map or the store
 * allocates. Each call's key is modelled on a server's request: equal to a stored key but another array, so a hit
 * compares bytes rather than references, and fresh, so it is in cache (a parser has just written it); the keys of
 * consecutive calls lie next to each other in memory and are read in order. The stored keys, nodes and values are
 * where a random key leads, mostly outside the caches. The {@code chm} baseline gets its best case, each call's key
 * wrapped and hashed in advance (its wrapper next to the key's bytes); the store hashes the key bytes on every call,
 * as it must for keys fresh from the parser, and also keeps expiry and memory accounting. The score is operations per
 * microsecond (higher is better); the acceptance bar is the store's {@code get} at 0.8 of the baseline's or better.
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
            facade = Facade.create(impl, values);
            facade.fill(stored);
        }

        /** Closes the store, if any. */
        @TearDown(Level.Trial)
        public void tearDown() {
            facade.close();
        }
    }

    /**
     * One thread's requests: the key of each call in call order, each a fresh array allocated next to the previous
     * one (and, for the {@code chm} baseline, next to its wrapper), as a server's parser leaves request keys in
     * memory. Calls walk them in order, so every implementation finds its probe key in cache, as a server does.
     */
    @State(Scope.Thread)
    public static class Requests {

        /** How keys are chosen: {@code uniform} or {@code zipf}. */
        @Param({"uniform", "zipf"})
        public String distribution;

        Calls calls;

        /** Precomputes this thread's calls; threads get different seeds. */
        @Setup(Level.Trial)
        public void setUp() {
            calls = new Calls(KeySequence.of(distribution, KEYS, Thread.currentThread().getId()), "key:");
        }
    }

    /** One thread's requests for absent keys, uniform: a miss touches no value, so the distribution matters little. */
    @State(Scope.Thread)
    public static class MissRequests {

        Calls calls;

        /** Precomputes this thread's calls. */
        @Setup(Level.Trial)
        public void setUp() {
            calls = new Calls(KeySequence.uniform(KEYS, Thread.currentThread().getId()), "nokey:");
        }
    }

    /** Reads a present key. */
    @Benchmark
    public byte[] get(Table table, Requests requests) {
        Calls calls = requests.calls;
        int call = calls.next();
        return table.facade.get(calls.keys[call], calls.wrapped[call]);
    }

    /** Reads an absent key. */
    @Benchmark
    public byte[] getAbsent(Table table, MissRequests requests) {
        Calls calls = requests.calls;
        int call = calls.next();
        return table.facade.get(calls.keys[call], calls.wrapped[call]);
    }

    /** Replaces the value of a present key. */
    @Benchmark
    public void put(Table table, Requests requests) {
        Calls calls = requests.calls;
        int call = calls.next();
        table.facade.put(calls.keys[call], calls.wrapped[call], calls.indexes[call]);
    }

    /** {@link KeySequence#LENGTH} calls, each a key index, its key bytes and those bytes wrapped. Not thread-safe. */
    static final class Calls {
        final int[] indexes = new int[KeySequence.LENGTH];
        final byte[][] keys = new byte[KeySequence.LENGTH][];
        final ByteKey[] wrapped = new ByteKey[KeySequence.LENGTH];
        private int next;

        Calls(KeySequence sequence, String prefix) {
            for (int call = 0; call < KeySequence.LENGTH; call++) {
                indexes[call] = sequence.next();
                keys[call] = KeySequence.key(prefix, indexes[call]);
                wrapped[call] = new ByteKey(keys[call]);
            }
        }

        /** Returns the next call's position, wrapping around. */
        int next() {
            int call = next;
            next = (call + 1) & (KeySequence.LENGTH - 1);
            return call;
        }
    }

    /** The tiny facade over the implementations: each takes a call's key in the form it needs. */
    abstract static class Facade {

        final byte[][] values;

        Facade(byte[][] values) {
            this.values = values;
        }

        static Facade create(String impl, byte[][] values) {
            switch (impl) {
                case "kvstore":
                    return new StoreFacade(values);
                case "chm":
                    return new MapFacade(values);
                case "chm_wrap":
                    return new WrappingMapFacade(values);
                default:
                    throw new IllegalArgumentException("impl: " + impl + " (expected: kvstore, chm or chm_wrap)");
            }
        }

        /** Writes {@code stored[i]} with value {@code i}, for every index. */
        abstract void fill(byte[][] stored);

        /** Reads {@code key}, given as bytes and as those bytes wrapped with their hash. */
        abstract byte[] get(byte[] key, ByteKey wrapped);

        /** Writes value {@code index} under {@code key}. */
        abstract void put(byte[] key, ByteKey wrapped, int index);

        abstract void close();
    }

    /** The map baselines: a {@code ConcurrentHashMap<ByteKey, byte[]>} sized for its keys, filled alike. */
    abstract static class MapBaseline extends Facade {
        final ConcurrentHashMap<ByteKey, byte[]> map = new ConcurrentHashMap<>(KEYS);

        MapBaseline(byte[][] values) {
            super(values);
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

    /** The baseline: the map given each key wrapped and hashed before the measurement. */
    static final class MapFacade extends MapBaseline {

        MapFacade(byte[][] values) {
            super(values);
        }

        @Override
        byte[] get(byte[] key, ByteKey wrapped) {
            return map.get(wrapped);
        }

        @Override
        void put(byte[] key, ByteKey wrapped, int index) {
            map.put(wrapped, values[index]);
        }
    }

    /** The baseline map given raw key bytes per call, as a server would: wraps and hashes every key it is given. */
    static final class WrappingMapFacade extends MapBaseline {

        WrappingMapFacade(byte[][] values) {
            super(values);
        }

        @Override
        byte[] get(byte[] key, ByteKey wrapped) {
            return map.get(new ByteKey(key));
        }

        @Override
        void put(byte[] key, ByteKey wrapped, int index) {
            map.put(new ByteKey(key), values[index]);
        }
    }

    /** {@link KvStore#inMemory()}. */
    static final class StoreFacade extends Facade {
        private final KvStore store = KvStore.inMemory();

        StoreFacade(byte[][] values) {
            super(values);
        }

        @Override
        void fill(byte[][] stored) {
            for (int i = 0; i < stored.length; i++) {
                store.set(stored[i], values[i]);
            }
        }

        @Override
        byte[] get(byte[] key, ByteKey wrapped) {
            return store.get(key);
        }

        @Override
        void put(byte[] key, ByteKey wrapped, int index) {
            store.set(key, values[index]);
        }

        @Override
        void close() {
            store.close();
        }
    }
}
