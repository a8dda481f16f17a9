package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.HashEntry;
import org.kvlab.api.KeyChangeListener;
import org.kvlab.api.Keyspace;
import org.kvlab.api.SetOptions;

/**
 * A replica's store expires keys as Redis's replica does: an expired key reads as absent to everyone but the
 * primary's stream, stays until the primary deletes it, and neither reads nor the active expiry remove it; keys a
 * local write gave an expiry are the exception, removed by the active expiry once due. Promoted, it expires keys
 * itself again.
 */
final class ReplicaExpiryTest {

    private static final long NOW = 1_700_000_000_000L;

    private final MutableClock clock = new MutableClock(NOW);
    private final List<String> expired = new ArrayList<>();
    private KvStore store;

    @BeforeEach
    void open() {
        store = KvStore.builder().clock(clock).build();
        store.activeExpiry(false); // the test runs the cycles itself
        store.addKeyChangeListener(new KeyChangeListener() {
            @Override
            public void keyExpired(int database, byte[] key) {
                expired.add(database + ":" + new String(key, StandardCharsets.UTF_8));
            }

            @Override
            public void keyChanged(int database, byte[] key) {
            }

            @Override
            public void databaseChanged(int database) {
            }
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void fromPrimary(Runnable write) {
        store.fromPrimary(() -> {
            write.run();
            return null;
        });
    }

    private static SetOptions expiringAt(long millis) {
        return new SetOptions(SetOptions.Condition.ALWAYS, millis, false, false);
    }

    @Test
    void expiredKey_readsAsAbsent_butStays_untilThePrimaryDeletesIt() {
        store.replica(true);
        fromPrimary(() -> store.set(b("k"), b("v"), expiringAt(NOW + 10)));
        clock.advance(20);

        assertNull(store.get(b("k")));
        assertFalse(store.exists(b("k")));
        assertEquals(Keyspace.ABSENT, store.expiryMillis(b("k")));
        assertEquals(List.of(), store.scan(0, 100, key -> true).keys());
        assertEquals(0, store.expireCycle() + store.expireLocalKeys());
        assertEquals(1, store.size());
        assertEquals(List.of(), expired);
        assertEquals(0, store.keyspaceStats().expiredKeys());

        assertTrue(store.fromPrimary(() -> store.delete(b("k"))), "the primary's DEL finds the key");
        assertEquals(0, store.size());
        assertEquals(List.of(), expired, "a deletion, not an expiry");
    }

    @Test
    void primaryStream_seesAnExpiredKeyAsPresent_andChangesIt() {
        store.replica(true);
        fromPrimary(() -> store.hashes().set(b("h"), List.of(new HashEntry(b("f"), b("1")))));
        fromPrimary(() -> store.expire(b("h"), NOW + 10, ExpireCondition.ALWAYS));
        clock.advance(20);
        // the primary's clock is behind: for it the hash is still there, and it persists it and adds a field
        fromPrimary(() -> store.persist(b("h")));
        fromPrimary(() -> store.hashes().set(b("h"), List.of(new HashEntry(b("g"), b("2")))));

        assertEquals(Keyspace.NO_EXPIRY, store.expiryMillis(b("h")));
        assertArrayEquals(b("1"), store.hashes().get(b("h"), b("f")));
        assertArrayEquals(b("2"), store.hashes().get(b("h"), b("g")));
        assertEquals(List.of(), expired);
    }

    @Test
    void pastExpiry_keepsTheKey_untilThePrimaryDeletesIt() {
        store.replica(true);
        fromPrimary(() -> store.set(b("s"), b("v"), expiringAt(NOW - 1)));
        fromPrimary(() -> store.set(b("t"), b("v")));
        fromPrimary(() -> store.expire(b("t"), NOW - 1, ExpireCondition.ALWAYS));

        assertEquals(2, store.size());
        assertNull(store.get(b("s")));
        assertNull(store.get(b("t")));
        assertEquals(NOW - 1, store.fromPrimary(() -> store.expiryMillis(b("t"))));
    }

    @Test
    void localWriteWithAnExpiry_isRemovedByTheActiveExpiry_thePrimarysKeysAreNot() {
        store.replica(true);
        fromPrimary(() -> store.set(b("primary"), b("v"), expiringAt(NOW + 10)));
        store.set(b("local"), b("v"), expiringAt(NOW + 10)); // a writable replica's client
        store.set(b("persisted"), b("v"), expiringAt(NOW + 10));
        store.persist(b("persisted"));
        store.set(b("later"), b("v"), expiringAt(NOW + 1000));
        clock.advance(20);

        assertEquals(1, store.expireLocalKeys());
        assertEquals(List.of("0:local"), expired);
        assertEquals(3, store.size(), "primary (expired, kept), persisted, later");
        assertArrayEquals(b("v"), store.get(b("persisted")));
        clock.advance(1000);
        assertEquals(1, store.expireLocalKeys());
        assertEquals(List.of("0:local", "0:later"), expired);
        assertEquals(0, store.expireLocalKeys());
    }

    @Test
    void promotedReplica_expiresKeysItself() {
        store.replica(true);
        fromPrimary(() -> store.set(b("a"), b("v"), expiringAt(NOW + 10)));
        fromPrimary(() -> store.set(b("b"), b("v"), expiringAt(NOW + 10)));
        clock.advance(20);
        store.get(b("a"));
        assertEquals(2, store.size());

        store.replica(false);
        assertNull(store.get(b("a")));
        assertEquals(1, store.expireCycle());
        assertEquals(0, store.size());
        assertEquals(List.of("0:a", "0:b"), expired);
    }

    @Test
    void rdbLoadedFromThePrimary_keepsExpiredKeys() throws Exception {
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        try (KvStore primary = KvStore.builder().clock(clock).build()) {
            primary.set(b("k"), b("v"), expiringAt(NOW + 10));
            primary.set(b("n"), b("v"));
            primary.writeRdb(rdb, () -> { });
        }
        clock.advance(20);
        store.replica(true);

        assertEquals(2L, (long) store.fromPrimary(
                () -> store.loadRdb(new ByteArrayInputStream(rdb.toByteArray()), "the primary's RDB")));
        assertEquals(2, store.size());
        assertNull(store.get(b("k")));
        assertEquals(1, store.loadRdb(new ByteArrayInputStream(rdb.toByteArray()), "a file"), "not the primary's");
    }
}
