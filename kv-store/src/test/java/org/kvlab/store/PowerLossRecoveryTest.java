package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;
import static org.kvlab.store.DurabilityTest.contents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.KvPersistenceException;

/**
 * Recovery from the states a power cut leaves: torn tails shaped as a checksum failure or a partly written header
 * followed by zeros, a torn or cleanly shortened log before the last one, and logs dropped behind a cut.
 */
final class PowerLossRecoveryTest {

    private static final Map<String, String> FIRST_TWO = Map.of("0:a", "1@-1", "0:b", "2@-1");

    @TempDir
    Path dir;

    private final Logger logger = Logger.getLogger(Persistence.class.getName());

    @BeforeEach
    void silence() {
        logger.setUseParentHandlers(false);
    }

    @AfterEach
    void restore() {
        logger.setUseParentHandlers(true);
    }

    private KvStore open(Path directory) {
        return KvStore.builder().dataDirectory(directory).fsync(FsyncPolicy.NO).build();
    }

    /** Writes a=1, b=2, c=3 into log 1 of {@code directory}; returns the log's size after b. */
    private long writeThree(Path directory) throws IOException {
        long afterB;
        try (KvStore store = open(directory)) {
            store.set(b("a"), b("1"));
            store.set(b("b"), b("2"));
            afterB = Files.size(Persistence.logPath(directory, 1));
            store.set(b("c"), b("3"));
        }
        return afterB;
    }

    @Test
    void tornTail_checksumFailureFollowedByZeros_isCutNotRefused() throws IOException {
        long afterB = writeThree(dir);
        Path log = Persistence.logPath(dir, 1);
        byte[] bytes = Files.readAllBytes(log);
        byte[] torn = Arrays.copyOf(bytes, bytes.length + PowerCutFileIo.SECTOR); // the write's rest reads as zeros
        Arrays.fill(torn, (int) afterB + RecordBuffer.HEADER + 3, torn.length, (byte) 0);
        Files.write(log, torn);
        try (KvStore store = open(dir)) {
            assertEquals(FIRST_TWO, contents(store));
            store.set(b("d"), b("4"));
        }
        try (KvStore store = open(dir)) {
            assertEquals(Map.of("0:a", "1@-1", "0:b", "2@-1", "0:d", "4@-1"), contents(store));
        }
    }

    @Test
    void tornTail_partlyWrittenHeaderFollowedByZeros_isCutNotRefused() throws IOException {
        long afterB = writeThree(dir);
        Path log = Persistence.logPath(dir, 1);
        byte[] torn = Arrays.copyOf(Files.readAllBytes(log), (int) afterB + 40);
        Arrays.fill(torn, (int) afterB + 6, torn.length, (byte) 0); // half the header, then zeros
        Files.write(log, torn);
        try (KvStore store = open(dir)) {
            assertEquals(FIRST_TWO, contents(store));
        }
    }

    @Test
    void damageFollowedByData_isStillRefused() throws IOException {
        long afterB = writeThree(dir);
        Path log = Persistence.logPath(dir, 1);
        byte[] bytes = Files.readAllBytes(log);
        bytes[(int) afterB - 2] ^= 1; // inside b, with c after it
        Files.write(log, bytes);
        KvPersistenceException e = assertThrows(KvPersistenceException.class, () -> open(dir));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void tornTailOfALogBeforeTheLast_isCutAndTheLaterLogsDropped() throws IOException {
        long afterB = writeThree(dir);
        Path log = Persistence.logPath(dir, 1);
        Files.write(log, Arrays.copyOf(Files.readAllBytes(log), (int) afterB + 7));
        Path other = dir.resolve("other");
        try (KvStore store = open(other)) {
            store.set(b("d"), b("4"));
        }
        Files.copy(Persistence.logPath(other, 1), Persistence.logPath(dir, 2));
        try (KvStore store = open(dir)) {
            assertEquals(FIRST_TWO, contents(store));
        }
        assertFalse(Files.exists(Persistence.logPath(dir, 2)));
    }

    @Test
    void logBeforeTheLastThatLostWholeRecords_isNotFollowedAcrossTheGap() throws IOException {
        Path source = dir.resolve("source");
        long afterB = writeThree(source);
        byte[] first = Files.readAllBytes(Persistence.logPath(source, 1));
        try (KvStore store = open(source)) {
            store.save();
            store.set(b("d"), b("4"));
        }
        // the state before the snapshot's rename reached the disk: log 1 lost c, log 2 (which says how long log 1
        // was) kept d
        Path cut = Files.createDirectories(dir.resolve("cut"));
        Files.write(Persistence.logPath(cut, 1), Arrays.copyOf(first, (int) afterB));
        Files.copy(Persistence.logPath(source, 2), Persistence.logPath(cut, 2));
        try (KvStore store = open(cut)) {
            assertEquals(FIRST_TWO, contents(store));
        }
        assertFalse(Files.exists(Persistence.logPath(cut, 2)));
    }

    @Test
    void truncateCorruptLog_dropsTheLaterLogsDurably() throws IOException {
        long afterB = writeThree(dir);
        Path log = Persistence.logPath(dir, 1);
        byte[] bytes = Files.readAllBytes(log);
        bytes[(int) afterB - 2] ^= 1;
        Files.write(log, bytes);
        Files.write(Persistence.logPath(dir, 2), new byte[0]);
        PowerCutFileIo io = new PowerCutFileIo(dir, 1);
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).truncateCorruptLog(true)
                .fileIo(io).build()) {
            assertEquals(Map.of("0:a", "1@-1"), contents(store));
        }
        assertFalse(io.powerCut().durableNames().containsKey(Persistence.logPath(dir, 2).getFileName().toString()),
                "the deletion of the later log survives a power cut");
    }

    @Test
    void missingSnapshot_withLogsAfterTheFirst_isRefused() throws IOException {
        writeThree(dir);
        Files.move(Persistence.logPath(dir, 1), Persistence.logPath(dir, 3));
        KvPersistenceException e = assertThrows(KvPersistenceException.class, () -> open(dir));
        assertEquals("Missing snapshot " + dir.resolve(Persistence.SNAPSHOT) + ": the write logs start at "
                + Persistence.logPath(dir, 3) + ", which follows a snapshot", e.getMessage());
        assertTrue(Files.exists(Persistence.logPath(dir, 3)), "nothing is deleted");
    }
}
