package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;
import static org.kvlab.store.DurabilityTest.contents;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.KvPersistenceException;

/** Failing disks and crashes injected through the {@link FileIo} seam. */
@ExtendWith(QuietStoreLogs.class)
final class FaultInjectionTest {

    private static final String DISK_FULL = "No space left on device";

    @TempDir
    Path dir;

    private final FileIo io = spy(new SystemFileIo());
    private KvStore open(FsyncPolicy policy, FileIo files) {
        return KvStore.builder().dataDirectory(dir).fsync(policy).fileIo(files).build();
    }

    private KvStore reopen() {
        return KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).build();
    }

    @Test
    void failedWrite_throwsMisconfChangesNothingAndLaterWritesWork() throws IOException {
        try (KvStore store = open(FsyncPolicy.EVERYSEC, io)) {
            store.set(b("a"), b("1"));
            doThrow(new IOException(DISK_FULL)).when(io).write(any(), any(), anyLong());
            KvPersistenceException e = assertThrows(KvPersistenceException.class, () -> store.set(b("b"), b("2")));
            assertEquals("Errors writing to the AOF file: " + DISK_FULL, e.getMessage());
            assertThrows(KvPersistenceException.class, () -> store.delete(b("a")));
            assertNull(store.get(b("b")));
            assertEquals("1", new String(store.get(b("a"))));
            doCallRealMethod().when(io).write(any(), any(), anyLong());
            store.set(b("c"), b("3"));
        }
        try (KvStore store = reopen()) {
            assertEquals(Map.of("0:a", "1@-1", "0:c", "3@-1"), contents(store));
        }
    }

    @Test
    void partialWrite_isCutBackToTheLastGoodRecord() throws IOException {
        Path log = Persistence.logPath(dir, 1);
        try (KvStore store = open(FsyncPolicy.NO, io)) {
            store.set(b("a"), b("1"));
            long good = Files.size(log);
            doAnswer(call -> {
                ByteBuffer source = call.getArgument(1);
                int limit = source.limit();
                source.limit(source.position() + 7);
                int written = ((FileChannel) call.getArgument(0)).write(source, call.getArgument(2));
                source.limit(limit);
                return written;
            }).doThrow(new IOException(DISK_FULL)).when(io).write(any(), any(), anyLong());
            assertThrows(KvPersistenceException.class, () -> store.set(b("b"), b("2")));
            assertEquals(good, Files.size(log));
            doCallRealMethod().when(io).write(any(), any(), anyLong());
            store.set(b("c"), b("3"));
        }
        try (KvStore store = reopen()) {
            assertEquals(Map.of("0:a", "1@-1", "0:c", "3@-1"), contents(store));
        }
    }

    @Test
    void failedWriteAndFailedCut_refuseWritesUntilASnapshotSucceeds() throws IOException {
        try (KvStore store = open(FsyncPolicy.EVERYSEC, io)) {
            store.set(b("a"), b("1"));
            doThrow(new IOException(DISK_FULL)).when(io).write(any(), any(), anyLong());
            doThrow(new IOException("Input/output error")).when(io).truncate(any(), anyLong());
            assertThrows(KvPersistenceException.class, () -> store.set(b("b"), b("2")));
            doCallRealMethod().when(io).write(any(), any(), anyLong());
            doCallRealMethod().when(io).truncate(any(), anyLong());
            KvPersistenceException e = assertThrows(KvPersistenceException.class, () -> store.set(b("c"), b("3")));
            assertEquals("Errors writing to the AOF file: " + DISK_FULL, e.getMessage());
            CompletionException failed = assertThrows(CompletionException.class,
                    () -> store.durable().toCompletableFuture().join());
            assertTrue(failed.getCause() instanceof KvPersistenceException);
            store.save();
            store.set(b("d"), b("4"));
            store.durable().toCompletableFuture().join();
        }
        try (KvStore store = reopen()) {
            assertEquals(Map.of("0:a", "1@-1", "0:d", "4@-1"), contents(store));
        }
    }

    @Test
    void failedForce_underAlways_failsDurableAndRefusesWritesUntilASnapshot() throws IOException {
        try (KvStore store = open(FsyncPolicy.ALWAYS, io)) {
            store.set(b("a"), b("1"));
            store.durable().toCompletableFuture().join();
            doThrow(new IOException("Input/output error")).when(io).force(any());
            store.set(b("b"), b("2"));
            CompletionException failed = assertThrows(CompletionException.class,
                    () -> store.durable().toCompletableFuture().join());
            assertEquals("Errors writing to the AOF file: Input/output error", failed.getCause().getMessage());
            assertThrows(KvPersistenceException.class, () -> store.set(b("c"), b("3")));
            doCallRealMethod().when(io).force(any());
            store.save();
            store.set(b("c"), b("3"));
            store.durable().toCompletableFuture().join();
        }
        try (KvStore store = reopen()) {
            assertEquals(Map.of("0:a", "1@-1", "0:b", "2@-1", "0:c", "3@-1"), contents(store));
        }
    }

    @Test
    void failedBatchedWrite_underAlways_failsDurableCutsTheLogBackAndRefusesWritesUntilASnapshot()
            throws IOException {
        Path log = Persistence.logPath(dir, 1);
        try (KvStore store = open(FsyncPolicy.ALWAYS, io)) {
            store.set(b("a"), b("1"));
            store.durable().toCompletableFuture().join();
            long good = Files.size(log);
            doAnswer(call -> {
                ByteBuffer source = call.getArgument(1);
                source.limit(source.position() + 7);
                ((FileChannel) call.getArgument(0)).write(source, call.getArgument(2));
                throw new IOException(DISK_FULL);
            }).when(io).write(any(), any(), anyLong());
            store.set(b("b"), b("2"));
            store.set(b("c"), b("3"));
            CompletionException failed = assertThrows(CompletionException.class,
                    () -> store.durable().toCompletableFuture().join());
            assertEquals("Errors writing to the AOF file: " + DISK_FULL, failed.getCause().getMessage());
            assertEquals(good, Files.size(log), "the torn batch is cut off");
            doCallRealMethod().when(io).write(any(), any(), anyLong());
            assertThrows(KvPersistenceException.class, () -> store.set(b("d"), b("4")));
            store.save();
            store.set(b("d"), b("4"));
            store.durable().toCompletableFuture().join();
        }
        try (KvStore store = reopen()) {
            assertEquals(Map.of("0:a", "1@-1", "0:b", "2@-1", "0:c", "3@-1", "0:d", "4@-1"), contents(store));
        }
    }

    @Test
    void bufferedRecords_underAlways_reachTheFileInOneWriteBeforeTheForce() throws IOException {
        Path log = Persistence.logPath(dir, 1);
        try (KvStore store = open(FsyncPolicy.ALWAYS, io)) {
            for (int i = 0; i < 100; i++) {
                store.set(b("k" + i), b("v"));
            }
            assertEquals(0, Files.size(log), "records wait in memory for the force");
            verify(io, never()).write(any(), any(), anyLong());
            store.durable().toCompletableFuture().join();
            verify(io, times(1)).write(any(), any(), anyLong());
            verify(io, times(1)).force(any());
        }
        try (KvStore store = reopen()) {
            assertEquals(100, store.size());
        }
    }

    @Test
    void records_underEverysecAndNo_reachTheFileAsTheyAreWritten() throws IOException {
        for (FsyncPolicy policy : List.of(FsyncPolicy.EVERYSEC, FsyncPolicy.NO)) {
            Path at = dir.resolve(policy.redisName());
            try (KvStore store = KvStore.builder().dataDirectory(at).fsync(policy).build()) {
                long before = Files.size(Persistence.logPath(at, 1));
                store.set(b("a"), b("1"));
                long afterOne = Files.size(Persistence.logPath(at, 1));
                store.set(b("b"), b("2"));
                assertTrue(before < afterOne && afterOne < Files.size(Persistence.logPath(at, 1)),
                        policy + ": each write reaches the file before it returns");
            }
        }
    }

    @Test
    void bufferedRecords_underAlwaysPastTheBound_areWrittenByTheWriter() throws IOException {
        Path log = Persistence.logPath(dir, 1);
        byte[] value = new byte[64 * 1024];
        try (KvStore store = open(FsyncPolicy.ALWAYS, io)) {
            for (int i = 0; i * value.length <= WriteAheadLog.FLUSH_BOUND; i++) {
                store.set(b("k" + i), value);
            }
            assertTrue(Files.size(log) > WriteAheadLog.FLUSH_BOUND, "the writer wrote the full buffer");
            verify(io, never()).force(any());
        }
    }

    @Test
    void failedBoundWrite_underAlways_failsTheWriterAndRefusesWritesUntilASnapshot() throws IOException {
        byte[] value = new byte[64 * 1024];
        int written = 0;
        try (KvStore store = open(FsyncPolicy.ALWAYS, io)) {
            doThrow(new IOException(DISK_FULL)).when(io).write(any(), any(), anyLong());
            KvPersistenceException e = null;
            while (e == null) {
                try {
                    store.set(b("k" + written), value);
                    written++;
                } catch (KvPersistenceException failed) {
                    e = failed;
                }
            }
            assertEquals("Errors writing to the AOF file: " + DISK_FULL, e.getMessage());
            assertNull(store.get(b("k" + written)), "the writer whose write failed changed nothing");
            assertTrue(written > 0);
            assertThrows(CompletionException.class, () -> store.durable().toCompletableFuture().join());
            doCallRealMethod().when(io).write(any(), any(), anyLong());
            assertThrows(KvPersistenceException.class, () -> store.set(b("x"), b("1")));
            store.save();
            store.set(b("x"), b("1"));
            store.durable().toCompletableFuture().join();
        }
        try (KvStore store = reopen()) {
            assertEquals(written + 1, store.size(), "the snapshot holds every write applied before the failure");
        }
    }

    @Test
    void bufferedRecords_underAlways_areWrittenOnCloseAndToTheLogASnapshotRetires() throws IOException {
        doThrow(new IOException(DISK_FULL)).when(io).move(any(), any());
        try (KvStore store = open(FsyncPolicy.ALWAYS, io)) {
            store.set(b("before"), b("1"));
            assertThrows(KvPersistenceException.class, store::save);
            store.set(b("after"), b("2"));
        }
        try (LogReader reader = new LogReader(Persistence.logPath(dir, 1))) {
            assertEquals(LogReader.Outcome.RECORD, reader.next(), "the buffered record went to the retired log");
            assertEquals(LogReader.Outcome.END, reader.next());
        }
        try (KvStore store = reopen()) {
            assertEquals(Map.of("0:before", "1@-1", "0:after", "2@-1"), contents(store));
        }
    }

    @Test
    void groupCommit_concurrentWritersUnderAlways_shareForcesDoneOnlyByTheSyncer() throws Exception {
        Set<String> forcingThreads = ConcurrentHashMap.newKeySet();
        doAnswer(call -> {
            forcingThreads.add(Thread.currentThread().getName());
            return call.callRealMethod();
        }).when(io).force(any());
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (KvStore store = open(FsyncPolicy.ALWAYS, io)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        store.set(b("t" + id + ":" + i), b("v"));
                        store.durable().toCompletableFuture().join();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
            long forces = store.logForces();
            assertTrue(forces >= 1 && forces < threads * perThread,
                    forces + " forces for " + threads * perThread + " acknowledged writes");
            assertEquals(Set.of("kvlab-wal-sync"), forcingThreads);
        } finally {
            pool.shutdownNow();
        }
        try (KvStore store = reopen()) {
            assertEquals(threads * perThread, store.size());
        }
    }

    @Test
    void failedSnapshot_reportsTheErrorKeepsServingAndALaterSnapshotWorks() throws IOException {
        Map<String, String> expected;
        try (KvStore store = open(FsyncPolicy.NO, io)) {
            store.set(b("a"), b("1"));
            doThrow(new IOException(DISK_FULL)).when(io).force(any());
            KvPersistenceException e = assertThrows(KvPersistenceException.class, store::save);
            assertEquals("Error saving the snapshot: java.io.IOException: " + DISK_FULL, e.getMessage());
            assertFalse(Files.exists(dir.resolve(Persistence.TEMPORARY)));
            assertFalse(Files.exists(dir.resolve(Persistence.SNAPSHOT)));
            doCallRealMethod().when(io).force(any());
            store.set(b("b"), b("2"));
            store.save();
            store.set(b("c"), b("3"));
            expected = contents(store);
        }
        try (KvStore store = reopen()) {
            assertEquals(expected, contents(store));
        }
    }

    @Test
    void failingAutomaticRewrite_isRetriedOnlyAfterTheLogGrowsAgain() throws IOException {
        KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).fileIo(io)
                .autoRewriteMinSize(4096).build();
        try {
            doThrow(new IOException(DISK_FULL)).when(io).syncDirectory(any());
            for (int i = 0; i < 200; i++) {
                store.set(b("key"), new byte[100]);
            }
        } finally {
            store.close();
        }
        long logBytes = Files.size(Persistence.logPath(dir, 1));
        long attempts = org.mockito.Mockito.mockingDetails(io).getInvocations().stream()
                .filter(call -> call.getMethod().getName().equals("syncDirectory")).count();
        assertTrue(attempts >= 1 && attempts <= logBytes / 4096 + 1, attempts + " attempts for " + logBytes + " bytes");
        assertFalse(Files.exists(Persistence.logPath(dir, 3)), "failed attempts leave no log generations behind");
    }

    @Test
    void durable_underAlways_givesEachCallerAFutureOfItsOwn() throws Exception {
        CountDownLatch forcing = new CountDownLatch(1);
        doAnswer(call -> {
            forcing.await();
            return call.callRealMethod();
        }).when(io).force(any());
        try (KvStore store = open(FsyncPolicy.ALWAYS, io)) {
            store.set(b("a"), b("1"));
            CompletableFuture<Void> first = (CompletableFuture<Void>) store.durable();
            CompletableFuture<Void> second = (CompletableFuture<Void>) store.durable();
            assertFalse(first.isDone(), "the force is held back");
            first.complete(null);
            assertFalse(second.isDone(), "completing one caller's future leaves the others waiting for the force");
            forcing.countDown();
            second.get();
            assertTrue(store.durable().toCompletableFuture().isDone());
        }
    }

    @Test
    void policyEverysec_forcesInTheBackgroundWithoutAnyWaiter() throws IOException {
        try (KvStore store = open(FsyncPolicy.EVERYSEC, io)) {
            store.set(b("a"), b("1"));
            assertTrue(store.durable().toCompletableFuture().isDone(), "everysec acknowledges at once");
            verify(io, timeout(30_000).atLeastOnce()).force(any());
        }
    }

    @Test
    void policyNo_forcesOnlyOnClose() throws IOException {
        KvStore store = open(FsyncPolicy.NO, io);
        for (int i = 0; i < 100; i++) {
            store.set(b("k" + i), b("v"));
        }
        assertTrue(store.durable().toCompletableFuture().isDone());
        verify(io, never()).force(any());
        store.close();
        verify(io, times(1)).force(any());
    }

    @Test
    void crashAtEveryStepOfASnapshot_recoversTheSameData() throws IOException {
        boolean completed = false;
        for (int step = 0; !completed; step++) {
            Path at = dir.resolve("step" + step);
            CrashingFileIo crashing = new CrashingFileIo();
            Map<String, String> expected;
            KvStore store = KvStore.builder().dataDirectory(at).fsync(FsyncPolicy.NO).fileIo(crashing).build();
            try {
                for (int i = 0; i < 200; i++) {
                    store.set(b("before" + i), b("v" + i));
                }
                store.save();
                for (int i = 0; i < 200; i += 2) {
                    store.delete(b("before" + i));
                    store.set(b("between" + i), new byte[100]);
                }
                expected = contents(store);
                crashing.crashAfter(step);
                try {
                    store.save();
                    completed = true;
                } catch (KvPersistenceException e) {
                    assertTrue(crashing.crashed(), e::toString);
                    assertThrows(KvPersistenceException.class, () -> store.set(b("after"), b("crash")));
                }
            } finally {
                store.close();
            }
            try (KvStore recovered = KvStore.builder().dataDirectory(at).build()) {
                assertEquals(expected, contents(recovered), "crash at step " + step);
                assertFalse(Files.exists(at.resolve(Persistence.TEMPORARY)));
            }
            assertTrue(step < 100, "a snapshot takes a bounded number of steps");
        }
    }
}
