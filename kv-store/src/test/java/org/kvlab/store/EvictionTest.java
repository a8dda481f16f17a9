package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kvlab.api.EvictionPolicy;
import org.kvlab.api.HashEntry;
import org.kvlab.api.KvOutOfMemoryException;
import org.kvlab.api.SetOptions;

/**
 * Fills stores past their memory limit under each eviction policy: memory stays under the limit and what is evicted
 * fits the policy. The sampled policies are approximations, so their assertions are statistical, with margins far
 * from what a policy that ignored access times, counters or expiries would give.
 */
final class EvictionTest {

    private static final long START = 1_700_000_000_000L;
    private static final int VALUE = 100;
    /** What one key of {@link #key(String, int)} with a 3-letter prefix and a {@link #VALUE}-byte value counts for. */
    private static final long ENTRY = Node.OVERHEAD + "key:000000".length() + VALUE;
    private static final int CAPACITY = 100;
    private static final long LIMIT = CAPACITY * ENTRY;

    private final MutableClock clock = new MutableClock(START);

    private KvStore store(EvictionPolicy policy) {
        return KvStore.builder().clock(clock).maxMemory(LIMIT).evictionPolicy(policy).build();
    }

    private static byte[] key(String prefix, int i) {
        return String.format("%s:%06d", prefix, i).getBytes(StandardCharsets.US_ASCII);
    }

    private static void put(KvStore store, byte[] key) {
        store.set(key, new byte[VALUE]);
        assertTrue(store.usedMemory() <= LIMIT, "used " + store.usedMemory() + " > maxmemory " + LIMIT);
    }

    private void putExpiring(KvStore store, byte[] key, long ttlMillis) {
        store.set(key, new byte[VALUE], new SetOptions(SetOptions.Condition.ALWAYS, clock.millis() + ttlMillis, false, false));
        assertTrue(store.usedMemory() <= LIMIT, "used " + store.usedMemory() + " > maxmemory " + LIMIT);
    }

    /** Advances the clock by a second and lets the store's access clock see it. */
    private void tick(KvStore store) {
        clock.advance(1000);
        store.lruClock().tick();
    }

    @Test
    void noeviction_writePastLimit_failsAndEvictsNothing() {
        try (KvStore store = store(EvictionPolicy.NOEVICTION)) {
            for (int i = 0; i < CAPACITY; i++) {
                put(store, key("key", i));
            }
            assertThrows(KvOutOfMemoryException.class, () -> store.set(key("key", CAPACITY), new byte[VALUE]));
            assertEquals(CAPACITY, store.size());
            assertEquals(0, store.keyspaceStats().evictedKeys());
        }
    }

    @ParameterizedTest
    @EnumSource(value = EvictionPolicy.class, names = {"ALLKEYS_LRU", "ALLKEYS_LFU", "ALLKEYS_RANDOM"})
    void allkeys_fillPastLimit_staysUnderAndCountsEvictions(EvictionPolicy policy) {
        try (KvStore store = store(policy)) {
            int written = 10 * CAPACITY;
            for (int i = 0; i < written; i++) {
                put(store, key("key", i));
            }
            assertEquals(CAPACITY, store.size(), "every key has the same size: the limit holds exactly that many");
            assertEquals(written - CAPACITY, store.keyspaceStats().evictedKeys());
        }
    }

    @Test
    void allkeysLru_evictsMostlyTheLeastRecentlyUsed() {
        try (KvStore store = store(EvictionPolicy.ALLKEYS_LRU)) {
            int written = 5 * CAPACITY;
            for (int i = 0; i < written; i++) {
                put(store, key("key", i));
                if (i % 10 == 9) {
                    tick(store); // ten keys a second: the access clock counts whole seconds, as Redis's
                }
            }
            int recent = 0;
            for (int i = written - 2 * CAPACITY; i < written; i++) {
                recent += store.exists(key("key", i)) ? 1 : 0;
            }
            // random eviction would keep about 40% of the survivors among the last 200 written
            assertTrue(recent >= 0.85 * CAPACITY, "survivors among the last " + 2 * CAPACITY + " written: " + recent);
        }
    }

    @Test
    void allkeysLru_readKeysSurvive() {
        try (KvStore store = store(EvictionPolicy.ALLKEYS_LRU)) {
            for (int i = 0; i < CAPACITY; i++) {
                put(store, key("hot", i % 20 == 0 ? i / 20 : 1000 + i));
            }
            int kept = 0;
            for (int round = 0; round < 3 * CAPACITY; round++) {
                tick(store);
                for (int h = 0; h < 5; h++) {
                    store.get(key("hot", h));
                }
                put(store, key("new", round));
            }
            for (int h = 0; h < 5; h++) {
                kept += store.exists(key("hot", h)) ? 1 : 0;
            }
            assertEquals(5, kept, "keys read every second outlive keys written once");
        }
    }

    @Test
    void allkeysLfu_keepsTheFrequentlyReadKeys() {
        try (KvStore store = store(EvictionPolicy.ALLKEYS_LFU)) {
            int hot = 20;
            for (int h = 0; h < hot; h++) {
                put(store, key("hot", h));
                for (int r = 0; r < 100; r++) {
                    assertNotNull(store.get(key("hot", h)));
                }
            }
            for (int i = 0; i < 5 * CAPACITY; i++) {
                put(store, key("new", i));
            }
            int kept = 0;
            for (int h = 0; h < hot; h++) {
                kept += store.exists(key("hot", h)) ? 1 : 0;
            }
            // random eviction would keep about 20% of them
            assertTrue(kept >= hot * 9 / 10, "hot keys kept: " + kept + " of " + hot);
        }
    }

    @ParameterizedTest
    @EnumSource(value = EvictionPolicy.class, names = {"VOLATILE_LRU", "VOLATILE_LFU", "VOLATILE_RANDOM",
        "VOLATILE_TTL"})
    void volatile_evictsOnlyKeysWithTtl_thenRefuses(EvictionPolicy policy) {
        try (KvStore store = store(policy)) {
            int persistent = CAPACITY / 2;
            for (int i = 0; i < persistent; i++) {
                put(store, key("per", i));
            }
            for (int i = 0; i < 3 * CAPACITY; i++) {
                putExpiring(store, key("ttl", i), 3_600_000 + i);
            }
            for (int i = 0; i < persistent; i++) {
                assertNotNull(store.get(key("per", i)), "a key without a TTL is never evicted");
            }
            assertEquals(CAPACITY, store.size());
            // fill the rest with keys without a TTL: the keys with one go (but a write cannot evict from the
            // segment it holds, so the last few may stay: remove those), then writes are refused
            int i = persistent;
            try {
                while (store.expiringKeys() > 0) {
                    put(store, key("per", i++));
                }
            } catch (KvOutOfMemoryException e) {
                assertTrue(store.expiringKeys() > 0, "refused only while keys with a TTL remain in its segment");
            }
            for (int t = 0; t < 3 * CAPACITY; t++) {
                store.delete(key("ttl", t));
            }
            while (store.size() < CAPACITY) {
                put(store, key("per", i++));
            }
            byte[] oneMore = key("per", i);
            assertThrows(KvOutOfMemoryException.class, () -> store.set(oneMore, new byte[VALUE]));
            assertEquals(CAPACITY, store.size());
        }
    }

    @Test
    void volatileTtl_evictsMostlyTheShortestTtls() {
        try (KvStore store = store(EvictionPolicy.VOLATILE_TTL)) {
            java.util.Random random = new java.util.Random(7);
            int written = 5 * CAPACITY;
            long[] ttl = new long[written];
            for (int i = 0; i < written; i++) {
                ttl[i] = 60_000 + random.nextInt(3_600_000);
                putExpiring(store, key("ttl", i), ttl[i]);
            }
            long[] sorted = ttl.clone();
            java.util.Arrays.sort(sorted);
            long longestQuarter = sorted[written - CAPACITY * 2];
            int longLived = 0;
            for (int i = 0; i < written; i++) {
                if (store.exists(key("ttl", i)) && ttl[i] >= longestQuarter) {
                    longLived++;
                }
            }
            // survivors among the 200 longest TTLs: random eviction would give about 40 of 100
            assertTrue(longLived >= 0.65 * CAPACITY, "survivors among the longest TTLs: " + longLived);
        }
    }

    @Test
    void maxMemoryLoweredAtRunTime_nextWriteEvictsDownToIt() {
        try (KvStore store = store(EvictionPolicy.ALLKEYS_RANDOM)) {
            for (int i = 0; i < CAPACITY; i++) {
                put(store, key("key", i));
            }
            store.memoryLimits().maxMemory(LIMIT / 2);
            assertEquals(CAPACITY, store.size(), "nothing is evicted before a write");
            store.set(key("new", 0), new byte[VALUE]);
            assertTrue(store.usedMemory() <= LIMIT / 2);
            assertEquals(CAPACITY / 2, store.size());
        }
    }

    @Test
    void policyChangedAtRunTime_appliesToTheNextWrite() {
        try (KvStore store = store(EvictionPolicy.NOEVICTION)) {
            for (int i = 0; i < CAPACITY; i++) {
                put(store, key("key", i));
            }
            assertThrows(KvOutOfMemoryException.class, () -> store.set(key("new", 0), new byte[VALUE]));
            store.memoryLimits().set("maxmemory-policy", "allkeys-lru");
            put(store, key("new", 0));
            assertEquals(1, store.keyspaceStats().evictedKeys());
        }
    }

    @Test
    void writeLargerThanTheLimit_isRefusedWithoutEvicting() {
        try (KvStore store = store(EvictionPolicy.ALLKEYS_LRU)) {
            put(store, key("key", 0));
            assertThrows(KvOutOfMemoryException.class, () -> store.set(key("big", 0), new byte[(int) LIMIT]));
            assertNotNull(store.get(key("key", 0)));
        }
    }

    @Test
    void collectionWrites_evictToo() {
        try (KvStore store = store(EvictionPolicy.ALLKEYS_LRU)) {
            for (int i = 0; i < 3 * CAPACITY; i++) {
                store.hashes().set(key("hash", i),
                        List.of(new HashEntry("f".getBytes(StandardCharsets.US_ASCII), new byte[VALUE])));
                assertTrue(store.usedMemory() <= LIMIT + 2 * ENTRY, "used " + store.usedMemory());
            }
            assertTrue(store.keyspaceStats().evictedKeys() > 0);
        }
    }

    @Test
    void evictedKeys_areDeletedInTheLog(@TempDir Path dir) {
        try (KvStore store = KvStore.builder().clock(clock).dataDirectory(dir).maxMemory(LIMIT)
                .evictionPolicy(EvictionPolicy.ALLKEYS_RANDOM).build()) {
            for (int i = 0; i < 3 * CAPACITY; i++) {
                put(store, key("key", i));
            }
        }
        try (KvStore reopened = KvStore.builder().clock(clock).dataDirectory(dir).build()) {
            assertEquals(CAPACITY, reopened.size());
        }
    }

    @Test
    void keyspaceStats_countHitsMissesExpiriesAndReset() {
        try (KvStore store = KvStore.builder().clock(clock).build()) {
            store.set(key("key", 0), new byte[1]);
            store.get(key("key", 0));
            store.get(key("key", 1));
            store.exists(key("key", 2));
            store.set(key("ttl", 0), new byte[1], new SetOptions(SetOptions.Condition.ALWAYS, clock.millis() + 10, false, false));
            clock.advance(20);
            assertNull(store.get(key("ttl", 0)));
            assertEquals(new org.kvlab.api.KeyspaceStats(1, 3, 1, 0), store.keyspaceStats());
            store.resetKeyspaceStats();
            assertEquals(new org.kvlab.api.KeyspaceStats(0, 0, 0, 0), store.keyspaceStats());
        }
    }

    @Test
    void accessFrequency_underLfu_startsAtFiveAndGrowsWithReads() {
        try (KvStore store = store(EvictionPolicy.ALLKEYS_LFU)) {
            store.set(key("key", 0), new byte[1]);
            assertEquals(Lfu.INITIAL, store.accessFrequency(key("key", 0)));
            store.get(key("key", 0));
            assertEquals(Lfu.INITIAL + 1, store.accessFrequency(key("key", 0)), "the first step is certain");
            assertEquals(-2, store.accessFrequency(key("key", 1)));
        }
    }
}
