package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;
import static org.kvlab.store.DurabilityTest.contents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.KvPersistenceException;

/** What a snapshot does about failures around it: those on the log it switched to, and those of its own. */
@ExtendWith(QuietStoreLogs.class)
final class SnapshotFailureTest {

    @TempDir
    Path dir;

    @Test
    void snapshot_whoseNewLogFailedWhileItRan_doesNotLetWritesResume() throws IOException {
        AtomicLong failForcesPast = new AtomicLong(Long.MAX_VALUE);
        AtomicReference<FileChannel> newestLog = new AtomicReference<>();
        AtomicReference<Runnable> beforeRename = new AtomicReference<>(() -> { });
        FileIo io = new SystemFileIo() {
            @Override
            public FileChannel open(Path path) throws IOException {
                FileChannel channel = super.open(path);
                if (path.getFileName().toString().endsWith(".log")) {
                    newestLog.set(channel);
                }
                return channel;
            }

            @Override
            public void force(FileChannel channel) throws IOException {
                // only the new log fails, and only once it holds the write: the syncer may force the log the
                // snapshot retired, and the new one with it, at any time
                if (channel == newestLog.get() && channel.size() > failForcesPast.get()) {
                    throw new IOException("Input/output error");
                }
                super.force(channel);
            }

            @Override
            public void move(Path source, Path target) throws IOException {
                beforeRename.get().run();
                super.move(source, target);
            }
        };
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.ALWAYS).fileIo(io).build()) {
            store.set(b("a"), b("1"));
            store.durable().toCompletableFuture().join();
            beforeRename.set(() -> { // the snapshot is written; a write on the new log fails to be forced
                try {
                    failForcesPast.set(newestLog.get().size());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                store.set(b("lost"), b("x"));
                assertThrows(CompletionException.class, () -> store.durable().toCompletableFuture().join());
                failForcesPast.set(Long.MAX_VALUE);
            });
            store.save();
            beforeRename.set(() -> { });
            assertThrows(KvPersistenceException.class, () -> store.set(b("b"), b("2")),
                    "the new log lacks a write the snapshot does not hold either");
            store.save();
            store.set(b("b"), b("2"));
            store.durable().toCompletableFuture().join();
        }
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).build()) {
            assertEquals(Map.of("0:a", "1@-1", "0:lost", "x@-1", "0:b", "2@-1"), contents(store));
        }
    }

    @Test
    void failedLog_afterTheDiskRecovers_acceptsWritesAgainWithoutASave() throws InterruptedException {
        AtomicBoolean failForces = new AtomicBoolean();
        FileIo io = new SystemFileIo() {
            @Override
            public void force(FileChannel channel) throws IOException {
                if (failForces.get()) {
                    throw new IOException("Input/output error");
                }
                super.force(channel);
            }
        };
        MutableClock clock = new MutableClock(1_000_000);
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.ALWAYS).fileIo(io).clock(clock)
                .build()) {
            failForces.set(true);
            store.set(b("a"), b("1"));
            assertThrows(CompletionException.class, () -> store.durable().toCompletableFuture().join());
            assertThrows(KvPersistenceException.class, () -> store.set(b("b"), b("2")));
            failForces.set(false); // space freed, disk replaced: no one runs SAVE
            clock.advance(1000);
            boolean accepted = false;
            for (int i = 0; i < 600 && !accepted; i++) {
                try {
                    store.set(b("b"), b("2"));
                    accepted = true;
                } catch (KvPersistenceException e) {
                    Thread.sleep(50);
                }
            }
            assertTrue(accepted, "writes resume once a retried snapshot succeeds");
            store.durable().toCompletableFuture().join();
        }
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).build()) {
            assertEquals(Map.of("0:a", "1@-1", "0:b", "2@-1"), contents(store));
        }
    }

    @Test
    void automaticRewrite_afterOneFailedWithANonIoException_runsAgain() throws InterruptedException {
        AtomicBoolean broken = new AtomicBoolean(true);
        CountDownLatch renamed = new CountDownLatch(1);
        FileIo io = new SystemFileIo() {
            @Override
            public FileChannel open(Path path) throws IOException {
                if (path.getFileName().toString().equals(Persistence.TEMPORARY) && broken.getAndSet(false)) {
                    throw new IllegalStateException("a bug while writing the snapshot");
                }
                return super.open(path);
            }

            @Override
            public void move(Path source, Path target) throws IOException {
                super.move(source, target);
                renamed.countDown();
            }
        };
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).fileIo(io)
                .autoRewritePercentage(100).autoRewriteMinSize(1024).build()) {
            for (int i = 0; renamed.getCount() > 0 && i < 100_000; i++) {
                store.set(b("k" + i % 10), b("value " + i));
                if (i % 1000 == 999) {
                    renamed.await(10, TimeUnit.MILLISECONDS);
                }
            }
            assertTrue(renamed.await(30, TimeUnit.SECONDS), "no automatic rewrite after the failed one");
        }
    }

    @Test
    void backgroundSave_thatFails_isLogged_andReportedInTheStatus() {
        FileIo io = new SystemFileIo() {
            @Override
            public void move(Path source, Path target) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(KvStore.class.getName());
        logger.addHandler(capture);
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).fileIo(io)
                .autoRewritePercentage(0).build()) {
            store.set(b("k"), b("v"));
            CompletionException failed = assertThrows(CompletionException.class,
                    () -> store.saveInBackground().toCompletableFuture().join());
            assertTrue(failed.getCause() instanceof KvPersistenceException, failed.toString());
            assertEquals(false, store.persistenceStatus().lastSaveOk());
            assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                    && "Background saving error".equals(r.getMessage()) && r.getThrown() == failed.getCause()),
                    "the failed background save was not logged as Redis logs it");
        } finally {
            logger.removeHandler(capture);
        }
    }
}
