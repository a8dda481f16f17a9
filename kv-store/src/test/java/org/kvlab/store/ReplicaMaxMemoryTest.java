package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kvlab.api.EvictionPolicy;
import org.kvlab.api.KvOutOfMemoryException;

/**
 * A replica's store and its memory limit, as Redis 7.0's {@code replica-ignore-maxmemory} ({@code evict.c}'s
 * {@code isSafeToPerformEvictions}): by default it neither evicts nor refuses a write past the limit, from its primary
 * or from its own clients; told not to ignore it, it evicts and refuses as a primary's store does; promoted, it is
 * held to the limit again. While an RDB loads, no store is held to it, as Redis while loading.
 */
final class ReplicaMaxMemoryTest {

    private static final int VALUE = 100;
    private static final long ENTRY = Node.OVERHEAD + "key:000000".length() + VALUE;
    private static final int CAPACITY = 20;
    private static final long LIMIT = CAPACITY * ENTRY;
    private static final int WRITTEN = 3 * CAPACITY;

    private static KvStore store(EvictionPolicy policy) {
        return KvStore.builder().maxMemory(LIMIT).evictionPolicy(policy).build();
    }

    private static byte[] key(int i) {
        return String.format("key:%06d", i).getBytes(StandardCharsets.US_ASCII);
    }

    private static void fromPrimary(KvStore store, Runnable write) {
        store.fromPrimary(() -> {
            write.run();
            return null;
        });
    }

    @Test
    void replicaIgnoringMaxmemory_keepsEveryKeyOfItsPrimary_pastTheLimit() {
        try (KvStore store = store(EvictionPolicy.ALLKEYS_LRU)) {
            store.replica(true);
            for (int i = 0; i < WRITTEN; i++) {
                int n = i;
                fromPrimary(store, () -> store.set(key(n), new byte[VALUE]));
            }
            assertEquals(WRITTEN, store.size());
            assertEquals(0, store.keyspaceStats().evictedKeys());
            assertTrue(store.usedMemory() > LIMIT);
            assertFalse(store.outOfMemory());
        }
    }

    @Test
    void writableReplicaIgnoringMaxmemory_acceptsItsClientsWrites_pastTheLimit_evenUnderNoeviction() {
        try (KvStore store = store(EvictionPolicy.NOEVICTION)) {
            store.replica(true);
            for (int i = 0; i < WRITTEN; i++) {
                store.set(key(i), new byte[VALUE]);
            }
            assertEquals(WRITTEN, store.size());
            assertFalse(store.outOfMemory());
        }
    }

    @Test
    void replicaNotIgnoringMaxmemory_evictsItsPrimarysKeys_asAPrimaryWould() {
        try (KvStore store = store(EvictionPolicy.ALLKEYS_LRU)) {
            store.memoryLimits().replicaIgnoresMaxMemory(false);
            store.replica(true);
            for (int i = 0; i < WRITTEN; i++) {
                int n = i;
                fromPrimary(store, () -> store.set(key(n), new byte[VALUE]));
            }
            assertEquals(CAPACITY, store.size());
            assertEquals(WRITTEN - CAPACITY, store.keyspaceStats().evictedKeys());
        }
    }

    @Test
    void replicaNotIgnoringMaxmemory_underNoeviction_refusesThePrimarysWritePastTheLimit() {
        try (KvStore store = store(EvictionPolicy.NOEVICTION)) {
            store.memoryLimits().set("slave-ignore-maxmemory", "no");
            store.replica(true);
            for (int i = 0; i < CAPACITY; i++) {
                int n = i;
                fromPrimary(store, () -> store.set(key(n), new byte[VALUE]));
            }
            assertThrows(KvOutOfMemoryException.class,
                    () -> fromPrimary(store, () -> store.set(key(CAPACITY), new byte[VALUE])));
            assertEquals(CAPACITY, store.size());
        }
    }

    @Test
    void promotedReplica_isHeldToTheLimitAgain_itsNextWriteEvicts() {
        try (KvStore store = store(EvictionPolicy.ALLKEYS_LRU)) {
            store.replica(true);
            for (int i = 0; i < WRITTEN; i++) {
                store.set(key(i), new byte[VALUE]);
            }
            store.replica(false);

            assertFalse(store.outOfMemory(), "it evicts its way under the limit");
            assertTrue(store.usedMemory() <= LIMIT);
            store.set(key(WRITTEN), new byte[VALUE]);
            assertTrue(store.usedMemory() <= LIMIT);
            assertTrue(store.keyspaceStats().evictedKeys() >= WRITTEN - CAPACITY);
        }
    }

    @Test
    void rdbLoad_passesTheLimit_thenTheNextWriteEvicts() throws Exception {
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        try (KvStore primary = KvStore.inMemory()) {
            for (int i = 0; i < WRITTEN; i++) {
                primary.set(key(i), new byte[VALUE]);
            }
            primary.writeRdb(rdb, () -> { });
        }
        try (KvStore store = store(EvictionPolicy.ALLKEYS_RANDOM)) {
            assertEquals(WRITTEN, store.loadRdb(new ByteArrayInputStream(rdb.toByteArray()), "an RDB"));
            assertEquals(WRITTEN, store.size());
            assertEquals(0, store.keyspaceStats().evictedKeys());

            store.set(key(WRITTEN), new byte[VALUE]);
            assertTrue(store.usedMemory() <= LIMIT);
        }
    }

    @Test
    void rdbLoad_underNoeviction_loadsEverything_thenWritesAreRefused() throws Exception {
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        try (KvStore primary = KvStore.inMemory()) {
            for (int i = 0; i < WRITTEN; i++) {
                primary.set(key(i), new byte[VALUE]);
            }
            primary.writeRdb(rdb, () -> { });
        }
        try (KvStore store = store(EvictionPolicy.NOEVICTION)) {
            assertEquals(WRITTEN, store.loadRdb(new ByteArrayInputStream(rdb.toByteArray()), "an RDB"));
            assertTrue(store.outOfMemory());
            assertThrows(KvOutOfMemoryException.class, () -> store.set(key(WRITTEN), new byte[VALUE]));
        }
    }
}
