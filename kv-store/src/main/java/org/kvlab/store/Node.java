package org.kvlab.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.kvlab.api.ValueType;
import org.kvlab.api.WrongTypeException;

/**
 * One entry of a {@link Segment}'s bucket chain. Only the value changes once a node is published, and only in the
 * common case of a write that keeps the expiry while no snapshot holds the segment: a single release store, so a
 * lock-free reader sees the old value or the new one, each complete. Any other write replaces the node and copies
 * the part of the chain before it, so a reader walking a chain sees a consistent state, and a copy of a bucket array
 * taken for a snapshot stays a point-in-time view (see {@link Segment#freeze()}).
 *
 * <p>A string's array is immutable once anyone outside the segment's lock may hold it. The one exception is an
 * <em>exclusive</em> array: the store's own copy, installed by {@code SET} ({@link Database#setCopy}) and never handed
 * out since, which a later {@code SET} of a value of the same length overwrites in place ({@link #overwrite}), with
 * the lock held and no snapshot holding the segment. Handing the array out ({@link #value()}, {@link #string()}, with
 * the lock held) ends its exclusivity for good; lending it ({@link #peek()}) does not, so a reader that must not hold
 * the lock reads an exclusive array's bytes under it ({@link Database#readString}).
 */
final class Node {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Node.class, "value", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The per-entry overhead counted by {@link #memory()}: the node (64 bytes), two array headers, a bucket slot. */
    static final int OVERHEAD = 104;

    final int hash;
    final byte[] key;
    /** The key's length and, up to {@link KvHash#SHORT_KEY} bytes, its words: a lookup compares them, not the array. */
    private final int keyLength;
    private final long keyWord0;
    private final long keyWord1;
    /** A string's {@code byte[]} or a {@link Container}. */
    private Object value;
    /**
     * A string's length, read under the segment's lock: an overwrite need not touch the old value's array; 0 for a
     * container, which counts its own memory.
     */
    private int valueSize;
    /**
     * Whether {@code value} is an exclusive string array (see the class comment). Written under the segment's lock,
     * before the release store of the value it describes; read without it only after an acquiring read of the value.
     */
    private boolean exclusive;
    /** Absolute expiry in epoch ms, or {@link org.kvlab.api.Keyspace#NO_EXPIRY}. */
    final long expiry;
    /**
     * When the key was last read or written, in {@link LruClock} seconds ({@code OBJECT IDLETIME}), or under an LFU
     * policy its {@link Lfu} counter ({@code OBJECT FREQ}); written without synchronization, as Redis's {@code lru} field: a lost update only makes a key look idle a little longer.
     */
    int accessed;
    final Node next;

    /** A new entry whose value is exclusive if {@code exclusiveValue} (a string array nobody else holds). */
    Node(int hash, byte[] key, Object value, long expiry, Node next, boolean exclusiveValue) {
        this.hash = hash;
        this.key = key;
        this.keyLength = key.length;
        this.keyWord0 = key.length <= KvHash.SHORT_KEY ? KvHash.word0(key) : 0;
        this.keyWord1 = key.length <= KvHash.SHORT_KEY ? KvHash.word1(key) : 0;
        this.value = value;
        this.valueSize = sizeOf(value);
        this.expiry = expiry;
        this.next = next;
        this.exclusive = exclusiveValue && value instanceof byte[];
    }

    /** A copy of {@code node} with another value, expiry and successor; reads neither its key nor its value array. */
    private Node(Node node, Object value, int valueSize, long expiry, Node next) {
        this.hash = node.hash;
        this.key = node.key;
        this.keyLength = node.keyLength;
        this.keyWord0 = node.keyWord0;
        this.keyWord1 = node.keyWord1;
        this.value = value;
        this.valueSize = valueSize;
        this.expiry = expiry;
        this.next = next;
        this.accessed = node.accessed;
    }

    /**
     * Returns a copy of this entry with another value, expiry and successor; the value is exclusive if {@code
     * exclusiveValue} (a string array nobody else holds). Caller holds the segment's lock.
     */
    Node with(Object newValue, long newExpiry, Node newNext, boolean exclusiveValue) {
        Node node = new Node(this, newValue, sizeOf(newValue), newExpiry, newNext);
        node.exclusive = exclusiveValue && newValue instanceof byte[];
        return node;
    }

    /**
     * Returns a copy of this entry, value as last set, with another successor. The copy's value is not exclusive:
     * a lock-free reader may still reach the array through this node. Caller holds the segment's lock.
     */
    Node withNext(Node newNext) {
        return new Node(this, peek(), valueSize, expiry, newNext);
    }

    /**
     * Returns whether this node holds {@code other}, a key of hash {@link #hash}: a key of up to 16 bytes compares
     * by length and two words, without reading this node's key array.
     */
    boolean holds(byte[] other) {
        int n = other.length;
        if (n != keyLength) {
            return false;
        }
        if (n <= KvHash.SHORT_KEY) {
            return keyWord0 == KvHash.word0(other) && keyWord1 == KvHash.word1(other);
        }
        return Arrays.equals(key, other);
    }

    /**
     * Hands out the value, a {@code byte[]} or a {@link Container}, as last set with release semantics: the caller
     * may keep a string's array, which is therefore no longer {@linkplain #overwrite overwritten in place}. Caller
     * holds the segment's lock.
     */
    Object value() {
        if (exclusive) {
            exclusive = false;
        }
        return VALUE.getAcquire(this);
    }

    /**
     * Lends the value, as last set with release semantics: the caller keeps no reference to a string's array and
     * reads its bytes only while it holds the segment's lock, or while the segment is {@linkplain Segment#freeze()
     * frozen}, or once {@link #isExclusive()} said, after this read, that the array is not exclusive.
     */
    Object peek() {
        return VALUE.getAcquire(this);
    }

    /**
     * Returns whether the value last {@link #peek() peeked} may be an exclusive array, which a {@code SET} may
     * overwrite in place: read it under the segment's lock. False means that array never changes again.
     */
    boolean isExclusive() {
        return exclusive;
    }

    /**
     * Hands out the value of a string key, as {@link #value()}. Caller holds the segment's lock.
     *
     * @throws WrongTypeException if the key holds a collection
     */
    byte[] string() {
        Object v = value();
        if (v instanceof byte[]) {
            return (byte[]) v;
        }
        throw new WrongTypeException();
    }

    /** Returns the type of the value. */
    ValueType type() {
        Object v = peek();
        return v instanceof Container ? ((Container) v).type() : ValueType.STRING;
    }

    /**
     * Replaces the value in place; the new value is exclusive if {@code exclusiveValue} (a string array nobody else
     * holds). Caller holds the segment's lock and has checked it is not frozen.
     */
    void value(Object newValue, boolean exclusiveValue) {
        valueSize = sizeOf(newValue);
        exclusive = exclusiveValue && newValue instanceof byte[];
        VALUE.setRelease(this, newValue);
    }

    /**
     * Returns whether {@link #overwrite} may write {@code length} bytes into the value: it is an exclusive string
     * array of that length. Caller holds the segment's lock.
     */
    boolean overwritable(int length) {
        return exclusive && valueSize == length;
    }

    /**
     * Copies {@code bytes} into the value's array, which stays exclusive: no one outside the segment's lock holds it,
     * and readers that hold the lock see the new bytes. Caller holds the lock, has checked {@link
     * #overwritable(int)} and that no snapshot holds the segment.
     */
    void overwrite(byte[] bytes) {
        System.arraycopy(bytes, 0, (byte[]) value, 0, bytes.length);
    }

    /** Returns the memory the value takes, as {@link #memory()} counts it. Caller holds the segment's lock. */
    long valueMemory() {
        return valueSize == 0 && value instanceof Container ? ((Container) value).memory() : valueSize;
    }

    boolean hasExpiry() {
        return expiry >= 0;
    }

    /**
     * Returns whether the key has expired at {@code now}: once {@code now} is past its expiry, as Redis's
     * {@code keyIsExpired} ({@code now > when}); at its expiry's very millisecond it is still there.
     */
    boolean isExpiredAt(long now) {
        return expiry >= 0 && now > expiry;
    }

    /** Returns the memory counted for this entry. Caller holds the segment's lock. */
    long memory() {
        return OVERHEAD + (long) keyLength + valueMemory();
    }

    static long memory(byte[] key, Object value) {
        return OVERHEAD + (long) key.length + memoryOf(value);
    }

    static long memoryOf(Object value) {
        return value instanceof byte[] ? ((byte[]) value).length : ((Container) value).memory();
    }

    private static int sizeOf(Object value) {
        return value instanceof byte[] ? ((byte[]) value).length : 0;
    }
}
