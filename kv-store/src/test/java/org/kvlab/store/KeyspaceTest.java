package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.KvOutOfMemoryException;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.NoSuchKeyException;
import org.kvlab.api.ScanResult;
import org.kvlab.api.SetOptions;
import org.kvlab.api.SetOptions.Condition;
import org.kvlab.api.SetResult;
import org.kvlab.api.ValueType;

final class KeyspaceTest {

    private static final long NOW = 1_700_000_000_000L;

    private final MutableClock clock = new MutableClock(NOW);
    private final KvStore store = KvStore.builder().clock(clock).build();

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    private static SetOptions options(Condition condition, long expiry, boolean keepTtl, boolean get) {
        return new SetOptions(condition, expiry, keepTtl, get);
    }

    @Test
    void get_absentKey_returnsNull() {
        assertNull(store.get(b("k")));
        assertFalse(store.exists(b("k")));
        assertEquals(ValueType.NONE, store.type(b("k")));
        assertEquals(Keyspace.ABSENT, store.expiryMillis(b("k")));
    }

    @Test
    void set_thenGet_returnsValueAndBinaryKeysStayDistinct() {
        store.set(new byte[] {0, 1, -1}, b("binary"));
        store.set(new byte[] {0, 1}, b("shorter"));
        assertEquals("binary", s(store.get(new byte[] {0, 1, -1})));
        assertEquals("shorter", s(store.get(new byte[] {0, 1})));
        assertEquals(ValueType.STRING, store.type(new byte[] {0, 1}));
        assertEquals(2, store.size());
    }

    @Test
    void set_plain_removesExpiry() {
        store.set(b("k"), b("v"), options(Condition.ALWAYS, NOW + 1000, false, false));
        store.set(b("k"), b("w"));
        assertEquals(Keyspace.NO_EXPIRY, store.expiryMillis(b("k")));
        assertEquals(0, store.expiringKeys());
    }

    @Test
    void set_ifAbsentOnExistingKey_writesNothingButReturnsPrevious() {
        store.set(b("k"), b("v"));
        SetResult result = store.set(b("k"), b("w"), options(Condition.IF_ABSENT, Keyspace.NO_EXPIRY, false, true));
        assertFalse(result.written());
        assertEquals("v", s(result.previous()));
        assertEquals("v", s(store.get(b("k"))));
    }

    @Test
    void set_ifPresentOnAbsentKey_writesNothing() {
        assertSame(SetResult.NOT_WRITTEN, store.set(b("k"), b("w"), options(Condition.IF_PRESENT, -1, false, true)));
        assertNull(store.get(b("k")));
    }

    @Test
    void set_withGet_returnsPreviousValue() {
        store.set(b("k"), b("v"));
        SetResult result = store.set(b("k"), b("w"), options(Condition.ALWAYS, -1, false, true));
        assertTrue(result.written());
        assertEquals("v", s(result.previous()));
        assertEquals("w", s(store.get(b("k"))));
    }

    @Test
    void set_keepTtl_keepsExistingExpiry() {
        store.set(b("k"), b("v"), options(Condition.ALWAYS, NOW + 5000, false, false));
        store.set(b("k"), b("w"), options(Condition.ALWAYS, -1, true, false));
        assertEquals(NOW + 5000, store.expiryMillis(b("k")));
        assertEquals("w", s(store.get(b("k"))));
        assertEquals(1, store.expiringKeys());
    }

    @Test
    void set_expiryAlreadyPast_keepsTheKeyExpired_whichReadsAsAbsent() {
        store.set(b("k"), b("v"));
        assertTrue(store.set(b("k"), b("w"), options(Condition.ALWAYS, NOW - 1, false, false)).written());
        assertEquals(1, store.size(), "as Redis's SET ... PXAT: held until removed as expired");
        assertNull(store.get(b("k")));
        assertEquals(0, store.size());
    }

    @Test
    void expiredKey_behavesAsAbsentEverywhere() {
        store.set(b("k"), b("v"), options(Condition.ALWAYS, NOW + 10, false, false));
        clock.advance(11);
        assertNull(store.get(b("k")));
        assertFalse(store.exists(b("k")));
        assertEquals(Keyspace.ABSENT, store.expiryMillis(b("k")));
        assertTrue(store.set(b("k"), b("new"), options(Condition.IF_ABSENT, -1, false, false)).written());
        assertEquals(Keyspace.NO_EXPIRY, store.expiryMillis(b("k")));
    }

    @Test
    void setAll_onlyIfNoneExist_writesNothingWhenOneExists() {
        store.set(b("b"), b("old"));
        assertFalse(store.setAll(new byte[][] {b("a"), b("b")}, new byte[][] {b("1"), b("2")}, true));
        assertNull(store.get(b("a")));
        assertEquals("old", s(store.get(b("b"))));
        assertTrue(store.setAll(new byte[][] {b("a"), b("b")}, new byte[][] {b("1"), b("2")}, false));
        assertEquals("1", s(store.get(b("a"))));
        assertEquals("2", s(store.get(b("b"))));
    }

    @Test
    void setAll_sameKeyTwice_keepsTheLastValue() {
        assertTrue(store.setAll(new byte[][] {b("a"), b("a")}, new byte[][] {b("1"), b("2")}, false));
        assertEquals("2", s(store.get(b("a"))));
        assertEquals(1, store.size());
    }

    @Test
    void setAll_removesExpiries() {
        store.set(b("a"), b("v"), options(Condition.ALWAYS, NOW + 100, false, false));
        store.setAll(new byte[][] {b("a")}, new byte[][] {b("w")}, false);
        assertEquals(Keyspace.NO_EXPIRY, store.expiryMillis(b("a")));
    }

    @Test
    void setAll_lengthsDiffer_throws() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.setAll(new byte[][] {b("a")}, new byte[0][], false));
        assertEquals("values: 0 elements (expected: as many as keys, 1)", e.getMessage());
    }

    @Test
    void update_keepsExpiryAndSeesNullForAbsentKey() {
        assertEquals("x", s(store.update(b("k"), old -> old == null ? b("x") : b("y"))));
        store.expire(b("k"), NOW + 100, ExpireCondition.ALWAYS);
        assertEquals("y", s(store.update(b("k"), old -> old == null ? b("x") : b("y"))));
        assertEquals(NOW + 100, store.expiryMillis(b("k")));
    }

    @Test
    void update_throwing_changesNothing() {
        store.set(b("k"), b("v"));
        assertThrows(IllegalStateException.class, () -> store.update(b("k"), old -> {
            throw new IllegalStateException("no");
        }));
        assertEquals("v", s(store.get(b("k"))));
    }

    @Test
    void getAndDelete_returnsValueOnceThenNull() {
        store.set(b("k"), b("v"));
        assertEquals("v", s(store.getAndDelete(b("k"))));
        assertNull(store.getAndDelete(b("k")));
        assertFalse(store.delete(b("k")));
    }

    @Test
    void getAndSetExpiry_setsAndRemovesExpiry() {
        assertNull(store.getAndSetExpiry(b("k"), NOW + 100));
        store.set(b("k"), b("v"));
        assertEquals("v", s(store.getAndSetExpiry(b("k"), NOW + 100)));
        assertEquals(NOW + 100, store.expiryMillis(b("k")));
        assertEquals("v", s(store.getAndSetExpiry(b("k"), Keyspace.NO_EXPIRY)));
        assertEquals(Keyspace.NO_EXPIRY, store.expiryMillis(b("k")));
    }

    @Test
    void getAndSetExpiry_pastTime_returnsValueAndDeletes() {
        store.set(b("k"), b("v"));
        assertEquals("v", s(store.getAndSetExpiry(b("k"), NOW - 1)));
        assertFalse(store.exists(b("k")));
    }

    @Test
    void expire_inThePast_deletesKey() {
        store.set(b("k"), b("v"));
        assertTrue(store.expire(b("k"), NOW - 5, ExpireCondition.ALWAYS));
        assertFalse(store.exists(b("k")));
        assertEquals(0, store.size());
    }

    @Test
    void expire_absentKey_returnsFalse() {
        assertFalse(store.expire(b("k"), NOW + 5, ExpireCondition.ALWAYS));
    }

    @Test
    void expire_conditions_followRedis() {
        store.set(b("k"), b("v"));
        assertFalse(store.expire(b("k"), NOW + 100, ExpireCondition.XX));
        assertFalse(store.expire(b("k"), NOW + 100, ExpireCondition.GT), "no expiry counts as infinitely late");
        assertTrue(store.expire(b("k"), NOW + 100, ExpireCondition.NX));
        assertFalse(store.expire(b("k"), NOW + 200, ExpireCondition.NX));
        assertFalse(store.expire(b("k"), NOW + 200, ExpireCondition.LT));
        assertTrue(store.expire(b("k"), NOW + 200, ExpireCondition.GT));
        assertFalse(store.expire(b("k"), NOW + 150, ExpireCondition.GT));
        assertTrue(store.expire(b("k"), NOW + 150, ExpireCondition.LT));
        assertTrue(store.expire(b("k"), NOW + 300, ExpireCondition.XX));
        assertEquals(NOW + 300, store.expiryMillis(b("k")));
        store.persist(b("k"));
        assertTrue(store.expire(b("k"), NOW + 50, ExpireCondition.LT));
        assertEquals(NOW + 50, store.expiryMillis(b("k")));
    }

    @Test
    void expire_negativeTime_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.expire(b("k"), -1, ExpireCondition.ALWAYS));
        assertEquals("expiryMillis: -1 (expected: >= 0)", e.getMessage());
    }

    @Test
    void persist_returnsWhetherThereWasAnExpiry() {
        assertFalse(store.persist(b("k")));
        store.set(b("k"), b("v"));
        assertFalse(store.persist(b("k")));
        store.expire(b("k"), NOW + 100, ExpireCondition.ALWAYS);
        assertEquals(1, store.expiringKeys());
        assertTrue(store.persist(b("k")));
        assertEquals(Keyspace.NO_EXPIRY, store.expiryMillis(b("k")));
        assertEquals(0, store.expiringKeys());
    }

    @Test
    void rename_absentSource_throwsNoSuchKey() {
        assertThrows(NoSuchKeyException.class, () -> store.rename(b("a"), b("b"), false));
    }

    @Test
    void rename_ontoItself_succeedsAndChangesNothing() {
        store.set(b("a"), b("v"), options(Condition.ALWAYS, NOW + 100, false, false));
        assertTrue(store.rename(b("a"), b("a"), false));
        assertFalse(store.rename(b("a"), b("a"), true), "the target exists, as in Redis's RENAMENX");
        assertEquals("v", s(store.get(b("a"))));
        assertEquals(NOW + 100, store.expiryMillis(b("a")));
    }

    @Test
    void rename_carriesExpiryAndReplacesTarget() {
        store.set(b("a"), b("v"), options(Condition.ALWAYS, NOW + 100, false, false));
        store.set(b("b"), b("old"));
        assertTrue(store.rename(b("a"), b("b"), false));
        assertNull(store.get(b("a")));
        assertEquals("v", s(store.get(b("b"))));
        assertEquals(NOW + 100, store.expiryMillis(b("b")));
        assertEquals(1, store.size());
        assertEquals(1, store.expiringKeys());
    }

    @Test
    void rename_ontoAKeyEarlierInTheSameBucket_replacesIt() {
        byte[] source = b("k0");
        byte[] target = null;
        int hash = KvHash.hash(source);
        for (int i = 1; target == null; i++) {
            int other = KvHash.hash(b("k" + i));
            if (other >>> (32 - Database.SEGMENT_BITS) == hash >>> (32 - Database.SEGMENT_BITS)
                    && (other & (Segment.MIN_CAPACITY - 1)) == (hash & (Segment.MIN_CAPACITY - 1))) {
                target = b("k" + i);
            }
        }
        store.set(source, b("from"));
        store.set(target, b("to"));
        assertTrue(store.rename(source, target, false));
        assertEquals("from", s(store.get(target)));
        assertNull(store.get(source));
        assertEquals(1, store.size());
        store.delete(target);
        assertEquals(0, store.usedMemory());
    }

    @Test
    void rename_onlyIfTargetAbsent_refusesExistingTarget() {
        store.set(b("a"), b("1"));
        store.set(b("b"), b("2"));
        assertFalse(store.rename(b("a"), b("b"), true));
        assertEquals("1", s(store.get(b("a"))));
        assertEquals("2", s(store.get(b("b"))));
    }

    @Test
    void copy_acrossDatabases_carriesExpiryAndKeepsSource() {
        store.set(b("a"), b("v"), options(Condition.ALWAYS, NOW + 100, false, false));
        assertTrue(store.copy(b("a"), 3, b("b"), false));
        assertEquals("v", s(store.database(3).get(b("b"))));
        assertEquals(NOW + 100, store.database(3).expiryMillis(b("b")));
        assertEquals("v", s(store.get(b("a"))));
        assertFalse(store.copy(b("a"), 3, b("b"), false));
        store.set(b("a"), b("w"));
        assertTrue(store.copy(b("a"), 3, b("b"), true));
        assertEquals("w", s(store.database(3).get(b("b"))));
        assertEquals(Keyspace.NO_EXPIRY, store.database(3).expiryMillis(b("b")));
    }

    @Test
    void copy_fromHigherToLowerDatabase_works() {
        store.database(5).set(b("a"), b("v"));
        assertTrue(store.database(5).copy(b("a"), 0, b("a"), false));
        assertEquals("v", s(store.get(b("a"))));
    }

    @Test
    void copy_absentSourceOrSameKey_returnsFalse() {
        assertFalse(store.copy(b("a"), 0, b("b"), true));
        store.set(b("a"), b("v"));
        assertFalse(store.copy(b("a"), 0, b("a"), true));
    }

    @Test
    void copy_toMissingDatabase_throws() {
        store.set(b("a"), b("v"));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> store.copy(b("a"), 16, b("b"), false));
        assertEquals("database: 16 (expected: 0-15)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> store.database(-1));
    }

    @Test
    void databases_areIndependent() {
        store.database(1).set(b("k"), b("one"));
        assertNull(store.get(b("k")));
        assertEquals(1, store.database(1).size());
        assertEquals(16, store.databaseCount());
    }

    @Test
    void scan_fullIteration_returnsEveryKeyOnceWithoutResizes() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            store.set(b("key:" + i), b("v"));
            expected.add("key:" + i);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int calls = 0;
        do {
            ScanResult result = store.scan(cursor, 10, key -> true);
            for (byte[] key : result.keys()) {
                assertTrue(seen.add(s(key)), "duplicate " + s(key));
            }
            cursor = result.cursor();
            calls++;
        } while (cursor != 0);
        assertEquals(expected, seen);
        assertTrue(calls > 10, "count is a hint of the work per call: " + calls);
    }

    @Test
    void scan_filterSelectsKeysAndSkipsExpired() {
        store.set(b("a1"), b("v"));
        store.set(b("a2"), b("v"), options(Condition.ALWAYS, NOW + 10, false, false));
        store.set(b("b1"), b("v"));
        clock.advance(11);
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        do {
            ScanResult result = store.scan(cursor, 100, key -> key[0] == 'a');
            result.keys().forEach(key -> seen.add(s(key)));
            cursor = result.cursor();
        } while (cursor != 0);
        assertEquals(Set.of("a1"), seen);
    }

    @Test
    void scan_hugeCount_returnsEverythingInOneCall() {
        for (int i = 0; i < 100; i++) {
            store.set(b("k" + i), b("v"));
        }
        ScanResult result = store.scan(0, Integer.MAX_VALUE, key -> true);
        assertEquals(0, result.cursor());
        assertEquals(100, result.keys().size());
    }

    @Test
    void scan_fewKeysDefaultCount_completesInOneCallAsRedis() {
        store.set(b("a"), b("v"));
        store.set(b("b"), b("v"));
        ScanResult result = store.scan(0, 10, key -> true);
        assertEquals(0, result.cursor());
        assertEquals(2, result.keys().size());
    }

    @Test
    void scan_invalidCursor_endsTheIteration() {
        store.set(b("a"), b("v"));
        assertEquals(new ScanResult(0, java.util.List.of()), store.scan(-1, 10, key -> true));
        assertEquals(0, store.scan(99L << 32, 10, key -> true).cursor());
    }

    @Test
    void randomKey_emptyReturnsNullElseAnExistingKey() {
        assertNull(store.randomKey());
        store.set(b("a"), b("v"));
        store.set(b("b"), b("v"), options(Condition.ALWAYS, NOW + 1, false, false));
        clock.advance(2);
        for (int i = 0; i < 20; i++) {
            assertEquals("a", s(store.randomKey()));
        }
    }

    @Test
    void randomKey_manyKeys_returnsDifferentKeys() {
        for (int i = 0; i < 100; i++) {
            store.set(b("k" + i), b("v"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(s(store.randomKey()));
        }
        assertTrue(seen.size() > 10, "seen " + seen.size());
    }

    @Test
    void expireCycle_removesExpiredKeysWithoutAccess() {
        for (int i = 0; i < 500; i++) {
            store.set(b("t" + i), b("v"), options(Condition.ALWAYS, NOW + 10, false, false));
            store.set(b("p" + i), b("v"));
        }
        assertEquals(1000, store.size());
        clock.advance(11);
        int cycles = 0;
        while (store.expiringKeys() > 0) {
            store.expireCycle();
            cycles++;
            assertTrue(cycles < 1000, "expiry makes progress");
        }
        assertEquals(500, store.size());
        assertEquals("v", s(store.get(b("p0"))));
    }

    @Test
    void expiryThread_removesExpiredKeysUnaided() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            store.database(i % 3).set(b("t" + i), b("v"), options(Condition.ALWAYS, NOW + 10, false, false));
        }
        clock.advance(11);
        for (int polls = 0; store.size() + store.database(1).size() + store.database(2).size() > 0; polls++) {
            assertTrue(polls < 3000, "the expiry thread runs every 100 ms");
            Thread.sleep(10);
        }
        assertEquals(0, store.usedMemory());
    }

    @Test
    void clear_and_clearAll_removeKeysAndMemory() {
        long empty = store.usedMemory();
        store.set(b("a"), b("v"));
        store.database(2).set(b("a"), b("v"));
        assertTrue(store.usedMemory() > empty);
        store.clear();
        assertEquals(0, store.size());
        assertEquals(1, store.database(2).size());
        store.clearAll();
        assertEquals(0, store.database(2).size());
        assertEquals(empty, store.usedMemory());
    }

    @Test
    void usedMemory_tracksValuesAndReturnsToZero() {
        assertEquals(0, store.usedMemory());
        store.set(b("k"), new byte[1000]);
        long one = store.usedMemory();
        assertTrue(one >= 1001, "counts key and value: " + one);
        store.set(b("k"), new byte[10]);
        assertEquals(one - 990, store.usedMemory(), "an overwrite counts the difference of the values");
        store.rename(b("k"), b("longer-key"), false);
        store.delete(b("longer-key"));
        assertEquals(0, store.usedMemory());
    }

    @Test
    void maxMemory_writeOverLimit_throwsAndChangesNothing() {
        try (KvStore small = KvStore.builder().maxMemory(2000).build()) {
            small.set(b("a"), new byte[1000]);
            assertThrows(KvOutOfMemoryException.class, () -> small.set(b("b"), new byte[1000]));
            assertThrows(KvOutOfMemoryException.class,
                    () -> small.setAll(new byte[][] {b("c")}, new byte[][] {new byte[1000]}, false));
            assertNull(small.get(b("b")));
            assertEquals(1, small.size());
            small.set(b("a"), new byte[10]);
            assertTrue(small.delete(b("a")));
            small.set(b("b"), new byte[1000]);
            assertNotNull(small.get(b("b")));
        }
    }

    @Test
    void save_withoutDataDirectory_throws() {
        KvPersistenceException e = assertThrows(KvPersistenceException.class, store::save);
        assertEquals("no data directory configured (start with --data-dir)", e.getMessage());
        assertThrows(KvPersistenceException.class, store::saveInBackground);
    }

    @Test
    void durable_inMemory_isCompletedAndLastSaveIsOpenTime() {
        assertTrue(store.durable().toCompletableFuture().isDone());
        assertSame(store.durable(), store.durable());
        assertEquals(NOW, store.lastSave().toEpochMilli());
    }

    @Test
    void builder_rejectsBadArguments() {
        assertEquals("databases: 0 (expected: 1-1024)",
                assertThrows(IllegalArgumentException.class, () -> KvStore.builder().databases(0)).getMessage());
        assertEquals("maxMemory: -1 (expected: >= 0)",
                assertThrows(IllegalArgumentException.class, () -> KvStore.builder().maxMemory(-1)).getMessage());
        assertThrows(NullPointerException.class, () -> KvStore.builder().clock(null));
    }

    @Test
    void nullKey_isRejected() {
        assertThrows(NullPointerException.class, () -> store.get(null));
        assertThrows(NullPointerException.class, () -> store.set(b("k"), null));
    }
}
