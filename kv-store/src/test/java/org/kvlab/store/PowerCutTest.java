package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;
import static org.kvlab.store.DurabilityTest.contents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvlab.api.KvPersistenceException;

/**
 * Power cuts at every file operation of a store at work — inside group commits, log rotations, snapshots (SAVE,
 * BGSAVE, automatic rewrites) and recovery itself — through {@link PowerCutFileIo}, on a healthy disk and on one that
 * fails about one write, force or rename in a hundred. Each cut is restored as one random state the disk may hold
 * after it, recovered, and checked against the history of states the single writer saw:
 * <ul>
 *   <li>recovery never refuses to start;</li>
 *   <li>the recovered state is one of the history (a prefix: no gap, nothing from after the cut);</li>
 *   <li>{@code always}: it includes every step acknowledged ({@code durable()} completed) before the cut;
 *       {@code everysec}: every step acknowledged more than 2 s before it (on the healthy disk: a failed force
 *       forgets what was acknowledged before it); {@code no}: nothing more.</li>
 * </ul>
 * One cut in {@value #RECOVERY_CUT_EVERY} also cuts the power again at every operation of its recovery.
 *
 * <p>The default run checks {@value #DEFAULT_CUTS} cuts per case; more with {@code -Dkvlab.powerCuts=1000000} (which prints how far it got every {@value #PROGRESS_EVERY} cuts); replay
 * one with {@code -Dkvlab.powerCutSeed=N} (the seed is in every failure message).
 */
@ExtendWith(QuietStoreLogs.class)
final class PowerCutTest {

    private static final int DEFAULT_CUTS = 5000;
    /** How often a long run prints how far it got (a run by hand can take hours). */
    private static final int PROGRESS_EVERY = 10_000;
    private static final int RECOVERY_CUT_EVERY = 50;
    private static final int STEPS = 400;
    private static final int KEYS = 24;
    private static final long EVERYSEC_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(FsyncPolicy.values()).flatMap(p -> Stream.of(Arguments.of(p, 0), Arguments.of(p, 100)));
    }

    @ParameterizedTest(name = "{0}, failing one operation in {1}")
    @MethodSource("cases")
    void powerCut_atAnyOperation_recoversAPrefixHoldingWhatThePolicyPromised(FsyncPolicy policy, int failEvery)
            throws IOException {
        int target = Integer.getInteger("kvlab.powerCuts", DEFAULT_CUTS);
        long seed = Long.getLong("kvlab.powerCutSeed", System.nanoTime());
        int checked = 0;
        long failures = 0;
        long startNanos = System.nanoTime();
        for (int round = 0; checked < target; round++) {
            String context = policy.redisName() + ", failing 1/" + failEvery + ", seed " + seed + ", round " + round;
            Workload workload = new Workload(dir.resolve("round" + round), policy, failEvery, seed + round);
            workload.run();
            failures += workload.io.failures();
            List<PowerCutFileIo.Image> images = workload.io.images();
            images.add(workload.io.powerCut());
            Random random = new Random(seed + round);
            for (int i = 0; i < images.size() && checked < target; i++) {
                PowerCutFileIo.Image image = images.get(i);
                Path cut = Files.createDirectories(dir.resolve("cut"));
                String choices = image.restore(cut, random);
                String where = context + ", cut before operation " + image.operation() + " (" + choices + ")";
                if (checked % RECOVERY_CUT_EVERY == 0) {
                    cutDuringRecovery(workload, image, cut, random, where);
                } else {
                    workload.check(image, recover(cut, null), where);
                }
                checked++;
                if (checked % PROGRESS_EVERY == 0) {
                    System.out.printf("power cuts, %s, failing 1/%d (0: never), seed %d: %d checked, none violated,"
                            + " %d s%n", policy.redisName(), failEvery, seed, checked,
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
                }
            }
            deleteTree(workload.directory);
        }
        assertTrue(failEvery == 0 || failures > 0, "the failing disk failed no operation");
    }

    /** Recovers {@code cut} capturing every operation, then checks a cut at each of them, recovered again. */
    private void cutDuringRecovery(Workload workload, PowerCutFileIo.Image image, Path cut, Random random,
            String where) throws IOException {
        PowerCutFileIo io = new PowerCutFileIo(cut, random.nextLong());
        io.capture(true);
        workload.check(image, recover(cut, io), where);
        List<PowerCutFileIo.Image> again = io.images();
        Path second = Files.createDirectories(dir.resolve("second"));
        for (PowerCutFileIo.Image inner : again) {
            String choices = inner.restore(second, random);
            workload.check(image, recover(second, null), where + ", then during recovery before operation "
                    + inner.operation() + " (" + choices + ")");
        }
    }

    /** Opens {@code directory} as a store would after the cut; returns its contents, or the refusal. */
    private static Object recover(Path directory, PowerCutFileIo capturing) throws IOException {
        FileIo io = capturing != null ? capturing : new PowerCutFileIo(directory, 0);
        try (KvStore store = KvStore.builder().dataDirectory(directory).fsync(FsyncPolicy.NO).fileIo(io)
                .autoRewritePercentage(0).build()) {
            return contents(store);
        } catch (KvPersistenceException e) {
            return e;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(path);
            }
        }
    }

    /** One writer's run over a store on a {@link PowerCutFileIo}, and the history it saw. */
    private static final class Workload {

        final Path directory;
        final PowerCutFileIo io;
        private final FsyncPolicy policy;
        private final Random random;
        private final int failEvery;
        /** {@code states.get(i)}: the contents after {@code i} steps. */
        private final List<Map<String, String>> states = new ArrayList<>();
        /** When step {@code i} (from 1) started and was acknowledged (0: not acknowledged). */
        private final long[] started = new long[STEPS + 1];
        private final long[] acknowledged = new long[STEPS + 1];
        /** The last step of each distinct state. */
        private final Map<Map<String, String>, Integer> lastStepOf = new HashMap<>();

        Workload(Path directory, FsyncPolicy policy, int failEvery, long seed) throws IOException {
            this.directory = Files.createDirectories(directory);
            this.policy = policy;
            this.random = new Random(seed);
            this.io = new PowerCutFileIo(directory, seed);
            this.failEvery = failEvery;
        }

        void run() {
            io.capture(true);
            KvStore store = KvStore.builder().dataDirectory(directory).fsync(policy).fileIo(io)
                    .autoRewritePercentage(100).autoRewriteMinSize(2048).build();
            io.failEvery(failEvery);
            record(0, contents(store));
            int firstUnacknowledged = 1;
            for (int step = 1; step <= STEPS; step++) {
                started[step] = System.nanoTime();
                boolean done = write(store, step);
                record(step, contents(store));
                // a refused step that changed nothing promises nothing: counted as acknowledged
                boolean promising = done || states.get(step).equals(states.get(step - 1));
                if (policy != FsyncPolicy.ALWAYS) {
                    if (promising) {
                        acknowledged[step] = System.nanoTime();
                    }
                } else if (random.nextInt(3) == 0 || !done) {
                    try {
                        store.durable().toCompletableFuture().join();
                        long now = System.nanoTime();
                        for (int i = firstUnacknowledged; i <= step; i++) {
                            acknowledged[i] = now;
                        }
                    } catch (CompletionException e) {
                        // never acknowledged
                    }
                    firstUnacknowledged = step + 1;
                }
                int chore = random.nextInt(100);
                try {
                    if (chore < 2 || !done && chore < 30) {
                        store.save();
                    } else if (chore < 5) {
                        store.saveInBackground();
                    }
                } catch (KvPersistenceException e) {
                    // a failing disk, or a snapshot already running: the writer goes on
                }
            }
            store.close();
            io.capture(false);
        }

        /** Makes step {@code step}'s change; returns whether the store accepted it. */
        private boolean write(KvStore store, int step) {
            int kind = random.nextInt(100);
            byte[] key = b("k" + random.nextInt(KEYS));
            try {
                if (kind < 65) {
                    store.set(key, b("v" + step));
                } else if (kind < 85) {
                    store.delete(key);
                } else {
                    byte[] other = b("k" + random.nextInt(KEYS));
                    byte[] gone = b("k" + random.nextInt(KEYS));
                    store.atomically(() -> {
                        store.set(key, b("a" + step));
                        store.set(other, b("b" + step));
                        return store.delete(gone);
                    });
                }
                return true;
            } catch (KvPersistenceException e) {
                return false;
            }
        }

        /** Returns how many steps from the first pass {@code test} on their times, in a row. */
        private static int count(long[] times, LongPredicate test) {
            int n = 0;
            while (n < STEPS && test.test(times[n + 1])) {
                n++;
            }
            return n;
        }

        private void record(int step, Map<String, String> state) {
            states.add(state);
            lastStepOf.put(state, step);
        }

        /** Checks what recovery of a cut at {@code image} gave. */
        void check(PowerCutFileIo.Image image, Object recovered, String where) {
            if (recovered instanceof KvPersistenceException e) {
                throw new AssertionError("refused to start after a power cut: " + e.getMessage() + "; " + where, e);
            }
            long window = switch (policy) {
                case ALWAYS -> 0;
                // a failed force forgets writes acknowledged before it: the 2 s promise is a healthy disk's
                case EVERYSEC -> failEvery == 0 ? EVERYSEC_WINDOW_NANOS : Long.MAX_VALUE;
                case NO -> Long.MAX_VALUE;
            };
            int promised = count(acknowledged, t -> t != 0 && image.nanos() - t > window);
            int begun = count(started, t -> t != 0 && t < image.nanos());
            Integer step = lastStepOf.get(recovered);
            assertTrue(step != null, () -> "recovered a state no prefix had: " + recovered + "; " + where);
            int first = states.indexOf(recovered);
            assertTrue(step >= promised, () -> "lost acknowledged steps: recovered the state after step " + step
                    + " but step " + promised + " was promised; " + where);
            assertTrue(first <= begun, () -> "recovered the state after step " + first + ", begun after the cut ("
                    + begun + " had begun); " + where);
        }
    }
}
