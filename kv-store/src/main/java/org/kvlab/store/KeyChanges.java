package org.kvlab.store;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.kvlab.api.KeyChangeListener;

/**
 * The {@link KeyChangeListener}s of one store, told of each change by the segment or database that makes it while
 * it holds the key's lock, and the count of expired keys removed ({@code expired_keys}). With no listener a change
 * costs one volatile read.
 */
final class KeyChanges {

    private static final KeyChangeListener[] NONE = new KeyChangeListener[0];

    private volatile KeyChangeListener[] listeners = NONE;
    private final LongSupplier now;
    private final LongAdder expired = new LongAdder();
    /** Told of each expired key's removal, when the store feeds its writes; else {@code null}. */
    private volatile CommandJournal feed;

    /** Creates the listeners of a store whose expiry is judged at {@code now} (epoch ms). */
    KeyChanges(LongSupplier now) {
        this.now = now;
    }

    synchronized void add(KeyChangeListener listener) {
        Objects.requireNonNull(listener, "listener");
        KeyChangeListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[grown.length - 1] = listener;
        listeners = grown;
    }

    void keyChanged(int database, byte[] key) {
        for (KeyChangeListener listener : listeners) {
            listener.keyChanged(database, key);
        }
    }

    void keyCreated(int database, byte[] key) {
        for (KeyChangeListener listener : listeners) {
            listener.keyCreated(database, key);
        }
    }

    void keyMissed(int database, byte[] key) {
        for (KeyChangeListener listener : listeners) {
            listener.keyMissed(database, key);
        }
    }

    /**
     * Counts {@code node}, about to be replaced or removed, as expired and tells the listeners, if it has expired;
     * returns whether it did.
     */
    boolean expiredIfDue(int database, Node node) {
        if (!node.hasExpiry() || !node.isExpiredAt(now.getAsLong())) { // the clock only for a key that expires
            return false;
        }
        expired.increment();
        for (KeyChangeListener listener : listeners) {
            listener.keyExpired(database, node.key);
        }
        return true;
    }

    /** Tells {@code journal} of each expired key removed from now on. */
    void feedExpiredRemovals(CommandJournal journal) {
        feed = journal;
    }

    /** {@code key}, which had expired, left the keyspace (not replaced by a write). Caller holds the key's lock. */
    void expiredRemoved(int database, byte[] key) {
        CommandJournal journal = feed;
        if (journal != null) {
            journal.expired(database, key);
        }
    }

    /** Returns the expired keys removed since creation or the last {@link #resetExpired()}. */
    long expired() {
        return expired.sum();
    }

    void resetExpired() {
        expired.reset();
    }

    void databaseChanged(int database) {
        for (KeyChangeListener listener : listeners) {
            listener.databaseChanged(database);
        }
    }
}
