package org.kvlab.store;


/**
 * Where the write path records each change before applying it. Every method is called with the locks of the keys
 * it names held, so the journal's order equals the apply order for each key; it either records the change
 * completely or throws {@link org.kvlab.api.KvPersistenceException} having recorded nothing. A journal may hold
 * recorded changes in memory before they reach its file ({@link WriteAheadLog} does under {@link FsyncPolicy#ALWAYS});
 * {@link org.kvlab.api.KeyValueStore#durable()} tells when they are on disk, or that they could not be written.
 */
interface Journal {

    /** Records nothing: the store is purely in memory. */
    Journal NONE = new Journal() {
        @Override
        public void set(int db, byte[] key, byte[] value, long expiry) {
        }

        @Override
        public void delete(int db, byte[] key) {
        }

        @Override
        public void expire(int db, byte[] key, long expiry) {
        }

        @Override
        public void setAll(int db, byte[][] keys, byte[][] values) {
        }

        @Override
        public void rename(int db, byte[] source, byte[] target) {
        }

        @Override
        public void effects(int db, Effect effects) {
        }

        @Override
        public void clear(int db) {
        }

        @Override
        public void swap(int first, int second) {
        }

        @Override
        public void beginTransaction() {
        }

        @Override
        public void endTransaction() {
        }
    };

    /** {@code key} now holds {@code value} with absolute {@code expiry} (or {@code NO_EXPIRY}). */
    void set(int db, byte[] key, byte[] value, long expiry);

    /** {@code key} no longer exists. */
    void delete(int db, byte[] key);

    /** {@code key} now expires at {@code expiry} (or never, for {@code NO_EXPIRY}). */
    void expire(int db, byte[] key, long expiry);

    /** Every {@code keys[i]} now holds {@code values[i]} without expiry, as one atomic step. */
    void setAll(int db, byte[][] keys, byte[][] values);

    /** {@code source} is gone and {@code target} holds its value and expiry, as one atomic step. */
    void rename(int db, byte[] source, byte[] target);

    /** The typed write whose effects chain from {@code effects} happened in database {@code db}, as one atomic step. */
    void effects(int db, Effect effects);

    /** Database {@code db} is empty; {@code -1} means every database. */
    void clear(int db);

    /** Databases {@code first} and {@code second} swapped their contents. */
    void swap(int first, int second);

    /**
     * The changes recorded from now until {@link #endTransaction()} are one atomic step: recovery must apply all of
     * them or, if the log ends before the end, none. Called with every store lock held (so no other thread records
     * meanwhile), never nested. Records nothing by itself: a step that changes nothing costs nothing.
     */
    void beginTransaction();

    /**
     * Ends the step {@link #beginTransaction()} began, with every store lock still held. Never throws: the changes
     * are applied by now, so if the end cannot be recorded the journal fails as a whole (refusing further changes
     * and failing {@link org.kvlab.api.KeyValueStore#durable()}) until a snapshot holds them.
     */
    void endTransaction();
}
