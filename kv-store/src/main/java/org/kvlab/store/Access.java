package org.kvlab.store;

import java.util.ArrayList;
import java.util.List;
import org.kvlab.api.ValueType;
import org.kvlab.api.WrongTypeException;

/**
 * What a typed operation sees of the keys it locked ({@link Database#access}): their values, read as they were
 * when it began, each live or expired as of one instant ({@link #now()}, read from the store's clock the first time a
 * key with an expiry needs it), and the effects it records. The effects are journaled as one record and applied in
 * order once the operation returns, so an operation never sees its own effects. Valid only inside the operation; not
 * thread-safe. A one-key operation borrows its segment's access, which {@link #close()} clears for the next.
 */
final class Access {

    private final Database database;
    /** The one key locked, when {@link #keys} is null. */
    private byte[] key;
    /** The keys locked, when more than one may be. */
    private byte[][] keys;
    private boolean writable;
    private long now;
    private boolean nowRead;
    private boolean open;
    /** The segments locked for this access, which {@link #close()} returns. */
    private int locked;
    /** The effect object this access reuses for the first effect of each operation, once it has made one. */
    private Effect reused;
    private Effect first;
    private Effect last;
    private List<byte[]> unchanged;

    /** An access to {@code keys}, or to {@code key} alone when {@code keys} is null, which the caller has locked. */
    Access(Database database, byte[] key, byte[][] keys, boolean writable, long now) {
        this(database);
        open(key, keys, writable, 0);
        this.now = now;
        nowRead = true;
    }

    /** A closed access, for {@link #open} to reuse. */
    Access(Database database) {
        this.database = database;
    }

    /**
     * Opens this closed access as {@link #Access(Database, byte[], byte[][], boolean, long)} makes one, its instant
     * not yet read, with {@code locked} the segments the caller locked for it; returns it.
     */
    Access open(byte[] key, byte[][] keys, boolean writable, int locked) {
        this.key = key;
        this.keys = keys;
        this.writable = writable;
        this.locked = locked;
        nowRead = false;
        open = true;
        return this;
    }

    /** Returns the one key this access has locked, or {@code null} if it was opened with several. */
    byte[] key() {
        return key;
    }

    /** Returns the store's encoding limits. */
    org.kvlab.api.EncodingLimits encodingLimits() {
        return database.encodingLimits();
    }

    /** Returns whether this access is open: between {@link #open} and {@link #close}. */
    boolean isOpen() {
        return open;
    }

    /**
     * Ends the operation: drops its keys and effects, so that the access holds nothing until opened again; returns
     * the segments it was opened with.
     */
    int close() {
        key = null;
        keys = null;
        if (reused != null) {
            reused.set(null, (byte) 0, null);
        }
        first = null;
        last = null;
        unchanged = null;
        open = false;
        return locked;
    }

    /** Returns the instant, in the store's milliseconds, that this operation judges expiry at. */
    long now() {
        if (!nowRead) {
            now = database.millis();
            nowRead = true;
        }
        return now;
    }

    /**
     * Returns the container of {@code key} if it holds a {@code type}, or {@code null} if it does not exist.
     *
     * @throws WrongTypeException if it holds another type
     */
    @SuppressWarnings("unchecked")
    <C extends Container> C get(byte[] key, ValueType type) {
        Node node = database.liveNode(checkLocked(key), false, this);
        if (!writable) {
            database.countLookup(key, node != null);
        }
        if (node == null) {
            return null;
        }
        Object value = node.value();
        if (value instanceof Container && ((Container) value).type() == type) {
            return (C) value;
        }
        throw new WrongTypeException();
    }

    /**
     * {@link #get}, counted as a read even in a write (a hit, or a miss and its {@code keymiss} notice): for a key the
     * operation only reads, as Redis's {@code lookupKeyRead} of a {@code *STORE} command's source.
     */
    <C extends Container> C read(byte[] key, ValueType type) {
        if (writable) {
            database.countLookup(key, database.liveNode(checkLocked(key), true, this) != null);
        }
        return get(key, type);
    }

    /** Returns the type of {@code key}'s value, {@link ValueType#NONE} if it does not exist. */
    ValueType type(byte[] key) {
        Node node = database.liveNode(checkLocked(key), true, this);
        return node == null ? ValueType.NONE : node.type();
    }

    /** Returns the expiry of {@code key}, as {@link org.kvlab.api.Keyspace#expiryMillis} does. */
    long expiry(byte[] key) {
        Node node = database.liveNode(checkLocked(key), true, this);
        return node == null ? org.kvlab.api.Keyspace.ABSENT : node.expiry;
    }

    /**
     * Records the effect {@code op} with {@code args} on {@code key}, which must hold its type or not exist. The
     * effect holds {@code args} until the operation ends.
     */
    void record(byte[] key, byte op, byte[]... args) {
        checkLocked(key);
        if (first == null) { // an operation's first effect: this access's own object, so one effect allocates none
            if (reused == null) {
                reused = new Effect(null, (byte) 0, null);
            }
            add(reused.set(key, op, args));
        } else {
            add(new Effect(key, op, args));
        }
    }

    /** Records that {@code key}, of any type, becomes {@code value} (a container nothing else holds), without expiry. */
    void replace(byte[] key, Container value) {
        add(value.size() == 0 ? new Effect(checkLocked(key), Effect.DELETE, Effect.NO_ARGS)
                : Database.replacement(checkLocked(key), value, org.kvlab.api.Keyspace.NO_EXPIRY));
    }

    /**
     * Records that {@code key}, of any type, becomes a {@code type} of {@code elements} (laid out as
     * {@link Container#elements()} returns them), without expiry; no elements remove it.
     */
    void replace(byte[] key, ValueType type, byte[][] elements) {
        add(elements.length == 0 ? new Effect(checkLocked(key), Effect.DELETE, Effect.NO_ARGS)
                : Database.replacement(checkLocked(key), type, elements, org.kvlab.api.Keyspace.NO_EXPIRY));
    }

    /** Records that {@code key} is removed. */
    void delete(byte[] key) {
        add(new Effect(checkLocked(key), Effect.DELETE, Effect.NO_ARGS));
    }

    /**
     * Records that the write modified {@code key} as Redis counts it though its value stays the same (an {@code LTRIM}
     * of nothing, an {@code LMOVE} of a list onto its own end): the store's listeners are told, as of a change, and
     * nothing is journaled. {@code WATCH} sees it as Redis's {@code signalModifiedKey} would.
     */
    void unchangedButModified(byte[] key) {
        if (!writable) {
            throw new IllegalStateException("a read-only access modifies nothing");
        }
        if (unchanged == null) {
            unchanged = new ArrayList<>(1);
        }
        unchanged.add(checkLocked(key));
    }

    /** Returns the first of the effects recorded, in order, or {@code null} if there are none. */
    Effect effects() {
        return first;
    }

    /** Returns the keys {@link #unchangedButModified} named. */
    List<byte[]> unchangedButModified() {
        return unchanged == null ? List.of() : unchanged;
    }

    private void add(Effect effect) {
        if (!writable) {
            throw new IllegalStateException("a read-only access records no effects");
        }
        if (first == null) {
            first = effect;
        } else {
            last.next = effect;
        }
        last = effect;
    }

    private byte[] checkLocked(byte[] key) {
        if (keys == null) {
            if (this.key == key || KvHash.equal(this.key, key)) {
                return key;
            }
        } else {
            for (byte[] k : keys) {
                if (k == key || KvHash.equal(k, key)) {
                    return key;
                }
            }
        }
        throw new IllegalArgumentException("key not locked by this access");
    }
}
