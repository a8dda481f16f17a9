package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ScanResult;

final class ConcurrencyTest {

    private final KvStore store = KvStore.inMemory();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void close() {
        pool.shutdownNow();
        store.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void concurrentUpdates_loseNoIncrement() throws Exception {
        int threads = 4;
        int perThread = 5000;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    store.update(b("counter" + (i % 3)), old -> {
                        long n = old == null ? 0 : Long.parseLong(new String(old, UTF_8));
                        return Long.toString(n + 1).getBytes(UTF_8);
                    });
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get();
        }
        long total = 0;
        for (int k = 0; k < 3; k++) {
            total += Long.parseLong(new String(store.get(b("counter" + k)), UTF_8));
        }
        assertEquals((long) threads * perThread, total);
    }

    @Test
    void concurrentSetAll_neverInterleaves() throws Exception {
        byte[][] keys = new byte[8][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = b("multi" + i);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean renamer = t == 0; // one thread moves keys[0] away and back: renames of one key never race
            byte[] value = b("writer" + t);
            byte[][] values = new byte[keys.length][];
            java.util.Arrays.fill(values, value);
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 3000; i++) {
                    store.setAll(keys, values, false);
                    if (renamer && i % 100 == 0) {
                        store.rename(keys[0], b("moved"), false);
                        store.rename(b("moved"), keys[0], false);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get();
        }
        // keys[0] may hold a value renamed back after another writer's last setAll; the others were only ever
        // written together
        for (int i = 2; i < keys.length; i++) {
            assertArrayEquals(store.get(keys[1]), store.get(keys[i]));
        }
    }

    @Test
    void scan_underConcurrentInsertsRemovesAndResizes_returnsEveryStableKey() throws Exception {
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            store.set(b("stable" + i), b("v"));
            stable.add("stable" + i);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger churnRounds = new AtomicInteger();
        Future<?> churn = pool.submit(() -> {
            while (!done.get()) {
                for (int i = 0; i < 5000; i++) {
                    store.set(b("churn" + i), b("v"));
                }
                for (int i = 0; i < 5000; i++) {
                    store.delete(b("churn" + i));
                }
                churnRounds.incrementAndGet();
            }
            return null;
        });
        for (int pass = 0; pass < 3 || churnRounds.get() < 3; pass++) {
            Set<String> seen = new HashSet<>();
            long cursor = 0;
            do {
                ScanResult result = store.scan(cursor, 5, key -> true);
                result.keys().forEach(key -> seen.add(new String(key, UTF_8)));
                cursor = result.cursor();
            } while (cursor != 0);
            assertTrue(seen.containsAll(stable), () -> "missing " + missing(stable, seen));
        }
        done.set(true);
        churn.get();
        assertEquals(2000, store.size());
    }

    private static Set<String> missing(Set<String> expected, Set<String> seen) {
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(seen);
        return missing;
    }
}
