package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.PersistenceStatus;

/** {@link KvStore#persistenceStatus()}: what INFO persistence reports, on a healthy and on a failing disk. */
@ExtendWith(QuietStoreLogs.class)
final class PersistenceStatusTest {

    @TempDir
    Path dir;

    private final AtomicBoolean failWrites = new AtomicBoolean();
    private final FileIo io = new SystemFileIo() {
        @Override
        public int write(FileChannel channel, ByteBuffer source, long position) throws IOException {
            if (failWrites.get()) {
                throw new IOException("No space left on device");
            }
            return super.write(channel, source, position);
        }
    };
    @Test
    void inMemoryStore_reportsNothingToPersist() {
        try (KvStore store = KvStore.inMemory()) {
            store.set(b("a"), b("1"));
            assertEquals(PersistenceStatus.NONE, store.persistenceStatus());
        }
    }

    @Test
    void failingDisk_turnsTheWriteAndSaveStatusesToErrorsUntilASnapshotSucceeds() {
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.ALWAYS).fileIo(io).build()) {
            store.set(b("a"), b("1"));
            store.set(b("b"), b("2"));
            store.durable().toCompletableFuture().join();
            assertEquals(new PersistenceStatus(2, true, false, true, true, 0), store.persistenceStatus());
            failWrites.set(true);
            store.set(b("c"), b("3"));
            assertThrows(CompletionException.class, () -> store.durable().toCompletableFuture().join());
            assertFalse(store.persistenceStatus().lastWriteOk());
            assertThrows(CompletionException.class, () -> store.saveInBackground().toCompletableFuture().join());
            assertFalse(store.persistenceStatus().lastSaveOk());
            assertThrows(KvPersistenceException.class, store::save);
            failWrites.set(false);
            store.save();
            PersistenceStatus status = store.persistenceStatus();
            assertTrue(status.lastWriteOk() && status.lastSaveOk(), status.toString());
            assertEquals(0, status.changesSinceLastSave());
        }
    }
}
