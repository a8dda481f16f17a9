package org.kvlab.store;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongBiFunction;
import java.util.function.UnaryOperator;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.KeyFootprint;
import org.kvlab.api.KeyView;
import org.kvlab.api.Keyspace;
import org.kvlab.api.KvException;
import org.kvlab.api.LongDouble;
import org.kvlab.api.NoSuchKeyException;
import org.kvlab.api.ScanResult;
import org.kvlab.api.SetOptions;
import org.kvlab.api.SetResult;
import org.kvlab.api.ValueType;
import org.kvlab.api.WrongTypeException;

/**
 * One numbered database: {@value #SEGMENTS} {@link Segment}s chosen by the top bits of a key's hash. Reads take no
 * lock; a write locks its key's segment, records the change in the store's journal, then applies it; a multi-key
 * write locks every segment involved in the store-wide order (database, then segment), so multi-key writes are
 * atomic with respect to each other and to single-key writes.
 *
 * <p>The {@link #scan} cursor is the segment index in its high 32 bits and, in its low 32 bits, a bucket index
 * advanced in reverse-binary order as Redis's {@code dictScan} does: when a segment's table grows or shrinks
 * between two calls, the cursor still covers every bucket that holds a key not yet visited.
 */
final class Database implements Keyspace {

    static final int SEGMENT_BITS = 4;
    static final int SEGMENTS = 1 << SEGMENT_BITS;
    private static final int EXPIRE_SAMPLE = 20;
    private static final int EXPIRE_ROUNDS = 16;

    private final KvStore store;
    private final int index;
    final Segment[] segments = new Segment[SEGMENTS];
    /** Each segment's access, which a one-key operation borrows while it holds the segment's lock. */
    private final Access[] accesses = new Access[SEGMENTS];
    private final HashOps hashes = new HashOps(this);
    private final ListOps lists = new ListOps(this);
    private final SetOps sets = new SetOps(this);
    private final SortedSetOps sortedSets = new SortedSetOps(this);
    private int expireSegment;
    private int expireBucket;

    Database(KvStore store, int index) {
        this.store = store;
        this.index = index;
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment(store.memoryCounter(), store.lruClock(), store.keyChanges(),
                    store.replicaExpiry(), index);
            accesses[i] = new Access(this);
        }
    }

    /** Returns this database's number. */
    int index() {
        return index;
    }

    Segment segmentFor(int hash) {
        return segments[segmentIndex(hash)];
    }

    private static int segmentIndex(int hash) {
        return hash >>> (32 - SEGMENT_BITS);
    }

    private Journal journal() {
        return store.journal();
    }

    /** Returns whether {@code node} is a key that has not expired now (the clock is read only if it has an expiry). */
    private boolean live(Node node) {
        return node != null && !expiredAt(node, null);
    }

    /** Returns whether {@code node} has expired at {@code at}'s instant (the store's clock's if {@code at} is null). */
    private boolean expiredAt(Node node, Access at) {
        return node.hasExpiry() && node.isExpiredAt(at == null ? store.millis() : at.now());
    }

    /** Returns the store's clock, in milliseconds ({@link KvStore#millis()}). */
    long millis() {
        return store.millis();
    }

    /**
     * Returns the live node of {@code key} without locking (unless an {@link KvStore#atomically} step runs: then
     * after it), lazily removing it if it has expired, unless the store is a replica's (its primary removes it).
     */
    private Node read(byte[] key) {
        return read(key, true);
    }

    /** {@link #read(byte[])}, counted as a hit or a miss if {@code counted}. */
    private Node read(byte[] key, boolean counted) {
        int hash = KvHash.hash(Objects.requireNonNull(key, "key"));
        Segment segment = segmentFor(hash);
        store.awaitAtomic(segment);
        Node node = segment.find(hash, key);
        if (node == null || live(node)) {
            if (counted) {
                store.countLookup(index, key, node != null);
            }
            return node;
        }
        if (counted) {
            store.countLookup(index, key, false);
        }
        if (!store.replicaExpiry().replica() && segment.tryLock()) {
            try {
                segment.removeIfCurrent(node);
            } finally {
                segment.unlock();
            }
        }
        return null;
    }

    /**
     * Runs a typed operation with the segments of {@code keys} locked: {@code operation} reads their values through
     * the {@link Access} and records its effects there; once it returns, the effects are journaled as one record and
     * applied in order. A container emptied by its effects is removed. The operation, the record and the apply all
     * judge expiry at one instant, the access's {@link Access#now()}, so a key that expires meanwhile is changed as
     * the operation saw it, in memory as in the log.
     *
     * @param write whether the operation may record effects
     * @param mayGrow whether its effects may take more memory: it then fails with
     *     {@link org.kvlab.api.KvOutOfMemoryException} if the store is already over its limit
     */
    <R> R access(byte[][] keys, boolean write, boolean mayGrow, Function<Access, R> operation) {
        return run(null, Objects.requireNonNull(keys, "keys"), write, mayGrow, operation, (a, op) -> op.apply(a));
    }

    /** {@link #access(byte[][], boolean, boolean, Function)} for one key. */
    <R> R access(byte[] key, boolean write, boolean mayGrow, Function<Access, R> operation) {
        return run(Objects.requireNonNull(key, "key"), null, write, mayGrow, operation, (a, op) -> op.apply(a));
    }

    /**
     * {@link #access(byte[], boolean, boolean, Function)} with {@code argument} handed to {@code operation} instead of
     * captured by it: an operation that captures nothing is one object for all calls, so that a hot command
     * allocates none.
     */
    <A, R> R access(byte[] key, boolean write, boolean mayGrow, A argument, BiFunction<Access, A, R> operation) {
        return run(Objects.requireNonNull(key, "key"), null, write, mayGrow, argument, operation);
    }

    /** {@link #access(byte[], boolean, boolean, Object, BiFunction)} of a write whose result is a count, unboxed. */
    <A> long write(byte[] key, boolean mayGrow, A argument, ToLongBiFunction<Access, A> operation) {
        Access access = open(Objects.requireNonNull(key, "key"), null, true);
        try {
            long result = operation.applyAsLong(access, argument);
            commit(access, mayGrow);
            return result;
        } finally {
            close(access);
        }
    }

    /** The access methods' one body: {@code key} when {@code keys} is null. */
    private <A, R> R run(byte[] key, byte[][] keys, boolean write, boolean mayGrow, A argument,
            BiFunction<Access, A, R> operation) {
        Access access = open(key, keys, write);
        try {
            R result = operation.apply(access, argument);
            commit(access, mayGrow);
            return result;
        } finally {
            close(access);
        }
    }

    /**
     * Locks the segments of {@code keys} ({@code key} when {@code keys} is null) and returns an access to them, for
     * {@link #close} to end. A one-key operation borrows its segment's access (a new one if an operation this thread
     * runs in the same segment has it), so that it allocates none.
     */
    private Access open(byte[] key, byte[][] keys, boolean write) {
        int segment = keys == null ? segmentIndex(KvHash.hash(key)) : -1;
        int locked = keys == null ? lockSet(1 << segment) : lockKeys(keys);
        try {
            Access access = keys != null || accesses[segment].isOpen() ? new Access(this) : accesses[segment];
            return access.open(key, keys, write, locked);
        } catch (RuntimeException | Error e) { // no access to close: the segments are unlocked here
            unlockSegments(locked);
            throw e;
        }
    }

    /** Closes {@code access} and unlocks the segments {@link #open} locked for it. */
    private void close(Access access) {
        unlockSegments(access.close());
    }

    /** Journals and applies what {@code access} recorded, its segments still locked. */
    private void commit(Access access, boolean mayGrow) {
        Effect effects = access.effects();
        if (effects != null) {
            if (mayGrow) {
                store.checkMemory();
            }
            effects = withDeletesBeforeCreations(effects, access);
            journal().effects(index, effects);
            for (Effect effect = effects; effect != null; effect = effect.next) {
                applyLocked(effect, access);
            }
        }
        List<byte[]> unchanged = access.unchangedButModified();
        for (int i = 0; i < unchanged.size(); i++) { // by index: no iterator for the empty list of nearly every write
            store.keyChanges().keyChanged(index, unchanged.get(i));
        }
    }

    /**
     * Returns the chain from {@code first} with a {@link Effect#DELETE} of each key put before the first effect that
     * creates it (a collection effect on a key that is not live at {@code at}'s instant). An expired key leaves memory
     * without a log record (expiry is absolute in the log), so the log may still hold it, expired or not yet purged
     * when it is replayed: the delete makes replay create the new collection from nothing, as the write did, rather
     * than change the expired value (or fail on its type).
     */
    private Effect withDeletesBeforeCreations(Effect first, Access at) {
        Effect head = first;
        Effect previous = null;
        for (Effect effect = first; effect != null; previous = effect, effect = effect.next) {
            if (effect.op != Effect.DELETE && effect.op != Effect.REPLACE && firstOnItsKey(head, effect)
                    && liveNode(effect.key, true, at) == null) {
                Effect delete = new Effect(effect.key, Effect.DELETE, Effect.NO_ARGS);
                delete.next = effect;
                if (previous == null) {
                    head = delete;
                } else {
                    previous.next = delete;
                }
            }
        }
        return head;
    }

    private static boolean firstOnItsKey(Effect head, Effect effect) {
        for (Effect e = head; e != effect; e = e.next) {
            if (KvHash.equal(e.key, effect.key)) {
                return false;
            }
        }
        return true;
    }

    /** Counts a read's lookup of {@code key} as a hit or a miss ({@code keyspace_hits}, {@code keyspace_misses}). */
    void countLookup(byte[] key, boolean hit) {
        store.countLookup(index, key, hit);
    }

    /** Returns the store's encoding limits, for operations that build a container they return instead of storing. */
    org.kvlab.api.EncodingLimits encodingLimits() {
        return store.encodingLimits();
    }

    /**
     * Returns the live node of {@code key}, or {@code null}, marking it accessed unless {@code quietly}. Caller holds
     * its segment's lock.
     */
    Node liveNode(byte[] key, boolean quietly) {
        return liveNode(key, quietly, null);
    }

    /** Returns the node of {@code key}, live or expired, or {@code null}. Caller holds the key's segment's lock. */
    Node nodeLocked(byte[] key) {
        int hash = KvHash.hash(key);
        return segmentFor(hash).find(hash, key);
    }

    /**
     * {@link #liveNode(byte[], boolean)} with expiry judged at {@code at}'s instant (the store's clock if {@code at} is
     * null), read only for a key that has an expiry. Caller holds the key's segment's lock.
     */
    Node liveNode(byte[] key, boolean quietly, Access at) {
        int hash = KvHash.hash(key);
        Node node = segmentFor(hash).find(hash, key);
        if (node == null || expiredAt(node, at)) {
            return null;
        }
        if (!quietly) {
            node.accessed = store.lruClock().touched(node.accessed);
        }
        return node;
    }

    @Override
    public boolean touch(byte[] key) {
        Node node = read(key);
        if (node == null) {
            return false;
        }
        node.accessed = store.lruClock().touched(node.accessed);
        return true;
    }

    @Override
    public long idleMillis(byte[] key) {
        Node node = read(key, false);
        return node == null ? ABSENT : store.lruClock().idleMillis(node.accessed);
    }

    @Override
    public int accessFrequency(byte[] key) {
        Node node = read(key, false);
        return node == null ? (int) ABSENT : store.lruClock().frequency(node.accessed);
    }

    /** Applies effects read from the log, as {@link #access} applied them when they were recorded. */
    void applyEffects(Effect effects) {
        int[] hashes = new int[Effect.count(effects)];
        int i = 0;
        for (Effect effect = effects; effect != null; effect = effect.next) {
            hashes[i++] = KvHash.hash(effect.key);
        }
        int locked = lockSegments(hashes);
        try {
            for (Effect effect = effects; effect != null; effect = effect.next) {
                applyLocked(effect, null);
            }
        } finally {
            unlockSegments(locked);
        }
    }

    /**
     * Applies one effect, to a key whose value expired at {@code at}'s instant (the store's clock's if {@code at} is
     * null) as to an absent one; a container changed while a snapshot may hold it is copied first.
     *
     * @throws IllegalArgumentException if the effect does not fit the key's value (only a damaged log can do that)
     */
    private void applyLocked(Effect effect, Access at) {
        byte[] key = effect.key;
        int hash = KvHash.hash(key);
        Segment segment = segmentFor(hash);
        Node node = segment.find(hash, key);
        if (node != null && expiredAt(node, at)) {
            segment.removeRecorded(node); // the journal has its DEL, before the effects that create the key anew
            node = null;
        }
        if (effect.op == Effect.DELETE) {
            if (node != null) {
                segment.remove(node);
            }
            return;
        }
        if (effect.op == Effect.REPLACE) {
            ByteBuffer header = ByteBuffer.wrap(effect.args[0]);
            int type = header.get();
            long expiry = header.getLong();
            if (type <= ValueType.STRING.ordinal() || type >= Container.TYPES.length || expiry < NO_EXPIRY) {
                throw new IllegalArgumentException("replacement of type " + type + ", expiry " + expiry);
            }
            Container value = Container.empty(Container.TYPES[type]);
            value.load(effect.args, 1, store.encodingLimits());
            value.epoch = segment.epoch();
            if (value.size() > 0) {
                segment.put(node, hash, node == null ? key.clone() : key, value, expiry);
            } else if (node != null) {
                segment.remove(node);
            }
            return;
        }
        ValueType type = Container.typeOf(effect.op);
        if (node == null) { // a new key keeps a copy of the effect's: the typed views keep no caller's array
            Container value = Container.empty(type);
            value.epoch = segment.epoch();
            value.apply(effect.op, effect.args, store.encodingLimits());
            if (value.size() > 0) {
                segment.put(null, hash, key.clone(), value, NO_EXPIRY);
            }
            return;
        }
        if (node.type() != type) {
            throw new IllegalArgumentException("effect " + effect.op + " on a key of type " + node.type());
        }
        Container value = (Container) node.value();
        if (segment.frozen() && value.epoch != segment.epoch()) {
            value = value.copy();
            value.epoch = segment.epoch();
            segment.put(node, hash, key, value, node.expiry);
            node = segment.find(hash, key);
        }
        long before = value.memory();
        value.apply(effect.op, effect.args, store.encodingLimits());
        segment.changedInPlace(key, value.memory() - before);
        if (value.size() == 0) {
            segment.remove(node);
        }
    }

    @Override
    public String encoding(byte[] key) {
        return access(key, false, false, a -> {
            Node node = liveNode(key, true);
            store.countLookupUnnoticed(node != null);
            if (node == null) {
                return null;
            }
            Object value = node.value();
            return value instanceof Container ? ((Container) value).encoding() : stringEncoding((byte[]) value);
        });
    }

    @Override
    public long memoryUsage(byte[] key) {
        Long memory = access(key, false, false, a -> {
            Node node = liveNode(key, true);
            return node == null ? null : node.memory();
        });
        return memory == null ? ABSENT : memory;
    }

    @Override
    public KeyFootprint footprint(byte[] key) {
        return access(key, false, false, a -> {
            Node node = liveNode(key, true);
            if (node == null) {
                return null;
            }
            Object value = node.value();
            String encoding = value instanceof Container ? ((Container) value).encoding()
                    : stringEncoding((byte[]) value);
            return new KeyFootprint(node.memory(), encoding, RdbWriter.valueLength(value), node.accessed,
                    store.lruClock().idleMillis(node.accessed) / 1000, System.identityHashCode(value));
        });
    }

    /** Redis's encoding of a string: {@code int} for a decimal {@code long}, {@code embstr} up to 44 bytes. */
    private static String stringEncoding(byte[] value) {
        if (Decimal.isInteger(value)) {
            return "int";
        }
        return value.length <= 44 ? "embstr" : "raw";
    }

    @Override
    public org.kvlab.api.Hashes hashes() {
        return hashes;
    }

    @Override
    public org.kvlab.api.Lists lists() {
        return lists;
    }

    @Override
    public org.kvlab.api.Sets sets() {
        return sets;
    }

    @Override
    public org.kvlab.api.SortedSets sortedSets() {
        return sortedSets;
    }

    @Override
    public byte[] get(byte[] key) {
        Node node = read(key);
        if (node == null) {
            return null;
        }
        Object value = node.peek();
        if (node.isExclusive()) { // a SET may overwrite it in place: hand it out under the lock, which ends that
            Segment segment = segmentFor(node.hash);
            segment.lock();
            try {
                value = node.value();
            } finally {
                segment.unlock();
            }
        }
        node.accessed = store.lruClock().touched(node.accessed);
        return string(value);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A value a {@code SET} may overwrite in place (an exclusive array, see {@link #setCopy}) is lent with its
     * segment locked, so {@code reader} sees it whole and it stays exclusive; any other value without a lock.
     */
    @Override
    public void readString(byte[] key, Consumer<byte[]> reader) {
        Objects.requireNonNull(reader, "reader");
        Node node = read(key);
        if (node == null) {
            reader.accept(null);
            return;
        }
        node.accessed = store.lruClock().touched(node.accessed);
        Object value = node.peek();
        if (!node.isExclusive()) {
            reader.accept(string(value));
            return;
        }
        Segment segment = segmentFor(node.hash);
        segment.lock();
        try {
            reader.accept(string(node.peek()));
        } finally {
            segment.unlock();
        }
    }

    /**
     * Returns {@code value} as a string's array.
     *
     * @throws WrongTypeException if it is a collection
     */
    private static byte[] string(Object value) {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        throw new WrongTypeException();
    }

    @Override
    public void set(byte[] key, byte[] value) {
        set(key, value, SetOptions.DEFAULT);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The copy of the value is exclusive: nobody but this store holds it until a read hands it out ({@link #get},
     * unlike {@link #readString}). So a later {@code setCopy} of a value of the same length, while no snapshot holds
     * the segment and the key has no expiry, writes the bytes into that array instead of a new one, allocating
     * nothing; the journal records it as any {@code SET}.
     */
    @Override
    public void setCopy(byte[] key, byte[] value) {
        Objects.requireNonNull(value, "value");
        int hash = KvHash.hash(Objects.requireNonNull(key, "key"));
        Segment segment = segmentFor(hash);
        segment.lock();
        try {
            Node old = segment.find(hash, key);
            if (old != null && segment.overwritable(old, value.length)) {
                store.reserve(0); // the memory check of every write, which may evict keys, this one too
                if (segment.find(hash, key) == old) {
                    journal().set(index, old.key, value, NO_EXPIRY);
                    segment.overwrite(old, key, value);
                    return;
                }
                old = segment.find(hash, key);
            }
            // an existing node keeps its own key array, whether the value goes into it or a replacement node
            putLocked(segment, old, hash, old == null ? key.clone() : key, value.clone(), NO_EXPIRY, true);
        } finally {
            segment.unlock();
        }
    }

    @Override
    public SetResult set(byte[] key, byte[] value, SetOptions options) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(options, "options");
        int hash = KvHash.hash(Objects.requireNonNull(key, "key"));
        Segment segment = segmentFor(hash);
        segment.lock();
        try {
            Node old = segment.find(hash, key);
            boolean exists = live(old);
            if (options.returnPrevious()) {
                store.countLookup(index, key, exists); // the read of SET ... GET, as Redis's GET before the SET
            }
            byte[] previous = options.returnPrevious() && exists ? old.string() : null;
            SetOptions.Condition condition = options.condition();
            if (condition == SetOptions.Condition.IF_ABSENT && exists
                    || condition == SetOptions.Condition.IF_PRESENT && !exists) {
                return previous == null ? SetResult.NOT_WRITTEN : new SetResult(false, previous);
            }
            long expiry = options.keepTtl() ? (exists ? old.expiry : NO_EXPIRY) : options.expiryMillis();
            // an expiry already past is kept too, as Redis's setGenericCommand: the key then expires as any other
            putLocked(segment, old, hash, key, value, expiry);
            return previous == null ? SetResult.WRITTEN : new SetResult(true, previous);
        } finally {
            segment.unlock();
        }
    }

    /**
     * Journals and applies a write of one key, a string or a container no other key holds, after checking the memory
     * limit. Caller holds the lock.
     */
    private void putLocked(Segment segment, Node old, int hash, byte[] key, Object value, long expiry) {
        putLocked(segment, old, hash, key, value, expiry, false);
    }

    /**
     * {@link #putLocked(Segment, Node, int, byte[], Object, long)}, of a string array nobody else holds if {@code
     * exclusive} ({@link Segment#put(Node, int, byte[], Object, long, boolean)}).
     */
    private void putLocked(Segment segment, Node old, int hash, byte[] key, Object value, long expiry,
            boolean exclusive) {
        store.reserve(Node.memory(key, value) - (old == null ? 0 : old.memory()));
        if (value instanceof byte[]) {
            journal().set(index, key, (byte[]) value, expiry);
        } else {
            journal().effects(index, replacement(key, (Container) value, expiry));
            ((Container) value).epoch = segment.epoch();
        }
        segment.put(old, hash, key, value, expiry, exclusive);
    }

    /** Returns the {@link Effect#REPLACE} that gives {@code key} the contents of {@code value} and {@code expiry}. */
    static Effect replacement(byte[] key, Container value, long expiry) {
        return replacement(key, value.type(), value.elements(), expiry);
    }

    /**
     * Returns the {@link Effect#REPLACE} that gives {@code key} a {@code type} of {@code elements}, laid out as
     * {@link Container#elements()} returns them, and {@code expiry}.
     */
    static Effect replacement(byte[] key, ValueType type, byte[][] elements, long expiry) {
        byte[][] args = new byte[elements.length + 1][];
        args[0] = ByteBuffer.allocate(9).put((byte) type.ordinal()).putLong(expiry).array();
        System.arraycopy(elements, 0, args, 1, elements.length);
        return new Effect(key, Effect.REPLACE, args);
    }

    /** Journals and applies the removal of a key; an expired node is dropped without a record. */
    private void deleteLocked(Segment segment, Node old, boolean exists, byte[] key) {
        if (exists) {
            journal().delete(index, key);
        }
        if (old != null) {
            segment.remove(old);
        }
    }

    @Override
    public boolean setAll(byte[][] keys, byte[][] values, boolean onlyIfNoneExist) {
        return setAll(keys, values, onlyIfNoneExist, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As {@link #setCopy}: a value of the same length as the one a key holds exclusively is written into that
     * array, so that an {@code MSET} of such values allocates no copy.
     */
    @Override
    public boolean setAllCopies(byte[][] keys, byte[][] values, boolean onlyIfNoneExist) {
        return setAll(keys, values, onlyIfNoneExist, true);
    }

    /** Both: with {@code copy}, the store keeps none of the arrays. */
    private boolean setAll(byte[][] keys, byte[][] values, boolean onlyIfNoneExist, boolean copy) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException(
                    "values: " + values.length + " elements (expected: as many as keys, " + keys.length + ")");
        }
        int[] hashes = new int[keys.length];
        long delta = 0;
        for (int i = 0; i < keys.length; i++) {
            hashes[i] = KvHash.hash(Objects.requireNonNull(keys[i], "key"));
            Objects.requireNonNull(values[i], "value");
        }
        int locked = lockSegments(hashes);
        try {
            Node[] olds = new Node[keys.length];
            for (int i = 0; i < keys.length; i++) {
                olds[i] = segmentFor(hashes[i]).find(hashes[i], keys[i]);
                if (onlyIfNoneExist && live(olds[i])) {
                    return false;
                }
                delta += Node.memory(keys[i], values[i]) - (olds[i] == null ? 0 : olds[i].memory());
            }
            store.reserve(delta);
            journal().setAll(index, keys, values);
            for (int i = 0; i < keys.length; i++) {
                Segment segment = segmentFor(hashes[i]);
                // a key named twice: the earlier put replaced the node found before it
                Node old = segment.find(hashes[i], keys[i]);
                if (!copy) {
                    segment.put(old, hashes[i], keys[i], values[i], NO_EXPIRY);
                } else if (old != null && segment.overwritable(old, values[i].length)) {
                    segment.overwrite(old, keys[i], values[i]);
                } else { // an existing node keeps its own key array, as in setCopy
                    segment.put(old, hashes[i], old == null ? keys[i].clone() : keys[i], values[i].clone(), NO_EXPIRY,
                            true);
                }
            }
            return true;
        } finally {
            unlockSegments(locked);
        }
    }

    /** Locks the segments of {@code hashes} in ascending order; returns the bit set of locked segments. */
    private int lockSegments(int[] hashes) {
        int set = 0;
        for (int hash : hashes) {
            set |= segmentBit(hash);
        }
        return lockSet(set);
    }

    /**
     * Locks the segments of {@code keys}, or every segment when {@code keys} is {@code null}; as lockSegments, with
     * nothing allocated (every typed operation on several keys comes through here).
     */
    private int lockKeys(byte[][] keys) {
        if (keys == null) {
            return lockSet((1 << SEGMENTS) - 1);
        }
        int set = 0;
        for (byte[] key : keys) {
            set |= segmentBit(KvHash.hash(Objects.requireNonNull(key, "key")));
        }
        return lockSet(set);
    }

    /** Returns the bit of the segment {@code hash} falls in, for a set of segments to lock. */
    private static int segmentBit(int hash) {
        return 1 << segmentIndex(hash);
    }

    /** Locks the segments in the bit set {@code set} in ascending order; returns {@code set}. */
    private int lockSet(int set) {
        for (int i = 0; i < SEGMENTS; i++) {
            if ((set & (1 << i)) != 0) {
                segments[i].lock();
            }
        }
        return set;
    }

    private void unlockSegments(int set) {
        for (int i = SEGMENTS - 1; i >= 0; i--) {
            if ((set & (1 << i)) != 0) {
                segments[i].unlock();
            }
        }
    }

    @Override
    public byte[] update(byte[] key, UnaryOperator<byte[]> update) {
        Objects.requireNonNull(update, "update");
        int hash = KvHash.hash(Objects.requireNonNull(key, "key"));
        Segment segment = segmentFor(hash);
        segment.lock();
        try {
            Node old = segment.find(hash, key);
            boolean exists = live(old);
            byte[] value = Objects.requireNonNull(update.apply(exists ? old.string() : null), "update result");
            putLocked(segment, old, hash, key, value, exists ? old.expiry : NO_EXPIRY);
            return value;
        } finally {
            segment.unlock();
        }
    }

    @Override
    public byte[] combine(byte[] target, byte[][] sources, Function<byte[][], byte[]> combine) {
        Objects.requireNonNull(combine, "combine");
        byte[][] keys = Arrays.copyOf(sources, sources.length + 1);
        keys[sources.length] = target;
        int locked = lockKeys(keys);
        try {
            byte[][] values = new byte[sources.length][];
            for (int i = 0; i < sources.length; i++) {
                Node node = liveNode(sources[i], false);
                countLookup(sources[i], node != null); // each source is a read, as Redis's lookupKeyRead in BITOP
                values[i] = node == null ? null : node.string();
            }
            byte[] result = combine.apply(values);
            int hash = KvHash.hash(target);
            Segment segment = segmentFor(hash);
            Node old = segment.find(hash, target);
            if (result == null) {
                deleteLocked(segment, old, live(old), target);
            } else {
                putLocked(segment, old, hash, target, result, NO_EXPIRY);
            }
            return result;
        } finally {
            unlockSegments(locked);
        }
    }

    @Override
    public <R> R read(byte[][] keys, Function<KeyView, R> reader) {
        Objects.requireNonNull(reader, "reader");
        int locked = lockKeys(keys);
        try {
            return reader.apply(new View(keys, null));
        } finally {
            unlockSegments(locked);
        }
    }

    @Override
    public int storeList(byte[] target, byte[][] keys, Function<KeyView, byte[][]> compute) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(compute, "compute");
        byte[][] all = keys;
        if (keys != null) {
            all = Arrays.copyOf(keys, keys.length + 1);
            all[keys.length] = target;
        }
        int locked = lockKeys(all);
        try {
            byte[][] elements = compute.apply(new View(keys, target));
            for (byte[] element : elements) {
                Objects.requireNonNull(element, "element");
            }
            Effect effect;
            if (elements.length > 0) {
                store.checkMemory();
                effect = replacement(target, ValueType.LIST, elements, NO_EXPIRY);
            } else if (liveNode(target, true) != null) {
                effect = new Effect(target, Effect.DELETE, Effect.NO_ARGS);
            } else {
                return 0;
            }
            journal().effects(index, effect);
            applyLocked(effect, null);
            return elements.length;
        } finally {
            unlockSegments(locked);
        }
    }

    /** The {@link KeyView} of {@link #read} and {@link #storeList}: reads the live nodes of locked segments. */
    private final class View implements KeyView {

        private final byte[][] keys;
        private final byte[] target;

        /** A view of {@code keys} and {@code target} (either may be {@code null}), or of every key if keys is. */
        View(byte[][] keys, byte[] target) {
            this.keys = keys;
            this.target = target;
        }

        @Override
        public ValueType type(byte[] key) {
            Node node = node(key);
            return node == null ? ValueType.NONE : node.type();
        }

        @Override
        public ValueType lookup(byte[] key) {
            Node node = node(key);
            countLookup(key, node != null);
            return node == null ? ValueType.NONE : node.type();
        }

        @Override
        public byte[] string(byte[] key) {
            Node node = node(key);
            return node != null && node.value() instanceof byte[] ? (byte[]) node.value() : null;
        }

        @Override
        public byte[][] elements(byte[] key) {
            Node node = node(key);
            return node != null && node.value() instanceof Container ? ((Container) node.value()).elements() : null;
        }

        private Node node(byte[] key) {
            Objects.requireNonNull(key, "key");
            if (keys != null && !(target != null && KvHash.equal(target, key)) && !named(key)) {
                throw new IllegalArgumentException("key not among the keys of this operation");
            }
            return liveNode(key, false);
        }

        private boolean named(byte[] key) {
            for (byte[] k : keys) {
                if (KvHash.equal(k, key)) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public byte[] incrByFloat(byte[] key, byte[] increment) {
        Objects.requireNonNull(increment, "increment");
        return update(key, current -> {
            try {
                // as Redis: both must read as numbers (infinity does) before their sum is judged
                BigDecimal value = current == null ? BigDecimal.ZERO : finiteOrNull(current);
                BigDecimal by = finiteOrNull(increment);
                if (value == null || by == null) {
                    throw new LongDouble.InfiniteException();
                }
                return LongDouble.format(LongDouble.add(value, by));
            } catch (NumberFormatException e) {
                throw new KvException("value is not a valid float");
            } catch (LongDouble.InfiniteException | ArithmeticException e) {
                throw new KvException("increment would produce NaN or Infinity");
            }
        });
    }

    /** Reads {@code text} as {@link LongDouble#parse}, but infinity as {@code null}. */
    private static BigDecimal finiteOrNull(byte[] text) {
        try {
            return LongDouble.parse(text);
        } catch (LongDouble.InfiniteException e) {
            return null;
        }
    }

    @Override
    public byte[] getAndDelete(byte[] key) {
        int hash = KvHash.hash(Objects.requireNonNull(key, "key"));
        Segment segment = segmentFor(hash);
        segment.lock();
        try {
            Node old = segment.find(hash, key);
            boolean exists = live(old);
            store.countLookup(index, key, exists);
            byte[] value = exists ? old.string() : null;
            deleteLocked(segment, old, exists, key);
            return value;
        } finally {
            segment.unlock();
        }
    }

    @Override
    public byte[] getAndSetExpiry(byte[] key, long expiryMillis) {
        checkExpiry(expiryMillis);
        int hash = KvHash.hash(Objects.requireNonNull(key, "key"));
        Segment segment = segmentFor(hash);
        segment.lock();
        try {
            Node old = segment.find(hash, key);
            store.countLookup(index, key, live(old));
            if (!live(old)) {
                deleteLocked(segment, old, false, key);
                return null;
            }
            byte[] value = old.string();
            setExpiryLocked(segment, old, expiryMillis);
            return value;
        } finally {
            segment.unlock();
        }
    }

    private static void checkExpiry(long expiryMillis) {
        if (expiryMillis < 0 && expiryMillis != NO_EXPIRY) {
            throw new IllegalArgumentException("expiryMillis: " + expiryMillis + " (expected: >= 0 or NO_EXPIRY)");
        }
    }

    /**
     * Gives the live node {@code old} a new expiry, deleting it if that time has passed. The same expiry again changes
     * nothing but is told to the listeners, as Redis signals the key modified. Caller holds the lock.
     */
    private void setExpiryLocked(Segment segment, Node old, long expiryMillis) {
        if (store.alreadyExpired(expiryMillis)) {
            deleteLocked(segment, old, true, old.key);
        } else if (expiryMillis != old.expiry) {
            journal().expire(index, old.key, expiryMillis);
            segment.put(old, old.hash, old.key, old.value(), expiryMillis);
        } else {
            store.keyChanges().keyChanged(index, old.key);
        }
    }

    @Override
    public boolean delete(byte[] key) {
        int hash = KvHash.hash(Objects.requireNonNull(key, "key"));
        Segment segment = segmentFor(hash);
        segment.lock();
        try {
            Node old = segment.find(hash, key);
            boolean exists = live(old);
            deleteLocked(segment, old, exists, key);
            return exists;
        } finally {
            segment.unlock();
        }
    }

    @Override
    public boolean exists(byte[] key) {
        return read(key) != null;
    }

    @Override
    public boolean existsQuietly(byte[] key) {
        return read(key, false) != null;
    }

    @Override
    public int stringLengthQuietly(byte[] key) {
        Node node = read(key, false);
        if (node == null) {
            return 0;
        }
        node.accessed = store.lruClock().touched(node.accessed);
        return string(node.peek()).length;
    }

    @Override
    public ValueType type(byte[] key) {
        Node node = read(key);
        return node == null ? ValueType.NONE : node.type();
    }

    @Override
    public long expiryMillis(byte[] key) {
        Node node = read(key);
        return node == null ? ABSENT : node.expiry;
    }

    @Override
    public boolean expire(byte[] key, long expiryMillis, ExpireCondition condition) {
        Objects.requireNonNull(condition, "condition");
        if (expiryMillis < 0) {
            throw new IllegalArgumentException("expiryMillis: " + expiryMillis + " (expected: >= 0)");
        }
        int hash = KvHash.hash(Objects.requireNonNull(key, "key"));
        Segment segment = segmentFor(hash);
        segment.lock();
        try {
            Node old = segment.find(hash, key);
            if (!live(old)) {
                deleteLocked(segment, old, false, key);
                return false;
            }
            boolean has = old.hasExpiry();
            boolean allowed;
            switch (condition) {
                case NX:
                    allowed = !has;
                    break;
                case XX:
                    allowed = has;
                    break;
                case GT:
                    allowed = has && expiryMillis > old.expiry;
                    break;
                case LT:
                    allowed = !has || expiryMillis < old.expiry;
                    break;
                default:
                    allowed = true;
                    break;
            }
            if (allowed) {
                setExpiryLocked(segment, old, expiryMillis);
            }
            return allowed;
        } finally {
            segment.unlock();
        }
    }

    @Override
    public boolean persist(byte[] key) {
        int hash = KvHash.hash(Objects.requireNonNull(key, "key"));
        Segment segment = segmentFor(hash);
        segment.lock();
        try {
            Node old = segment.find(hash, key);
            if (!live(old) || !old.hasExpiry()) {
                return false;
            }
            setExpiryLocked(segment, old, NO_EXPIRY);
            return true;
        } finally {
            segment.unlock();
        }
    }

    @Override
    public boolean rename(byte[] source, byte[] target, boolean onlyIfTargetAbsent) {
        int sourceHash = KvHash.hash(Objects.requireNonNull(source, "source"));
        int targetHash = KvHash.hash(Objects.requireNonNull(target, "target"));
        int locked = lockSegments(new int[] {sourceHash, targetHash});
        try {
            Segment from = segmentFor(sourceHash);
            Node node = from.find(sourceHash, source);
            if (!live(node)) {
                throw new NoSuchKeyException();
            }
            if (KvHash.equal(source, target)) {
                return !onlyIfTargetAbsent;
            }
            Segment to = segmentFor(targetHash);
            Node old = to.find(targetHash, target);
            if (onlyIfTargetAbsent && live(old)) {
                return false;
            }
            store.reserve(Node.memory(target, node.value()) - node.memory() - (old == null ? 0 : old.memory()));
            journal().rename(index, source, target);
            from.remove(node);
            if (live(old)) {
                store.keyChanges().keyCreated(index, target); // Redis deletes the old target and adds the key anew
            }
            // removing copied the nodes before it in its chain: find the target again
            to.put(to.find(targetHash, target), targetHash, target, node.value(), node.expiry);
            return true;
        } finally {
            unlockSegments(locked);
        }
    }

    @Override
    public boolean copy(byte[] source, int targetDatabase, byte[] target, boolean replace) {
        Database to = store.databaseAt(targetDatabase);
        int sourceHash = KvHash.hash(Objects.requireNonNull(source, "source"));
        int targetHash = KvHash.hash(Objects.requireNonNull(target, "target"));
        if (to == this) {
            int locked = lockSegments(new int[] {sourceHash, targetHash});
            try {
                return copyLocked(source, sourceHash, to, target, targetHash, replace, true);
            } finally {
                unlockSegments(locked);
            }
        }
        Segment first = segmentFor(sourceHash);
        Segment second = to.segmentFor(targetHash);
        if (to.index < index) {
            Segment swap = first;
            first = second;
            second = swap;
        }
        first.lock();
        try {
            second.lock();
            try {
                return copyLocked(source, sourceHash, to, target, targetHash, replace, true);
            } finally {
                second.unlock();
            }
        } finally {
            first.unlock();
        }
    }

    @Override
    public boolean move(byte[] key, int targetDatabase) {
        Database to = store.databaseAt(targetDatabase);
        if (to == this) {
            throw new IllegalArgumentException("target database: " + targetDatabase + " (expected: another one)");
        }
        int hash = KvHash.hash(Objects.requireNonNull(key, "key"));
        return store.atomically(() -> copyLocked(key, hash, to, key, hash, false, false) && delete(key));
    }

    /** Copies {@code source}, counted as a read if {@code read} (as COPY's; MOVE's looks up to write). */
    private boolean copyLocked(byte[] source, int sourceHash, Database to, byte[] target, int targetHash,
            boolean replace, boolean read) {
        Node node = segmentFor(sourceHash).find(sourceHash, source);
        if (read) {
            store.countLookup(index, source, live(node)); // COPY reads its source, as Redis's lookupKeyRead
        }
        if (!live(node) || to == this && KvHash.equal(source, target)) {
            return false;
        }
        Segment segment = to.segmentFor(targetHash);
        Node old = segment.find(targetHash, target);
        if (!replace && to.live(old)) {
            return false;
        }
        if (to.live(old)) {
            store.keyChanges().keyCreated(to.index, target); // Redis deletes the old target and adds the copy anew
        }
        Object value = node.value();
        to.putLocked(segment, old, targetHash, target,
                value instanceof Container ? ((Container) value).copy() : value, node.expiry);
        return true;
    }

    @Override
    public ScanResult scan(long cursor, int count, Predicate<byte[]> filter) {
        Objects.requireNonNull(filter, "filter");
        int segment = (int) (cursor >>> 32);
        if (cursor < 0 || segment >= SEGMENTS) {
            return new ScanResult(0, List.of());
        }
        int work = Math.max(1, count);
        long bucketLimit = work * 10L;
        int bucket = (int) cursor;
        long now = store.millis();
        List<byte[]> keys = new ArrayList<>();
        int examined = 0;
        long buckets = 0;
        while (segment < SEGMENTS && examined < work && buckets < bucketLimit) {
            if (segments[segment].count() == 0) {
                // nothing present now can be missed; a small database completes in one call, as in Redis
                segment++;
                bucket = 0;
                continue;
            }
            Node[] tab = segments[segment].table();
            int mask = tab.length - 1;
            for (Node p = Segment.slot(tab, bucket & mask); p != null; p = p.next) {
                examined++;
                if (!p.isExpiredAt(now) && filter.test(p.key)) {
                    keys.add(p.key);
                }
            }
            buckets++;
            bucket |= ~mask;
            bucket = Integer.reverse(Integer.reverse(bucket) + 1);
            if (bucket == 0) {
                segment++;
            }
        }
        long next = segment >= SEGMENTS ? 0 : ((long) segment << 32) | (bucket & 0xFFFF_FFFFL);
        return new ScanResult(next, keys);
    }

    @Override
    public byte[] randomKey() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long now = store.millis();
        int start = random.nextInt(SEGMENTS);
        for (int s = 0; s < SEGMENTS; s++) {
            Segment segment = segments[(start + s) & (SEGMENTS - 1)];
            if (segment.count() == 0) {
                continue;
            }
            Node[] tab = segment.table();
            int first = random.nextInt(tab.length);
            for (int b = 0; b < tab.length; b++) {
                Node chosen = null;
                int seen = 0;
                for (Node p = Segment.slot(tab, (first + b) & (tab.length - 1)); p != null; p = p.next) {
                    if (!p.isExpiredAt(now) && random.nextInt(++seen) == 0) {
                        chosen = p;
                    }
                }
                if (chosen != null) {
                    return chosen.key;
                }
            }
        }
        return null;
    }

    @Override
    public long size() {
        long size = 0;
        for (Segment segment : segments) {
            size += segment.count();
        }
        return size;
    }

    @Override
    public long expiringKeys() {
        long expiring = 0;
        for (Segment segment : segments) {
            expiring += segment.expiring();
        }
        return expiring;
    }

    @Override
    public void clear() {
        lockAll();
        try {
            journal().clear(index);
            clearLocked();
        } finally {
            unlockAll();
        }
    }

    void clearLocked() {
        for (Segment segment : segments) {
            segment.clear();
        }
        store.keyChanges().databaseChanged(index);
    }

    void lockAll() {
        for (Segment segment : segments) {
            segment.lock();
        }
    }

    /** Ends the {@link Segment#freeze()} of every segment, taking each lock in turn. */
    void thawAll() {
        for (Segment segment : segments) {
            segment.lock();
            try {
                segment.thaw();
            } finally {
                segment.unlock();
            }
        }
    }

    void unlockAll() {
        for (int i = SEGMENTS - 1; i >= 0; i--) {
            segments[i].unlock();
        }
    }

    /**
     * One active expiry cycle, as Redis's {@code activeExpireCycle}: walks buckets from where the last cycle
     * stopped, examining up to {@value #EXPIRE_SAMPLE} keys with an expiry (or 20 times as many buckets) and
     * removing the expired ones, and repeats while more than a quarter of those examined had expired.
     *
     * @return the number of keys removed
     */
    synchronized int expireCycle() {
        int removed = 0;
        for (int round = 0; round < EXPIRE_ROUNDS && expiringKeys() > 0; round++) {
            long now = store.millis();
            int sampled = 0;
            int expired = 0;
            for (int buckets = 0; sampled < EXPIRE_SAMPLE && buckets < EXPIRE_SAMPLE * 20; buckets++) {
                Segment segment = segments[expireSegment];
                Node[] tab = segment.table();
                if (expireBucket >= tab.length) {
                    expireBucket = 0;
                }
                for (Node p = Segment.slot(tab, expireBucket); p != null; p = p.next) {
                    if (p.hasExpiry()) {
                        sampled++;
                        if (p.isExpiredAt(now) && removeExpired(segment, p)) {
                            expired++;
                        }
                    }
                }
                if (++expireBucket >= tab.length) {
                    expireBucket = 0;
                    expireSegment = (expireSegment + 1) & (SEGMENTS - 1);
                }
            }
            removed += expired;
            if (expired * 4 <= sampled) {
                break;
            }
        }
        return removed;
    }

    /**
     * Removes {@code local}, a key a local write of a replica's store gave an expiry, if that expiry is due, as
     * Redis's {@code expireSlaveKeys}; watches it again if it is not due yet.
     */
    ReplicaExpiry.Outcome expireLocalKey(ReplicaExpiry.LocalKey local) {
        int hash = KvHash.hash(local.key);
        Segment segment = segmentFor(hash);
        segment.lock();
        try {
            Node node = segment.find(hash, local.key);
            if (node == null || !node.hasExpiry()) {
                return ReplicaExpiry.Outcome.FORGOTTEN;
            }
            if (node.isExpiredAt(store.millis())) {
                segment.remove(node);
                return ReplicaExpiry.Outcome.REMOVED;
            }
            store.replicaExpiry().watchAgain(local);
            return ReplicaExpiry.Outcome.NOT_DUE;
        } finally {
            segment.unlock();
        }
    }

    /** Removes every key expired at {@code now}, without journaling (expiry is absolute in the log). */
    void purgeExpired(long now) {
        for (Segment segment : segments) {
            segment.lock();
            try {
                for (Node head : segment.snapshot()) {
                    for (Node p = head; p != null; p = p.next) {
                        if (p.isExpiredAt(now)) {
                            segment.removeIfCurrent(p);
                        }
                    }
                }
            } finally {
                segment.unlock();
            }
        }
    }

    private static boolean removeExpired(Segment segment, Node node) {
        segment.lock();
        try {
            return segment.removeIfCurrent(node);
        } finally {
            segment.unlock();
        }
    }
}
