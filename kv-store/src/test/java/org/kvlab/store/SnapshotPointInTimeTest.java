package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;
import static org.kvlab.store.DurabilityTest.contents;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A background snapshot holds the store as it was when it started, while writes go on: overwrites that would
 * change a value in place must leave the nodes the snapshot is writing alone.
 */
final class SnapshotPointInTimeTest {

    @TempDir
    Path dir;

    @TempDir
    Path copy;

    @Test
    void writesDuringBackgroundSnapshot_stayOutOfTheSnapshotAndAreKept() throws Exception {
        FileIo io = spy(new SystemFileIo());
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(call -> {
            if (call.<Path>getArgument(0).getFileName().toString().equals(Persistence.TEMPORARY)) {
                writing.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
            }
            return call.callRealMethod();
        }).when(io).open(any());

        Map<String, String> before;
        Map<String, String> after;
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).fileIo(io).build()) {
            for (int i = 0; i < 100; i++) {
                store.set(b("key" + i), b("old" + i));
            }
            before = contents(store);
            CompletableFuture<Void> saved = store.saveInBackground().toCompletableFuture();
            assertTrue(writing.await(30, TimeUnit.SECONDS));
            for (int i = 0; i < 100; i++) {
                store.set(b("key" + i), b("new" + i));
            }
            store.delete(b("key7"));
            release.countDown();
            saved.get(30, TimeUnit.SECONDS);
            after = contents(store);
        }

        Files.copy(dir.resolve(Persistence.SNAPSHOT), copy.resolve(Persistence.SNAPSHOT));
        try (KvStore snapshotOnly = KvStore.builder().dataDirectory(copy).build()) {
            assertEquals(before, contents(snapshotOnly), "the snapshot is the store when it started");
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(after, contents(reopened), "the snapshot and the log after it hold every write");
        }
    }
}
