package org.kvlab.store;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.function.Supplier;

/**
 * Whether a store expires keys as a Redis replica does ({@code expireIfNeeded} and {@code expireSlaveKeys} of Redis
 * 7.0), and what that needs: which thread runs the primary's stream, and which keys were given an expiry by a local
 * write (a writable replica's).
 *
 * <p>On a replica, a key is removed for having expired only when the primary says so (its {@code DEL}): reads see
 * an expired key as absent but leave it; the primary's stream sees it as present; the active expiry leaves it. The
 * exception are keys a local write gave an expiry: the store's active expiry removes those once due, as Redis's
 * writable replica does. Thread-safe.
 */
final class ReplicaExpiry {

    private volatile boolean replica;
    private final ThreadLocal<Boolean> primaryStream = new ThreadLocal<>();
    /** The keys a local write gave an expiry, oldest first; guarded by itself. */
    private final LinkedHashSet<LocalKey> localKeys = new LinkedHashSet<>();

    /** Returns whether the store is a replica's. */
    boolean replica() {
        return replica;
    }

    /** Makes the store a replica's or a primary's; either way the keys given an expiry locally are forgotten. */
    void replica(boolean enabled) {
        replica = enabled;
        forgetLocalKeys();
    }

    /** Returns whether the calling thread runs the primary's stream on a replica's store: no key is expired for it. */
    boolean onPrimaryStream() {
        return replica && primaryStream.get() != null;
    }

    /** Runs {@code task} as the primary's stream on the calling thread. */
    <R> R fromPrimary(Supplier<R> task) {
        Boolean outer = primaryStream.get();
        primaryStream.set(Boolean.TRUE);
        try {
            return task.get();
        } finally {
            if (outer == null) {
                primaryStream.remove();
            }
        }
    }

    /**
     * Records that {@code key} of {@code database} was given an expiry: on a replica's store, by a local write (not
     * the primary's stream), it is then one the active expiry removes once due (Redis's
     * {@code rememberSlaveKeyWithExpire}).
     */
    void expirySet(int database, byte[] key) {
        if (replica && primaryStream.get() == null) {
            synchronized (localKeys) {
                localKeys.add(new LocalKey(database, key.clone()));
            }
        }
    }

    /** Returns how many keys were given an expiry locally and are still watched. */
    int localKeyCount() {
        synchronized (localKeys) {
            return localKeys.size();
        }
    }

    /** Takes the key watched longest out of the watch, or returns {@code null} if none is. */
    LocalKey next() {
        synchronized (localKeys) {
            Iterator<LocalKey> it = localKeys.iterator();
            if (!it.hasNext()) {
                return null;
            }
            LocalKey first = it.next();
            it.remove();
            return first;
        }
    }

    /** Watches {@code key} again, last: its expiry is not due yet. */
    void watchAgain(LocalKey key) {
        synchronized (localKeys) {
            localKeys.add(key);
        }
    }

    /** Forgets every key given an expiry locally (the data was flushed or swapped, or the role changed). */
    void forgetLocalKeys() {
        synchronized (localKeys) {
            localKeys.clear();
        }
    }

    /** What the active expiry did with a key given its expiry locally. */
    enum Outcome {
        /** Its expiry was due: it was removed. */
        REMOVED,
        /** Its expiry is not due yet: it is watched again. */
        NOT_DUE,
        /** It has no expiry any more, or is gone: it is no longer watched. */
        FORGOTTEN
    }

    /** A key of a database, compared by its bytes. */
    static final class LocalKey {
        final int database;
        final byte[] key;

        LocalKey(int database, byte[] key) {
            this.database = database;
            this.key = key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LocalKey && ((LocalKey) o).database == database
                    && Arrays.equals(((LocalKey) o).key, key);
        }

        @Override
        public int hashCode() {
            return 31 * database + Arrays.hashCode(key);
        }
    }
}
