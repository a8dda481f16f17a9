package org.kvlab.store;


/**
 * Records each change in two journals: first the one that may refuse it (the write log), then the one that only
 * watches (a {@link CommandJournal}), so that a change the first refuses reaches neither.
 */
final class TeeJournal implements Journal {

    private final Journal first;
    private final Journal second;

    TeeJournal(Journal first, Journal second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void set(int db, byte[] key, byte[] value, long expiry) {
        first.set(db, key, value, expiry);
        second.set(db, key, value, expiry);
    }

    @Override
    public void delete(int db, byte[] key) {
        first.delete(db, key);
        second.delete(db, key);
    }

    @Override
    public void expire(int db, byte[] key, long expiry) {
        first.expire(db, key, expiry);
        second.expire(db, key, expiry);
    }

    @Override
    public void setAll(int db, byte[][] keys, byte[][] values) {
        first.setAll(db, keys, values);
        second.setAll(db, keys, values);
    }

    @Override
    public void rename(int db, byte[] source, byte[] target) {
        first.rename(db, source, target);
        second.rename(db, source, target);
    }

    @Override
    public void effects(int db, Effect effects) {
        first.effects(db, effects);
        second.effects(db, effects);
    }

    @Override
    public void clear(int db) {
        first.clear(db);
        second.clear(db);
    }

    @Override
    public void swap(int a, int b) {
        first.swap(a, b);
        second.swap(a, b);
    }

    @Override
    public void beginTransaction() {
        first.beginTransaction();
        second.beginTransaction();
    }

    @Override
    public void endTransaction() {
        first.endTransaction();
        second.endTransaction();
    }
}
