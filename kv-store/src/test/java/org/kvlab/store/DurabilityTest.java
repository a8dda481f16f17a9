package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.SetOptions;

final class DurabilityTest {

    @TempDir
    Path dir;

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    private KvStore open(FsyncPolicy policy) {
        return KvStore.builder().dataDirectory(dir).fsync(policy).build();
    }

    /** Every live key of every database, as "db:key" to "value@expiry". */
    static Map<String, String> contents(KvStore store) {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < store.databaseCount(); db++) {
            Keyspace keyspace = store.database(db);
            long cursor = 0;
            do {
                var result = keyspace.scan(cursor, 100, k -> true);
                for (byte[] key : result.keys()) {
                    out.put(db + ":" + s(key), s(keyspace.get(key)) + "@" + keyspace.expiryMillis(key));
                }
                cursor = result.cursor();
            } while (cursor != 0);
        }
        return out;
    }

    private static void writeMixture(KvStore store) {
        long later = System.currentTimeMillis() + 3_600_000;
        store.set(b("plain"), b("1"));
        store.set(b("expiring"), b("2"), new SetOptions(SetOptions.Condition.ALWAYS, later, false, false));
        store.set(b("gone"), b("3"));
        store.delete(b("gone"));
        store.set(b("expired"), b("4"), new SetOptions(SetOptions.Condition.ALWAYS, later, false, false));
        store.expire(b("expired"), 1, ExpireCondition.ALWAYS);
        store.setAll(new byte[][] {b("m1"), b("m2")}, new byte[][] {b("a"), b("b")}, false);
        store.set(b("from"), b("5"), new SetOptions(SetOptions.Condition.ALWAYS, later + 1, false, false));
        store.rename(b("from"), b("to"), false);
        store.copy(b("to"), 2, b("copied"), false);
        store.database(3).set(b("cleared"), b("x"));
        store.database(3).clear();
        store.update(b("plain"), old -> b(s(old) + "+"));
        store.expire(b("m1"), later, ExpireCondition.ALWAYS);
        store.persist(b("m1"));
        store.getAndSetExpiry(b("m2"), later + 2);
        store.set(b("binary\0key"), new byte[] {0, -1, 10, 13});
    }

    @Test
    void reopen_afterClose_recoversEveryKindOfWrite() {
        Map<String, String> expected;
        try (KvStore store = open(FsyncPolicy.NO)) {
            writeMixture(store);
            expected = contents(store);
        }
        assertEquals(7, expected.size(), expected.toString());
        try (KvStore store = open(FsyncPolicy.NO)) {
            assertEquals(expected, contents(store));
            store.clearAll();
        }
        try (KvStore store = open(FsyncPolicy.NO)) {
            assertEquals(Map.of(), contents(store));
        }
    }

    @Test
    void save_writesSnapshotStartsFreshLogAndUpdatesLastSave() throws IOException {
        Map<String, String> expected;
        try (KvStore store = open(FsyncPolicy.ALWAYS)) {
            Instant opened = store.lastSave();
            writeMixture(store);
            store.save();
            assertTrue(!store.lastSave().isBefore(opened));
            assertTrue(Files.exists(dir.resolve(Persistence.SNAPSHOT)));
            assertFalse(Files.exists(Persistence.logPath(dir, 1)), "the log before the snapshot is deleted");
            assertEquals(RecordBuffer.HEADER + 9, Files.size(Persistence.logPath(dir, 2)),
                    "the new log holds its start record only");
            store.set(b("after"), b("snapshot"));
            store.delete(b("m1"));
            expected = contents(store);
        }
        try (KvStore store = open(FsyncPolicy.ALWAYS)) {
            assertEquals(expected, contents(store));
            store.save();
            store.save();
        }
        try (KvStore store = open(FsyncPolicy.ALWAYS)) {
            assertEquals(expected, contents(store));
        }
    }

    @Test
    void saveInBackground_whileWriting_losesAndDuplicatesNothing() throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Map<String, String> expected;
        try (KvStore store = open(FsyncPolicy.EVERYSEC)) {
            for (int i = 0; i < 2000; i++) {
                store.set(b("k" + i), b("v" + i));
            }
            AtomicBoolean stop = new AtomicBoolean();
            Future<Integer> writes = writer.submit(() -> {
                int i = 0;
                while (!stop.get() || i < 2000) {
                    store.update(b("counter"), old -> b(Integer.toString(old == null ? 1 : Integer.parseInt(s(old)) + 1)));
                    store.set(b("k" + (i % 2000)), b("w" + i));
                    i++;
                }
                return i;
            });
            for (int round = 0; round < 3; round++) {
                store.saveInBackground().toCompletableFuture().get();
            }
            stop.set(true);
            int count = writes.get();
            assertEquals(Integer.toString(count), s(store.get(b("counter"))));
            expected = contents(store);
        } finally {
            writer.shutdownNow();
        }
        try (KvStore store = open(FsyncPolicy.EVERYSEC)) {
            assertEquals(expected, contents(store));
        }
    }

    @Test
    void saveInBackground_whileOneRuns_isRefused() throws Exception {
        try (KvStore store = open(FsyncPolicy.NO)) {
            for (int i = 0; i < 50_000; i++) {
                store.set(b("k" + i), new byte[20]);
            }
            CompletionStage<Void> first = store.saveInBackground();
            List<String> refusals = new ArrayList<>();
            while (!first.toCompletableFuture().isDone()) {
                try {
                    store.saveInBackground().toCompletableFuture().get();
                } catch (KvPersistenceException e) {
                    refusals.add(e.getMessage());
                }
            }
            first.toCompletableFuture().get();
            refusals.forEach(message -> assertEquals("Background save already in progress", message));
        }
    }

    @Test
    void autoRewrite_whenLogOutgrowsSnapshot_snapshotsInTheBackground() {
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).autoRewriteMinSize(4096)
                .autoRewritePercentage(100).build()) {
            for (int i = 0; i < 200; i++) {
                store.set(b("key"), new byte[100]);
            }
        }
        assertTrue(Files.exists(dir.resolve(Persistence.SNAPSHOT)), "close waits for the rewrite it requested");
        assertFalse(Files.exists(Persistence.logPath(dir, 1)), "the rewritten log is deleted");
        try (KvStore store = open(FsyncPolicy.NO)) {
            assertEquals(100, store.get(b("key")).length);
            assertEquals(1, store.size());
        }
    }

    @Test
    void autoRewrite_zeroPercentage_neverSnapshots() {
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).autoRewriteMinSize(0)
                .autoRewritePercentage(0).build()) {
            for (int i = 0; i < 200; i++) {
                store.set(b("key"), new byte[100]);
            }
        }
        assertFalse(Files.exists(dir.resolve(Persistence.SNAPSHOT)));
    }

    @Test
    void open_sameDirectoryTwice_isRefused() {
        try (KvStore store = open(FsyncPolicy.NO)) {
            KvPersistenceException e = assertThrows(KvPersistenceException.class, () -> open(FsyncPolicy.NO));
            assertEquals("The data directory " + dir + " is in use by another store", e.getMessage());
        }
        open(FsyncPolicy.NO).close();
    }

    @Test
    void open_damagedSnapshot_isRefused() throws IOException {
        try (KvStore store = open(FsyncPolicy.NO)) {
            store.set(b("a"), b("1"));
            store.save();
        }
        Path snapshot = dir.resolve(Persistence.SNAPSHOT);
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 4;
        Files.write(snapshot, bytes);
        KvPersistenceException e = assertThrows(KvPersistenceException.class, () -> open(FsyncPolicy.NO));
        assertTrue(e.getMessage().startsWith("Bad snapshot: "), e.getMessage());
        assertTrue(e.getMessage().contains(snapshot.toString()), e.getMessage());
    }

    @Test
    void open_missingLogGeneration_isRefused() throws IOException {
        try (KvStore store = open(FsyncPolicy.NO)) {
            store.set(b("a"), b("1"));
        }
        Files.write(Persistence.logPath(dir, 3), new byte[0]);
        KvPersistenceException e = assertThrows(KvPersistenceException.class, () -> open(FsyncPolicy.NO));
        assertEquals("Missing write log " + Persistence.logPath(dir, 2) + " (found " + Persistence.logPath(dir, 3)
                + ")", e.getMessage());
    }

    @Test
    void recovery_dropsKeysThatExpiredWhileClosed() {
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (KvStore store = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            store.set(b("short"), b("v"), new SetOptions(SetOptions.Condition.ALWAYS, clock.millis() + 10, false,
                    false));
            store.set(b("long"), b("v"));
        }
        clock.advance(11); // past its expiry: at its very millisecond it is still there, as in Redis
        try (KvStore store = KvStore.builder().dataDirectory(dir).clock(clock).build()) {
            assertNull(store.get(b("short")));
            assertEquals(1, store.size());
        }
    }

    @Test
    void fsyncPolicy_parsesRedisNames() {
        assertEquals(FsyncPolicy.ALWAYS, FsyncPolicy.parse("always"));
        assertEquals(FsyncPolicy.EVERYSEC, FsyncPolicy.parse("EverySec"));
        assertEquals(FsyncPolicy.NO, FsyncPolicy.parse("no"));
        assertEquals("everysec", FsyncPolicy.EVERYSEC.redisName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FsyncPolicy.parse("never"));
        assertEquals("appendfsync: never (expected: always, everysec or no)", e.getMessage());
    }

    @Test
    void builder_rejectsBadDurabilityArguments() {
        assertEquals("autoRewritePercentage: -1 (expected: >= 0)", assertThrows(IllegalArgumentException.class,
                () -> KvStore.builder().autoRewritePercentage(-1)).getMessage());
        assertEquals("autoRewriteMinSize: -1 (expected: >= 0)", assertThrows(IllegalArgumentException.class,
                () -> KvStore.builder().autoRewriteMinSize(-1)).getMessage());
        assertThrows(NullPointerException.class, () -> KvStore.builder().fsync(null));
    }
}
