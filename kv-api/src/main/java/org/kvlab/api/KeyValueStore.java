package org.kvlab.api;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * An embedded key-value store of {@link #databaseCount()} numbered databases (16 by default, as Redis). The
 * store's own {@link Keyspace} methods act on database 0; {@link #database(int)} gives the others.
 *
 * <p>Thread-safe. Obtain one from {@code org.kvlab.store.KvStore.builder()} (module {@code kv-store}) and
 * {@link #close()} it when done; a durable store flushes its write log on close.
 */
public interface KeyValueStore extends Keyspace, AutoCloseable {

    /** Returns the number of databases, numbered from 0. */
    int databaseCount();

    /**
     * Returns database {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, databaseCount())}
     */
    Keyspace database(int index);

    /** Removes every key of every database. */
    void clearAll();

    /**
     * Swaps the contents of databases {@code first} and {@code second} as one atomic step (Redis's {@code SWAPDB}):
     * a caller of {@code database(first)} sees the keys {@code database(second)} held. Swapping a database with
     * itself does nothing.
     *
     * @throws IndexOutOfBoundsException if an index is not in {@code [0, databaseCount())}
     */
    void swapDatabases(int first, int second);

    /**
     * Runs {@code task} on the calling thread as one atomic step of the whole store (what Redis's {@code EXEC} needs):
     * until it returns no other thread changes any database or reads a key of one, so none sees part of what it did
     * (only whole-database reads that promise no consistent view — {@link Keyspace#size()}, {@link Keyspace#scan},
     * {@link Keyspace#randomKey()} — may), and its writes reach the write log as one unit that recovery applies whole
     * or not at all. The task may use this store
     * freely, including this method (a nested call is part of the outer step), except {@link #save()}. Nothing is
     * rolled back: what the task changed before it threw stays, and the exception propagates. Keep tasks short:
     * the whole store waits for them.
     *
     * @return what {@code task} returns
     * @throws NullPointerException if {@code task} is {@code null}
     */
    <R> R atomically(Supplier<R> task);

    /**
     * Registers {@code listener} for every change to every database's keys from now on. Thread-safe; registering
     * is rare (a server registers once at start).
     *
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    void addKeyChangeListener(KeyChangeListener listener);

    /**
     * Sends every change from now on to {@code feed} as Redis commands (see {@link WriteFeed}), until the store is
     * closed; a server's replication registers one. Thread-safe.
     *
     * @throws NullPointerException if {@code feed} is {@code null}
     * @throws IllegalStateException if a feed was registered already
     */
    void feedWrites(WriteFeed feed);

    /**
     * Writes a point-in-time view of every database to {@code out} as an RDB (Redis's format, version 10), what a
     * primary sends a replica on a full resynchronization. {@code atPointInTime} runs once, with every lock held at
     * the instant the view is taken, so that the changes {@link #feedWrites fed} before it are exactly those the RDB
     * holds; it must be quick and must not call the store. Writes go on meanwhile; {@code out} is not closed.
     *
     * @throws java.io.IOException if {@code out} fails
     * @throws KvPersistenceException if another snapshot is being taken
     */
    void writeRdb(java.io.OutputStream out, Runnable atPointInTime) throws java.io.IOException;

    /**
     * Empties every database, then loads the RDB read from {@code in} (any version up to 11, up to and including its
     * checksum, nothing after it): what a replica does with the RDB of a full resynchronization. The changes reach
     * the write log as any write does. Keys already expired are skipped, except by the primary's stream on a
     * replica's store ({@link #fromPrimary}), which keeps them for the primary to delete. The memory limit is left
     * alone while it loads, as Redis's is: the next write evicts, if the policy says so.
     *
     * @param source names the input in errors
     * @return the number of keys loaded
     * @throws KvPersistenceException if the input is not a valid RDB this store can hold, or cannot be read; the
     *     store then holds part of it
     */
    long loadRdb(java.io.InputStream in, String source);

    /** Returns when collections convert from their compact encodings; changes apply at once. */
    EncodingLimits encodingLimits();

    /** Returns the clock expiry is measured against. */
    Clock clock();

    /**
     * Returns a stage that completes once every write this store has acknowledged so far is as durable as its
     * fsync policy promises: under {@code always}, after the fsync that covers it (writers calling this
     * concurrently share one fsync: group commit); otherwise at once. It completes exceptionally, with a
     * {@link KvPersistenceException}, if the log could not be made durable. Never {@code null}.
     */
    CompletionStage<Void> durable();

    /**
     * Makes the writes acknowledged so far durable on the calling thread, if the fsync policy waits for that
     * ({@code always}), stages of {@link #durable()} are waiting, and no other thread is already doing it; those
     * stages then complete on this thread. A server calls it at the end of each event-loop turn, as Redis fsyncs
     * before its loop sleeps; without such calls a store's own thread does the same, a little later. Does nothing
     * under other policies or without a write log.
     */
    void syncTurn();

    /**
     * Returns whether {@link #syncTurn()} would force the write log now: the fsync policy is {@code always} and
     * stages of {@link #durable()} wait for writes no thread is forcing yet.
     */
    boolean syncPending();

    /**
     * Writes a snapshot of every database and starts a fresh write log (Redis's {@code SAVE}), blocking until it
     * is on disk.
     *
     * @throws KvPersistenceException if the store has no data directory or the snapshot could not be written
     * @throws IllegalStateException if called inside {@link #atomically}
     */
    void save();

    /**
     * Starts {@link #save()} in the background and returns at once (Redis's {@code BGSAVE}); the store keeps
     * serving meanwhile.
     *
     * @return the snapshot's completion
     * @throws KvPersistenceException if the store has no data directory or a snapshot is already running
     */
    CompletionStage<Void> saveInBackground();

    /**
     * Saves a snapshot and loads the data back from disk (Redis's {@code DEBUG RELOAD}), blocking until done; every
     * other reader and writer waits meanwhile. Nothing is lost: what was acknowledged before is in the snapshot or the
     * write log. A store without a data directory has nothing to save to and keeps its data as it is.
     *
     * @throws KvPersistenceException if the snapshot could not be written or read back, or a snapshot is running
     * @throws IllegalStateException if called inside {@link #atomically}
     */
    void reload();

    /** Returns when the last successful snapshot finished, or when the store opened if there was none. */
    Instant lastSave();

    /** Returns the state of persistence: failures, counts, whether a snapshot runs (Redis's INFO persistence). */
    PersistenceStatus persistenceStatus();

    /**
     * Returns why the store refuses writes now — its log failed to write or force, and no snapshot begun since has
     * succeeded — or {@code null} if it accepts them. Cheap enough to ask before every write command, as Redis checks
     * before running one. Thread-safe. The default, for a store that never refuses, returns {@code null}.
     */
    default KvPersistenceException writeRefusal() {
        return null;
    }

    /** Returns an estimate, in bytes, of the memory the keys and values take. */
    long usedMemory();

    /**
     * Returns the bytes {@link #usedMemory()} counts for each key beyond its key's and value's own bytes: the entry,
     * its expiry and access stamp, and its place in the table.
     */
    long entryOverhead();

    /**
     * Switches the write log's fsync policy ({@code appendfsync}: {@code always}, {@code everysec} or {@code no}, any
     * case) while writes go on: what was acknowledged before stays as durable as the old policy promised, and the
     * switch itself forces the log once, so every write acknowledged before it is on disk soon after. Thread-safe.
     * A store without a write log only checks the name.
     *
     * @throws IllegalArgumentException if {@code policy} is none of the three
     */
    void fsyncPolicy(String policy);

    /**
     * Turns the active expiry on or off (Redis's {@code DEBUG SET-ACTIVE-EXPIRE}): while off, an expired key is
     * removed only when it is accessed. On by default. Thread-safe.
     */
    void activeExpiry(boolean enabled);

    /**
     * Makes the store a Redis replica's, or, with {@code false}, a primary's (the default): what changes is how keys
     * expire and whether the memory limit applies. A replica's store removes no key for having expired: its primary does, by a {@code DEL} in its stream. Until
     * then, an expired key reads as absent (a read returns nothing, {@link #expiryMillis} {@link #ABSENT}, a scan
     * skips it) but stays, counted by {@link #size()}, and the active expiry leaves it; a write that gives a key an
     * expiry already past keeps the key with it. What runs through {@link #fromPrimary} sees every key as present.
     * The one exception, as in Redis: a key that a local write (of a writable replica) gave an expiry is removed by
     * the active expiry once due, and a local write to an expired key replaces it. A server turns this on as it
     * becomes a replica ({@code REPLICAOF host port}) and off when it is promoted ({@code REPLICAOF NO ONE}).
     * A replica's store also leaves its memory limit alone while {@link MemoryLimits#replicaIgnoresMaxMemory()}
     * (Redis's {@code replica-ignore-maxmemory}, on by default): it neither evicts nor refuses a write. Thread-safe.
     */
    void replica(boolean enabled);

    /**
     * Runs {@code task} on the calling thread as the primary's replication stream: while the store is a
     * {@linkplain #replica(boolean) replica's}, no key counts as expired for it (Redis runs its primary's
     * commands so), so that it changes the keys its primary changed, whatever this machine's clock says; an RDB it
     * loads keeps the keys already expired, which the primary will delete. On a primary's store it only runs
     * {@code task}.
     *
     * @return what {@code task} returns
     * @throws NullPointerException if {@code task} is {@code null}
     */
    <R> R fromPrimary(Supplier<R> task);

    /**
     * Returns the memory limit and eviction policy; changes apply to the next write. A write that needs memory past
     * the limit first evicts keys as the policy says, and fails with {@link KvOutOfMemoryException} if it cannot
     * free enough. The limit is left alone while an RDB loads ({@link #loadRdb}) and, by default, on a replica's
     * store ({@link MemoryLimits#replicaIgnoresMaxMemory()}).
     */
    MemoryLimits memoryLimits();

    /**
     * Evicts keys as the {@linkplain #memoryLimits() policy} says while the store is over its memory limit, and returns
     * whether it is still over it: Redis's {@code performEvictions} failing, which makes a server refuse a command
     * that may grow memory (queued in a transaction, for one). {@code false} without a limit, while an RDB loads,
     * and on a replica's store that ignores its limit. Thread-safe.
     */
    boolean outOfMemory();

    /** Returns the keyspace counters: hits, misses, expired and evicted keys. */
    KeyspaceStats keyspaceStats();

    /** Sets the {@linkplain #keyspaceStats() keyspace counters} to zero ({@code CONFIG RESETSTAT}). */
    void resetKeyspaceStats();

    /** Flushes and closes the write log, if any. The store must not be used afterwards. */
    @Override
    void close();
}
