package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kvlab.api.Aggregate;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.HashEntry;
import org.kvlab.api.Keyspace;
import org.kvlab.api.LexRange;
import org.kvlab.api.ListEnd;
import org.kvlab.api.ListPop;
import org.kvlab.api.PoppedMembers;
import org.kvlab.api.ScoreRange;
import org.kvlab.api.ScoredMember;
import org.kvlab.api.SetOptions;
import org.kvlab.api.SetResult;
import org.kvlab.api.SortedSetRange;
import org.kvlab.api.ValueType;
import org.kvlab.api.ZAddOptions;

/**
 * Every type together survives restarts: a long seeded random workload of strings, hashes, lists, sets and sorted
 * sets (with renames, copies, expiries and multi-key moves and stores between them, in two databases) goes through the
 * embedded API to a store with a data directory and, the same operations, to an in-memory reference store, under each
 * fsync policy. Background snapshots are interleaved, each held after it froze the keyspace while some writes go on
 * (so the collections it holds are copied on write), then let run while writes continue; each must hold the
 * reference's keys as they were when it froze. The last third of each session takes none, so recovery replays a long
 * log too. A shared clock moves on, so keys expire and are written
 * again. After each session the store is closed and reopened, and every key's type,
 * contents and expiry ({@link KeyContents}) must equal the reference's.
 *
 * <p>Replay a run with {@code -Dkvlab.mixedSeed=N} (the seed is in every failure message); lengthen it with
 * {@code -Dkvlab.mixedOps=N} operations per session.
 */
final class MixedTypePersistenceTest {

    private static final int SESSIONS = 3;
    private static final int DATABASES = 2;
    private static final long FAR = 4_102_444_800_000L;
    private static final String[][] POOLS = {
        {"str0", "str1", "str2"}, {"h0", "h1", "h2"}, {"l0", "l1", "l2"}, {"s0", "s1", "s2"}, {"z0", "z1", "z2"}};
    private static final int STRINGS = 0;
    private static final int HASHES = 1;
    private static final int LISTS = 2;
    private static final int SETS = 3;
    private static final int ZSETS = 4;

    @TempDir
    Path dir;

    @TempDir
    Path scratch;

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void aRandomWorkloadOfEveryType_isRecoveredWhole_afterEachRestart(FsyncPolicy policy) throws Exception {
        long seed = Long.getLong("kvlab.mixedSeed", 20_240_601L) + policy.ordinal();
        int ops = Integer.getInteger("kvlab.mixedOps", 2500);
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        SnapshotGate gate = new SnapshotGate();
        try (KvStore reference = limited(KvStore.builder().clock(clock).databases(DATABASES).build())) {
            Workload workload = new Workload(new Random(seed), clock, reference, dir, scratch);
            for (int session = 0; session <= SESSIONS; session++) {
                String context = "seed " + seed + ", " + policy.redisName() + ", session " + session;
                try (KvStore store = limited(KvStore.builder().dataDirectory(dir).fsync(policy).clock(clock)
                        .databases(DATABASES).autoRewritePercentage(0).fileIo(gate).build())) {
                    assertSameKeys(contents(reference), store, context + ", reopened");
                    if (session < SESSIONS) {
                        workload.run(store, gate, ops, policy, context);
                        assertSameKeys(contents(reference), store, context + ", before closing");
                    }
                }
            }
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /** Small encoding limits, so collections convert to their full encodings within a few elements. */
    private static KvStore limited(KvStore store) {
        Map.of("hash-max-listpack-entries", "6", "hash-max-listpack-value", "16", "set-max-intset-entries", "6",
                "zset-max-listpack-entries", "6", "zset-max-listpack-value", "16", "list-max-listpack-size", "3")
                .forEach(store.encodingLimits()::set);
        return store;
    }

    /** Returns the text form of every key ({@link KeyContents}), by database. */
    private static List<Map<String, String>> contents(KvStore store) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int db = 0; db < DATABASES; db++) {
            out.add(KeyContents.all(store.database(db)));
        }
        return out;
    }

    private static void assertSameKeys(List<Map<String, String>> expected, KvStore actual, String context) {
        for (int db = 0; db < DATABASES; db++) {
            Map<String, String> want = expected.get(db);
            Map<String, String> got = KeyContents.all(actual.database(db));
            if (!want.equals(got)) {
                TreeSet<String> keys = new TreeSet<>(want.keySet());
                keys.addAll(got.keySet());
                keys.removeIf(k -> Objects.equals(want.get(k), got.get(k)));
                fail(context + ": database " + db + " differs at " + keys.size() + " of " + want.size() + " keys: "
                        + keys.stream().limit(10).map(k -> k + ": expected " + want.get(k) + ", got " + got.get(k))
                        .collect(Collectors.joining("; ")));
            }
        }
    }

    /**
     * The random operations: each one is applied to the reference, then to the store under test, and both must give
     * the same result (or throw the same exception). A random choice the store makes (SPOP) is applied to the
     * reference as its outcome. Each snapshot, once written, must hold exactly the reference's keys when it froze the
     * store.
     */
    private static final class Workload {

        private final Random random;
        private final MutableClock clock;
        private final KvStore reference;
        private final Path data;
        private final Path scratch;
        private KvStore store;
        private String context;
        private int count;
        private int snapshots;
        private List<Map<String, String>> frozen;
        private long frozenAt;

        Workload(Random random, MutableClock clock, KvStore reference, Path data, Path scratch) {
            this.random = random;
            this.clock = clock;
            this.reference = reference;
            this.data = data;
            this.scratch = scratch;
        }

        void run(KvStore target, SnapshotGate gate, int ops, FsyncPolicy policy, String sessionContext)
                throws Exception {
            store = target;
            context = sessionContext;
            CompletableFuture<Void> saving = null;
            int nextSnapshot = random.nextInt(200);
            int release = -1;
            for (int i = 0; i < ops; i++) {
                if (i == nextSnapshot && i < ops * 2 / 3) {
                    if (saving != null) {
                        saving.get(30, TimeUnit.SECONDS);
                        checkSnapshot();
                    }
                    saving = store.saveInBackground().toCompletableFuture();
                    gate.awaitHeld();
                    frozen = contents(reference);
                    frozenAt = clock.millis();
                    release = i + random.nextInt(60);
                    nextSnapshot = i + 60 + random.nextInt(300);
                }
                if (i == release) {
                    gate.release();
                }
                if (random.nextInt(3) == 0) {
                    clock.advance(1 + random.nextInt(5));
                }
                if (policy == FsyncPolicy.ALWAYS && random.nextInt(50) == 0) {
                    store.durable().toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
                step();
            }
            if (release >= ops) {
                gate.release();
            }
            if (saving != null) {
                saving.get(30, TimeUnit.SECONDS);
                checkSnapshot();
            }
        }

        /**
         * Opens a copy of the snapshot just written, alone, at the time it froze the store: it must hold what the
         * reference held then, though the store went on changing the collections it held while it was written.
         */
        private void checkSnapshot() throws IOException {
            Path copy = Files.createDirectories(scratch.resolve("snapshot" + ++snapshots));
            Files.copy(data.resolve(Persistence.SNAPSHOT), copy.resolve(Persistence.SNAPSHOT));
            try (KvStore alone = KvStore.builder().dataDirectory(copy).clock(new MutableClock(frozenAt))
                    .databases(DATABASES).build()) {
                assertSameKeys(frozen, alone, context + ", snapshot " + snapshots + " taken at " + frozenAt);
            }
        }

        private byte[] key(int pool) {
            int p = random.nextInt(8) == 0 ? random.nextInt(POOLS.length) : pool;
            if (random.nextInt(40) == 0) {
                return new byte[] {(byte) 0xFF, 0, (byte) p};
            }
            return b(POOLS[p][random.nextInt(POOLS[p].length)]);
        }

        private byte[] anyKey() {
            return key(random.nextInt(POOLS.length));
        }

        private byte[] element() {
            int kind = random.nextInt(20);
            if (kind < 7) {
                return b(Integer.toString(random.nextInt(24) - 4));
            }
            if (kind < 17) {
                return b(String.valueOf((char) ('a' + random.nextInt(12))));
            }
            if (kind < 19) {
                return b("long-" + "x".repeat(16) + random.nextInt(4));
            }
            return new byte[] {(byte) 0xFF, 0, (byte) random.nextInt(3)};
        }

        private byte[][] elements(int most) {
            byte[][] out = new byte[1 + random.nextInt(most)][];
            for (int i = 0; i < out.length; i++) {
                out[i] = element();
            }
            return out;
        }

        private double score() {
            int kind = random.nextInt(40);
            if (kind == 0) {
                return Double.POSITIVE_INFINITY;
            }
            if (kind == 1) {
                return Double.NEGATIVE_INFINITY;
            }
            return random.nextInt(9) - 4 + (random.nextBoolean() ? 0.5 : 0);
        }

        private List<ScoredMember> scored(int most) {
            List<ScoredMember> out = new ArrayList<>();
            for (byte[] member : elements(most)) {
                out.add(new ScoredMember(member, score()));
            }
            return out;
        }

        /** An expiry a few milliseconds ahead, so the key expires as the clock moves on, or far ahead. */
        private long expiry() {
            return random.nextInt(4) == 0 ? FAR + random.nextInt(1000) : clock.millis() + 1 + random.nextInt(40);
        }

        private ListEnd end() {
            return random.nextBoolean() ? ListEnd.LEFT : ListEnd.RIGHT;
        }

        private List<byte[]> keys(int pool, int most) {
            List<byte[]> out = new ArrayList<>();
            for (int i = 1 + random.nextInt(most); i > 0; i--) {
                out.add(key(pool));
            }
            return out;
        }

        private ZAddOptions zaddOptions() {
            ZAddOptions.Condition condition = ZAddOptions.Condition.values()[random.nextInt(3)];
            ZAddOptions.Comparison comparison = condition == ZAddOptions.Condition.IF_ABSENT
                    ? ZAddOptions.Comparison.ANY : ZAddOptions.Comparison.values()[random.nextInt(3)];
            return new ZAddOptions(condition, comparison, random.nextBoolean());
        }

        private LexRange.Bound bound() {
            switch (random.nextInt(4)) {
                case 0:
                    return random.nextBoolean() ? LexRange.Bound.MINUS : LexRange.Bound.PLUS;
                case 1:
                    return LexRange.Bound.exclusive(element());
                default:
                    return LexRange.Bound.inclusive(element());
            }
        }

        /** Applies one random operation to both stores. */
        private void step() {
            count++;
            int db = random.nextInt(4) == 0 ? 1 : 0;
            int op = random.nextInt(100);
            if (op < 18) {
                keyspaceOp(db, op);
            } else if (op < 34) {
                hashOp(db, op - 18);
            } else if (op < 56) {
                listOp(db, op - 34);
            } else if (op < 76) {
                setOp(db, op - 56);
            } else {
                sortedSetOp(db, op - 76);
            }
        }

        private void keyspaceOp(int db, int op) {
            byte[] key = op < 5 ? key(STRINGS) : anyKey();
            switch (op) {
                case 0:
                case 1:
                case 2: {
                    byte[] value = element();
                    both(db, "SET", k -> {
                        k.set(key, value);
                        return null;
                    });
                    break;
                }
                case 3:
                case 4: {
                    byte[] v = element();
                    SetOptions options = new SetOptions(SetOptions.Condition.values()[random.nextInt(3)], expiry(),
                            false, random.nextBoolean());
                    both(db, "SET PX", k -> k.set(key, v, options));
                    break;
                }
                case 5:
                case 6:
                    both(db, "DEL", k -> k.delete(key));
                    break;
                case 7:
                case 8:
                case 9: {
                    byte[] target = anyKey();
                    boolean nx = random.nextInt(4) == 0;
                    both(db, "RENAME", k -> k.rename(key, target, nx));
                    break;
                }
                case 10: {
                    byte[] target = anyKey();
                    int to = random.nextInt(DATABASES);
                    boolean replace = random.nextBoolean();
                    both(db, "COPY", k -> k.copy(key, to, target, replace));
                    break;
                }
                case 11:
                case 12:
                case 13: {
                    long expiry = expiry();
                    both(db, "PEXPIREAT", k -> k.expire(key, expiry, ExpireCondition.ALWAYS));
                    break;
                }
                case 14:
                    both(db, "PERSIST", k -> k.persist(key));
                    break;
                case 15:
                    both(db, "GETDEL", k -> k.getAndDelete(key));
                    break;
                case 16:
                    if (random.nextInt(20) == 0) {
                        both(db, "FLUSHDB", k -> {
                            k.clear();
                            return null;
                        });
                    }
                    break;
                default:
                    both(db, "TYPE", k -> k.type(key));
                    break;
            }
        }

        private void hashOp(int db, int op) {
            byte[] key = key(HASHES);
            byte[] field = element();
            if (op < 5) {
                List<HashEntry> entries = new ArrayList<>();
                for (byte[] f : elements(3)) {
                    entries.add(new HashEntry(f, element()));
                }
                both(db, "HSET", k -> k.hashes().set(key, entries));
            } else if (op < 7) {
                byte[] value = element();
                both(db, "HSETNX", k -> k.hashes().setIfAbsent(key, field, value));
            } else if (op < 10) {
                byte[][] fields = elements(2);
                both(db, "HDEL", k -> k.hashes().delete(key, fields));
            } else if (op < 13) {
                long by = random.nextInt(11) - 5;
                both(db, "HINCRBY", k -> k.hashes().incrBy(key, field, by));
            } else {
                byte[] by = b(random.nextBoolean() ? "1.5" : "-0.25");
                both(db, "HINCRBYFLOAT", k -> k.hashes().incrByFloat(key, field, by));
            }
        }

        private void listOp(int db, int op) {
            byte[] key = key(LISTS);
            ListEnd end = end();
            switch (op) {
                case 0:
                case 1:
                case 2:
                case 3:
                case 4: {
                    byte[][] elements = elements(3);
                    both(db, "PUSH", k -> k.lists().push(key, end, elements));
                    break;
                }
                case 5: {
                    byte[][] elements = elements(2);
                    both(db, "PUSHX", k -> k.lists().pushIfExists(key, end, elements));
                    break;
                }
                case 6:
                case 7:
                    both(db, "POP", k -> k.lists().pop(key, end));
                    break;
                case 8:
                case 9: {
                    long count = random.nextInt(5);
                    both(db, "POP count", k -> k.lists().pop(key, end, count));
                    break;
                }
                case 10: {
                    long index = random.nextInt(11) - 5;
                    byte[] element = element();
                    both(db, "LSET", k -> {
                        k.lists().set(key, index, element);
                        return null;
                    });
                    break;
                }
                case 11:
                case 12: {
                    byte[] pivot = element();
                    byte[] element = element();
                    boolean before = random.nextBoolean();
                    both(db, "LINSERT", k -> before ? k.lists().insertBefore(key, pivot, element)
                            : k.lists().insertAfter(key, pivot, element));
                    break;
                }
                case 13:
                case 14: {
                    long count = random.nextInt(5) - 2;
                    byte[] element = element();
                    both(db, "LREM", k -> k.lists().remove(key, count, element));
                    break;
                }
                case 15: {
                    long start = random.nextInt(13) - 6;
                    long stop = random.nextInt(13) - 6;
                    both(db, "LTRIM", k -> {
                        k.lists().trim(key, start, stop);
                        return null;
                    });
                    break;
                }
                case 16:
                case 17:
                case 18:
                case 19: {
                    byte[] destination = key(LISTS);
                    ListEnd to = end();
                    both(db, "LMOVE", k -> k.lists().move(key, destination, end, to));
                    break;
                }
                default: {
                    List<byte[]> keys = keys(LISTS, 3);
                    long count = 1 + random.nextInt(3);
                    both(db, "LMPOP", k -> k.lists().multiPop(keys, end, count));
                    break;
                }
            }
        }

        private void setOp(int db, int op) {
            byte[] key = key(SETS);
            if (op < 7) {
                byte[][] members = elements(3);
                both(db, "SADD", k -> k.sets().add(key, members));
            } else if (op < 10) {
                byte[][] members = elements(2);
                both(db, "SREM", k -> k.sets().remove(key, members));
            } else if (op < 12) {
                popBoth(db, key, op == 10 ? -1 : random.nextInt(4));
            } else if (op < 16) {
                byte[] destination = key(SETS);
                byte[] member = element();
                both(db, "SMOVE", k -> k.sets().move(key, destination, member));
            } else {
                byte[][] sources = keys(SETS, 3).toArray(new byte[0][]);
                switch (op) {
                    case 16:
                        both(db, "SINTERSTORE", k -> k.sets().intersectionStore(key, sources));
                        break;
                    case 17:
                        both(db, "SUNIONSTORE", k -> k.sets().unionStore(key, sources));
                        break;
                    default:
                        both(db, "SDIFFSTORE", k -> k.sets().differenceStore(key, sources));
                        break;
                }
            }
        }

        /** SPOP ({@code count} -1: without a count) on the store, then the same removal from the reference. */
        private void popBoth(int db, byte[] key, int count) {
            String what = "SPOP " + count + " " + KeyContents.text(key);
            List<byte[]> popped;
            try {
                popped = count < 0 ? listOf(store.database(db).sets().pop(key))
                        : store.database(db).sets().pop(key, count);
            } catch (RuntimeException e) {
                both(db, what, k -> count < 0 ? k.sets().pop(key) : k.sets().pop(key, count));
                return;
            }
            if (!popped.isEmpty()) {
                long removed = reference.database(db).sets().remove(key, popped.toArray(new byte[0][]));
                assertEquals(popped.size(), removed, context + ", " + what);
            }
        }

        /**
         * ZREMRANGEBYLEX on the store, then the removal of the members it removed from the reference: which members a
         * lex range takes from a set of different scores is unspecified (Redis's skiplist walk depends on its random
         * levels).
         */
        private void removeByLexBoth(int db, byte[] key, LexRange range) {
            String what = "ZREMRANGEBYLEX " + KeyContents.text(key);
            List<ScoredMember> before;
            long removed;
            try {
                before = store.database(db).sortedSets().range(key, SortedSetRange.byRank(0, -1));
                removed = store.database(db).sortedSets().removeRangeByLex(key, range);
            } catch (RuntimeException e) {
                both(db, what, k -> k.sortedSets().removeRangeByLex(key, range));
                return;
            }
            List<byte[]> gone = new ArrayList<>();
            for (ScoredMember m : before) {
                if (store.database(db).sortedSets().score(key, m.member()) == null) {
                    gone.add(m.member());
                }
            }
            assertEquals(removed, gone.size(), context + ", " + what);
            if (!gone.isEmpty()) {
                assertEquals(removed, reference.database(db).sortedSets().remove(key, gone.toArray(new byte[0][])),
                        context + ", " + what);
            }
        }

        private static List<byte[]> listOf(byte[] member) {
            return member == null ? List.of() : List.of(member);
        }

        private void sortedSetOp(int db, int op) {
            byte[] key = key(ZSETS);
            switch (op) {
                case 0:
                case 1:
                case 2:
                case 3:
                case 4: {
                    ZAddOptions options = zaddOptions();
                    List<ScoredMember> members = scored(3);
                    both(db, "ZADD", k -> k.sortedSets().add(key, options, members));
                    break;
                }
                case 5: {
                    ZAddOptions options = zaddOptions();
                    byte[] member = element();
                    double by = score();
                    both(db, "ZADD INCR", k -> k.sortedSets().addIncrement(key, options, member, by));
                    break;
                }
                case 6:
                case 7:
                case 8: {
                    byte[] member = element();
                    double by = score();
                    both(db, "ZINCRBY", k -> k.sortedSets().incrementBy(key, member, by));
                    break;
                }
                case 9:
                case 10: {
                    byte[][] members = elements(2);
                    both(db, "ZREM", k -> k.sortedSets().remove(key, members));
                    break;
                }
                case 11:
                case 12: {
                    long count = 1 + random.nextInt(3);
                    boolean max = random.nextBoolean();
                    both(db, "ZPOP", k -> max ? k.sortedSets().popMax(key, count) : k.sortedSets().popMin(key, count));
                    break;
                }
                case 13: {
                    List<byte[]> keys = keys(ZSETS, 3);
                    boolean max = random.nextBoolean();
                    long count = 1 + random.nextInt(3);
                    both(db, "ZMPOP", k -> k.sortedSets().multiPop(keys, max, count));
                    break;
                }
                case 14: {
                    long start = random.nextInt(9) - 4;
                    long stop = random.nextInt(9) - 4;
                    both(db, "ZREMRANGEBYRANK", k -> k.sortedSets().removeRangeByRank(key, start, stop));
                    break;
                }
                case 15: {
                    ScoreRange range = new ScoreRange(score(), random.nextBoolean(), score(), random.nextBoolean());
                    both(db, "ZREMRANGEBYSCORE", k -> k.sortedSets().removeRangeByScore(key, range));
                    break;
                }
                case 16:
                    removeByLexBoth(db, key, new LexRange(bound(), bound()));
                    break;
                case 17: {
                    List<byte[]> sources = keys(random.nextBoolean() ? ZSETS : SETS, 3);
                    Aggregate aggregate = Aggregate.values()[random.nextInt(3)];
                    double[] weights = random.nextBoolean() ? null
                            : sources.stream().mapToDouble(s -> random.nextInt(5) - 2).toArray();
                    both(db, "ZUNIONSTORE", k -> k.sortedSets().unionStore(key, sources, weights, aggregate));
                    break;
                }
                case 18: {
                    List<byte[]> sources = keys(ZSETS, 3);
                    if (random.nextBoolean()) {
                        both(db, "ZINTERSTORE", k -> k.sortedSets().interStore(key, sources, null, Aggregate.SUM));
                    } else {
                        both(db, "ZDIFFSTORE", k -> k.sortedSets().diffStore(key, sources));
                    }
                    break;
                }
                default: {
                    byte[] source = key(ZSETS);
                    SortedSetRange range = random.nextBoolean()
                            ? SortedSetRange.byRank(random.nextInt(5) - 2, random.nextInt(5) - 1)
                            : SortedSetRange.byScore(ScoreRange.closed(-2, 2)).limit(0, 1 + random.nextInt(3));
                    both(db, "ZRANGESTORE", k -> k.sortedSets().rangeStore(key, source, range));
                    break;
                }
            }
        }

        /** Applies {@code op} to the reference and to the store; their results, or exceptions' classes, must match. */
        private void both(int db, String what, Function<Keyspace, Object> op) {
            String expected = outcome(reference.database(db), op);
            String actual = outcome(store.database(db), op);
            assertEquals(expected, actual, context + ", operation " + count + ": " + what);
        }

        private static String outcome(Keyspace keyspace, Function<Keyspace, Object> op) {
            try {
                return render(op.apply(keyspace));
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName();
            }
        }

        private static String render(Object result) {
            if (result instanceof byte[]) {
                return "'" + KeyContents.text((byte[]) result) + "'";
            }
            if (result instanceof List) {
                return ((List<?>) result).stream().map(Workload::render).collect(Collectors.joining(", ", "[", "]"));
            }
            if (result instanceof ScoredMember) {
                ScoredMember m = (ScoredMember) result;
                return render(m.member()) + "=" + m.score();
            }
            if (result instanceof ListPop) {
                ListPop p = (ListPop) result;
                return render(p.key()) + render(p.elements());
            }
            if (result instanceof PoppedMembers) {
                PoppedMembers p = (PoppedMembers) result;
                return render(p.key()) + render(p.members());
            }
            if (result instanceof SetResult) {
                SetResult r = (SetResult) result;
                return r.written() + (r.previous() == null ? "" : " " + render(r.previous()));
            }
            if (result instanceof ValueType) {
                return result.toString();
            }
            return String.valueOf(result);
        }
    }

    /**
     * Real file operations that hold each snapshot once it has frozen the keyspace, before it writes anything, until
     * the test releases it.
     */
    private static final class SnapshotGate implements FileIo {

        private final FileIo real = new SystemFileIo();
        private final Semaphore held = new Semaphore(0);
        private final Semaphore go = new Semaphore(0);

        void awaitHeld() throws InterruptedException {
            assertTrue(held.tryAcquire(30, TimeUnit.SECONDS), "the snapshot did not start");
        }

        void release() {
            go.release();
        }

        @Override
        public FileChannel open(Path path) throws IOException {
            if (path.getFileName().toString().equals(Persistence.TEMPORARY)) {
                held.release();
                try {
                    if (!go.tryAcquire(30, TimeUnit.SECONDS)) {
                        throw new IOException("the test did not release the snapshot");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            return real.open(path);
        }

        @Override
        public int write(FileChannel channel, ByteBuffer source, long position) throws IOException {
            return real.write(channel, source, position);
        }

        @Override
        public void force(FileChannel channel) throws IOException {
            real.force(channel);
        }

        @Override
        public void truncate(FileChannel channel, long size) throws IOException {
            real.truncate(channel, size);
        }

        @Override
        public void move(Path source, Path target) throws IOException {
            real.move(source, target);
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            real.syncDirectory(directory);
        }

        @Override
        public void delete(Path path) throws IOException {
            real.delete(path);
        }
    }
}
