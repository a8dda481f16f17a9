package org.kvlab.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.Keyspace;
import org.kvlab.api.KvOutOfMemoryException;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.ScanResult;
import org.kvlab.api.SetOptions;
import org.kvlab.api.SetResult;
import org.kvlab.api.ValueType;

/**
 * The embedded key-value store: numbered databases of binary keys held in memory, with lazy expiry on access and
 * active expiry by a daemon thread that samples keys with an expiry every 100 ms, as Redis does, and an optional
 * memory limit (writes over it fail with {@link KvOutOfMemoryException}; nothing is evicted).
 *
 * <p>Reads take no lock; single-key writes lock one of 16 stripes of their database; multi-key writes lock every
 * stripe they touch in a fixed order. Thread-safe. Build one with {@link #builder()} or {@link #inMemory()} and
 * {@link #close()} it when done.
 */
public final class KvStore implements KeyValueStore {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);
    private static final long EXPIRE_PERIOD_MILLIS = 100;

    private final Clock clock;
    private final long maxMemory;
    private final LongAdder memory = new LongAdder();
    private final Database[] databases;
    private final ScheduledExecutorService expirer;
    private final Journal journal = Journal.NONE;
    private volatile Instant lastSave;

    private KvStore(Builder builder) {
        this.clock = builder.clock;
        this.maxMemory = builder.maxMemory;
        this.databases = new Database[builder.databases];
        for (int i = 0; i < databases.length; i++) {
            databases[i] = new Database(this, i);
        }
        this.lastSave = clock.instant();
        this.expirer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kvlab-expiry");
            thread.setDaemon(true);
            return thread;
        });
        expirer.scheduleWithFixedDelay(this::expireCycle, EXPIRE_PERIOD_MILLIS, EXPIRE_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Returns a new builder with the defaults: 16 databases, the system UTC clock, no memory limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a new purely in-memory store with the defaults of {@link #builder()}. */
    public static KvStore inMemory() {
        return builder().build();
    }

    long millis() {
        return clock.millis();
    }

    LongAdder memoryCounter() {
        return memory;
    }

    Journal journal() {
        return journal;
    }

    /** Fails with {@link KvOutOfMemoryException} if growing by {@code delta} bytes would pass the limit. */
    void reserve(long delta) {
        if (maxMemory > 0 && delta > 0 && memory.sum() + delta > maxMemory) {
            throw new KvOutOfMemoryException();
        }
    }

    Database databaseAt(int index) {
        if (index < 0 || index >= databases.length) {
            throw new IndexOutOfBoundsException(
                    "database: " + index + " (expected: 0-" + (databases.length - 1) + ")");
        }
        return databases[index];
    }

    /**
     * Runs one active expiry cycle over every database that has keys with an expiry.
     *
     * @return the number of keys removed
     */
    int expireCycle() {
        int removed = 0;
        for (Database database : databases) {
            if (database.expiringKeys() > 0) {
                removed += database.expireCycle();
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
        for (Database database : databases) {
            database.lockAll();
        }
        try {
            journal.clear(-1);
            for (Database database : databases) {
                database.clearLocked();
            }
        } finally {
            for (int i = databases.length - 1; i >= 0; i--) {
                databases[i].unlockAll();
            }
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public CompletionStage<Void> durable() {
        return DONE;
    }

    @Override
    public void save() {
        throw noDataDirectory();
    }

    @Override
    public CompletionStage<Void> saveInBackground() {
        throw noDataDirectory();
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

    @Override
    public void close() {
        expirer.shutdownNow();
    }

    @Override
    public byte[] get(byte[] key) {
        return databases[0].get(key);
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
    public byte[] update(byte[] key, UnaryOperator<byte[]> update) {
        return databases[0].update(key, update);
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

    /** Configures a {@link KvStore}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {

        private int databases = 16;
        private Clock clock = Clock.systemUTC();
        private long maxMemory;

        private Builder() {
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
         * none. A write that would pass it fails with {@link KvOutOfMemoryException}.
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

        /** Builds the store and starts its expiry thread. */
        public KvStore build() {
            return new KvStore(this);
        }
    }
}
