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
     * The key's time to live had passed when the store removed it: lazily by an access, by the store's active expiry,
     * or because a write replaced it (Redis's {@code expired} keyspace event). A removal is told this way instead of
     * by {@link #keyChanged}, since readers already saw the key as absent (Redis's {@code WATCH} counts it as a change
     * only for a key it saw live); a write replacing the key is told by {@link #keyChanged} right after. By default,
     * {@link #keyChanged}.
     *
     * @param database the database's index
     * @param key the key; the listener must not modify it
     */
    default void keyExpired(int database, byte[] key) {
        keyChanged(database, key);
    }

    /**
     * The key was added: it did not exist, or its time to live had passed (Redis's {@code new} keyspace event). Told
     * before {@link #keyChanged} for the same write. By default, nothing.
     *
     * @param database the database's index
     * @param key the key; the listener must not modify it
     */
    default void keyCreated(int database, byte[] key) {
    }

    /**
     * A read looked the key up and found none, live (Redis's {@code keymiss} keyspace event; the store counts it in
     * {@link KeyspaceStats#misses()}). Called on the reading thread, with or without the key's lock. By default,
     * nothing.
     *
     * @param database the database's index
     * @param key the key; the listener must not modify it
     */
    default void keyMissed(int database, byte[] key) {
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
