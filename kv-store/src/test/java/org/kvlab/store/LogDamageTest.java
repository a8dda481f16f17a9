package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;
import static org.kvlab.store.DurabilityTest.contents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.KvPersistenceException;

/** Recovery from logs cut at every offset of their last record and from single flipped bits before the end. */
final class LogDamageTest {

    private static final int RECORDS = 10;

    @TempDir
    Path dir;

    private final List<LogRecord> warnings = new ArrayList<>();
    private final Logger logger = Logger.getLogger(Persistence.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (warnings) {
                    warnings.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private Path log;
    private byte[] bytes;
    /** {@code ends[i]}: the log's size after record {@code i}; {@code ends[-1]} is 0. */
    private long[] ends;
    private final List<Map<String, String>> states = new ArrayList<>();

    @BeforeEach
    void writeLog() throws IOException {
        logger.addHandler(capture);
        logger.setUseParentHandlers(false);
        log = Persistence.logPath(dir, 1);
        ends = new long[RECORDS];
        try (KvStore store = open(false)) {
            states.add(contents(store));
            for (int i = 0; i < RECORDS; i++) {
                store.set(b("key" + i), b("value" + i));
                ends[i] = Files.size(log);
                states.add(contents(store));
            }
        }
        bytes = Files.readAllBytes(log);
        assertEquals(ends[RECORDS - 1], bytes.length);
    }

    @AfterEach
    void removeHandler() {
        logger.removeHandler(capture);
        logger.setUseParentHandlers(true);
    }

    private KvStore open(boolean truncate) {
        return KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).truncateCorruptLog(truncate).build();
    }

    @Test
    void tornLastRecord_atEveryOffset_isCutWithAWarning() throws IOException {
        long start = ends[RECORDS - 2];
        for (long cut = start; cut < bytes.length; cut++) {
            Files.write(log, Arrays.copyOf(bytes, (int) cut));
            warnings.clear();
            try (KvStore store = open(false)) {
                assertEquals(states.get(RECORDS - 1), contents(store), "cut at " + cut);
                assertEquals(start, Files.size(log), "the torn bytes are cut off");
                store.set(b("after"), b("cut"));
            }
            if (cut > start) {
                assertEquals(1, warnings.size(), "cut at " + cut);
                String message = warnings.get(0).getMessage();
                assertTrue(message.contains(log.toString()) && message.contains("at offset " + start)
                        && message.contains("dropping " + (cut - start) + " bytes"), message);
            } else {
                assertEquals(List.of(), warnings);
            }
            try (KvStore store = open(false)) {
                assertEquals("cut", new String(store.get(b("after"))), "appends go after the last good record");
            }
        }
    }

    @Test
    void zerosAfterTheLastRecord_areCut() throws IOException {
        Files.write(log, Arrays.copyOf(bytes, bytes.length + 4096));
        try (KvStore store = open(false)) {
            assertEquals(states.get(RECORDS), contents(store));
            assertEquals(bytes.length, Files.size(log));
        }
    }

    @Test
    void flippedBit_inAnyByteOfAMiddleRecord_refusesToStartNamingFileAndOffset() throws IOException {
        int record = RECORDS / 2;
        long start = ends[record - 1];
        for (long at = start; at < ends[record]; at++) {
            byte[] damaged = bytes.clone();
            damaged[(int) at] ^= (byte) (1 << (at % 8));
            Files.write(log, damaged);
            KvPersistenceException e = assertThrows(KvPersistenceException.class, () -> open(false), "flip at " + at);
            assertTrue(e.getMessage().startsWith("Bad write log record in " + log + " at offset " + start + " ("),
                    e.getMessage());
        }
    }

    @Test
    void flippedBit_withTruncateCorruptLog_keepsTheRecordsBefore() throws IOException {
        int record = RECORDS / 2;
        long start = ends[record - 1];
        byte[] damaged = bytes.clone();
        damaged[(int) start + 20] ^= 1;
        Files.write(log, damaged);
        try (KvStore store = open(true)) {
            assertEquals(states.get(record), contents(store));
            assertEquals(start, Files.size(log));
            assertTrue(warnings.stream().anyMatch(w -> w.getMessage().contains("at offset " + start)));
        }
    }

    @Test
    void flippedBit_inAnEarlierLogGeneration_dropsTheLaterLogsWhenTruncating() throws IOException {
        byte[] damaged = bytes.clone();
        damaged[(int) ends[0] + 15] ^= 2;
        Files.write(log, damaged);
        Files.write(Persistence.logPath(dir, 2), bytes);
        assertThrows(KvPersistenceException.class, () -> open(false));
        try (KvStore store = open(true)) {
            assertEquals(states.get(1), contents(store));
        }
        assertTrue(!Files.exists(Persistence.logPath(dir, 2)));
    }
}
