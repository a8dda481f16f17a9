package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link KvStore#syncTurn()}: the fsync of an event loop's turn, on the loop's own thread. */
final class TurnSyncTest {

    @TempDir
    Path dir;

    @Test
    void syncTurn_underAlways_forcesOnTheCallingThreadAndCompletesTheWaitersThere() {
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.ALWAYS).build()) {
            store.syncTurn(); // from now on loops end turns: new waiters do not wake the syncer
            store.set(b("a"), b("1"));
            store.set(b("b"), b("2"));
            CompletableFuture<Void> first = store.durable().toCompletableFuture();
            CompletableFuture<Void> second = store.durable().toCompletableFuture();
            AtomicReference<Thread> completedOn = new AtomicReference<>();
            first.whenComplete((v, e) -> completedOn.set(Thread.currentThread()));
            long forces = store.logForces();

            store.syncTurn();

            assertTrue(first.isDone() && second.isDone(), "both writers' stages complete within the call");
            assertSame(Thread.currentThread(), completedOn.get());
            assertEquals(forces + 1, store.logForces(), "one force for the turn's writes");
            store.syncTurn();
            assertEquals(forces + 1, store.logForces(), "a turn without waiters forces nothing");
        }
    }

    @Test
    @Timeout(60)
    void durable_fromAThreadThatEndsNoTurns_isForcedByTheSyncerWhileAnotherThreadEndsTurns() throws Exception {
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.ALWAYS).build()) {
            store.syncTurn(); // this thread ends turns, as an event loop does
            CompletableFuture<Void> embedded = CompletableFuture.runAsync(() -> {
                store.set(b("a"), b("1"));
                store.durable().toCompletableFuture().join();
            });
            embedded.get(30, TimeUnit.SECONDS);
            assertEquals(1, store.logForces());
        }
    }

    @Test
    void syncPending_isTrueOnlyWhileWaitersWaitUnderAlways() {
        try (KvStore always = KvStore.builder().dataDirectory(dir.resolve("always")).fsync(FsyncPolicy.ALWAYS).build();
                KvStore everysec = KvStore.builder().dataDirectory(dir.resolve("everysec")).build();
                KvStore memory = KvStore.inMemory()) {
            always.syncTurn();
            assertFalse(always.syncPending(), "no waiter");
            always.set(b("a"), b("1"));
            assertFalse(always.syncPending(), "a write nobody waits for yet");
            CompletableFuture<Void> waiting = always.durable().toCompletableFuture();
            assertTrue(always.syncPending());
            always.syncTurn();
            assertTrue(waiting.isDone());
            assertFalse(always.syncPending());
            everysec.set(b("a"), b("1"));
            everysec.durable();
            assertFalse(everysec.syncPending());
            memory.set(b("a"), b("1"));
            assertFalse(memory.syncPending());
        }
    }

    @Test
    @Timeout(60)
    void syncTurn_whileAnotherThreadForces_returnsAtOnceAndTheRestIsForcedSoon() throws Exception {
        FileIo io = spy(new SystemFileIo());
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(call -> {
            if (forcing.getCount() > 0) {
                forcing.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
            }
            return call.callRealMethod();
        }).when(io).force(any());
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.ALWAYS).fileIo(io).build()) {
            store.syncTurn();
            store.set(b("a"), b("1"));
            CompletableFuture<Void> firstTurn = store.durable().toCompletableFuture();
            Thread loop = new Thread(store::syncTurn, "other-loop");
            loop.start();
            assertTrue(forcing.await(30, TimeUnit.SECONDS));

            store.set(b("b"), b("2"));
            CompletableFuture<Void> secondTurn = store.durable().toCompletableFuture();
            store.syncTurn(); // must not wait for the other loop's force, which does not cover this write

            assertFalse(firstTurn.isDone());
            assertFalse(secondTurn.isDone());
            release.countDown();
            loop.join(30_000);
            firstTurn.get(30, TimeUnit.SECONDS);
            secondTurn.get(30, TimeUnit.SECONDS); // taken over by the store's syncer
        }
    }
}
