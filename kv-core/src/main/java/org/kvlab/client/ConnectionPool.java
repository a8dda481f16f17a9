package org.kvlab.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded set of connection slots lent one caller at a time, most recently returned first (so a light load
 * keeps using the same warm connection). A slot's connection is opened lazily by the borrower, and replaced when
 * it was lost. Thread-safe.
 */
final class ConnectionPool {

    /** A place for one connection; the borrower owns it until it is released. */
    static final class Slot {
        /** The slot's connection, {@code null} until first opened; read and written by the borrower only. */
        RespConnection connection;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final int size;
    /** The idle slots, a stack of {@code idleCount}; guarded by {@code lock}. */
    private final Slot[] idle;
    private int idleCount;
    private boolean closed;

    ConnectionPool(int size) {
        this.size = size;
        idle = new Slot[size];
        for (int i = 0; i < size; i++) {
            idle[i] = new Slot();
        }
        idleCount = size;
    }

    /**
     * Takes an idle slot, waiting up to {@code timeoutNanos} for one to be released.
     *
     * @throws KvPoolExhaustedException if none was released in time
     * @throws KvConnectionException if the pool is closed
     */
    Slot borrow(long timeoutNanos, String peer) {
        long nanos = timeoutNanos;
        lock.lock();
        try {
            while (idleCount == 0 && !closed) {
                if (nanos <= 0) {
                    throw new KvPoolExhaustedException("pool exhausted: all " + size
                            + " connections to " + peer + " stayed busy for "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
                nanos = released.awaitNanos(nanos);
            }
            if (closed) {
                throw new KvConnectionException("the client of " + peer + " is closed", null);
            }
            return idle[--idleCount];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvConnectionException("interrupted while waiting for a connection to " + peer, e);
        } finally {
            lock.unlock();
        }
    }

    /** Gives {@code slot} back. */
    void release(Slot slot) {
        lock.lock();
        try {
            idle[idleCount++] = slot;
            released.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further borrows and wakes the waiting ones. */
    void close() {
        lock.lock();
        try {
            closed = true;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
