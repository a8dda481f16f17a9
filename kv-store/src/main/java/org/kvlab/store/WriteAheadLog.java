package org.kvlab.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import org.kvlab.api.KvPersistenceException;

/**
 * The write-ahead log: the {@link Journal} of a store with a data directory. Each change is encoded as one framed
 * record and written at the end of the current log file by the writing thread, under this log's monitor and under
 * the store locks of the keys it names, before the change is applied. A write that fails is cut off the file again
 * and reported as a {@link KvPersistenceException}; nothing is applied.
 *
 * <p>Forcing is never done by a writing thread. Under {@link FsyncPolicy#ALWAYS} one syncer thread forces the file
 * whenever {@link #durable()} has waiters, once for everything appended so far, and completes all of them together
 * (group commit); under {@link FsyncPolicy#EVERYSEC} it forces once a second; under {@link FsyncPolicy#NO} only
 * {@link #close()} forces. A failed force makes the log refuse writes until the next successful snapshot, since the
 * file no longer matches memory.
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

    private final FileIo io;
    private final FsyncPolicy policy;
    private final RecordBuffer records = new RecordBuffer();
    private final Thread syncer;
    private final int rewritePercentage;
    private final long rewriteMinSize;
    private final Runnable rewrite;

    // guarded by this
    private FileChannel channel;
    private long size;
    private long appended;
    private long forced;
    private final List<FileChannel> retired = new ArrayList<>();
    private KvPersistenceException failure;
    private CompletableFuture<Void> waiters;
    private boolean closed;
    private long baseSize;
    private boolean rewriteRequested;
    private long rewriteRetrySize;
    private long forces;

    WriteAheadLog(FileIo io, FsyncPolicy policy, FileChannel channel, long size, long baseSize,
            int rewritePercentage, long rewriteMinSize, Runnable rewrite) {
        this.io = io;
        this.policy = policy;
        this.channel = channel;
        this.size = size;
        this.baseSize = baseSize;
        this.rewritePercentage = rewritePercentage;
        this.rewriteMinSize = rewriteMinSize;
        this.rewrite = rewrite;
        if (policy == FsyncPolicy.NO) {
            this.syncer = null;
        } else {
            this.syncer = new Thread(this::runSyncer, "kvlab-wal-sync");
            syncer.setDaemon(true);
            syncer.start();
        }
    }

    @Override
    public synchronized void set(int db, byte[] key, byte[] value, long expiry) {
        checkWritable();
        records.encodeSet(db, key, value, expiry);
        commit();
    }

    @Override
    public synchronized void delete(int db, byte[] key) {
        checkWritable();
        records.encodeDelete(db, key);
        commit();
    }

    @Override
    public synchronized void expire(int db, byte[] key, long expiry) {
        checkWritable();
        records.encodeExpire(db, key, expiry);
        commit();
    }

    @Override
    public synchronized void setAll(int db, byte[][] keys, byte[][] values) {
        checkWritable();
        records.encodeSetAll(db, keys, values);
        commit();
    }

    @Override
    public synchronized void rename(int db, byte[] source, byte[] target, byte[] value, long expiry) {
        checkWritable();
        records.encodeRename(db, source, target, value, expiry);
        commit();
    }

    @Override
    public synchronized void clear(int db) {
        checkWritable();
        records.encodeClear(db);
        commit();
    }

    private void checkWritable() {
        if (failure != null) {
            throw new KvPersistenceException(failure.getMessage(), failure.getCause());
        }
        if (closed) {
            throw new KvPersistenceException("Errors writing to the AOF file: the store is closed");
        }
    }

    /** Writes the encoded record; on failure cuts the file back to its last good record. Caller holds the monitor. */
    private void commit() {
        long written = 0;
        try {
            written = records.writeTo(io, channel, size);
        } catch (IOException e) {
            try {
                io.truncate(channel, size);
            } catch (IOException truncation) {
                e.addSuppressed(truncation);
                failure = new KvPersistenceException("Errors writing to the AOF file: " + e.getMessage(), e);
                LOG.log(System.Logger.Level.ERROR, "Cannot cut the write log back to its last good record at offset "
                        + size + "; refusing writes until a snapshot succeeds", e);
            }
            throw new KvPersistenceException("Errors writing to the AOF file: " + e.getMessage(), e);
        }
        size += written;
        appended++;
        if (rewritePercentage > 0 && !rewriteRequested && baseSize + size >= rewriteMinSize
                && size * 100 >= Math.max(1, baseSize) * rewritePercentage && size >= rewriteRetrySize) {
            rewriteRequested = true;
            rewrite.run();
        }
    }

    /**
     * Returns a stage completing once every record appended so far is forced (under {@link FsyncPolicy#ALWAYS}), or
     * at once under other policies; failed if the log could not be made durable.
     */
    synchronized CompletionStage<Void> durable() {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        if (policy != FsyncPolicy.ALWAYS || forced >= appended) {
            return DONE;
        }
        if (waiters == null) {
            waiters = new CompletableFuture<>();
            notifyAll();
        }
        // a copy per caller: completing it cannot complete the other waiters'
        return waiters.copy();
    }

    /** Switches to {@code next}, an empty log file; the current one is forced by the syncer, then closed. */
    synchronized void rotate(FileChannel next) {
        if (policy == FsyncPolicy.NO) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot close the previous write log", e);
            }
        } else {
            retired.add(channel);
            notifyAll();
        }
        channel = next;
        size = 0;
    }

    /** Called once a snapshot of {@code snapshotSize} bytes is durable: it is the new base; writes resume. */
    synchronized void snapshotDone(long snapshotSize) {
        baseSize = snapshotSize;
        rewriteRequested = false;
        rewriteRetrySize = 0;
        if (failure != null) {
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
        rewriteRetrySize = size + Math.max(1, rewriteMinSize);
    }

    /** Returns how many times the log was forced (for tests and INFO). */
    synchronized long forces() {
        return forces;
    }

    private void runSyncer() {
        while (true) {
            CompletableFuture<Void> batch;
            long target;
            FileChannel current;
            List<FileChannel> old;
            synchronized (this) {
                try {
                    if (policy == FsyncPolicy.ALWAYS) {
                        while (waiters == null && retired.isEmpty() && !closed) {
                            wait();
                        }
                    } else if (!closed) {
                        wait(1000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (closed) {
                    return;
                }
                batch = waiters;
                waiters = null;
                target = appended;
                current = channel;
                old = new ArrayList<>(retired);
                retired.clear();
                if (target == forced && old.isEmpty() && batch == null) {
                    continue;
                }
            }
            if (batch != null) {
                gatherTurn();
                synchronized (this) {
                    target = appended;
                    if (waiters != null) { // writers of this turn that asked meanwhile ride this force too
                        CompletableFuture<Void> late = waiters;
                        waiters = null;
                        batch.whenComplete((ok, failed) -> {
                            if (failed == null) {
                                late.complete(null);
                            } else {
                                late.completeExceptionally(failed);
                            }
                        });
                    }
                }
            }
            try {
                for (FileChannel file : old) {
                    force(file);
                    file.close();
                }
                force(current);
                synchronized (this) {
                    forced = Math.max(forced, target);
                }
                if (batch != null) {
                    batch.complete(null);
                }
            } catch (IOException e) {
                KvPersistenceException failed = fail(e);
                if (batch != null) {
                    batch.completeExceptionally(failed);
                }
            }
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

    private synchronized KvPersistenceException fail(IOException e) {
        if (failure == null) {
            failure = new KvPersistenceException("Errors writing to the AOF file: " + e.getMessage(), e);
            LOG.log(System.Logger.Level.ERROR, "Cannot force the write log; refusing writes until a snapshot succeeds",
                    e);
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
        }
        if (syncer != null) {
            try {
                syncer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        CompletableFuture<Void> batch;
        KvPersistenceException failed = null;
        synchronized (this) {
            batch = waiters;
            waiters = null;
            try {
                for (FileChannel file : retired) {
                    force(file);
                    file.close();
                }
                retired.clear();
                force(channel);
                forced = appended;
            } catch (IOException e) {
                failed = fail(e);
            } finally {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Cannot close the write log", e);
                }
            }
        }
        if (batch != null) {
            if (failed == null) {
                batch.complete(null);
            } else {
                batch.completeExceptionally(failed);
            }
        }
    }
}
