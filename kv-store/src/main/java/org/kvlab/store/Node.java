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
    /** Absolute expiry in epoch ms, or {@link org.kvlab.api.Keyspace#NO_EXPIRY}. */
    final long expiry;
    /**
     * When the key was last read or written, in {@link LruClock} seconds ({@code OBJECT IDLETIME}), or under an LFU
     * policy its {@link Lfu} counter ({@code OBJECT FREQ}); written without synchronization, as Redis's {@code lru} field: a lost update only makes a key look idle a little longer.
     */
    int accessed;
    final Node next;

    Node(int hash, byte[] key, Object value, long expiry, Node next) {
        this.hash = hash;
        this.key = key;
        this.keyLength = key.length;
        this.keyWord0 = key.length <= KvHash.SHORT_KEY ? KvHash.word0(key) : 0;
        this.keyWord1 = key.length <= KvHash.SHORT_KEY ? KvHash.word1(key) : 0;
        this.value = value;
        this.valueSize = sizeOf(value);
        this.expiry = expiry;
        this.next = next;
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

    /** Returns a copy of this entry with another value, expiry and successor. Caller holds the segment's lock. */
    Node with(Object newValue, long newExpiry, Node newNext) {
        return new Node(this, newValue, sizeOf(newValue), newExpiry, newNext);
    }

    /** Returns a copy of this entry, value as last set, with another successor. Caller holds the segment's lock. */
    Node withNext(Node newNext) {
        return new Node(this, value(), valueSize, expiry, newNext);
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

    /** Returns the value, a {@code byte[]} or a {@link Container}, as last set with release semantics. */
    Object value() {
        return VALUE.getAcquire(this);
    }

    /**
     * Returns the value of a string key.
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
        Object v = value();
        return v instanceof Container ? ((Container) v).type() : ValueType.STRING;
    }

    /** Replaces the value in place. Caller holds the segment's lock and has checked it is not frozen. */
    void value(Object newValue) {
        valueSize = sizeOf(newValue);
        VALUE.setRelease(this, newValue);
    }

    /** Returns the memory the value takes, as {@link #memory()} counts it. Caller holds the segment's lock. */
    long valueMemory() {
        return valueSize == 0 && value instanceof Container ? ((Container) value).memory() : valueSize;
    }

    boolean hasExpiry() {
        return expiry >= 0;
    }

    boolean isExpiredAt(long now) {
        return expiry >= 0 && expiry <= now;
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
