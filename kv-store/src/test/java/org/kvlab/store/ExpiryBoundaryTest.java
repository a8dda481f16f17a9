package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.SetOptions;

/**
 * Where a key's expiry is judged, at the exact millisecond, as Redis 7.0: a key is expired once now is past its
 * expiry ({@code keyIsExpired}: {@code now > when}), so at its expiry's own millisecond every read, the active expiry,
 * a snapshot and an RDB load still see it; giving an existing key an expiry equal to now deletes it
 * ({@code checkAlreadyExpired}: {@code when <= now}); a {@code SET} with an expiry already past keeps the key with
 * it, as Redis's {@code setGenericCommand}, until it is removed as expired.
 */
final class ExpiryBoundaryTest {

    private static final long NOW = 1_700_000_000_000L;

    private final MutableClock clock = new MutableClock(NOW);
    private KvStore store;

    @BeforeEach
    void open() {
        store = KvStore.builder().clock(clock).build();
        store.activeExpiry(false); // the test runs the cycles itself
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static SetOptions expiringAt(long millis) {
        return new SetOptions(SetOptions.Condition.ALWAYS, millis, false, false);
    }

    @Test
    void keyAtItsExpirysMillisecond_isReadable_andGoneOneMillisecondLater() {
        store.set(b("k"), b("v"), expiringAt(NOW + 5));
        clock.advance(5);

        assertArrayEquals(b("v"), store.get(b("k")));
        assertTrue(store.exists(b("k")));
        assertEquals(NOW + 5, store.expiryMillis(b("k")));
        assertEquals(0, store.expireCycle(), "the active expiry leaves it too");
        assertEquals(0, store.keyspaceStats().expiredKeys());

        clock.advance(1);
        assertNull(store.get(b("k")));
        assertEquals(Keyspace.ABSENT, store.expiryMillis(b("k")));
        assertEquals(0, store.size());
        assertEquals(1, store.keyspaceStats().expiredKeys());
    }

    @Test
    void activeExpiry_removesAKeyOnlyOnceNowIsPastItsExpiry() {
        store.set(b("k"), b("v"), expiringAt(NOW));

        assertEquals(0, store.expireCycle());
        assertEquals(1, store.size());
        clock.advance(1);
        assertEquals(1, store.expireCycle());
        assertEquals(0, store.size());
    }

    @Test
    void setWithAnExpiryEqualToNow_keepsTheKeyThroughThisMillisecond() {
        store.set(b("k"), b("v"), expiringAt(NOW));

        assertArrayEquals(b("v"), store.get(b("k")));
        assertEquals(NOW, store.expiryMillis(b("k")));
    }

    @Test
    void setWithAnExpiryAlreadyPast_keepsTheKeyExpired_untilAReadRemovesItAsExpired() {
        store.set(b("k"), b("v"), expiringAt(NOW - 1));

        assertEquals(1, store.size(), "held, as Redis holds it until its expiry removes it");
        assertFalse(store.exists(b("k")));
        assertEquals(0, store.size());
        assertEquals(1, store.keyspaceStats().expiredKeys());
    }

    @Test
    void expireAtNow_deletesTheKeyAtOnce_oneMillisecondLater_keepsIt() {
        store.set(b("now"), b("v"));
        store.set(b("later"), b("v"));

        assertTrue(store.expire(b("now"), NOW, ExpireCondition.ALWAYS));
        assertTrue(store.expire(b("later"), NOW + 1, ExpireCondition.ALWAYS));

        assertEquals(1, store.size(), "deleted, not kept with an expiry");
        assertEquals(0, store.keyspaceStats().expiredKeys(), "a delete, not an expiry");
        assertEquals(NOW + 1, store.expiryMillis(b("later")));
    }

    @Test
    void getAndSetExpiryAtNow_deletesTheKey() {
        store.set(b("k"), b("v"));

        assertArrayEquals(b("v"), store.getAndSetExpiry(b("k"), NOW));
        assertEquals(0, store.size());
    }

    @Test
    void rdbLoad_keepsAKeyExpiringThisMillisecond_andSkipsOneAlreadyPast() throws Exception {
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        try (KvStore primary = KvStore.builder().clock(clock).build()) {
            primary.set(b("due"), b("v"), expiringAt(NOW + 10));
            primary.set(b("past"), b("v"), expiringAt(NOW + 9));
            primary.writeRdb(rdb, () -> { });
        }
        clock.advance(10);

        assertEquals(1, store.loadRdb(new ByteArrayInputStream(rdb.toByteArray()), "an RDB"));
        assertArrayEquals(b("v"), store.get(b("due")));
        assertNull(store.get(b("past")));
    }

    @Test
    void recovery_keepsAKeyExpiringThisMillisecond(@TempDir Path dir) {
        try (KvStore durable = KvStore.builder().clock(clock).dataDirectory(dir).build()) {
            durable.set(b("due"), b("v"), expiringAt(NOW + 10));
            durable.set(b("past"), b("v"), expiringAt(NOW + 9));
        }
        clock.advance(10);

        try (KvStore recovered = KvStore.builder().clock(clock).dataDirectory(dir).build()) {
            assertEquals(1, recovered.size());
            assertArrayEquals(b("v"), recovered.get(b("due")));
        }
    }
}
