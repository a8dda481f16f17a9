package org.kvlab.api;

/**
 * Told of every change to a store's keys, whoever made it: a server's commands, an embedded caller, expiry. What
 * {@code WATCH}, blocked pops and keyspace notifications are built on. Register one with
 * {@link KeyValueStore#addKeyChangeListener}.
 *
 * <p>Called on the thread that made the change, after it is visible and while the store still holds the key's lock,
 * so that whoever next locks the key sees the change and its notice together: a listener must be quick, must not
 * throw, and must not call the store.
 */
public interface KeyChangeListener {

    /**
     * The key's value or expiry changed, or the key was created, deleted or expired.
     *
     * @param database the database's index
     * @param key the key; the listener must not modify it
     */
    void keyChanged(int database, byte[] key);

    /**
     * The key, which had expired, was removed (lazily on access, by active expiry, or to make room for a write).
     * Readers already saw it as absent: only a listener that saw it live before it expired learns something (Redis's
     * {@code WATCH} counts it as a change then, and not otherwise). By default, {@link #keyChanged}.
     *
     * @param database the database's index
     * @param key the key; the listener must not modify it
     */
    default void keyExpired(int database, byte[] key) {
        keyChanged(database, key);
    }

    /**
     * Any key of the database may have changed: it was emptied ({@code FLUSHDB}, {@code FLUSHALL}) or swapped with
     * another ({@code SWAPDB}). Called after the change while the store holds every lock of the database, so the
     * listener may, unlike elsewhere, read that database's keys through {@link Keyspace#read} (which needs no other
     * lock) to learn what it holds now.
     *
     * @param database the database's index
     */
    void databaseChanged(int database);
}
