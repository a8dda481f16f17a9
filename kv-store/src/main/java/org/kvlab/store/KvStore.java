package org.kvlab.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.kvlab.api.EncodingLimits;
import org.kvlab.api.KeyChangeListener;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Hashes;
import org.kvlab.api.KeyView;
import org.kvlab.api.Lists;
import org.kvlab.api.Sets;
import org.kvlab.api.SortedSets;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.Keyspace;
import org.kvlab.api.EvictionPolicy;
import org.kvlab.api.KeyspaceStats;
import org.kvlab.api.KeyFootprint;
import org.kvlab.api.KvOutOfMemoryException;
import org.kvlab.api.MemoryLimits;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.PersistenceStatus;
import org.kvlab.api.ScanResult;
import org.kvlab.api.SetOptions;
import org.kvlab.api.SetResult;
import org.kvlab.api.ValueType;
import org.kvlab.api.WriteFeed;

/**
 * The embedded key-value store: numbered databases of binary keys held in memory, with lazy expiry on access and
 * active expiry by a daemon thread that samples keys with an expiry every 100 ms, as Redis does, and an optional
 * memory limit ({@link #memoryLimits()}): a write that needs memory past it first evicts keys as the
 * {@link EvictionPolicy} says, by Redis's sampled approximation, and fails with {@link KvOutOfMemoryException} if it
 * cannot free enough; a replica's store leaves the limit to its primary unless told not to
 * ({@link MemoryLimits#replicaIgnoresMaxMemory()}).
 *
 * <p>Reads take no lock; single-key writes lock one of 16 stripes of their database; multi-key writes lock every
 * stripe they touch in a fixed order; {@link #atomically} locks them all, and makes reads wait for it. Thread-safe. Build one with {@link #builder()} or {@link #inMemory()} and
 * {@link #close()} it when done.
 *
 * <p>Given a {@linkplain Builder#dataDirectory data directory}, every write is first appended to a CRC-checked
 * write-ahead log, forced as the {@link FsyncPolicy} says (under {@code ALWAYS}, {@link #durable()} completes after
 * the group-commit force covering every write so far); snapshots rewrite the log, on demand and automatically when
 * the log outgrows the last snapshot; opening the directory recovers the snapshot, then the log.
 */
public final class KvStore implements KeyValueStore {

    // real CompletableFutures, not minimal stages: callers may test isDone() on what they get
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    private static final long EXPIRE_PERIOD_MILLIS = 100;
    /** How long the log may refuse writes before a background snapshot retries, and how often it retries. */
    private static final long FAILURE_RETRY_MILLIS = 1000;

    private final Clock clock;
    private final MemoryLimits memoryLimits;
    private final LongAdder memory = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final Evictor evictor;
    private final EncodingLimits encodingLimits = new EncodingLimits();
    private final LruClock lruClock;
    private final Database[] databases;
    private final KeyChanges keyChanges = new KeyChanges(this::millis);
    private final ReplicaExpiry replicaExpiry = new ReplicaExpiry();
    private final ScheduledExecutorService expirer;
    private final Persistence persistence;
    private final WriteAheadLog wal;
    private final ExecutorService snapshotter;
    private final AtomicBoolean snapshotRunning = new AtomicBoolean();
    private final SnapshotFormat snapshotFormat;
    private Journal journal = Journal.NONE;
    /** Whether a {@link WriteFeed} is registered; guarded by every lock. */
    private boolean fed;
    private boolean recovering;
    /** Whether {@link #loadRdb} runs: the memory limit is left alone meanwhile, as Redis's while loading. */
    private volatile boolean loading;
    /** Whether the expiry thread samples and removes expired keys ({@link #activeExpiry(boolean)}). */
    private volatile boolean activeExpiry = true;
    /** Whether a thread runs {@link #atomically}: lock-free readers then wait for it. */
    private volatile boolean atomicRunning;
    /** How deep the {@link #atomically} calls of the thread holding every lock are nested; guarded by those locks. */
    private int atomicDepth;
    private volatile Instant lastSave;
    private volatile boolean lastSaveOk = true;
    private volatile boolean lastRewriteOk = true;

    private KvStore(Builder builder) {
        this.clock = builder.clock;
        this.memoryLimits = new MemoryLimits().maxMemory(builder.maxMemory).policy(builder.evictionPolicy)
                .samples(builder.maxMemorySamples);
        this.lruClock = new LruClock(clock, memoryLimits);
        this.evictor = new Evictor(this, memoryLimits);
        this.snapshotFormat = builder.snapshotFormat;
        this.databases = new Database[builder.databases];
        for (int i = 0; i < databases.length; i++) {
            databases[i] = new Database(this, i);
        }
        if (builder.dataDirectory == null) {
            persistence = null;
            wal = null;
            snapshotter = null;
        } else {
            persistence = new Persistence(builder.dataDirectory, builder.fileIo, builder.truncateCorruptLog,
                    builder.rdbFileName);
            recovering = true;
            persistence.recover(this);
            recovering = false;
            long now = clock.millis();
            for (Database database : databases) {
                database.purgeExpired(now);
            }
            snapshotter = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "kvlab-snapshot");
                thread.setDaemon(true);
                return thread;
            });
            wal = new WriteAheadLog(builder.fileIo, builder.fsync, persistence.logChannel(), persistence.logSize(),
                    persistence.snapshotSize(), builder.autoRewritePercentage, builder.autoRewriteMinSize,
                    this::requestRewrite, clock::millis);
            journal = wal;
        }
        this.lastSave = clock.instant();
        this.expirer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kvlab-expiry");
            thread.setDaemon(true);
            return thread;
        });
        expirer.scheduleWithFixedDelay(() -> {
            lruClock.tick();
            if (activeExpiry) {
                expireCycle();
            }
        }, EXPIRE_PERIOD_MILLIS, EXPIRE_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        if (wal != null) {
            // as Redis retries a failed write every second, so writes resume once the disk has room again
            expirer.scheduleWithFixedDelay(() -> {
                if (wal.failingForMillis() >= FAILURE_RETRY_MILLIS && !snapshotRunning.get()) {
                    requestRewrite();
                }
            }, FAILURE_RETRY_MILLIS, FAILURE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Returns a new builder with the defaults: 16 databases, the system UTC clock, no memory limit, no eviction. The
     * memory settings can change later through {@link #memoryLimits()}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a new purely in-memory store with the defaults of {@link #builder()}. */
    public static KvStore inMemory() {
        return builder().build();
    }

    /**
     * Returns the time expiry is checked against: the clock's, except during recovery, when no key expires so that
     * every record is replayed as it was applied (expired keys are purged after replay), and for the primary's
     * stream on a replica's store ({@link #fromPrimary}), for which no key expires either: the primary decides.
     */
    long millis() {
        return recovering || replicaExpiry.onPrimaryStream() ? Long.MIN_VALUE : clock.millis();
    }

    /**
     * Returns whether a write that gives an existing key {@code expiry} ({@code EXPIRE}, {@code GETEX}) removes it at
     * once, that time being now or past, as Redis's {@code checkAlreadyExpired} ({@code when <= now}, where a key's
     * own expiry passes only once {@code now > when}): not on a replica's store, which keeps the key with its expiry
     * until the primary's {@code DEL} (or, for a local write, its own active expiry) removes it.
     */
    boolean alreadyExpired(long expiry) {
        return expiry >= 0 && !replicaExpiry.replica() && expiry <= millis();
    }

    ReplicaExpiry replicaExpiry() {
        return replicaExpiry;
    }

    LruClock lruClock() {
        return lruClock;
    }

    LongAdder memoryCounter() {
        return memory;
    }

    KeyChanges keyChanges() {
        return keyChanges;
    }

    Journal journal() {
        return journal;
    }

    /**
     * Makes room for {@code delta} more bytes under the limit, evicting keys as the policy says; fails with
     * {@link KvOutOfMemoryException} if it cannot (or if {@code delta} alone passes the limit). A write that takes no
     * more memory is refused too while the store is over the limit, as Redis refuses {@code SET} then; one that frees
     * memory is not. The caller holds the locks of the segments it writes, whose keys are not evicted.
     */
    void reserve(long delta) {
        long max = limitInForce();
        if (max > 0 && delta >= 0 && memory.sum() + delta > max && (delta > max || !evictor.freeTo(max - delta))) {
            throw new KvOutOfMemoryException();
        }
    }

    /**
     * Evicts keys as the policy says if the store is over its memory limit, and fails with
     * {@link KvOutOfMemoryException} if it stays over, as Redis's {@code performEvictions} before a command that may
     * grow memory.
     */
    void checkMemory() {
        if (outOfMemory()) {
            throw new KvOutOfMemoryException();
        }
    }

    @Override
    public boolean outOfMemory() {
        long max = limitInForce();
        return max > 0 && memory.sum() > max && !evictor.freeTo(max);
    }

    /**
     * Returns the memory limit writes are held to now, 0 for none: none during recovery or while an RDB loads, nor on
     * a replica's store that ignores its limit, as Redis's {@code isSafeToPerformEvictions}.
     */
    private long limitInForce() {
        long max = memoryLimits.maxMemory();
        if (max == 0 || recovering || loading
                || replicaExpiry.replica() && memoryLimits.replicaIgnoresMaxMemory()) {
            return 0;
        }
        return max;
    }

    /** Counts a read's lookup of {@code key} as a hit or a miss, and tells the listeners of a miss. */
    void countLookup(int database, byte[] key, boolean hit) {
        countLookupUnnoticed(hit);
        if (!hit) {
            keyChanges.keyMissed(database, key);
        }
    }

    /** Counts a lookup as a hit or a miss without telling the listeners of a miss, as Redis's {@code OBJECT}. */
    void countLookupUnnoticed(boolean hit) {
        (hit ? hits : misses).increment();
    }

    Database databaseAt(int index) {
        if (index < 0 || index >= databases.length) {
            throw new IndexOutOfBoundsException(
                    "database: " + index + " (expected: 0-" + (databases.length - 1) + ")");
        }
        return databases[index];
    }

    /**
     * Runs one active expiry cycle over every database that has keys with an expiry; on a replica's store, over the
     * keys a local write gave an expiry only ({@link #expireLocalKeys()}), as Redis runs {@code expireSlaveKeys}
     * instead of {@code activeExpireCycle} there.
     *
     * @return the number of keys removed
     */
    int expireCycle() {
        if (replicaExpiry.replica()) {
            return expireLocalKeys();
        }
        int removed = 0;
        for (Database database : databases) {
            if (database.expiringKeys() > 0) {
                removed += database.expireCycle();
            }
        }
        return removed;
    }

    /**
     * Runs the active expiry of a replica's store (Redis's {@code expireSlaveKeys}): removes the keys a local write
     * gave an expiry once it is due, examining each watched key at most once and stopping after four not yet due.
     *
     * @return the number of keys removed
     */
    int expireLocalKeys() {
        int removed = 0;
        int notDue = 0;
        for (int n = replicaExpiry.localKeyCount(); n > 0 && notDue <= 3; n--) {
            ReplicaExpiry.LocalKey local = replicaExpiry.next();
            if (local == null) {
                break;
            }
            if (local.database >= databases.length) {
                continue;
            }
            switch (databases[local.database].expireLocalKey(local)) {
                case REMOVED:
                    removed++;
                    break;
                case NOT_DUE:
                    notDue++;
                    break;
                default:
                    break;
            }
        }
        return removed;
    }

    @Override
    public int databaseCount() {
        return databases.length;
    }

    @Override
    public Keyspace database(int index) {
        return databaseAt(index);
    }

    @Override
    public void clearAll() {
        lockEverything();
        try {
            journal.clear(-1);
            for (Database database : databases) {
                database.clearLocked();
            }
            replicaExpiry.forgetLocalKeys(); // as Redis's flushSlaveKeysWithExpireList
        } finally {
            unlockEverything();
        }
    }

    @Override
    public void swapDatabases(int first, int second) {
        Database a = databaseAt(first);
        Database b = databaseAt(second);
        if (a == b) {
            return;
        }
        // atomically, not just both databases' locks: lock-free readers must not see one half-swapped
        atomically(() -> {
            journal.swap(first, second);
            for (int i = 0; i < Database.SEGMENTS; i++) {
                a.segments[i].swapContents(b.segments[i]);
            }
            keyChanges.databaseChanged(first);
            keyChanges.databaseChanged(second);
            replicaExpiry.forgetLocalKeys();
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>The step holds every segment lock of every database, taken in the store's order, and meanwhile makes the
     * lock-free reads wait for it too; the write log brackets its records (see {@link Journal#beginTransaction()}).
     */
    @Override
    public <R> R atomically(Supplier<R> task) {
        Objects.requireNonNull(task, "task");
        lockEverything();
        boolean outermost = atomicDepth++ == 0;
        try {
            if (outermost) {
                atomicRunning = true;
                journal.beginTransaction();
            }
            return task.get();
        } finally {
            if (outermost) {
                journal.endTransaction();
                atomicRunning = false;
            }
            atomicDepth--;
            unlockEverything();
        }
    }

    /**
     * Waits, if a thread is running {@link #atomically}, until it is done; {@code segment} is one whose lock the
     * caller is about to read under without taking it. Costs one volatile read otherwise.
     */
    void awaitAtomic(Segment segment) {
        if (atomicRunning) {
            segment.lock(); // held by the atomic step (or by this very thread, inside it)
            segment.unlock();
        }
    }

    private void lockEverything() {
        for (Database database : databases) {
            database.lockAll();
        }
    }

    private void unlockEverything() {
        for (int i = databases.length - 1; i >= 0; i--) {
            databases[i].unlockAll();
        }
    }

    @Override
    public void addKeyChangeListener(KeyChangeListener listener) {
        keyChanges.add(listener);
    }

    @Override
    public EncodingLimits encodingLimits() {
        return encodingLimits;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Under {@link FsyncPolicy#ALWAYS} the stage completes on the store's syncer thread: dependents must not
     * block it.
     */
    @Override
    public CompletionStage<Void> durable() {
        return wal == null ? DONE : wal.durable();
    }

    @Override
    public void syncTurn() {
        if (wal != null) {
            wal.syncTurn();
        }
    }

    @Override
    public boolean syncPending() {
        return wal != null && wal.syncPending();
    }

    @Override
    public void save() {
        if (persistence == null) {
            throw noDataDirectory();
        }
        if (atomicRunning && databases[0].segments[0].isHeldByCurrentThread()) {
            // the snapshot would switch logs in the middle of the step's records
            throw new IllegalStateException("save() inside atomically()");
        }
        if (!snapshotRunning.compareAndSet(false, true)) {
            throw new KvPersistenceException("Background save already in progress");
        }
        try {
            snapshot(snapshotFormat);
            lastSaveOk = true;
        } catch (RuntimeException e) {
            lastSaveOk = false;
            throw e;
        } finally {
            snapshotRunning.set(false);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Takes a snapshot as {@link #save()} does, then, holding every lock of the store (writers and readers wait),
     * writes the log's buffered records, empties the databases without recording it, and loads the snapshot and the
     * log written since it, as recovery does at start-up.
     */
    @Override
    public void reload() {
        if (persistence == null) {
            return;
        }
        if (atomicRunning && databases[0].segments[0].isHeldByCurrentThread()) {
            throw new IllegalStateException("reload() inside atomically()");
        }
        if (!snapshotRunning.compareAndSet(false, true)) {
            throw new KvPersistenceException("Background save already in progress");
        }
        try {
            try {
                snapshot(snapshotFormat);
                lastSaveOk = true;
            } catch (RuntimeException e) {
                lastSaveOk = false;
                throw e;
            }
            lockEverything();
            atomicRunning = true;
            try {
                wal.writeBuffered();
                journal = Journal.NONE;
                recovering = true;
                for (Database database : databases) {
                    database.clearLocked();
                }
                persistence.reload(this);
            } finally {
                recovering = false;
                journal = wal;
                atomicRunning = false;
                unlockEverything();
            }
            long now = clock.millis();
            for (Database database : databases) {
                database.purgeExpired(now);
            }
        } finally {
            snapshotRunning.set(false);
        }
    }

    @Override
    public CompletionStage<Void> saveInBackground() {
        if (persistence == null) {
            throw noDataDirectory();
        }
        if (!snapshotRunning.compareAndSet(false, true)) {
            throw new KvPersistenceException("Background save already in progress");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            snapshotter.execute(() -> {
                RuntimeException failure = null;
                try {
                    snapshot(snapshotFormat);
                } catch (RuntimeException e) {
                    failure = e;
                    System.getLogger(KvStore.class.getName()).log(System.Logger.Level.WARNING,
                            "Background saving error", e);
                } finally {
                    lastSaveOk = failure == null;
                    snapshotRunning.set(false);
                }
                if (failure == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            snapshotRunning.set(false);
            throw new KvPersistenceException("Background save refused: the store is closing", e);
        }
        return done.copy();
    }

    /**
     * Called by the log, under its lock, when it has outgrown the last snapshot, and every
     * {@link #FAILURE_RETRY_MILLIS} while the log refuses writes: rewrites it in the background.
     */
    private void requestRewrite() {
        try {
            snapshotter.execute(() -> {
                if (!snapshotRunning.compareAndSet(false, true)) {
                    wal.rewriteFailed();
                    return;
                }
                try {
                    snapshot(SnapshotFormat.KVLAB);
                    lastRewriteOk = true;
                } catch (RuntimeException e) {
                    lastRewriteOk = false;
                    System.getLogger(KvStore.class.getName()).log(System.Logger.Level.WARNING,
                            "Automatic log rewrite failed", e);
                } finally {
                    snapshotRunning.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            wal.rewriteFailed();
        }
    }

    /**
     * Switches writes to a fresh log with every lock held, copying the bucket arrays as a point-in-time view, then
     * writes that view as the snapshot the new log follows, and in {@code format} {@link SnapshotFormat#RDB} as the
     * RDB file too.
     */
    private void snapshot(SnapshotFormat format) {
        Node[][][] tables;
        long now;
        try {
            FileChannel next = persistence.createNextLog();
            lockEverything();
            try {
                tables = freezeTablesLocked();
                wal.rotate(next);
                persistence.rotated();
                now = clock.millis();
            } finally {
                unlockEverything();
            }
            long size;
            try {
                size = persistence.writeSnapshot(tables, now);
                if (format == SnapshotFormat.RDB) {
                    RdbFiles.write(persistence.fileIo(), persistence.rdbFile(), tables, now, usedMemory());
                }
            } finally {
                thawTables();
            }
            wal.snapshotDone(size);
            lastSave = clock.instant();
        } catch (IOException e) {
            wal.rewriteFailed();
            throw new KvPersistenceException("Error saving the snapshot: " + e, e);
        } catch (RuntimeException e) {
            wal.rewriteFailed(); // else no automatic rewrite would start again, and the log would grow for good
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The feed is told each change after the write log has recorded it (a change the log refuses reaches neither).
     */
    @Override
    public void feedWrites(WriteFeed feed) {
        Objects.requireNonNull(feed, "feed");
        lockEverything();
        try {
            if (fed) {
                throw new IllegalStateException("a write feed is registered already");
            }
            fed = true;
            CommandJournal commands = new CommandJournal(this, feed);
            journal = journal == Journal.NONE ? commands : new TeeJournal(journal, commands);
            keyChanges.feedExpiredRemovals(commands);
        } finally {
            unlockEverything();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Takes the view as a snapshot does (every segment frozen, so writes copy what they change) and so waits for,
     * or is refused during, a snapshot of the data directory.
     */
    @Override
    public void writeRdb(OutputStream out, Runnable atPointInTime) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(atPointInTime, "atPointInTime");
        if (!snapshotRunning.compareAndSet(false, true)) {
            throw new KvPersistenceException("Background save already in progress");
        }
        try {
            Node[][][] tables;
            long now;
            lockEverything();
            try {
                tables = freezeTablesLocked();
                now = clock.millis();
                atPointInTime.run();
            } finally {
                unlockEverything();
            }
            try {
                RdbFiles.write(out, tables, now, usedMemory());
            } finally {
                thawTables();
            }
        } finally {
            snapshotRunning.set(false);
        }
    }

    @Override
    public long loadRdb(java.io.InputStream in, String source) {
        Objects.requireNonNull(in, "in");
        clearAll();
        loading = true;
        try {
            return new RdbReader(in, source, Long.MAX_VALUE).load(this);
        } finally {
            loading = false;
        }
    }

    /**
     * Freezes every segment ({@link Segment#freeze()}) and returns the point-in-time view {@link KeyspaceWalk} reads;
     * {@link #thawTables()} ends it. For a store no other thread uses yet (recovery); a running store freezes with
     * every lock held.
     */
    Node[][][] freezeTables() {
        lockEverything();
        try {
            return freezeTablesLocked();
        } finally {
            unlockEverything();
        }
    }

    private Node[][][] freezeTablesLocked() {
        Node[][][] tables = new Node[databases.length][Database.SEGMENTS][];
        for (int db = 0; db < databases.length; db++) {
            for (int s = 0; s < Database.SEGMENTS; s++) {
                tables[db][s] = databases[db].segments[s].freeze();
            }
        }
        return tables;
    }

    /** Ends {@link #freezeTables()}: writes may change nodes in place again. */
    void thawTables() {
        for (Database database : databases) {
            database.thawAll();
        }
    }

    private static KvPersistenceException noDataDirectory() {
        return new KvPersistenceException("no data directory configured (start with --data-dir)");
    }

    @Override
    public Instant lastSave() {
        return lastSave;
    }

    @Override
    public long usedMemory() {
        return memory.sum();
    }

    /** Returns how many writes waited for a stalled force of the write log ({@code aof_delayed_fsync}). */
    long delayedFsyncs() {
        return wal == null ? 0 : wal.delayedFsyncs();
    }

    @Override
    public MemoryLimits memoryLimits() {
        return memoryLimits;
    }

    @Override
    public KeyspaceStats keyspaceStats() {
        return new KeyspaceStats(hits.sum(), misses.sum(), keyChanges.expired(), evictor.evicted());
    }

    @Override
    public void resetKeyspaceStats() {
        hits.reset();
        misses.reset();
        keyChanges.resetExpired();
        evictor.resetEvicted();
    }

    @Override
    public PersistenceStatus persistenceStatus() {
        if (wal == null) {
            return PersistenceStatus.NONE;
        }
        return new PersistenceStatus(wal.changesSinceSave(), lastSaveOk, snapshotRunning.get(), lastRewriteOk,
                wal.writable(), wal.delayedFsyncs());
    }

    @Override
    public KvPersistenceException writeRefusal() {
        return wal == null ? null : wal.refusal();
    }

    /** Returns how many times the write log was forced, 0 without a data directory. */
    long logForces() {
        return wal == null ? 0 : wal.forces();
    }

    @Override
    public void close() {
        expirer.shutdownNow();
        if (persistence != null) {
            snapshotter.shutdown();
            try {
                snapshotter.awaitTermination(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            wal.close();
            persistence.close();
        }
    }

    @Override
    public byte[] get(byte[] key) {
        return databases[0].get(key);
    }

    @Override
    public void readString(byte[] key, Consumer<byte[]> reader) {
        databases[0].readString(key, reader);
    }

    @Override
    public void setCopy(byte[] key, byte[] value) {
        databases[0].setCopy(key, value);
    }

    @Override
    public void set(byte[] key, byte[] value) {
        databases[0].set(key, value);
    }

    @Override
    public SetResult set(byte[] key, byte[] value, SetOptions options) {
        return databases[0].set(key, value, options);
    }

    @Override
    public boolean setAll(byte[][] keys, byte[][] values, boolean onlyIfNoneExist) {
        return databases[0].setAll(keys, values, onlyIfNoneExist);
    }

    @Override
    public boolean setAllCopies(byte[][] keys, byte[][] values, boolean onlyIfNoneExist) {
        return databases[0].setAllCopies(keys, values, onlyIfNoneExist);
    }

    @Override
    public byte[] update(byte[] key, UnaryOperator<byte[]> update) {
        return databases[0].update(key, update);
    }

    @Override
    public boolean move(byte[] key, int targetDatabase) {
        return databases[0].move(key, targetDatabase);
    }

    @Override
    public byte[] combine(byte[] target, byte[][] sources, Function<byte[][], byte[]> combine) {
        return databases[0].combine(target, sources, combine);
    }

    @Override
    public <R> R read(byte[][] keys, Function<KeyView, R> reader) {
        return databases[0].read(keys, reader);
    }

    @Override
    public int storeList(byte[] target, byte[][] keys, Function<KeyView, byte[][]> compute) {
        return databases[0].storeList(target, keys, compute);
    }

    @Override
    public byte[] incrByFloat(byte[] key, byte[] increment) {
        return databases[0].incrByFloat(key, increment);
    }

    @Override
    public byte[] getAndDelete(byte[] key) {
        return databases[0].getAndDelete(key);
    }

    @Override
    public byte[] getAndSetExpiry(byte[] key, long expiryMillis) {
        return databases[0].getAndSetExpiry(key, expiryMillis);
    }

    @Override
    public boolean delete(byte[] key) {
        return databases[0].delete(key);
    }

    @Override
    public boolean exists(byte[] key) {
        return databases[0].exists(key);
    }

    @Override
    public boolean existsQuietly(byte[] key) {
        return databases[0].existsQuietly(key);
    }

    @Override
    public int stringLengthQuietly(byte[] key) {
        return databases[0].stringLengthQuietly(key);
    }

    @Override
    public ValueType type(byte[] key) {
        return databases[0].type(key);
    }

    @Override
    public long expiryMillis(byte[] key) {
        return databases[0].expiryMillis(key);
    }

    @Override
    public boolean expire(byte[] key, long expiryMillis, ExpireCondition condition) {
        return databases[0].expire(key, expiryMillis, condition);
    }

    @Override
    public boolean persist(byte[] key) {
        return databases[0].persist(key);
    }

    @Override
    public boolean rename(byte[] source, byte[] target, boolean onlyIfTargetAbsent) {
        return databases[0].rename(source, target, onlyIfTargetAbsent);
    }

    @Override
    public boolean copy(byte[] source, int targetDatabase, byte[] target, boolean replace) {
        return databases[0].copy(source, targetDatabase, target, replace);
    }

    @Override
    public ScanResult scan(long cursor, int count, Predicate<byte[]> filter) {
        return databases[0].scan(cursor, count, filter);
    }

    @Override
    public byte[] randomKey() {
        return databases[0].randomKey();
    }

    @Override
    public long size() {
        return databases[0].size();
    }

    @Override
    public long expiringKeys() {
        return databases[0].expiringKeys();
    }

    @Override
    public void clear() {
        databases[0].clear();
    }

    @Override
    public String encoding(byte[] key) {
        return databases[0].encoding(key);
    }

    @Override
    public long memoryUsage(byte[] key) {
        return databases[0].memoryUsage(key);
    }

    @Override
    public KeyFootprint footprint(byte[] key) {
        return databases[0].footprint(key);
    }

    /** Returns the write log's fsync policy now, or {@code null} for a store without a data directory. */
    public FsyncPolicy fsyncPolicy() {
        return wal == null ? null : wal.policy();
    }

    @Override
    public void activeExpiry(boolean enabled) {
        activeExpiry = enabled;
    }

    /**
     * {@inheritDoc}
     *
     * <p>While on, the expiry thread removes only the keys a local write gave an expiry (each watched until it is
     * removed, persisted or gone), examining at most all of them and stopping after four not yet due, per cycle.
     */
    @Override
    public void replica(boolean enabled) {
        replicaExpiry.replica(enabled);
    }

    @Override
    public <R> R fromPrimary(Supplier<R> task) {
        Objects.requireNonNull(task, "task");
        return replicaExpiry.fromPrimary(task);
    }

    @Override
    public long entryOverhead() {
        return Node.OVERHEAD;
    }

    /**
     * {@inheritDoc} With a data directory, the write log switches at once ({@link WriteAheadLog#policy(FsyncPolicy)}).
     */
    @Override
    public void fsyncPolicy(String policy) {
        FsyncPolicy next = FsyncPolicy.parse(policy);
        if (wal != null) {
            wal.policy(next);
        }
    }

    @Override
    public boolean touch(byte[] key) {
        return databases[0].touch(key);
    }

    @Override
    public long idleMillis(byte[] key) {
        return databases[0].idleMillis(key);
    }

    @Override
    public int accessFrequency(byte[] key) {
        return databases[0].accessFrequency(key);
    }

    @Override
    public Hashes hashes() {
        return databases[0].hashes();
    }

    @Override
    public Lists lists() {
        return databases[0].lists();
    }

    @Override
    public Sets sets() {
        return databases[0].sets();
    }

    @Override
    public SortedSets sortedSets() {
        return databases[0].sortedSets();
    }

    /** Configures a {@link KvStore}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {

        private int databases = 16;
        private Clock clock = Clock.systemUTC();
        private long maxMemory;
        private EvictionPolicy evictionPolicy = EvictionPolicy.NOEVICTION;
        private int maxMemorySamples = 5;
        private Path dataDirectory;
        private FsyncPolicy fsync = FsyncPolicy.EVERYSEC;
        private int autoRewritePercentage = 100;
        private long autoRewriteMinSize = 64L * 1024 * 1024;
        private boolean truncateCorruptLog;
        private FileIo fileIo = new SystemFileIo();
        private SnapshotFormat snapshotFormat = SnapshotFormat.KVLAB;
        private String rdbFileName = Rdb.DEFAULT_FILE_NAME;

        private Builder() {
        }

        /**
         * Makes the store durable in {@code directory} (created if absent; Redis's {@code dir} with
         * {@code appendonly yes}): recovered on {@link #build()}, then every write logged. {@code null} (the
         * default) keeps the store purely in memory.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /**
         * Sets when the write log is forced (default {@link FsyncPolicy#EVERYSEC}, as Redis).
         *
         * @throws NullPointerException if {@code policy} is {@code null}
         */
        public Builder fsync(FsyncPolicy policy) {
            this.fsync = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Rewrites the log by a background snapshot once it has grown by {@code percent} of the last snapshot's
         * size (Redis's {@code auto-aof-rewrite-percentage}, default 100); 0 disables it.
         *
         * @throws IllegalArgumentException if {@code percent} is negative
         */
        public Builder autoRewritePercentage(int percent) {
            if (percent < 0) {
                throw new IllegalArgumentException("autoRewritePercentage: " + percent + " (expected: >= 0)");
            }
            this.autoRewritePercentage = percent;
            return this;
        }

        /**
         * Sets the size snapshot plus log must reach before an automatic rewrite (Redis's
         * {@code auto-aof-rewrite-min-size}, default 64 MB).
         *
         * @throws IllegalArgumentException if {@code bytes} is negative
         */
        public Builder autoRewriteMinSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("autoRewriteMinSize: " + bytes + " (expected: >= 0)");
            }
            this.autoRewriteMinSize = bytes;
            return this;
        }

        /**
         * Whether recovery may cut a log at a damaged record before its end, dropping everything after it, instead
         * of refusing to start (Redis's {@code aof-load-truncated}; default {@code false}). A torn last record is
         * always cut off.
         */
        public Builder truncateCorruptLog(boolean truncate) {
            this.truncateCorruptLog = truncate;
            return this;
        }

        /**
         * Sets what {@link KvStore#save()} and {@link KvStore#saveInBackground()} write (default
         * {@link SnapshotFormat#KVLAB}; the {@code snapshot-format} setting).
         *
         * @throws NullPointerException if {@code format} is {@code null}
         */
        public Builder snapshotFormat(SnapshotFormat format) {
            this.snapshotFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Names the RDB file in the data directory (default {@code dump.rdb}, Redis's {@code dbfilename}): written by
         * {@link SnapshotFormat#RDB} saves, and imported by {@link #build()} when the directory holds it and no kvlab
         * data yet (no snapshot, no logged write), as Redis loads it at start-up.
         *
         * @throws IllegalArgumentException if {@code name} is empty or not a plain file name
         */
        public Builder rdbFileName(String name) {
            if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("rdbFileName: " + name + " (expected: a plain file name)");
            }
            this.rdbFileName = name;
            return this;
        }

        /** Replaces the file operations (tests inject failures through it). */
        Builder fileIo(FileIo io) {
            this.fileIo = Objects.requireNonNull(io, "io");
            return this;
        }

        /**
         * Sets the number of databases (default 16).
         *
         * @throws IllegalArgumentException if {@code count} is not in {@code [1, 1024]}
         */
        public Builder databases(int count) {
            if (count < 1 || count > 1024) {
                throw new IllegalArgumentException("databases: " + count + " (expected: 1-1024)");
            }
            this.databases = count;
            return this;
        }

        /**
         * Sets the clock expiry is measured against (default {@link Clock#systemUTC()}).
         *
         * @throws NullPointerException if {@code clock} is {@code null}
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the memory limit in bytes, as estimated by {@link KvStore#usedMemory()}; 0 (the default) means
         * none. A write that would pass it first evicts keys as the {@linkplain #evictionPolicy policy} says, and
         * fails with {@link KvOutOfMemoryException} if it cannot free enough.
         *
         * @throws IllegalArgumentException if {@code bytes} is negative
         */
        public Builder maxMemory(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxMemory: " + bytes + " (expected: >= 0)");
            }
            this.maxMemory = bytes;
            return this;
        }

        /**
         * Sets which keys are evicted at the memory limit (Redis's {@code maxmemory-policy}; default
         * {@link EvictionPolicy#NOEVICTION}).
         *
         * @throws NullPointerException if {@code policy} is {@code null}
         */
        public Builder evictionPolicy(EvictionPolicy policy) {
            this.evictionPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets how many keys each eviction round samples per database (Redis's {@code maxmemory-samples}, default
         * 5): more is closer to true LRU or LFU, and slower.
         *
         * @throws IllegalArgumentException if {@code count} is under 1
         */
        public Builder maxMemorySamples(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxMemorySamples: " + count + " (expected: >= 1)");
            }
            this.maxMemorySamples = count;
            return this;
        }

        /**
         * Builds the store, recovering its data directory if it has one, and starts its threads.
         *
         * @throws org.kvlab.api.KvPersistenceException if the data directory cannot be used, is locked by another
         *     store or holds damaged data
         */
        public KvStore build() {
            return new KvStore(this);
        }
    }
}
