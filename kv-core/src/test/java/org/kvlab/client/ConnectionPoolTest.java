package org.kvlab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class ConnectionPoolTest {

    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

    @Test
    void borrow_allSlots_thenExhaustedWithClearMessage() {
        ConnectionPool pool = new ConnectionPool(2);
        assertNotSame(pool.borrow(0, "h:1"), pool.borrow(0, "h:1"));
        KvPoolExhaustedException e = assertThrows(KvPoolExhaustedException.class, () -> pool.borrow(0, "h:1"));
        assertEquals("pool exhausted: all 2 connections to h:1 stayed busy for 0 ms", e.getMessage());
    }

    @Test
    void release_lastReturnedIsLentFirst() {
        ConnectionPool pool = new ConnectionPool(3);
        ConnectionPool.Slot a = pool.borrow(0, "h:1");
        ConnectionPool.Slot b = pool.borrow(0, "h:1");
        pool.release(a);
        pool.release(b);
        assertSame(b, pool.borrow(0, "h:1"));
        assertSame(a, pool.borrow(0, "h:1"));
    }

    @Test
    void release_wakesAWaitingBorrower() throws Exception {
        ConnectionPool pool = new ConnectionPool(1);
        ConnectionPool.Slot only = pool.borrow(0, "h:1");
        CompletableFuture<ConnectionPool.Slot> waiter = CompletableFuture.supplyAsync(() -> pool.borrow(LONG_WAIT,
                "h:1"));
        pool.release(only);
        assertSame(only, waiter.get(30, TimeUnit.SECONDS));
    }

    @Test
    void close_wakesWaitersWithConnectionError_andRefusesBorrows() throws Exception {
        ConnectionPool pool = new ConnectionPool(1);
        pool.borrow(0, "h:1");
        CompletableFuture<ConnectionPool.Slot> waiter = CompletableFuture.supplyAsync(() -> pool.borrow(LONG_WAIT,
                "h:1"));
        pool.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiter.get(30, TimeUnit.SECONDS));
        assertEquals(KvConnectionException.class, e.getCause().getClass());
        assertThrows(KvConnectionException.class, () -> pool.borrow(LONG_WAIT, "h:1"));
    }
}
