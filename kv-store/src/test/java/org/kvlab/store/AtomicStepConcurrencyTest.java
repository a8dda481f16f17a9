package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.store.DurabilityTest.b;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * No other thread sees part of a {@link KvStore#atomically} step: not a writer (no increment is lost), not a
 * lock-free reader (who saw the step's first write sees its last), not another step.
 */
final class AtomicStepConcurrencyTest {

    private static final int WRITERS = 2;
    private static final int STEPS = 20_000;

    private static long number(byte[] value) {
        return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    }

    private static byte[] text(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void stepsWritingTwoKeys_areNeverSeenHalfDone_andLoseNoIncrement() throws Exception {
        try (KvStore store = KvStore.inMemory()) {
            byte[] first = b("first");
            byte[] second = b("second");
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < STEPS; i++) {
                        store.atomically(() -> {
                            long next = number(store.get(first)) + 1;
                            store.set(first, text(next));
                            store.database(1).set(b("elsewhere"), text(next)); // a step spans databases
                            store.set(second, text(next));
                            return null;
                        });
                    }
                }));
            }
            Future<Long> plainReader = pool.submit(() -> {
                long reads = 0;
                while (writing.get()) {
                    long a = number(store.get(first));
                    long other = number(store.database(1).get(b("elsewhere")));
                    long c = number(store.get(second));
                    if (other < a || c < a) {
                        throw new AssertionError("half a step seen: first=" + a + " elsewhere=" + other
                                + " second=" + c);
                    }
                    reads++;
                }
                return reads;
            });
            Future<Long> stepReader = pool.submit(() -> {
                long reads = 0;
                while (writing.get()) {
                    long[] seen = store.atomically(() -> new long[] {number(store.get(first)),
                        number(store.get(second))});
                    assertEquals(seen[0], seen[1], "a step read the keys of another one half done");
                    reads++;
                }
                return reads;
            });
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            plainReader.get(1, TimeUnit.MINUTES);
            stepReader.get(1, TimeUnit.MINUTES);
            pool.shutdown();
            assertEquals(WRITERS * STEPS, number(store.get(first)));
            assertEquals(WRITERS * STEPS, number(store.get(second)));
        }
    }
}
