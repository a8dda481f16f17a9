package org.kvlab.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.SetOptions;

/** Applies decoded log records to a store that is recovering (its journal records nothing). */
final class Replay {

    private Replay() {
    }

    /**
     * Applies one log record's payload.
     *
     * @throws KvPersistenceException naming {@code where} if the payload is not a valid log record
     */
    static void apply(KvStore store, ByteBuffer p, String where) {
        try {
            byte type = p.get();
            switch (type) {
                case RecordBuffer.SET:
                    set(store, p.getInt(), bytes(p), bytes(p), p.getLong(), where);
                    break;
                case RecordBuffer.DELETE:
                    database(store, p.getInt(), where).delete(bytes(p));
                    break;
                case RecordBuffer.EXPIRE: {
                    Keyspace db = database(store, p.getInt(), where);
                    byte[] key = bytes(p);
                    long expiry = p.getLong();
                    if (expiry == Keyspace.NO_EXPIRY) {
                        db.persist(key);
                    } else {
                        db.expire(key, expiry, ExpireCondition.ALWAYS);
                    }
                    break;
                }
                case RecordBuffer.SET_ALL: {
                    int db = p.getInt();
                    int n = p.getInt();
                    for (int i = 0; i < n; i++) {
                        set(store, db, bytes(p), bytes(p), Keyspace.NO_EXPIRY, where);
                    }
                    break;
                }
                case RecordBuffer.RENAME: {
                    int db = p.getInt();
                    database(store, db, where).delete(bytes(p));
                    set(store, db, bytes(p), bytes(p), p.getLong(), where);
                    break;
                }
                case RecordBuffer.RENAME_KEY: {
                    Keyspace db = database(store, p.getInt(), where);
                    db.rename(bytes(p), bytes(p), false);
                    break;
                }
                case RecordBuffer.EFFECTS:
                    effects(store, p, where);
                    break;
                case RecordBuffer.SWAP: {
                    int first = p.getInt();
                    int second = p.getInt();
                    database(store, first, where);
                    database(store, second, where);
                    store.swapDatabases(first, second);
                    break;
                }
                case RecordBuffer.CLEAR: {
                    int db = p.getInt();
                    if (db == -1) {
                        store.clearAll();
                    } else {
                        database(store, db, where).clear();
                    }
                    break;
                }
                default:
                    throw new KvPersistenceException("Bad log record type " + type + " " + where);
            }
            if (p.hasRemaining()) {
                throw new KvPersistenceException("Bad log record (" + p.remaining() + " trailing bytes) " + where);
            }
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new KvPersistenceException("Bad log record (truncated payload) " + where, e);
        }
    }

    /** Applies the payload of an {@link RecordBuffer#EFFECTS} record after its type byte. */
    static void effects(KvStore store, ByteBuffer p, String where) {
        int db = p.getInt();
        database(store, db, where);
        int count = p.getInt();
        if (count < 0) {
            throw new KvPersistenceException("Bad log record (" + count + " effects) " + where);
        }
        Effect first = null;
        Effect last = null;
        for (int i = 0; i < count; i++) {
            byte[] key = bytes(p);
            byte op = p.get();
            int argc = p.getInt();
            if (argc < 0 || argc > p.remaining() / 4) {
                throw new KvPersistenceException("Bad log record (" + argc + " arguments) " + where);
            }
            byte[][] args = new byte[argc][];
            for (int a = 0; a < argc; a++) {
                args[a] = bytes(p);
            }
            Effect effect = new Effect(key, op, args);
            if (first == null) {
                first = effect;
            } else {
                last.next = effect;
            }
            last = effect;
        }
        try {
            store.databaseAt(db).applyEffects(first);
        } catch (IllegalArgumentException e) {
            throw new KvPersistenceException("Bad log record (" + e.getMessage() + ") " + where, e);
        }
    }

    static void set(KvStore store, int db, byte[] key, byte[] value, long expiry, String where) {
        if (expiry < Keyspace.NO_EXPIRY) {
            throw new KvPersistenceException("Bad log record (expiry " + expiry + ") " + where);
        }
        database(store, db, where).set(key, value, new SetOptions(SetOptions.Condition.ALWAYS, expiry, false, false));
    }

    private static Keyspace database(KvStore store, int db, String where) {
        if (db < 0 || db >= store.databaseCount()) {
            throw new KvPersistenceException("Log record for database " + db + " but the store has "
                    + store.databaseCount() + " " + where);
        }
        return store.database(db);
    }

    static byte[] bytes(ByteBuffer p) {
        byte[] bytes = new byte[p.getInt()];
        p.get(bytes);
        return bytes;
    }
}
