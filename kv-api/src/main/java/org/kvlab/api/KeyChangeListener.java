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
     * The key's time to live had passed when it was removed: lazily by an access, by the store's active expiry, or
     * because a write replaced it. Told before {@link #keyChanged} for the same removal; Redis's {@code expired}
     * keyspace event. Does nothing by default.
     *
     * @param database the database's index
     * @param key the key; the listener must not modify it
     */
    default void keyExpired(int database, byte[] key) {
    }

    /**
     * Any key of the database may have changed: it was emptied ({@code FLUSHDB}, {@code FLUSHALL}) or swapped with
     * another.
     *
     * @param database the database's index
     */
    void databaseChanged(int database);
}
