package org.kvlab.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.kvlab.api.KvPersistenceException;

/**
 * The write-ahead log: the {@link Journal} of a store with a data directory. Each change is encoded as one framed
 * record by the writing thread, under this log's monitor and under the store locks of the keys it names, before the
 * change is applied.
 *
 * <p>Under {@link FsyncPolicy#ALWAYS} records gather in memory, as Redis's {@code aof_buf} does, and reach the file
 * in one write right before the force that makes them durable; one force covers every record buffered so far and
 * completes all the {@link #durable()} waiters together (group commit). A server's event loop does that at the end of
 * its turn ({@link #syncTurn()}), as Redis fsyncs before its loop sleeps, so its held-back replies complete on its
 * own thread. Waiters no turn end will take — those of a thread that never ends turns (an embedded application), or
 * those a loop left because another thread was forcing — wake one syncer thread, which waits for the writes of the
 * current turn and does it. Only one thread forces at a time. The buffer is also written
 * when it passes
 * {@link #FLUSH_BOUND} (keeping memory bounded), when a snapshot switches logs, and on {@link #close()}. A failed
 * write is cut off the file again, back to its last good record; a failed write or force fails the waiters, and
 * since the file then lacks changes memory has, the log refuses writes until a snapshot begun after the failure
 * succeeds.
 *
 * <p>Under {@link FsyncPolicy#EVERYSEC} and {@link FsyncPolicy#NO} each record is written to the file as it is
 * appended, so a change the process acknowledged survives its crash; the syncer forces once a second under
 * {@code EVERYSEC}, only {@link #close()} and a switch of policy force under {@code NO}. A record whose write fails
 * is cut off the file again and reported as a {@link KvPersistenceException}; nothing is applied. Under {@code EVERYSEC} a write made
 * while a force of the current file has run for {@link #STALL_MILLIS} or more waits for it to end before it is
 * acknowledged (counted by {@link #delayedFsyncs()}), so acknowledgements run at most that far ahead of the disk.
 *
 * <p>A transaction ({@link #beginTransaction()}) is framed by a begin record, written with its first record, and an
 * end record; under every policy its records gather in the buffer and reach the file together with its end (or
 * earlier, in parts, past {@link #FLUSH_BOUND}). A failed write inside one fails the log, since memory already holds
 * the transaction's earlier changes.
 *
 * <p>Thread-safe. {@link #durable()} stages complete on the syncer thread: dependents must not block.
 */
final class WriteAheadLog implements Journal {

    private static final System.Logger LOG = System.getLogger(WriteAheadLog.class.getName());
    // real CompletableFutures, not minimal stages: callers may test isDone() on what they get
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    /**
     * How long appends must pause before a group commit forces, and the most it waits for that pause. The writes of
     * one event-loop turn arrive microseconds apart: waiting for the turn to end lets one force cover them all, as
     * Redis's one fsync per loop turn does, at a cost far below the force itself.
     */
    private static final long GATHER_QUIET_NANOS = 20_000;
    private static final long GATHER_MAX_NANOS = 200_000;
    /** Buffered bytes past which a writer under {@link FsyncPolicy#ALWAYS} writes the buffer itself. */
    static final int FLUSH_BOUND = 1 << 20;
    /**
     * How long a force may run under {@link FsyncPolicy#EVERYSEC} before writers wait for it (Redis's 2 s): so what
     * is acknowledged runs at most this far ahead of the disk, even when the disk stalls.
     */
    static final long STALL_MILLIS = 2000;

    private final FileIo io;
    /** Changed only under the monitor ({@link #policy(FsyncPolicy)}); volatile for the checks made without it. */
    private volatile FsyncPolicy policy;
    private final RecordBuffer records = new RecordBuffer();
    private final Thread syncer;
    private final int rewritePercentage;
    private final long rewriteMinSize;
    private final Runnable rewrite;
    private final LongSupplier millis;

    // guarded by this
    private FileChannel channel;
    private long written;
    private long appended;
    private long flushed;
    private long forced;
    private final List<FileChannel> retired = new ArrayList<>();
    /** Written under the monitor; volatile so that {@link #durable()} can skip the monitor while the log is healthy. */
    private volatile KvPersistenceException failure;
    /** How many times the log switched files ({@link #rotate}), and at which count {@link #failure} happened. */
    private long rotations;
    private long failedAt;
    private long failedSinceMillis;
    private CompletableFuture<Void> waiters;
    private boolean closed;
    private long baseSize;
    private boolean rewriteRequested;
    private long rewriteRetrySize;
    private long forces;
    /** Whether a thread is writing and forcing (the syncer, or a loop in {@link #syncTurn()}). */
    private boolean syncing;
    /** Whether the syncer should sync now rather than wait for a loop's turn end. */
    private boolean syncerWanted;
    /** Whether a transaction is in progress: its records gather in the buffer until it ends (or the buffer fills). */
    private boolean transaction;
    /** Whether the transaction in progress appended its beginning (with its first record). */
    private boolean transactionOpen;
    /** Changes recorded; how many when the log last switched files, and when the last successful snapshot began. */
    private long changes;
    private long changesAtRotation;
    private long changesSaved;
    /** When the running force of the current file began ({@link #millis}), or -1. */
    private long forceStarted = -1;
    /** How many writes waited for a force running longer than {@link #STALL_MILLIS} (Redis's aof_delayed_fsync). */
    private long delayedFsyncs;
    /** Marks the threads that end turns ({@link #syncTurn()}): their waiters are forced at their turn's end. */
    private final ThreadLocal<Boolean> endsTurns = new ThreadLocal<>();

    WriteAheadLog(FileIo io, FsyncPolicy policy, FileChannel channel, long size, long baseSize,
            int rewritePercentage, long rewriteMinSize, Runnable rewrite, LongSupplier millis) {
        this.io = io;
        this.millis = millis;
        this.policy = policy;
        this.channel = channel;
        this.written = size;
        this.baseSize = baseSize;
        this.rewritePercentage = rewritePercentage;
        this.rewriteMinSize = rewriteMinSize;
        this.rewrite = rewrite;
        this.syncer = new Thread(this::runSyncer, "kvlab-wal-sync");
        syncer.setDaemon(true);
        syncer.start();
    }

    /**
     * Switches the fsync policy while writes go on ({@code CONFIG SET appendfsync}). Records buffered under
     * {@link FsyncPolicy#ALWAYS} are written first, so that under the new policy, as under the old, every acknowledged
     * record is in the file; writers already waiting for a force keep waiting, and the syncer, woken, forces the log
     * once for them and for whatever the old policy had left unforced. Writes after the switch follow the new policy.
     */
    synchronized void policy(FsyncPolicy next) {
        if (next == policy) {
            return;
        }
        flushOrFail();
        policy = next;
        syncerWanted = true;
        notifyAll();
    }

    /**
     * Writes the records buffered under {@link FsyncPolicy#ALWAYS} to the file, without forcing it, so that the file
     * holds every change recorded so far ({@code DEBUG RELOAD} reads it back).
     *
     * @throws KvPersistenceException if the log refuses writes or the write fails: the file lacks changes
     */
    synchronized void writeBuffered() {
        flushOrFail();
        if (failure != null) {
            throw new KvPersistenceException(failure.getMessage(), failure.getCause());
        }
    }

    /** Writes the buffered records unless the log failed or closed; a failed write fails the log. */
    private synchronized void flushOrFail() {
        if (failure == null && !closed) {
            IOException e = flush();
            if (e != null) {
                fail(e);
            }
        }
    }

    /** Returns the fsync policy in force. */
    FsyncPolicy policy() {
        return policy;
    }

    @Override
    public synchronized void set(int db, byte[] key, byte[] value, long expiry) {
        beforeRecord();
        records.encodeSet(db, key, value, expiry);
        commit();
    }

    @Override
    public synchronized void delete(int db, byte[] key) {
        beforeRecord();
        records.encodeDelete(db, key);
        commit();
    }

    @Override
    public synchronized void expire(int db, byte[] key, long expiry) {
        beforeRecord();
        records.encodeExpire(db, key, expiry);
        commit();
    }

    @Override
    public synchronized void setAll(int db, byte[][] keys, byte[][] values) {
        beforeRecord();
        records.encodeSetAll(db, keys, values);
        commit();
    }

    @Override
    public synchronized void rename(int db, byte[] source, byte[] target) {
        beforeRecord();
        records.encodeRename(db, source, target);
        commit();
    }

    @Override
    public synchronized void effects(int db, Effect effects) {
        beforeRecord();
        records.encodeEffects(db, effects);
        commit();
    }

    @Override
    public synchronized void clear(int db) {
        beforeRecord();
        records.encodeClear(db);
        commit();
    }

    @Override
    public synchronized void swap(int first, int second) {
        beforeRecord();
        records.encodeSwap(first, second);
        commit();
    }

    @Override
    public synchronized void beginTransaction() {
        transaction = true;
    }

    /**
     * Appends the end of the transaction, if its beginning was appended, and writes the buffer as the policy says;
     * if the log is refusing writes, or that write fails (the log then refuses writes), the file keeps an unended
     * transaction, which recovery drops: the snapshot that lets writes resume holds it.
     */
    @Override
    public synchronized void endTransaction() {
        transaction = false;
        if (!transactionOpen) {
            return;
        }
        transactionOpen = false;
        if (failure != null || closed) {
            return;
        }
        records.encodeMarker(RecordBuffer.TRANSACTION_END);
        appended++;
        if (policy != FsyncPolicy.ALWAYS || records.pending() >= FLUSH_BOUND) {
            IOException e = flush();
            if (e != null) {
                fail(e);
            }
        }
    }

    /**
     * Refuses the record about to be encoded if the log failed or is closed; opens the transaction in progress with
     * its first record.
     */
    private void beforeRecord() {
        if (failure != null) {
            throw new KvPersistenceException(failure.getMessage(), failure.getCause());
        }
        if (closed) {
            throw new KvPersistenceException("Errors writing to the AOF file: the store is closed");
        }
        if (transaction && !transactionOpen) {
            records.encodeMarker(RecordBuffer.TRANSACTION_BEGIN);
            transactionOpen = true;
        }
    }

    /**
     * Counts the record just encoded and writes the buffer if the policy or its size asks to. If that write fails the
     * record is dropped and reported; if it took other writers' records with it, or the file could not be cut back,
     * the log refuses writes until a snapshot succeeds. Caller holds the monitor.
     */
    private void commit() {
        appended++;
        if (policy != FsyncPolicy.ALWAYS && !transaction || records.pending() >= FLUSH_BOUND) {
            long others = appended - flushed - 1;
            IOException e = flush();
            if (e != null) {
                appended--;
                flushed = appended;
                if (others > 0 || transactionOpen || e.getSuppressed().length > 0) {
                    fail(e);
                }
                throw new KvPersistenceException("Errors writing to the AOF file: " + e.getMessage(), e);
            }
            if (policy == FsyncPolicy.EVERYSEC && forceStarted >= 0
                    && millis.getAsLong() - forceStarted >= STALL_MILLIS) {
                awaitStalledForce();
            }
        }
        changes++;
        long size = written + records.pending();
        if (rewritePercentage > 0 && !rewriteRequested && baseSize + size >= rewriteMinSize
                && size * 100 >= Math.max(1, baseSize) * rewritePercentage && size >= rewriteRetrySize) {
            rewriteRequested = true;
            rewrite.run();
        }
    }

    /** Waits, holding back the acknowledgement of the record just written, until the stalled force ends. */
    private void awaitStalledForce() {
        delayedFsyncs++;
        LOG.log(System.Logger.Level.WARNING, "The write log's force has been running for over " + STALL_MILLIS
                + " ms (disk is busy?): writes wait for it");
        while (forceStarted >= 0 && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Writes every buffered record at the end of the current file. On failure drops them and cuts the file back to
     * its last good record (a failed cut is added to the returned exception as suppressed). Caller holds the monitor.
     *
     * @return {@code null}, or why the write failed
     */
    private IOException flush() {
        if (records.pending() == 0) {
            return null;
        }
        flushed = appended;
        try {
            written += records.writeTo(io, channel, written);
            return null;
        } catch (IOException e) {
            try {
                io.truncate(channel, written);
            } catch (IOException truncation) {
                e.addSuppressed(truncation);
            }
            return e;
        }
    }

    /**
     * Returns a stage completing once every record appended so far is forced (under {@link FsyncPolicy#ALWAYS}), or
     * at once under other policies; failed if the log could not be made durable.
     */
    CompletionStage<Void> durable() {
        if (policy != FsyncPolicy.ALWAYS && failure == null) {
            return DONE; // asked once per batch of every connection: no lock unless a write may wait
        }
        synchronized (this) {
            return durableLocked();
        }
    }

    private CompletionStage<Void> durableLocked() {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        if (policy != FsyncPolicy.ALWAYS || forced >= appended) {
            return DONE;
        }
        if (waiters == null) {
            waiters = new CompletableFuture<>();
            if (endsTurns.get() == null) { // no turn end of this thread will force it: the syncer must
                syncerWanted = true;
                notifyAll();
            }
        }
        // a copy per caller: completing it cannot complete the other waiters'
        return waiters.copy();
    }

    /**
     * Switches to {@code next}, an empty log file, which starts with the current one's size; the current one is
     * forced by the syncer, then closed.
     */
    synchronized void rotate(FileChannel next) {
        IOException unwritten = flush();
        if (unwritten != null) {
            fail(unwritten); // the snapshot being taken holds these records; until it succeeds, the old log lacks them
        }
        if (policy == FsyncPolicy.NO) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot close the previous write log", e);
            }
        } else {
            retired.add(channel);
            syncerWanted = true;
            notifyAll();
        }
        channel = next;
        records.encodeLogStart(written);
        written = 0;
        rotations++;
        changesAtRotation = changes;
        IOException unstarted = flush();
        if (unstarted != null) {
            fail(unstarted);
        }
    }

    /**
     * Called once a snapshot of {@code snapshotSize} bytes is durable: it is the new base; writes resume, unless the
     * log failed on the file it switched to for this snapshot (the snapshot does not hold what that file lost).
     */
    synchronized void snapshotDone(long snapshotSize) {
        baseSize = snapshotSize;
        rewriteRequested = false;
        rewriteRetrySize = 0;
        changesSaved = changesAtRotation;
        if (failure != null && failedAt < rotations) {
            LOG.log(System.Logger.Level.INFO, "Snapshot written; the write log accepts writes again");
            failure = null;
        }
    }

    /**
     * Allows another automatic rewrite after one that failed or could not start, once the log has grown by the
     * minimum rewrite size again, so a failing disk is not retried on every write.
     */
    synchronized void rewriteFailed() {
        rewriteRequested = false;
        rewriteRetrySize = written + records.pending() + Math.max(1, rewriteMinSize);
    }

    /** Returns how many changes were recorded since the last successful snapshot began. */
    synchronized long changesSinceSave() {
        return changes - changesSaved;
    }

    /** Returns the failure for which the log refuses writes until a snapshot clears it, or {@code null}; no lock. */
    KvPersistenceException refusal() {
        return failure;
    }

    /** Returns whether the log accepts writes (no failure a snapshot has yet to clear). */
    synchronized boolean writable() {
        return failure == null;
    }

    /** Returns for how long, by the store's clock, the log has refused writes, or -1 if it accepts them. */
    synchronized long failingForMillis() {
        return failure == null ? -1 : millis.getAsLong() - failedSinceMillis;
    }

    /** Returns how many writes waited for a stalled force (Redis's {@code aof_delayed_fsync}). */
    synchronized long delayedFsyncs() {
        return delayedFsyncs;
    }

    /** Returns how many times the log was forced (for tests and INFO). */
    synchronized long forces() {
        return forces;
    }

    /**
     * Under {@link FsyncPolicy#ALWAYS}, writes and forces every buffered record and completes the waiters on the
     * calling thread, unless none waits or another thread is forcing (then the rest is left to the syncer). Called by
     * a server at the end of each event-loop turn.
     */
    void syncTurn() {
        if (policy != FsyncPolicy.ALWAYS) {
            return;
        }
        if (endsTurns.get() == null) {
            endsTurns.set(Boolean.TRUE);
        }
        synchronized (this) {
            if (waiters == null || syncing || closed) {
                return;
            }
            syncing = true;
        }
        try {
            syncOnce();
        } finally {
            endSync();
        }
    }

    /** Returns whether {@link #syncTurn()} would force now: waiters under {@link FsyncPolicy#ALWAYS}, no sync running. */
    boolean syncPending() {
        if (policy != FsyncPolicy.ALWAYS) {
            return false;
        }
        synchronized (this) {
            return waiters != null && !syncing && !closed;
        }
    }

    private void runSyncer() {
        while (true) {
            synchronized (this) {
                try {
                    if (policy != FsyncPolicy.EVERYSEC) {
                        // ALWAYS: when a waiter needs it; NO: only for a retired file or a policy switch
                        while (!closed && (syncing || !syncerWanted)) {
                            wait();
                        }
                    } else if (!closed) {
                        wait(1000);
                        while (syncing && !closed) {
                            wait();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (closed) {
                    return;
                }
                syncerWanted = false;
                syncing = true;
            }
            try {
                if (policy == FsyncPolicy.ALWAYS) {
                    gatherTurn();
                }
                syncOnce();
            } finally {
                endSync();
            }
        }
    }

    /** Ends a sync; wakes the syncer if waiters came meanwhile that no loop could take, and {@link #close()}. */
    private synchronized void endSync() {
        syncing = false;
        if (forceStarted >= 0) {
            forceStarted = -1;
            notifyAll(); // writers may wait for a stalled force
        }
        if (waiters != null || !retired.isEmpty()) {
            syncerWanted = true;
        }
        if (syncerWanted || closed) {
            notifyAll();
        }
    }

    /**
     * Writes the buffered records, forces the retired files and the current one, and completes every waiter: their
     * records are in this write. The caller has set {@link #syncing}.
     */
    private void syncOnce() {
        long target;
        FileChannel current;
        List<FileChannel> old;
        KvPersistenceException broken;
        CompletableFuture<Void> batch;
        synchronized (this) {
            batch = waiters;
            waiters = null;
            IOException e = failure == null ? flush() : null;
            if (e != null) {
                fail(e);
            }
            broken = failure;
            target = appended;
            current = channel;
            old = new ArrayList<>(retired);
            retired.clear();
            if (batch == null && old.isEmpty() && target == forced) {
                return;
            }
        }
        boolean onCurrent = false;
        try {
            for (FileChannel file : old) {
                force(file);
                file.close();
            }
            if (broken == null) {
                onCurrent = true;
                if (policy == FsyncPolicy.EVERYSEC) {
                    synchronized (this) {
                        forceStarted = millis.getAsLong();
                    }
                }
                LogForceEvent event = new LogForceEvent();
                event.begin();
                force(current);
                long before;
                synchronized (this) {
                    before = forced;
                    forced = Math.max(forced, target);
                }
                if (event.shouldCommit()) {
                    event.policy = policy.name().toLowerCase(Locale.ROOT);
                    event.bytes = Math.max(0, target - before);
                    event.groupCommit = batch != null;
                    event.commit();
                }
            }
        } catch (IOException e) {
            broken = onCurrent ? fail(e) : failBeforeRotation(e);
        }
        if (batch != null) {
            complete(batch, broken);
        }
    }

    private static void complete(CompletableFuture<Void> future, Throwable failed) {
        if (failed == null) {
            future.complete(null);
        } else {
            future.completeExceptionally(failed);
        }
    }

    /** Waits, at most {@link #GATHER_MAX_NANOS}, until no record was appended for {@link #GATHER_QUIET_NANOS}. */
    private void gatherTurn() {
        long deadline = System.nanoTime() + GATHER_MAX_NANOS;
        long seen = appendedSoFar();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(GATHER_QUIET_NANOS);
            long now = appendedSoFar();
            if (now == seen) {
                return;
            }
            seen = now;
        }
    }

    private synchronized long appendedSoFar() {
        return appended;
    }

    private void force(FileChannel file) throws IOException {
        io.force(file);
        synchronized (this) {
            forces++;
        }
    }

    /** Fails the log for an error on the current file: only a snapshot begun after it clears that. */
    private synchronized KvPersistenceException fail(IOException e) {
        return fail(e, rotations);
    }

    /** Fails the log for an error on a file it switched from: the snapshot that switched clears that. */
    private synchronized KvPersistenceException failBeforeRotation(IOException e) {
        return fail(e, rotations - 1);
    }

    private synchronized KvPersistenceException fail(IOException e, long at) {
        if (failure == null) {
            failedAt = at;
            failedSinceMillis = millis.getAsLong();
            failure = new KvPersistenceException("Errors writing to the AOF file: " + e.getMessage(), e);
            LOG.log(System.Logger.Level.ERROR, "Cannot write or force the write log (cut back to its last good record"
                    + (e.getSuppressed().length == 0 ? "" : ": failed") + "); refusing writes until a snapshot succeeds", e);
        }
        return failure;
    }

    /** Stops the syncer, forces and closes the log files, and completes waiting {@link #durable()} stages. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
            while (syncing) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        try {
            syncer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CompletableFuture<Void> batch;
        KvPersistenceException failed;
        synchronized (this) {
            batch = waiters;
            waiters = null;
            IOException unwritten = failure == null ? flush() : null;
            if (unwritten != null) {
                fail(unwritten);
            }
            try {
                for (FileChannel file : retired) {
                    force(file);
                    file.close();
                }
                retired.clear();
                force(channel);
                if (failure == null) {
                    forced = appended;
                }
            } catch (IOException e) {
                fail(e);
            } finally {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Cannot close the write log", e);
                }
            }
            failed = failure;
        }
        if (batch != null) {
            complete(batch, failed);
        }
    }
}
