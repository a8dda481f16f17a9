package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.kvlab.api.Aggregate;
import org.kvlab.api.EncodingLimits;
import org.kvlab.api.LexRange;
import org.kvlab.api.ScoreRange;
import org.kvlab.api.ScoredMember;
import org.kvlab.api.SortedSetRange;
import org.kvlab.api.SortedSets;
import org.kvlab.api.WrongTypeException;
import org.kvlab.api.ZAddOptions;

/** The sorted set's two encodings, its conversion, and its ranks and ranges against a simple model. */
final class SortedSetValueTest {

    private static final byte[] K = b("z");

    private static List<ScoredMember> pairs(Object... scoreThenMember) {
        List<ScoredMember> out = new ArrayList<>();
        for (int i = 0; i < scoreThenMember.length; i += 2) {
            out.add(new ScoredMember(b((String) scoreThenMember[i + 1]), ((Number) scoreThenMember[i]).doubleValue()));
        }
        return out;
    }

    private static List<String> members(List<ScoredMember> list) {
        List<String> out = new ArrayList<>();
        for (ScoredMember m : list) {
            out.add(new String(m.member(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void smallSet_isOneListpack_andConvertsPastEitherLimit() {
        try (KvStore store = KvStore.inMemory()) {
            SortedSets z = store.sortedSets();
            for (int i = 0; i < 128; i++) {
                z.add(K, ZAddOptions.DEFAULT, pairs(i, "m" + i));
            }
            assertEquals("listpack", store.encoding(K));
            z.add(K, ZAddOptions.DEFAULT, pairs(1000, "one-more"));
            assertEquals("skiplist", store.encoding(K));
            z.remove(K, b("one-more"), b("m1"), b("m2"));
            assertEquals("skiplist", store.encoding(K), "a skiplist never converts back on its own");
            assertEquals(126, z.cardinality(K));

            byte[] other = b("long");
            z.add(other, ZAddOptions.DEFAULT, pairs(1, "x".repeat(64)));
            assertEquals("listpack", store.encoding(other));
            z.add(other, ZAddOptions.DEFAULT, pairs(2, "x".repeat(65)));
            assertEquals("skiplist", store.encoding(other));
        }
    }

    @Test
    void storeResults_takeTheEncodingTheirSizeCallsFor() {
        try (KvStore store = KvStore.inMemory()) {
            SortedSets z = store.sortedSets();
            for (int i = 0; i < 200; i++) {
                z.add(K, ZAddOptions.DEFAULT, pairs(i, "m" + i));
            }
            assertEquals(10, z.rangeStore(b("small"), K, SortedSetRange.byRank(0, 9)));
            assertEquals("listpack", store.encoding(b("small")));
            assertEquals(200, z.unionStore(b("big"), List.of(K), null, Aggregate.SUM));
            assertEquals("skiplist", store.encoding(b("big")));
            assertEquals(0, z.rangeStore(b("small"), K, SortedSetRange.byScore(ScoreRange.closed(500, 600))));
            assertEquals(0, store.exists(b("small")) ? 1 : 0);
        }
    }

    @Test
    void negativeZero_isZeroInAListpack_andKeepsItsSignInASkiplist() {
        try (KvStore store = KvStore.inMemory()) {
            SortedSets z = store.sortedSets();
            z.add(K, ZAddOptions.DEFAULT, pairs(-0.0, "a"));
            assertEquals(0x0L, Double.doubleToRawLongBits(z.score(K, b("a"))));
            store.encodingLimits().set("zset-max-listpack-entries", "0");
            z.add(b("s"), ZAddOptions.DEFAULT, pairs(-0.0, "a"));
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(z.score(b("s"), b("a"))));
        }
    }

    @Test
    void incrementToNaN_throwsAndChangesNothing() {
        try (KvStore store = KvStore.inMemory()) {
            SortedSets z = store.sortedSets();
            z.add(K, ZAddOptions.DEFAULT, pairs(Double.POSITIVE_INFINITY, "a"));
            assertThrows(ArithmeticException.class, () -> z.incrementBy(K, b("a"), Double.NEGATIVE_INFINITY));
            assertEquals(Double.POSITIVE_INFINITY, z.score(K, b("a")));
        }
    }

    @Test
    void otherTypes_areWrongType_absentKeysEmpty() {
        try (KvStore store = KvStore.inMemory()) {
            SortedSets z = store.sortedSets();
            store.set(K, b("string"));
            assertThrows(WrongTypeException.class, () -> z.cardinality(K));
            assertThrows(WrongTypeException.class, () -> z.union(List.of(b("absent"), K), null, Aggregate.SUM));
            assertNull(z.score(b("absent"), b("a")));
            assertEquals(List.of(), z.range(b("absent"), SortedSetRange.byRank(0, -1)));
            assertNull(z.multiPop(List.of(b("absent")), false, 1));
        }
    }

    /**
     * A plain set as another branch of kvlab will hold it, reduced to what the sorted-set operations read of it: its
     * type and {@link Container#elements()}.
     */
    private static final class PlainSet extends Container {
        private final byte[][] members;

        PlainSet(byte[]... members) {
            this.members = members;
        }

        @Override
        org.kvlab.api.ValueType type() {
            return org.kvlab.api.ValueType.SET;
        }

        @Override
        String encoding() {
            return "hashtable";
        }

        @Override
        int size() {
            return members.length;
        }

        @Override
        long memory() {
            return 0;
        }

        @Override
        Container copy() {
            return this;
        }

        @Override
        void apply(byte op, byte[][] args, EncodingLimits limits) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        byte[][] elements() {
            return members;
        }

        @Override
        void load(byte[][] elements, int from, EncodingLimits limits) {
            throw new UnsupportedOperationException("read-only");
        }
    }

    private static void putPlainSet(KvStore store, byte[] key, byte[]... members) {
        Segment segment = store.databaseAt(0).segmentFor(KvHash.hash(key));
        segment.lock();
        try {
            segment.put(null, KvHash.hash(key), key, new PlainSet(members), org.kvlab.api.Keyspace.NO_EXPIRY);
        } finally {
            segment.unlock();
        }
    }

    @Test
    void plainSets_areInputsWhoseMembersScoreOne() {
        try (KvStore store = KvStore.inMemory()) {
            SortedSets z = store.sortedSets();
            putPlainSet(store, b("set"), b("a"), b("x"));
            z.add(K, ZAddOptions.DEFAULT, pairs(5, "a", 2, "b"));
            List<ScoredMember> union = z.union(List.of(K, b("set")), new double[] {1, 3}, Aggregate.SUM);
            assertEquals(List.of("b", "x", "a"), members(union));
            assertEquals(List.of(2.0, 3.0, 8.0), union.stream().map(ScoredMember::score).toList());
            List<ScoredMember> inter = z.inter(List.of(b("set"), K), null, Aggregate.MIN);
            assertEquals(List.of("a"), members(inter));
            assertEquals(1.0, inter.get(0).score());
            assertEquals(List.of("x"), members(z.diff(List.of(b("set"), K))));
            assertEquals(1.0, z.diff(List.of(b("set"), K)).get(0).score());
            assertEquals(1, z.interCard(List.of(K, b("set")), 0));
            assertEquals(2, z.unionStore(b("set"), List.of(b("set")), null, Aggregate.SUM));
            assertEquals(org.kvlab.api.ValueType.ZSET, store.type(b("set")), "a store replaces the set");
        }
    }

    @Test
    void lexRanges_followRedisBounds() {
        try (KvStore store = KvStore.inMemory()) {
            SortedSets z = store.sortedSets();
            z.add(K, ZAddOptions.DEFAULT, pairs(0, "a", 0, "b", 0, "c", 0, "d"));
            LexRange bToD = new LexRange(LexRange.Bound.inclusive(b("b")), LexRange.Bound.exclusive(b("d")));
            assertEquals(List.of("b", "c"), members(z.range(K, SortedSetRange.byLex(bToD))));
            assertEquals(List.of("c"), members(z.range(K, SortedSetRange.byLex(LexRange.ALL).reversed().limit(1, 1))));
            assertEquals(0, z.lexCount(K, new LexRange(LexRange.Bound.PLUS, LexRange.Bound.MINUS)));
            LexRange toB = new LexRange(LexRange.Bound.MINUS, LexRange.Bound.inclusive(b("b")));
            assertEquals(2, z.removeRangeByLex(K, toB));
            assertEquals(List.of("c", "d"), members(z.range(K, SortedSetRange.byRank(0, -1))));
        }
    }

    // --- the model ---

    /** One step: an operation, a member, a score, and two integers for ranks or counts. */
    record Op(int code, int member, double score, int x, int y) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 40),
                        Arbitraries.of(0.0, -0.0, 1.0, -1.0, 2.5, 3.0, 1e20, Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY, 0.1),
                        Arbitraries.integers().between(-12, 12), Arbitraries.integers().between(-12, 12))
                .as(Op::new).list().ofMaxSize(200);
    }

    private static byte[] member(int i) {
        return i == 40 ? b("L".repeat(70)) : b("m" + (char) ('a' + i % 26) + i);
    }

    /** Redis's order: scores as doubles compare, then member bytes unsigned. */
    private static List<ScoredMember> sorted(Map<String, Double> model) {
        List<ScoredMember> out = new ArrayList<>();
        model.forEach((m, s) -> out.add(new ScoredMember(m.getBytes(StandardCharsets.ISO_8859_1), s)));
        out.sort(SortedSetOps.ORDER);
        return out;
    }

    private static void assertSame(List<ScoredMember> expected, List<ScoredMember> actual, String what) {
        assertEquals(members(expected), members(actual), what);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(expected.get(i).score() == actual.get(i).score(), what + " score of " + i);
        }
    }

    @Property(tries = 60)
    void ranksAndRanges_matchASortedModel(@ForAll("operations") List<Op> ops, @ForAll boolean smallListpacks) {
        try (KvStore store = KvStore.inMemory()) {
            EncodingLimits limits = store.encodingLimits();
            limits.set("zset-max-listpack-entries", smallListpacks ? "4" : "128");
            SortedSets z = store.sortedSets();
            Map<String, Double> model = new HashMap<>();
            for (Op op : ops) {
                byte[] m = member(op.member);
                String key = new String(m, StandardCharsets.ISO_8859_1);
                List<ScoredMember> before = sorted(model);
                int n = before.size();
                switch (op.code) {
                    case 0:
                    case 1:
                    case 2:
                        z.add(K, ZAddOptions.DEFAULT, List.of(new ScoredMember(m, op.score)));
                        model.merge(key, op.score, (old, s) -> old == s ? old : s);
                        break;
                    case 3:
                        assertEquals(model.remove(key) != null ? 1 : 0, z.remove(K, m));
                        break;
                    case 4:
                        if (model.containsKey(key) && Double.isNaN(model.get(key) + op.score)) {
                            assertThrows(ArithmeticException.class, () -> z.incrementBy(K, m, op.score));
                        } else {
                            double r = z.incrementBy(K, m, op.score);
                            double expected = model.containsKey(key) ? model.get(key) + op.score : op.score;
                            assertTrue(r == expected);
                            model.put(key, expected);
                        }
                        break;
                    case 5:
                        List<ScoredMember> popped = op.x >= 0 ? z.popMin(K, op.x) : z.popMax(K, -op.x);
                        List<ScoredMember> ends = new ArrayList<>(op.x >= 0 ? before.subList(0, Math.min(n, op.x))
                                : reversed(before).subList(0, Math.min(n, -op.x)));
                        assertSame(ends, popped, "pop " + op.x);
                        ends.forEach(e -> model.remove(new String(e.member(), StandardCharsets.ISO_8859_1)));
                        break;
                    case 6:
                        List<ScoredMember> ranked = rankRange(before, op.x, op.y);
                        assertEquals(ranked.size(), z.removeRangeByRank(K, op.x, op.y));
                        ranked.forEach(e -> model.remove(new String(e.member(), StandardCharsets.ISO_8859_1)));
                        break;
                    case 7:
                        ScoreRange range = new ScoreRange(op.x / 4.0, op.x % 2 != 0, op.y / 2.0, op.y % 3 == 0);
                        List<ScoredMember> in = new ArrayList<>();
                        before.stream().filter(e -> range.contains(e.score())).forEach(in::add);
                        assertEquals(in.size(), z.count(K, range));
                        assertSame(in, z.range(K, SortedSetRange.byScore(range)), "by score " + range);
                        assertSame(reversed(in), z.range(K, SortedSetRange.byScore(range).reversed()), "reversed");
                        int offset = Math.abs(op.x) % 4;
                        assertSame(in.subList(Math.min(offset, in.size()), Math.min(in.size(), offset + 2)),
                                z.range(K, SortedSetRange.byScore(range).limit(offset, 2)), "limit");
                        if (op.member % 2 == 0) {
                            assertEquals(in.size(), z.removeRangeByScore(K, range));
                            in.forEach(e -> model.remove(new String(e.member(), StandardCharsets.ISO_8859_1)));
                        }
                        break;
                    default:
                        assertSame(rankRange(before, op.x, op.y), z.range(K, SortedSetRange.byRank(op.x, op.y)),
                                "rank range");
                        assertSame(rankRange(reversed(before), op.x, op.y),
                                z.range(K, SortedSetRange.byRank(op.x, op.y).reversed()), "reverse rank range");
                        break;
                }
                List<ScoredMember> after = sorted(model);
                assertEquals(after.size(), z.cardinality(K));
                assertSame(after, z.range(K, SortedSetRange.byRank(0, -1)), "contents");
                Long rank = z.rank(K, m);
                assertEquals(model.containsKey(key) ? Long.valueOf(members(after).indexOf(key)) : null, rank);
                if (rank != null) {
                    assertEquals(after.size() - 1 - rank, z.reverseRank(K, m));
                    assertTrue(model.get(key).doubleValue() == z.score(K, m).doubleValue());
                }
                boolean big = after.size() > limits.zsetMaxListpackEntries() || model.containsKey(new String(
                        member(40), StandardCharsets.ISO_8859_1));
                if (big) {
                    assertEquals("skiplist", store.encoding(K));
                } else if (after.isEmpty()) {
                    assertNull(store.encoding(K));
                }
            }
        }
    }

    private static List<ScoredMember> reversed(List<ScoredMember> list) {
        List<ScoredMember> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    /** Redis's rank range: negative ranks from the end, clamped, empty if start is past stop or the end. */
    private static List<ScoredMember> rankRange(List<ScoredMember> list, long start, long stop) {
        int n = list.size();
        if (start < 0) {
            start += n;
        }
        if (stop < 0) {
            stop += n;
        }
        start = Math.max(0, start);
        if (start > stop || start >= n) {
            return List.of();
        }
        return list.subList((int) start, (int) Math.min(stop, n - 1) + 1);
    }
}
