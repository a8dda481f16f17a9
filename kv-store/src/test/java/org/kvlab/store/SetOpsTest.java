package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ScanResult;
import org.kvlab.api.Sets;
import org.kvlab.api.ValueType;
import org.kvlab.api.WrongTypeException;

/** The embedded set API: Redis's semantics, encodings and wrong-type errors. */
final class SetOpsTest {

    private final KvStore store = KvStore.inMemory();
    private final Sets sets = store.sets();

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[][] bs(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = b(s[i]);
        }
        return out;
    }

    private static List<String> strings(List<byte[]> members) {
        List<String> out = new ArrayList<>();
        for (byte[] m : members) {
            out.add(new String(m, UTF_8));
        }
        return out;
    }

    private static Set<String> unordered(List<byte[]> members) {
        return new HashSet<>(strings(members));
    }

    @Test
    void add_countsNewDistinctMembers_andCreatesTheSet() {
        assertEquals(2, sets.add(b("s"), bs("a", "b", "a")));
        assertEquals(1, sets.add(b("s"), bs("b", "c")));
        assertEquals(ValueType.SET, store.type(b("s")));
        assertEquals(3, sets.cardinality(b("s")));
        assertThrows(IllegalArgumentException.class, () -> sets.add(b("s")));
    }

    @Test
    void members_ofAnIntset_areAscending() {
        sets.add(b("s"), bs("10", "-1", "3", "2"));
        assertEquals(List.of("-1", "2", "3", "10"), strings(sets.members(b("s"))));
        assertEquals("intset", store.encoding(b("s")));
        sets.add(b("s"), bs("x"));
        assertEquals("hashtable", store.encoding(b("s")));
    }

    @Test
    void remove_countsRemoved_andAnEmptiedSetDisappears() {
        sets.add(b("s"), bs("a", "b"));
        assertEquals(1, sets.remove(b("s"), bs("a", "a", "z")));
        assertEquals(1, sets.remove(b("s"), bs("b")));
        assertFalse(store.exists(b("s")));
        assertEquals(0, sets.remove(b("s"), bs("b")));
    }

    @Test
    void absentKeys_actAsEmptySets() {
        assertEquals(List.of(), sets.members(b("no")));
        assertFalse(sets.isMember(b("no"), b("a")));
        assertArrayEquals(new boolean[] {false, false}, sets.areMembers(b("no"), bs("a", "b")));
        assertEquals(0, sets.cardinality(b("no")));
        assertNull(sets.pop(b("no")));
        assertEquals(List.of(), sets.pop(b("no"), 3));
        assertNull(sets.randomMember(b("no")));
        assertEquals(List.of(), sets.randomMembers(b("no"), -5));
        assertEquals(0, sets.scan(b("no"), 0, 10, m -> true).cursor());
    }

    @Test
    void everyOperation_onAString_throwsWrongType() {
        store.set(b("str"), b("v"));
        byte[] k = b("str");
        List<Runnable> ops = List.of(
                () -> sets.add(k, b("a")), () -> sets.remove(k, b("a")), () -> sets.members(k),
                () -> sets.isMember(k, b("a")), () -> sets.areMembers(k, b("a")), () -> sets.cardinality(k),
                () -> sets.pop(k), () -> sets.pop(k, 0), () -> sets.randomMember(k), () -> sets.randomMembers(k, 0),
                () -> sets.intersection(b("no"), k), () -> sets.union(k), () -> sets.difference(b("no"), k),
                () -> sets.intersectionCardinality(0, k), () -> sets.intersectionStore(b("d"), b("no"), k),
                () -> sets.scan(k, 0, 10, m -> true));
        for (Runnable op : ops) {
            assertThrows(WrongTypeException.class, op::run);
        }
        assertEquals("v", new String(store.get(k), UTF_8));
    }

    @Test
    void areMembers_answersEachInOrder() {
        sets.add(b("s"), bs("a", "1"));
        assertArrayEquals(new boolean[] {true, false, true}, sets.areMembers(b("s"), bs("a", "b", "1")));
        assertTrue(sets.isMember(b("s"), b("1")));
    }

    @Test
    void pop_removesWhatItReturns_inEachOfRedisStrategies() {
        for (int count : new int[] {1, 3, 9, 10, 11, 50}) {
            store.delete(b("s"));
            for (int i = 0; i < 10; i++) {
                sets.add(b("s"), b("m" + i));
            }
            List<byte[]> popped = sets.pop(b("s"), count);
            assertEquals(Math.min(count, 10), unordered(popped).size(), "distinct, count " + count);
            assertEquals(Math.max(0, 10 - count), sets.cardinality(b("s")));
            for (byte[] m : popped) {
                assertFalse(sets.isMember(b("s"), m));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> sets.pop(b("s"), -1));
    }

    @Test
    void pop_ofAlmostAllOfAHashtable_rebuildsTheRest_asRedisDoes() {
        String[] members = new String[30];
        members[0] = "a";
        for (int i = 1; i < 30; i++) {
            members[i] = Integer.toString(i);
        }
        for (int i = 0; i < 20; i++) {
            store.delete(b("s"));
            sets.add(b("s"), bs(members));
            sets.pop(b("s"), 25);
            String expected = sets.isMember(b("s"), b("a")) ? "hashtable" : "intset";
            assertEquals(expected, store.encoding(b("s")), "5 kept of 30 are a new set");
        }
        store.delete(b("s"));
        sets.add(b("s"), bs("a", "1", "2", "3"));
        sets.pop(b("s"), 1);
        assertEquals("hashtable", store.encoding(b("s")), "1 popped of 4 leaves the set as it was");
    }

    @Test
    void randomMembers_positiveAreDistinct_negativeMayRepeat() {
        sets.add(b("s"), bs("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
        for (int count : new int[] {1, 2, 4, 9}) {
            List<byte[]> drawn = sets.randomMembers(b("s"), count);
            assertEquals(count, drawn.size());
            assertEquals(count, unordered(drawn).size());
        }
        assertEquals(10, sets.randomMembers(b("s"), 100).size());
        List<byte[]> repeated = sets.randomMembers(b("s"), -50);
        assertEquals(50, repeated.size());
        assertTrue(unordered(repeated).size() <= 10);
        assertEquals(List.of(), sets.randomMembers(b("s"), 0));
        assertThrows(IllegalArgumentException.class, () -> sets.randomMembers(b("s"), Long.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> sets.randomMembers(b("s"), -(1L << 40)));
        assertEquals(10, sets.cardinality(b("s")), "a read changes nothing");
    }

    @Test
    void move_isAtomicAcrossKeys() {
        sets.add(b("src"), bs("a", "b"));
        assertTrue(sets.move(b("src"), b("dst"), b("a")));
        assertFalse(sets.move(b("src"), b("dst"), b("a")));
        assertEquals(Set.of("b"), unordered(sets.members(b("src"))));
        assertEquals(Set.of("a"), unordered(sets.members(b("dst"))));
        assertTrue(sets.move(b("src"), b("dst"), b("b")));
        assertFalse(store.exists(b("src")));
        assertEquals(Set.of("a", "b"), unordered(sets.members(b("dst"))));
        assertTrue(sets.move(b("dst"), b("dst"), b("a")));
        assertFalse(sets.move(b("dst"), b("dst"), b("z")));
        store.set(b("str"), b("v"));
        assertFalse(sets.move(b("none"), b("str"), b("a")), "an absent source is checked first");
        assertThrows(WrongTypeException.class, () -> sets.move(b("dst"), b("str"), b("z")));
    }

    @Test
    void intersectionUnionDifference_followRedis() {
        sets.add(b("a"), bs("1", "2", "3", "x"));
        sets.add(b("b"), bs("2", "3", "4"));
        sets.add(b("c"), bs("3", "9"));
        assertEquals(List.of("3"), strings(sets.intersection(b("a"), b("b"), b("c"))));
        assertEquals(List.of("2", "3"), strings(sets.intersection(b("b"), b("a"))), "the smallest set's order");
        assertEquals(List.of(), sets.intersection(b("a"), b("none")));
        assertEquals(List.of("2", "3", "4", "9"), strings(sets.union(b("b"), b("c"), b("none"), b("b"))),
                "an intset result is ascending");
        assertEquals(Set.of("1", "2", "3", "4", "9", "x"), unordered(sets.union(b("a"), b("b"), b("c"))));
        assertEquals(Set.of("1", "x"), unordered(sets.difference(b("a"), b("b"), b("c"))));
        assertEquals(List.of(), sets.difference(b("a"), b("b"), b("a")));
        assertEquals(List.of(), sets.difference(b("none"), b("a")));
        assertEquals(2, sets.intersectionCardinality(0, b("a"), b("b")));
        assertEquals(1, sets.intersectionCardinality(1, b("a"), b("b")));
        assertThrows(IllegalArgumentException.class, () -> sets.intersectionCardinality(-1, b("a")));
        assertThrows(IllegalArgumentException.class, () -> sets.union());
    }

    @Test
    void storeVariants_replaceAnyType_dropTheExpiry_andDeleteOnEmpty() {
        sets.add(b("a"), bs("1", "2", "3"));
        sets.add(b("b"), bs("2", "3", "4"));
        store.set(b("d"), b("string"));
        store.expire(b("d"), store.clock().millis() + 100_000, org.kvlab.api.ExpireCondition.ALWAYS);
        assertEquals(2, sets.intersectionStore(b("d"), b("a"), b("b")));
        assertEquals(List.of("2", "3"), strings(sets.members(b("d"))));
        assertEquals(Keyspace.NO_EXPIRY, store.expiryMillis(b("d")));
        assertEquals(4, sets.unionStore(b("d"), b("a"), b("b")));
        assertEquals(List.of("1", "2", "3", "4"), strings(sets.members(b("d"))));
        assertEquals(1, sets.differenceStore(b("d"), b("a"), b("b")));
        assertEquals(List.of("1"), strings(sets.members(b("d"))));
        assertEquals(0, sets.intersectionStore(b("d"), b("a"), b("none")));
        assertFalse(store.exists(b("d")));
        assertEquals(3, sets.unionStore(b("a"), b("a"), b("none")), "the destination may be a source");
        assertEquals(0, sets.differenceStore(b("e"), b("none")));
        assertFalse(store.exists(b("e")));
    }

    @Test
    void storedResults_takeTheEncodingTheirMembersCallFor() {
        sets.add(b("a"), bs("1", "2", "x"));
        sets.add(b("b"), bs("1", "2", "y"));
        sets.intersectionStore(b("d"), b("a"), b("b"));
        assertEquals("intset", store.encoding(b("d")));
        sets.unionStore(b("d"), b("a"), b("b"));
        assertEquals("hashtable", store.encoding(b("d")));
    }

    @Test
    void differenceStore_byAddingThenRemoving_keepsAHashtableAsRedisDoes() {
        // 10 members against two small sets: Redis adds the first set and removes the others (its algorithm 2)
        sets.add(b("a"), bs("x", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        sets.add(b("b"), bs("x"));
        sets.add(b("c"), bs("1"));
        assertEquals(8, sets.differenceStore(b("d"), b("a"), b("b"), b("c")));
        assertEquals("hashtable", store.encoding(b("d")));
        assertEquals(Set.of("2", "3", "4", "5", "6", "7", "8", "9"), unordered(sets.members(b("d"))));
        // two sets: it looks each member up (algorithm 1) and adds only the integers left
        assertEquals(9, sets.differenceStore(b("d"), b("a"), b("b")));
        assertEquals("intset", store.encoding(b("d")));
    }

    @Test
    void scan_ofAHashtable_visitsEveryMemberOnce_ofAnIntset_inOneStep() {
        for (int i = 0; i < 1000; i++) {
            sets.add(b("h"), b("m" + i));
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int steps = 0;
        do {
            ScanResult r = sets.scan(b("h"), cursor, 10, m -> true);
            for (byte[] m : r.keys()) {
                assertTrue(seen.add(new String(m, UTF_8)), "no duplicates without a resize");
            }
            cursor = r.cursor();
            steps++;
        } while (cursor != 0);
        assertEquals(1000, seen.size());
        assertTrue(steps > 10, "steps: " + steps);
        sets.add(b("i"), bs("3", "1", "2"));
        ScanResult r = sets.scan(b("i"), 0, 1, m -> m[0] != '2');
        assertEquals(0, r.cursor());
        assertEquals(List.of("1", "3"), strings(r.keys()));
    }
}
