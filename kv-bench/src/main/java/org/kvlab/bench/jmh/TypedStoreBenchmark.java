package org.kvlab.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import org.kvlab.api.HashEntry;
import org.kvlab.api.ListEnd;
import org.kvlab.api.ScoredMember;
import org.kvlab.api.SortedSetRange;
import org.kvlab.api.ZAddOptions;
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
 * How close do the typed values of the in-memory {@link KvStore} (its {@code hashes()}, {@code lists()},
 * {@code sortedSets()} and {@code sets()}) come to the closest plain JDK collection, operation by operation, on one
 * collection of each type under one key? {@code impl=kvstore} is the store; {@code impl=jdk} the baseline:
 * <ul>
 *   <li>{@code hset} (overwrite a present field), {@code hget} (read one): a {@code HashMap<ByteKey, byte[]>}; a hash
 *       of {@code size} 10 fields is a {@code listpack} in the store, of 100,000 a {@code hashtable}.</li>
 *   <li>{@code rpushLpop} (a queue: push at the tail, pop the head), {@code lpushLpop} (a stack: push and pop the
 *       head), one pair per call: an {@code ArrayDeque<byte[]>}; {@code lrange} ({@code LRANGE 0 99}): copying the
 *       first 100 elements of an {@code ArrayList<byte[]>} ({@code new ArrayList<>(list.subList(0, 100))}), 100
 *       references, as a Java program holding its own immutable elements would, where the store copies each element
 *       out of its packed nodes into a new array. The list holds 600 elements of 14 bytes (a {@code quicklist} of
 *       8 KB {@code listpack} nodes in the store).</li>
 *   <li>{@code zadd} (give a present member a new score), {@code zrangeWithScores} ({@code ZRANGE 0 9 WITHSCORES}),
 *       {@code zscore}: a {@code HashMap<ByteKey, entry>} for scores beside a {@code TreeSet} of the same entries
 *       ordered by score then member bytes, as Redis orders them ({@code jdk}, a red-black tree: a {@code TreeMap}
 *       underneath), or beside a {@code ConcurrentSkipListSet} ({@code jdk_skiplist}, the same algorithm as Redis's
 *       skiplist, though paying for lock-free concurrency); a {@code zadd} takes the entry out of the ordered set,
 *       changes its score and puts it back, as a careful Java program would, and a range builds the same
 *       {@code List<ScoredMember>} the store returns. The JDK sets have no rank index: a
 *       range from rank 0 is a walk of 10 entries for them as for the store, but a deep rank would cost them a walk
 *       from the head. A sorted set of 10 members is a {@code listpack} in the store, of 100,000 a
 *       {@code skiplist}.</li>
 *   <li>{@code saddSrem} (add a member that is absent, then remove it: one pair per call), {@code sismember}: a
 *       {@code HashSet<ByteKey>}; with {@code members=integer} (decimal integers) a set of 10 is an {@code intset} in
 *       the store, every other combination a {@code hashtable}.</li>
 * </ul>
 *
 * <p>The fairest map key: every call hands each side the same freshly parsed {@code byte[]}, equal to a stored one
 * but another array (as a server's request is), and the baseline wraps it in a {@link ByteKey} on each call. Both
 * sides then do the same work per lookup: hash the bytes, find the slot, compare bytes with the stored ones. A
 * {@code HashMap<String, byte[]>} would not be equivalent either way: decoding each call's bytes to a
 * {@code String} (ISO-8859-1, to stay binary-safe) copies them, work the store does not do; {@code String}s made in
 * advance carry their hash cached, so the baseline would skip the hashing the store cannot skip. The wrapper is 24
 * bytes that escape analysis may remove for a lookup. (StoreBenchmark's {@code chm} shows the other extreme,
 * keys hashed in advance.)
 *
 * <p>Steady state: no measured operation changes a collection's size, so the score is the structure's, not its
 * growth's. {@code hset} and {@code zadd} overwrite present fields and members; the list and set operations come in
 * pairs. The inputs of every call (field, member and element arrays, scores, and the store's argument lists) are made
 * before the measurement and walked in order, so a measured call allocates only what the structure or the store
 * allocates ({@code -prof gc} shows it); fields and members are chosen uniformly, so the large collections are read all
 * over, beyond what the nearest caches hold, on both sides. {@code zadd} gives a member one of two scores drawn for its
 * call, the one not given the last time round through the calls, so the score always changes (an update to the same
 * score changes nothing, in the store as in Redis and in the baselines). The store is thread-safe and takes a lock per
 * operation, a cost the single-threaded JDK baselines (and {@code jdk_skiplist}'s lock-free one) do not pay, and what
 * it allocates on the way (argument arrays, the effects it records) counts against it. Each benchmark thread gets its
 * own collection (and store), so {@code -t 2} measures two independent copies, not contention. The score is operations
 * (or pairs) per microsecond: higher is better.
 *
 * <p>Run: {@code java -jar kv-bench/target/benchmarks.jar TypedStoreBenchmark}: 48 runs of five warm-up and five
 * measured seconds each (on a shared two-core machine, one second of warm-up left some store operations several times
 * slower than three seconds did), about 11 minutes in all; add {@code -prof gc} for allocation per operation, or narrow
 * with a method name ({@code TypedStoreBenchmark.zadd}) and {@code -p impl=kvstore,jdk -p size=100000}
 * ({@code jdk_skiplist} exists for the sorted-set methods only; other methods reject it).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class TypedStoreBenchmark {

    /** The key of the one collection in each store. */
    static final byte[] KEY = "typed".getBytes(StandardCharsets.US_ASCII);
    /** The length of the list. */
    static final int LIST_LENGTH = 600;
    /** How many elements {@code lrange} reads: {@code LRANGE 0 99}. */
    static final int LRANGE_COUNT = 100;
    /** How many members {@code zrangeWithScores} reads: {@code ZRANGE 0 9 WITHSCORES}. */
    static final int ZRANGE_COUNT = 10;
    /** How many elements the stores are filled with per call while a state is set up. */
    private static final int FILL_BATCH = 1000;
    /** The seed of every call sequence and score, so that each implementation gets the same calls. */
    private static final long SEED = 42;

    /** A hash of {@code size} fields, {@code field:000042}, of 14-byte values, {@code value:000042/0}. */
    @State(Scope.Thread)
    public static class HashState {

        /** The implementation: {@code kvstore} or {@code jdk}, a {@code HashMap<ByteKey, byte[]>}. */
        @Param({"kvstore", "jdk"})
        public String impl;

        /** How many fields the hash holds: 10 is a listpack in the store, 100000 a hashtable. */
        @Param({"10", "100000"})
        public int size;

        HashFacade hash;
        Calls calls;
        /** Per call: the value {@code hset} writes, and the store's argument list of the field and that value. */
        byte[][] values;
        List<List<HashEntry>> entries;

        /** Fills the hash and precomputes the calls. */
        @Setup(Level.Trial)
        public void setUp() {
            hash = HashFacade.create(impl, size);
            byte[][] fields = new byte[size][];
            byte[][] stored = new byte[size][];
            for (int i = 0; i < size; i++) {
                fields[i] = hashField(i);
                stored[i] = hashValue(i, 0);
            }
            hash.fill(fields, stored);
            calls = new Calls(size, TypedStoreBenchmark::hashField);
            values = new byte[KeySequence.LENGTH][];
            entries = new ArrayList<>(KeySequence.LENGTH);
            for (int call = 0; call < KeySequence.LENGTH; call++) {
                values[call] = hashValue(calls.indexes[call], 1 + call % 2);
                entries.add(List.of(new HashEntry(calls.probes[call], values[call])));
            }
        }

        /** Closes the store, if any. */
        @TearDown(Level.Trial)
        public void tearDown() {
            hash.close();
        }
    }

    /** A list of {@value TypedStoreBenchmark#LIST_LENGTH} elements, {@code element:000042}. */
    @State(Scope.Thread)
    public static class ListState {

        /**
         * The implementation: {@code kvstore} or {@code jdk}, an {@code ArrayDeque<byte[]>} for pushes and pops and
         * an {@code ArrayList<byte[]>} for {@code lrange}.
         */
        @Param({"kvstore", "jdk"})
        public String impl;

        ListFacade list;
        Calls calls;
        /** Per call: the element pushed, alone in the array the store's varargs take. */
        byte[][][] pushes;

        /** Fills the list and precomputes the calls. */
        @Setup(Level.Trial)
        public void setUp() {
            list = ListFacade.create(impl);
            byte[][] elements = new byte[LIST_LENGTH][];
            for (int i = 0; i < LIST_LENGTH; i++) {
                elements[i] = listElement(i);
            }
            list.fill(elements);
            calls = new Calls(LIST_LENGTH, i -> KeySequence.key("pushed:", i));
            pushes = new byte[KeySequence.LENGTH][][];
            for (int call = 0; call < KeySequence.LENGTH; call++) {
                pushes[call] = new byte[][] {calls.probes[call]};
            }
        }

        /** Closes the store, if any. */
        @TearDown(Level.Trial)
        public void tearDown() {
            list.close();
        }
    }

    /** A sorted set of {@code size} members, {@code member:000042}, with random scores in {@code [0, size)}. */
    @State(Scope.Thread)
    public static class SortedSetState {

        /**
         * The implementation: {@code kvstore}; {@code jdk}, a {@code HashMap} and a {@code TreeSet}; or
         * {@code jdk_skiplist}, a {@code HashMap} and a {@code ConcurrentSkipListSet}.
         */
        @Param({"kvstore", "jdk", "jdk_skiplist"})
        public String impl;

        /** How many members the sorted set holds: 10 is a listpack in the store, 100000 a skiplist. */
        @Param({"10", "100000"})
        public int size;

        SortedSetFacade zset;
        Calls calls;
        /** Per round parity and call: the score {@code zadd} gives, and the store's argument list. */
        double[][] scores;
        List<List<List<ScoredMember>>> adds;

        /** Fills the sorted set and precomputes the calls. */
        @Setup(Level.Trial)
        public void setUp() {
            zset = SortedSetFacade.create(impl, size);
            SplittableRandom random = new SplittableRandom(SEED);
            List<ScoredMember> members = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                members.add(new ScoredMember(zsetMember(i), random.nextDouble() * size));
            }
            zset.fill(members);
            calls = new Calls(size, TypedStoreBenchmark::zsetMember);
            scores = new double[2][KeySequence.LENGTH];
            adds = List.of(new ArrayList<>(KeySequence.LENGTH), new ArrayList<>(KeySequence.LENGTH));
            for (int parity = 0; parity < 2; parity++) {
                for (int call = 0; call < KeySequence.LENGTH; call++) {
                    scores[parity][call] = random.nextDouble() * size;
                    adds.get(parity).add(List.of(new ScoredMember(calls.probes[call], scores[parity][call])));
                }
            }
        }

        /** Closes the store, if any. */
        @TearDown(Level.Trial)
        public void tearDown() {
            zset.close();
        }
    }

    /** A set of {@code size} members, and as many absent members for {@code saddSrem} to add and remove. */
    @State(Scope.Thread)
    public static class SetState {

        /** The implementation: {@code kvstore} or {@code jdk}, a {@code HashSet<ByteKey>}. */
        @Param({"kvstore", "jdk"})
        public String impl;

        /** How many members the set holds. */
        @Param({"10", "100000"})
        public int size;

        /**
         * What the members are: {@code string} ({@code member:000042}; absent ones {@code absent:000042}) or
         * {@code integer} (the even numbers {@code 0, 2, ...}; absent ones the odd numbers between them), which a
         * set of up to 512 members keeps as an intset in the store.
         */
        @Param({"string", "integer"})
        public String members;

        SetFacade set;
        /** The present members {@code sismember} asks about. */
        Calls present;
        /** The absent members {@code saddSrem} adds and removes, alone in the array the store's varargs take. */
        Calls absent;
        byte[][][] absentArgs;

        /** Fills the set and precomputes the calls. */
        @Setup(Level.Trial)
        public void setUp() {
            Member presentMember = setMember(members, true);
            set = SetFacade.create(impl, size);
            byte[][] stored = new byte[size][];
            for (int i = 0; i < size; i++) {
                stored[i] = presentMember.bytes(i);
            }
            set.fill(stored);
            present = new Calls(size, presentMember);
            absent = new Calls(size, setMember(members, false));
            absentArgs = new byte[KeySequence.LENGTH][][];
            for (int call = 0; call < KeySequence.LENGTH; call++) {
                absentArgs[call] = new byte[][] {absent.probes[call]};
            }
        }

        /** Closes the store, if any. */
        @TearDown(Level.Trial)
        public void tearDown() {
            set.close();
        }
    }

    /** {@code HSET key field value} on a present field: returns how many fields were new (0). */
    @Benchmark
    public int hset(HashState state) {
        int call = state.calls.next();
        return state.hash.set(state.calls.probes[call], state.values[call], state.entries.get(call));
    }

    /** {@code HGET key field} on a present field: returns its value. */
    @Benchmark
    public byte[] hget(HashState state) {
        return state.hash.get(state.calls.probes[state.calls.next()]);
    }

    /** {@code RPUSH key element} then {@code LPOP key}, the list as a queue: returns the element popped. */
    @Benchmark
    public byte[] rpushLpop(ListState state) {
        return state.list.pushTailPopHead(state.pushes[state.calls.next()]);
    }

    /** {@code LPUSH key element} then {@code LPOP key}, the list as a stack: returns the element popped. */
    @Benchmark
    public byte[] lpushLpop(ListState state) {
        return state.list.pushHeadPopHead(state.pushes[state.calls.next()]);
    }

    /** {@code LRANGE key 0 99}: returns the first 100 elements. */
    @Benchmark
    public List<byte[]> lrange(ListState state) {
        return state.list.rangeFromHead();
    }

    /** {@code ZADD key score member} with a new score for a present member: returns how many were added (0). */
    @Benchmark
    public long zadd(SortedSetState state) {
        Calls calls = state.calls;
        int parity = calls.round() & 1;
        int call = calls.next();
        return state.zset.add(calls.probes[call], state.scores[parity][call], state.adds.get(parity).get(call));
    }

    /** {@code ZRANGE key 0 9 WITHSCORES}: returns the 10 members of lowest scores, with their scores. */
    @Benchmark
    public List<ScoredMember> zrangeWithScores(SortedSetState state) {
        return state.zset.rangeFromHead();
    }

    /** {@code ZSCORE key member} on a present member: returns its score. */
    @Benchmark
    public double zscore(SortedSetState state) {
        return state.zset.score(state.calls.probes[state.calls.next()]);
    }

    /** {@code SADD key member} of an absent member, then {@code SREM key member}: returns both counts' sum (2). */
    @Benchmark
    public long saddSrem(SetState state) {
        return state.set.addThenRemove(state.absentArgs[state.absent.next()]);
    }

    /** {@code SISMEMBER key member} on a present member: returns whether it is one (true). */
    @Benchmark
    public boolean sismember(SetState state) {
        return state.set.contains(state.present.probes[state.present.next()]);
    }

    static byte[] hashField(int index) {
        return KeySequence.key("field:", index);
    }

    /** Returns the 14-byte value {@code value:000042/1} of field {@code index}, {@code version} 0 to 9. */
    static byte[] hashValue(int index, int version) {
        return String.format("value:%06d/%d", index, version).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] listElement(int index) {
        return KeySequence.key("element:", index);
    }

    static byte[] zsetMember(int index) {
        return KeySequence.key("member:", index);
    }

    /** Returns the naming of present or absent set members of a kind, {@code string} or {@code integer}. */
    static Member setMember(String kind, boolean present) {
        switch (kind) {
            case "string":
                return present ? i -> KeySequence.key("member:", i) : i -> KeySequence.key("absent:", i);
            case "integer":
                return i -> Integer.toString(present ? 2 * i : 2 * i + 1).getBytes(StandardCharsets.US_ASCII);
            default:
                throw new IllegalArgumentException("members: " + kind + " (expected: string or integer)");
        }
    }

    /** The bytes of the element of an index, made anew on each call. */
    @FunctionalInterface
    interface Member {
        byte[] bytes(int index);
    }

    /**
     * {@link KeySequence#LENGTH} calls, each an element index drawn uniformly from {@code [0, bound)} and that
     * element's bytes, made anew for the call: equal to the stored element's but another array, the arrays of
     * consecutive calls next to each other. Counts the rounds through the calls. Not thread-safe.
     */
    static final class Calls {
        final int[] indexes = new int[KeySequence.LENGTH];
        final byte[][] probes = new byte[KeySequence.LENGTH][];
        private int next;
        private int round;

        Calls(int bound, Member member) {
            KeySequence sequence = KeySequence.uniform(bound, SEED);
            for (int call = 0; call < KeySequence.LENGTH; call++) {
                indexes[call] = sequence.next();
                probes[call] = member.bytes(indexes[call]);
            }
        }

        /** Returns the next call's position, wrapping around (and counting a round) after the last. */
        int next() {
            int call = next;
            next = (call + 1) & (KeySequence.LENGTH - 1);
            if (next == 0) {
                round++;
            }
            return call;
        }

        /** Returns how many times the calls have wrapped around. */
        int round() {
            return round;
        }
    }

    /** The hash under test: a store's or a {@code HashMap}'s. */
    abstract static class HashFacade {

        static HashFacade create(String impl, int size) {
            switch (impl) {
                case "kvstore":
                    return new StoreHash();
                case "jdk":
                    return new JdkHash(size);
                default:
                    throw new IllegalArgumentException("impl: " + impl + " (expected: kvstore or jdk)");
            }
        }

        /** Sets each field to the value of the same index. */
        abstract void fill(byte[][] fields, byte[][] values);

        /** Sets {@code field} to {@code value}, given to the store as {@code entries}; returns 1 if it was new. */
        abstract int set(byte[] field, byte[] value, List<HashEntry> entries);

        /** Returns the value of {@code field}, {@code null} if absent. */
        abstract byte[] get(byte[] field);

        void close() {
        }
    }

    /** {@link KvStore#hashes()} of an in-memory store. */
    static final class StoreHash extends HashFacade {
        final KvStore store = KvStore.inMemory();

        @Override
        void fill(byte[][] fields, byte[][] values) {
            for (int from = 0; from < fields.length; from += FILL_BATCH) {
                List<HashEntry> batch = new ArrayList<>(FILL_BATCH);
                for (int i = from; i < Math.min(fields.length, from + FILL_BATCH); i++) {
                    batch.add(new HashEntry(fields[i], values[i]));
                }
                store.hashes().set(KEY, batch);
            }
        }

        @Override
        int set(byte[] field, byte[] value, List<HashEntry> entries) {
            return store.hashes().set(KEY, entries);
        }

        @Override
        byte[] get(byte[] field) {
            return store.hashes().get(KEY, field);
        }

        @Override
        void close() {
            store.close();
        }
    }

    /** A {@code HashMap<ByteKey, byte[]>} sized for its fields, each call's field wrapped anew. */
    static final class JdkHash extends HashFacade {
        final HashMap<ByteKey, byte[]> map;

        JdkHash(int size) {
            map = new HashMap<>(size * 4 / 3 + 1);
        }

        @Override
        void fill(byte[][] fields, byte[][] values) {
            for (int i = 0; i < fields.length; i++) {
                map.put(new ByteKey(fields[i]), values[i]);
            }
        }

        @Override
        int set(byte[] field, byte[] value, List<HashEntry> entries) {
            return map.put(new ByteKey(field), value) == null ? 1 : 0;
        }

        @Override
        byte[] get(byte[] field) {
            return map.get(new ByteKey(field));
        }
    }

    /** The list under test: a store's, or an {@code ArrayDeque} and an {@code ArrayList}. */
    abstract static class ListFacade {

        static ListFacade create(String impl) {
            switch (impl) {
                case "kvstore":
                    return new StoreList();
                case "jdk":
                    return new JdkList();
                default:
                    throw new IllegalArgumentException("impl: " + impl + " (expected: kvstore or jdk)");
            }
        }

        /** Appends the elements in order. */
        abstract void fill(byte[][] elements);

        /** Pushes {@code element[0]} at the tail, then pops and returns the head. */
        abstract byte[] pushTailPopHead(byte[][] element);

        /** Pushes {@code element[0]} at the head, then pops and returns the head. */
        abstract byte[] pushHeadPopHead(byte[][] element);

        /** Returns the first {@value TypedStoreBenchmark#LRANGE_COUNT} elements. */
        abstract List<byte[]> rangeFromHead();

        void close() {
        }
    }

    /** {@link KvStore#lists()} of an in-memory store. */
    static final class StoreList extends ListFacade {
        final KvStore store = KvStore.inMemory();

        @Override
        void fill(byte[][] elements) {
            for (int from = 0; from < elements.length; from += FILL_BATCH) {
                store.lists().push(KEY, ListEnd.RIGHT,
                        Arrays.copyOfRange(elements, from, Math.min(elements.length, from + FILL_BATCH)));
            }
        }

        @Override
        byte[] pushTailPopHead(byte[][] element) {
            store.lists().push(KEY, ListEnd.RIGHT, element);
            return store.lists().pop(KEY, ListEnd.LEFT);
        }

        @Override
        byte[] pushHeadPopHead(byte[][] element) {
            store.lists().push(KEY, ListEnd.LEFT, element);
            return store.lists().pop(KEY, ListEnd.LEFT);
        }

        @Override
        List<byte[]> rangeFromHead() {
            return store.lists().range(KEY, 0, LRANGE_COUNT - 1);
        }

        @Override
        void close() {
            store.close();
        }
    }

    /** An {@code ArrayDeque<byte[]>} for pushes and pops, and an {@code ArrayList<byte[]>} of the same elements. */
    static final class JdkList extends ListFacade {
        final ArrayDeque<byte[]> deque = new ArrayDeque<>(LIST_LENGTH + 1);
        final ArrayList<byte[]> list = new ArrayList<>(LIST_LENGTH);

        @Override
        void fill(byte[][] elements) {
            for (byte[] element : elements) {
                deque.addLast(element);
                list.add(element);
            }
        }

        @Override
        byte[] pushTailPopHead(byte[][] element) {
            deque.addLast(element[0]);
            return deque.pollFirst();
        }

        @Override
        byte[] pushHeadPopHead(byte[][] element) {
            deque.addFirst(element[0]);
            return deque.pollFirst();
        }

        @Override
        List<byte[]> rangeFromHead() {
            return new ArrayList<>(list.subList(0, LRANGE_COUNT));
        }
    }

    /** The sorted set under test: a store's, or a {@code HashMap} beside an ordered set. */
    abstract static class SortedSetFacade {

        static SortedSetFacade create(String impl, int size) {
            switch (impl) {
                case "kvstore":
                    return new StoreSortedSet();
                case "jdk":
                    return new JdkSortedSet(size, new TreeSet<>());
                case "jdk_skiplist":
                    return new JdkSortedSet(size, new ConcurrentSkipListSet<>());
                default:
                    throw new IllegalArgumentException(
                            "impl: " + impl + " (expected: kvstore, jdk or jdk_skiplist)");
            }
        }

        /** Adds the members with their scores. */
        abstract void fill(List<ScoredMember> members);

        /**
         * Adds {@code member} with {@code score}, or gives it that score if present; the store is given
         * {@code members}, the same pair. Returns 1 if the member was new.
         */
        abstract long add(byte[] member, double score, List<ScoredMember> members);

        /** Returns the {@value TypedStoreBenchmark#ZRANGE_COUNT} members of lowest scores, in order. */
        abstract List<ScoredMember> rangeFromHead();

        /** Returns the score of {@code member}, NaN if absent. */
        abstract double score(byte[] member);

        void close() {
        }
    }

    /** {@link KvStore#sortedSets()} of an in-memory store. */
    static final class StoreSortedSet extends SortedSetFacade {
        private static final SortedSetRange HEAD = SortedSetRange.byRank(0, ZRANGE_COUNT - 1);
        final KvStore store = KvStore.inMemory();

        @Override
        void fill(List<ScoredMember> members) {
            for (int from = 0; from < members.size(); from += FILL_BATCH) {
                store.sortedSets().add(KEY, ZAddOptions.DEFAULT,
                        members.subList(from, Math.min(members.size(), from + FILL_BATCH)));
            }
        }

        @Override
        long add(byte[] member, double score, List<ScoredMember> members) {
            return store.sortedSets().add(KEY, ZAddOptions.DEFAULT, members);
        }

        @Override
        List<ScoredMember> rangeFromHead() {
            return store.sortedSets().range(KEY, HEAD);
        }

        @Override
        double score(byte[] member) {
            Double score = store.sortedSets().score(KEY, member);
            return score == null ? Double.NaN : score;
        }

        @Override
        void close() {
            store.close();
        }
    }

    /**
     * A {@code HashMap<ByteKey, Scored>} from member to its entry, sized for the members, beside an ordered set of
     * the same entries (a {@code TreeSet} or a {@code ConcurrentSkipListSet}); each call's member is wrapped anew.
     */
    static final class JdkSortedSet extends SortedSetFacade {
        final HashMap<ByteKey, Scored> byMember;
        final NavigableSet<Scored> ordered;

        JdkSortedSet(int size, NavigableSet<Scored> ordered) {
            this.byMember = new HashMap<>(size * 4 / 3 + 1);
            this.ordered = ordered;
        }

        @Override
        void fill(List<ScoredMember> members) {
            for (ScoredMember m : members) {
                add(m.member(), m.score(), null);
            }
        }

        @Override
        long add(byte[] member, double score, List<ScoredMember> members) {
            ByteKey key = new ByteKey(member);
            Scored entry = byMember.get(key);
            if (entry == null) {
                entry = new Scored(member, score);
                byMember.put(key, entry);
                ordered.add(entry);
                return 1;
            }
            if (entry.score != score) {
                ordered.remove(entry);
                entry.score = score;
                ordered.add(entry);
            }
            return 0;
        }

        @Override
        List<ScoredMember> rangeFromHead() {
            List<ScoredMember> range = new ArrayList<>(ZRANGE_COUNT);
            Iterator<Scored> it = ordered.iterator();
            while (range.size() < ZRANGE_COUNT && it.hasNext()) {
                Scored entry = it.next();
                range.add(new ScoredMember(entry.member, entry.score));
            }
            return range;
        }

        @Override
        double score(byte[] member) {
            Scored entry = byMember.get(new ByteKey(member));
            return entry == null ? Double.NaN : entry.score;
        }
    }

    /**
     * A member and its score, ordered as Redis orders a sorted set: by score, then by member bytes (unsigned). The
     * score changes only while the entry is out of the ordered set.
     */
    static final class Scored implements Comparable<Scored> {
        final byte[] member;
        double score;

        Scored(byte[] member, double score) {
            this.member = member;
            this.score = score;
        }

        @Override
        public int compareTo(Scored other) {
            int c = Double.compare(score, other.score);
            return c != 0 ? c : Arrays.compareUnsigned(member, other.member);
        }
    }

    /** The set under test: a store's or a {@code HashSet}'s. */
    abstract static class SetFacade {

        static SetFacade create(String impl, int size) {
            switch (impl) {
                case "kvstore":
                    return new StoreSet();
                case "jdk":
                    return new JdkSet(size);
                default:
                    throw new IllegalArgumentException("impl: " + impl + " (expected: kvstore or jdk)");
            }
        }

        /** Adds the members. */
        abstract void fill(byte[][] members);

        /** Adds {@code member[0]}, then removes it; returns how many were added plus how many were removed. */
        abstract long addThenRemove(byte[][] member);

        /** Returns whether {@code member} is in the set. */
        abstract boolean contains(byte[] member);

        void close() {
        }
    }

    /** {@link KvStore#sets()} of an in-memory store. */
    static final class StoreSet extends SetFacade {
        final KvStore store = KvStore.inMemory();

        @Override
        void fill(byte[][] members) {
            for (int from = 0; from < members.length; from += FILL_BATCH) {
                store.sets().add(KEY, Arrays.copyOfRange(members, from, Math.min(members.length, from + FILL_BATCH)));
            }
        }

        @Override
        long addThenRemove(byte[][] member) {
            return store.sets().add(KEY, member) + store.sets().remove(KEY, member);
        }

        @Override
        boolean contains(byte[] member) {
            return store.sets().isMember(KEY, member);
        }

        @Override
        void close() {
            store.close();
        }
    }

    /** A {@code HashSet<ByteKey>} sized for its members, each call's member wrapped anew (once per operation). */
    static final class JdkSet extends SetFacade {
        final HashSet<ByteKey> set;

        JdkSet(int size) {
            set = new HashSet<>(size * 4 / 3 + 1);
        }

        @Override
        void fill(byte[][] members) {
            for (byte[] member : members) {
                set.add(new ByteKey(member));
            }
        }

        @Override
        long addThenRemove(byte[][] member) {
            long added = set.add(new ByteKey(member[0])) ? 1 : 0;
            return added + (set.remove(new ByteKey(member[0])) ? 1 : 0);
        }

        @Override
        boolean contains(byte[] member) {
            return set.contains(new ByteKey(member));
        }
    }
}
