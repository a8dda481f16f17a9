package org.kvlab.store;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.kvlab.api.KeyChangeListener;

/**
 * The {@link KeyChangeListener}s of one store, told of each change by the segment or database that makes it while
 * it holds the key's lock. With no listener a change costs one volatile read.
 */
final class KeyChanges {

    private static final KeyChangeListener[] NONE = new KeyChangeListener[0];

    private volatile KeyChangeListener[] listeners = NONE;
    private final LongSupplier now;

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

    /**
     * Tells the listeners that {@code node}, about to be replaced or removed, has expired, if it has; returns whether
     * it did.
     */
    boolean expiredIfDue(int database, Node node) {
        KeyChangeListener[] all = listeners;
        if (all.length == 0 || !node.hasExpiry() || node.expiry > now.getAsLong()) {
            return false;
        }
        for (KeyChangeListener listener : all) {
            listener.keyExpired(database, node.key);
        }
        return true;
    }

    void databaseChanged(int database) {
        for (KeyChangeListener listener : listeners) {
            listener.databaseChanged(database);
        }
    }
}
