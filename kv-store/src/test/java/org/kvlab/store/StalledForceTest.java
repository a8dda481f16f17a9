package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under {@code everysec}, acknowledgements do not run more than 2 s ahead of a force that stalls. */
final class StalledForceTest {

    @TempDir
    Path dir;

    @Test
    void everysec_writeWhileAForceHasRunForTwoSeconds_waitsForItAndIsCounted() throws Exception {
        MutableClock clock = new MutableClock(1_000_000);
        AtomicBoolean stall = new AtomicBoolean();
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FileIo io = new SystemFileIo() {
            @Override
            public void force(FileChannel channel) throws IOException {
                if (stall.get()) {
                    forcing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                super.force(channel);
            }
        };
        Logger logger = Logger.getLogger(WriteAheadLog.class.getName());
        logger.setUseParentHandlers(false);
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.EVERYSEC).clock(clock)
                .fileIo(io).build()) {
            store.set(b("a"), b("1"));
            stall.set(true);
            try {
                assertTrue(forcing.await(30, TimeUnit.SECONDS), "the syncer forces");
                store.set(b("b"), b("2")); // the force has run for less than 2 s: acknowledged at once
                assertEquals(0, store.delayedFsyncs());
                clock.advance(WriteAheadLog.STALL_MILLIS);
                Thread writer = new Thread(() -> store.set(b("c"), b("3")));
                writer.start();
                while (writer.getState() != Thread.State.WAITING && writer.isAlive()) {
                    Thread.onSpinWait();
                }
                assertEquals(Thread.State.WAITING, writer.getState(), "the write waits for the stalled force");
                assertEquals(1, store.delayedFsyncs());
                stall.set(false);
                release.countDown();
                writer.join();
                assertEquals("3", new String(store.get(b("c"))));
            } finally {
                stall.set(false);
                release.countDown();
            }
        } finally {
            logger.setUseParentHandlers(true);
        }
    }
}
