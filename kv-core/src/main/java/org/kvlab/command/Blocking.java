package org.kvlab.command;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kvlab.api.KeyChangeListener;
import org.kvlab.api.WrongTypeException;
import org.kvlab.protocol.RespWriter;

/**
 * The clients blocked by {@code BLPOP} and its kin, and the keys they wait for: Redis's {@code blocked.c} for a
 * server whose connections run on many threads.
 *
 * <p>A blocked command is never run by the thread that made a key ready: the store tells this registry of each
 * change ({@link KeyChangeListener}), which wakes the first client waiting for that key ({@code Connection.wake()}),
 * and the client's own thread retries the command ({@link #resume}), so every command runs on its connection's
 * thread and its write goes through the usual write log. Clients are served in the order they blocked: a change
 * wakes only the first waiter of the key, and a woken client tries only the keys it was woken for; a waiter that
 * leaves served (perhaps leaving data behind), or timed out, unblocked or closed with a change it has not tried
 * yet, wakes the next waiter of those keys; a waiter that finds a key holding a type it cannot take passes the
 * change to the waiter after it, as Redis serves a list key's list waiters only and leaves the others blocked.
 *
 * <p>No wake-up is lost: a command registers before it retries once ({@link #block}), so a change that lands
 * between its failed attempt and its registration is seen by that retry, and one after it wakes the client. A
 * command that arrives while a woken client has not run yet may take the element first, as a plain pop would.
 *
 * <p>Thread-safe. With nobody blocked a key change costs one volatile read.
 */
final class Blocking implements KeyChangeListener {

    /** What {@code CLIENT UNBLOCK} asked for. */
    private enum Unblock {
        TIMEOUT, ERROR
    }

    /**
     * Tries to serve a blocked command from one key of its database: replies and returns {@code true}, or returns
     * {@code false} if the key has nothing for it. Throws {@link WrongTypeException} if the key holds a type it
     * cannot take, which leaves it blocked; any other exception ends the command with that error.
     */
    @FunctionalInterface
    interface Retry {
        boolean serve(Session s, byte[] key, RespWriter w);
    }

    private final Map<WaitKey, ArrayDeque<Blocked>> waiting = new ConcurrentHashMap<>();
    /** Guards the queues of {@link #waiting} and the signal fields of each {@link Blocked}. */
    private final Object lock = new Object();
    /** The clients blocked now; written under {@link #lock}. */
    private volatile int blockedClients;

    /** Returns how many clients are blocked ({@code INFO}'s {@code blocked_clients}). */
    int blockedClients() {
        return blockedClients;
    }

    /**
     * Blocks {@code s} on {@code keys} after its command found nothing there, unless retrying once after registering
     * serves it. Inside a transaction nothing blocks: the command replies as if it timed out.
     *
     * @param keys the keys to wait for, in the command's order; duplicates count once
     * @param timeoutMillis how long to wait, 0 for ever
     * @param onTimeout writes the reply of a timeout
     * @param retry serves the command from one key
     */
    void block(Session s, RespWriter w, List<byte[]> keys, long timeoutMillis, Consumer<RespWriter> onTimeout,
            Retry retry) {
        if (s.inExec()) {
            onTimeout.accept(w);
            return;
        }
        Blocked b = new Blocked(s, keys, timeoutMillis, onTimeout, retry);
        register(b);
        boolean served;
        try {
            served = serve(b, b.keys, w);
        } catch (RuntimeException e) {
            finish(b, true);
            throw e;
        }
        if (served) {
            finish(b, true);
        } else {
            passOn(b);
            s.blocked(b);
        }
    }

    /**
     * Runs on the thread of a woken session: serves its blocked command if it can, or replies to a timeout that
     * passed or to {@code CLIENT UNBLOCK}; otherwise it stays blocked, keeping its place in line. Does nothing if the
     * session is not blocked.
     *
     * @return whether the command was served, a write whose reply must wait for durability
     * @throws RuntimeException the error that ended the command (it is no longer blocked)
     */
    boolean resume(Session s, RespWriter w) {
        Blocked b = s.blocked();
        if (b == null) {
            return false;
        }
        synchronized (b) {
            if (b.done) {
                return false;
            }
            if (b.unblock != null) {
                if (b.unblock == Unblock.ERROR) {
                    w.error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
                } else {
                    b.onTimeout.accept(w);
                }
                finish(b, false);
                return false;
            }
            boolean served;
            try {
                served = serve(b, takeReadyKeys(b), w);
            } catch (RuntimeException e) {
                finish(b, true);
                throw e;
            }
            if (served) {
                finish(b, true);
                return true;
            }
            if (b.timeoutNanos > 0 && System.nanoTime() - b.startNanos >= b.timeoutNanos) {
                b.onTimeout.accept(w);
                finish(b, false);
            } else {
                passOn(b);
            }
            return false;
        }
    }

    /**
     * {@code CLIENT UNBLOCK}: makes the blocked command of {@code target} reply as a timeout, or with the
     * {@code UNBLOCKED} error, on its own thread.
     *
     * @return whether {@code target} was blocked
     */
    boolean unblock(Session target, boolean error) {
        Blocked b = target.blocked();
        if (b == null) {
            return false;
        }
        synchronized (b) {
            if (b.done || b.unblock != null) {
                return false;
            }
            b.unblock = error ? Unblock.ERROR : Unblock.TIMEOUT;
        }
        target.connection().wake();
        return true;
    }

    /** Forgets the blocked command of a session whose connection closed. */
    void cancel(Session s) {
        Blocked b = s.blocked();
        if (b != null) {
            synchronized (b) {
                if (!b.done) {
                    finish(b, false);
                }
            }
        }
    }

    @Override
    public void keyChanged(int database, byte[] key) {
        if (blockedClients == 0 || waiting.get(new WaitKey(database, key)) == null) {
            return;
        }
        synchronized (lock) {
            ArrayDeque<Blocked> queue = waiting.get(new WaitKey(database, key));
            if (queue != null) {
                signal(queue.peekFirst(), key);
            }
        }
    }

    @Override
    public void databaseChanged(int database) {
        if (blockedClients == 0) {
            return;
        }
        synchronized (lock) {
            for (Map.Entry<WaitKey, ArrayDeque<Blocked>> e : waiting.entrySet()) {
                if (e.getKey().database == database) {
                    signal(e.getValue().peekFirst(), e.getKey().key);
                }
            }
        }
    }

    private void register(Blocked b) {
        synchronized (lock) {
            for (byte[] key : b.keys) {
                waiting.computeIfAbsent(new WaitKey(b.database, key), k -> new ArrayDeque<>()).addLast(b);
            }
            blockedClients++;
        }
    }

    /**
     * Takes the client out of line and forgets it. Wakes the next waiter of each key the client may have left
     * something in: every key if it was served (it may have taken only part), else the keys that changed since its
     * last retry.
     */
    private void finish(Blocked b, boolean served) {
        synchronized (lock) {
            for (byte[] key : b.keys) {
                WaitKey k = new WaitKey(b.database, key);
                ArrayDeque<Blocked> queue = waiting.get(k);
                queue.remove(b);
                if (queue.isEmpty()) {
                    waiting.remove(k);
                } else if (served || b.readyKeys.contains(key)) {
                    signal(queue.peekFirst(), key);
                }
            }
            blockedClients--;
        }
        b.done = true;
        b.session.blocked(null);
    }

    /** Returns the keys that changed for the client since its last retry, in the order they did, and forgets them. */
    private List<byte[]> takeReadyKeys(Blocked b) {
        synchronized (lock) {
            List<byte[]> keys = new ArrayList<>(b.readyKeys);
            b.readyKeys.clear();
            return keys;
        }
    }

    /**
     * Tries {@code keys} in order until one serves the command; notes the keys that held a type it cannot take. A
     * woken client tries only the keys it was woken for, so that it never takes what a change meant for a client
     * ahead of it.
     */
    private static boolean serve(Blocked b, List<byte[]> keys, RespWriter w) {
        b.wrongType.clear();
        b.retrying = Thread.currentThread();
        try {
            for (byte[] key : keys) {
                if (tryKey(b, key, w)) {
                    return true;
                }
            }
            return false;
        } finally {
            b.retrying = null;
        }
    }

    private static boolean tryKey(Blocked b, byte[] key, RespWriter w) {
        try {
            return b.retry.serve(b.session, key, w);
        } catch (WrongTypeException e) {
            b.wrongType.add(key);
            return false;
        }
    }

    /** Wakes the waiter after {@code b} on each key that held a type {@code b} cannot take. */
    private void passOn(Blocked b) {
        if (b.wrongType.isEmpty()) {
            return;
        }
        synchronized (lock) {
            for (byte[] key : b.wrongType) {
                ArrayDeque<Blocked> queue = waiting.get(new WaitKey(b.database, key));
                Iterator<Blocked> it = queue.iterator();
                while (it.next() != b) {
                    // find b; it is in the queue until it leaves, which only its own thread does
                }
                if (it.hasNext()) {
                    signal(it.next(), key);
                }
            }
        }
    }

    /**
     * Records that {@code key} changed for {@code b} and wakes its connection, unless the change is the client's own
     * pop (it is served, and leaving wakes the next). Caller holds the lock.
     */
    private static void signal(Blocked b, byte[] key) {
        if (b.retrying == Thread.currentThread()) {
            return;
        }
        byte[] own = b.own(key);
        if (!b.readyKeys.contains(own)) {
            b.readyKeys.add(own);
        }
        b.session.connection().wake();
    }

    /** One blocked command: what it waits for, until when, and how it is served or times out. */
    static final class Blocked {
        final Session session;
        final int database;
        /** The distinct keys, in the command's order. */
        final List<byte[]> keys;
        final long startNanos = System.nanoTime();
        /** How long it may wait in nanoseconds, 0 for ever. */
        final long timeoutNanos;
        final Consumer<RespWriter> onTimeout;
        final Retry retry;
        /** The keys of the last retry that held a type the command cannot take; for its thread. */
        final List<byte[]> wrongType = new ArrayList<>(1);
        /** The keys (of {@link #keys}) that changed since the last retry, in order; guarded by the registry's lock. */
        final List<byte[]> readyKeys = new ArrayList<>(1);
        /** The thread retrying the command now, whose own writes signal nothing to it; else null. */
        volatile Thread retrying;
        /** Guarded by this. */
        Unblock unblock;
        /** Guarded by this. */
        boolean done;

        Blocked(Session session, List<byte[]> keys, long timeoutMillis, Consumer<RespWriter> onTimeout, Retry retry) {
            this.session = session;
            this.database = session.database();
            this.keys = distinct(keys);
            // a timeout past what nanoseconds can count (292 years) is for ever, as Redis's overflowing deadline is
            this.timeoutNanos = timeoutMillis > TimeUnit.NANOSECONDS.toMillis(Long.MAX_VALUE / 2) ? 0
                    : TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            this.onTimeout = onTimeout;
            this.retry = retry;
        }

        /** Returns this command's array of the key equal to {@code key}, one of its keys. */
        byte[] own(byte[] key) {
            for (byte[] k : keys) {
                if (Arrays.equals(k, key)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("not a key of this command");
        }

        private static List<byte[]> distinct(List<byte[]> keys) {
            Set<WaitKey> seen = new HashSet<>();
            List<byte[]> unique = new ArrayList<>(keys.size());
            for (byte[] key : keys) {
                if (seen.add(new WaitKey(0, key))) {
                    unique.add(key);
                }
            }
            return unique;
        }
    }

    /** A key of one database, compared by content. */
    private static final class WaitKey {
        final int database;
        final byte[] key;
        private final int hash;

        WaitKey(int database, byte[] key) {
            this.database = database;
            this.key = key;
            this.hash = 31 * database + Arrays.hashCode(key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WaitKey && ((WaitKey) o).database == database && Arrays.equals(((WaitKey) o).key, key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
