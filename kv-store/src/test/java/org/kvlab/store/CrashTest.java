package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a {@link CrashWriter} process with SIGKILL ({@link ProcessHandle#destroyForcibly()}) at random moments during
 * concurrent writes of every type and recovers its directory: each writer's keys must be exactly its state after a
 * prefix of its writes that includes every acknowledged write and at most the one write in flight — every key's type,
 * contents and exact expiry, as {@link CrashWriter#model} predicts them — under every fsync policy (rounds cycle
 * through {@code always}, {@code everysec}, {@code no}); no corruption, no resurrected deletes and no resurrected
 * expired keys. The last writer's writes are atomic steps of {@value CrashWriter#STEP}: its prefix holds whole steps.
 *
 * <p>The default run does 20 rounds; run hundreds with {@code -Dkvlab.crashRounds=300}, and replay a run with
 * {@code -Dkvlab.crashSeed=N} (the seed is in every failure message).
 */
final class CrashTest {

    private static final int WRITERS = 3;

    @TempDir
    Path dir;

    @Test
    void sigkillDuringConcurrentWrites_recoversAPrefixWithEveryAcknowledgedWrite() throws Exception {
        int rounds = Integer.getInteger("kvlab.crashRounds", 20);
        long seed = Long.getLong("kvlab.crashSeed", System.nanoTime());
        Random random = new Random(seed);
        Logger.getLogger(Persistence.class.getName()).setUseParentHandlers(false);
        try {
            for (int round = 0; round < rounds; round++) {
                FsyncPolicy policy = FsyncPolicy.values()[round % 3];
                crashAndRecover(dir.resolve("round" + round), policy, 10 + random.nextInt(1500),
                        "seed " + seed + ", round " + round + ", " + policy.redisName());
            }
        } finally {
            Logger.getLogger(Persistence.class.getName()).setUseParentHandlers(true);
        }
    }

    private static void crashAndRecover(Path data, FsyncPolicy policy, int acksBeforeKill, String context)
            throws IOException, InterruptedException {
        Path stderr = Files.createDirectories(data.resolveSibling(data.getFileName() + "-log")).resolve("stderr");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                data.toString(), policy.redisName(), Integer.toString(WRITERS))
                .redirectError(stderr.toFile())
                .start();
        int[] acknowledged = new int[WRITERS];
        Arrays.fill(acknowledged, -1);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            int acks = 0;
            String line;
            while (acks < acksBeforeKill && (line = out.readLine()) != null) {
                record(acknowledged, line);
                acks++;
            }
            assertTrue(process.isAlive() || acks == acksBeforeKill,
                    () -> context + ": the writer died: " + read(stderr));
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of its stdout
            process.toHandle().destroyForcibly();
            assertNotEquals(0, process.waitFor());
            while ((line = out.readLine()) != null) {
                record(acknowledged, line);
            }
        } finally {
            process.destroyForcibly();
        }
        try (KvStore store = KvStore.builder().dataDirectory(data).build()) {
            Map<Integer, Map<String, String>> recovered = byWriter(store);
            for (int writer = 0; writer < WRITERS; writer++) {
                Map<String, String> actual = recovered.getOrDefault(writer, Map.of());
                int acked = acknowledged[writer] + 1;
                int step = writer == WRITERS - 1 ? CrashWriter.STEP : 1;
                assertEquals(0, acked % step, context + ": a step's writes are acknowledged together");
                if (!actual.equals(CrashWriter.model(writer, acked))
                        && !actual.equals(CrashWriter.model(writer, acked + step))) {
                    fail(context + ": writer " + writer + " acknowledged " + acked + " writes but recovered "
                            + actual + ", expected " + CrashWriter.model(writer, acked) + " or one step more ("
                            + step + " writes)");
                }
            }
        }
    }

    private static void record(int[] acknowledged, String line) {
        String[] parts = line.split(" ");
        int writer = Integer.parseInt(parts[0]);
        int index = Integer.parseInt(parts[1]);
        assertEquals(acknowledged[writer] + 1, index, "acknowledgements of one writer come in order");
        acknowledged[writer] = index;
    }

    /** Returns the text form ({@link KeyContents}) of every key, by writer, then key. */
    private static Map<Integer, Map<String, String>> byWriter(KvStore store) {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        KeyContents.all(store).forEach((name, contents) -> {
            int writer = Integer.parseInt(name.substring(1, name.indexOf(':')));
            out.computeIfAbsent(writer, w -> new TreeMap<>()).put(name, contents);
        });
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
