package org.kvlab.store;

import java.util.Arrays;
import java.util.Objects;
import org.kvlab.api.KeyChangeListener;

/**
 * The {@link KeyChangeListener}s of one store, told of each change by the segment or database that makes it while
 * it holds the key's lock. With no listener a change costs one volatile read.
 */
final class KeyChanges {

    private static final KeyChangeListener[] NONE = new KeyChangeListener[0];

    private volatile KeyChangeListener[] listeners = NONE;

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

    void keyExpired(int database, byte[] key) {
        for (KeyChangeListener listener : listeners) {
            listener.keyExpired(database, key);
        }
    }

    void databaseChanged(int database) {
        for (KeyChangeListener listener : listeners) {
            listener.databaseChanged(database);
        }
    }
}
