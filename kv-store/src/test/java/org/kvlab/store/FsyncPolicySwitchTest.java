package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kvlab.store.DurabilityTest.b;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KvStore#fsyncPolicy(String)}: {@code CONFIG SET appendfsync} while writers run. Writers acknowledge each
 * write once {@code durable()} completes; the policy goes everysec, always, no, always. A power cut taken after
 * each writer had writes acknowledged under {@code always} keeps every write each had acknowledged by then
 * ({@link PowerCutFileIo}); the number of forces grows with the writes under {@code always} and not under {@code no};
 * and the store reopened after it closes holds every acknowledged write.
 */
@ExtendWith(QuietStoreLogs.class)
final class FsyncPolicySwitchTest {

    private static final int WRITERS = 4;
    /** Writes each writer has acknowledged in a phase before the next switch. */
    private static final int PER_PHASE = 150;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void switchingPolicyUnderConcurrentWrites_losesNothingAcknowledged_andForcesAsEachPolicySays() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        PowerCutFileIo io = new PowerCutFileIo(data, 19);
        AtomicLongArray acknowledged = new AtomicLongArray(WRITERS);
        for (int t = 0; t < WRITERS; t++) {
            acknowledged.set(t, -1);
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<PowerCutFileIo.Image> cuts = new ArrayList<>();
        List<long[]> ackedAtCut = new ArrayList<>();
        try (KvStore store = KvStore.builder().dataDirectory(data).fileIo(io).fsync(FsyncPolicy.EVERYSEC)
                .autoRewritePercentage(0).build()) {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < WRITERS; t++) {
                int writer = t;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (long i = 0; !stop.get(); i++) {
                        store.set(key(writer, i), b(Long.toString(i)));
                        store.durable().toCompletableFuture().join();
                        acknowledged.set(writer, i);
                    }
                }));
            }
            awaitPhase(acknowledged, writers);

            store.fsyncPolicy("always");
            long forcesBefore = store.logForces();
            awaitPhase(acknowledged, writers);
            assertTrue(store.logForces() - forcesBefore >= 2,
                    "writes acknowledged under always were forced: " + (store.logForces() - forcesBefore));
            long[] acked = snapshot(acknowledged);
            cuts.add(io.powerCut()); // every write acknowledged so far was forced by a later always acknowledgement
            ackedAtCut.add(acked);

            store.fsyncPolicy("no");
            awaitPhase(acknowledged, writers); // the forces of the switch: waiters under always, the switch's own
            long forcesUnderNo = store.logForces();
            awaitPhase(acknowledged, writers);
            // the switch's own force may come this late on a busy machine; the writes themselves force nothing
            assertTrue(store.logForces() - forcesUnderNo <= 1, "under no, " + PER_PHASE * WRITERS
                    + " writes forced the log " + (store.logForces() - forcesUnderNo) + " times");
            cuts.add(io.powerCut()); // under no, nothing more is promised: the first cut's writes still are there
            ackedAtCut.add(acked);

            store.fsyncPolicy("ALWAYS");
            awaitPhase(acknowledged, writers);
            long[] ackedLast = snapshot(acknowledged); // before the cut: acknowledged by then
            cuts.add(io.powerCut());
            ackedAtCut.add(ackedLast);
            stop.set(true);
            for (CompletableFuture<Void> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            assertThrows(IllegalArgumentException.class, () -> store.fsyncPolicy("sometimes"));
        }
        Random random = new Random(19);
        for (int c = 0; c < cuts.size(); c++) {
            Path cut = Files.createDirectories(dir.resolve("cut" + c));
            String choices = cuts.get(c).restore(cut, random);
            try (KvStore recovered = KvStore.builder().dataDirectory(cut).build()) {
                assertHolds(recovered, ackedAtCut.get(c), "power cut " + c + " (" + choices + ")");
            }
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(data).build()) {
            assertHolds(reopened, snapshot(acknowledged), "reopened after close");
        }
    }

    /** Waits until every writer has acknowledged {@link #PER_PHASE} more writes, failing if one failed. */
    private static void awaitPhase(AtomicLongArray acknowledged, List<CompletableFuture<Void>> writers) {
        long[] start = snapshot(acknowledged);
        for (int t = 0; t < WRITERS; t++) {
            while (acknowledged.get(t) < start[t] + PER_PHASE) {
                for (CompletableFuture<Void> writer : writers) {
                    if (writer.isCompletedExceptionally()) {
                        writer.join();
                    }
                }
                Thread.onSpinWait();
            }
        }
    }

    private static long[] snapshot(AtomicLongArray values) {
        long[] copy = new long[values.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = values.get(i);
        }
        return copy;
    }

    private static void assertHolds(KvStore store, long[] acknowledged, String where) {
        for (int t = 0; t < WRITERS; t++) {
            for (long i = 0; i <= acknowledged[t]; i++) {
                if (!Arrays.equals(b(Long.toString(i)), store.get(key(t, i)))) {
                    fail(where + ": writer " + t + " write " + i + " lost; acknowledged by each writer "
                            + Arrays.toString(acknowledged));
                }
            }
        }
    }

    private static byte[] key(int writer, long i) {
        return b("w" + writer + ":" + i);
    }
}
