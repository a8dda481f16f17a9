package org.kvlab.api;

/**
 * Told of every change to a store as Redis commands that repeat it — what a primary sends its replicas: a server's
 * writes, an embedded caller's, expired keys' removals ({@code DEL}), relative expiries as absolute ones
 * ({@code PEXPIREAT}, {@code SET ... PXAT}), atomic steps wrapped in {@code MULTI}/{@code EXEC}. Register one with
 * {@link KeyValueStore#feedWrites}.
 *
 * <p>Called on the thread that made the change, in the order the changes of each key are applied, while the store
 * holds the locks of the keys named (every lock, for a step of {@link KeyValueStore#atomically} or a whole-database
 * change): a feed must be quick, must not throw, and must not call the store.
 */
@FunctionalInterface
public interface WriteFeed {

    /**
     * A change, as one command to run on database {@code database}, or on any database when {@code -1}
     * ({@code MULTI}, {@code EXEC}, {@code FLUSHALL}, {@code SWAPDB}).
     *
     * @param database the database's index, or -1
     * @param args the command's name and arguments, valid during the call only: the feed must neither modify them
     *     nor keep them (the store may write other bytes into them later; copy what you keep)
     */
    void command(int database, byte[][] args);
}
