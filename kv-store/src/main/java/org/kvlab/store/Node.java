package org.kvlab.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
            VALUE = MethodHandles.lookup().findVarHandle(Node.class, "value", byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The per-entry overhead counted by {@link #memory()}: node, two array headers and a bucket slot. */
    static final int OVERHEAD = 80;

    final int hash;
    final byte[] key;
    private byte[] value;
    /** The value's length, read under the segment's lock: an overwrite need not touch the old value's array. */
    private int valueSize;
    /** Absolute expiry in epoch ms, or {@link org.kvlab.api.Keyspace#NO_EXPIRY}. */
    final long expiry;
    final Node next;

    Node(int hash, byte[] key, byte[] value, long expiry, Node next) {
        this.hash = hash;
        this.key = key;
        this.value = value;
        this.valueSize = value.length;
        this.expiry = expiry;
        this.next = next;
    }

    /** Returns the value, as last set with release semantics. */
    byte[] value() {
        return (byte[]) VALUE.getAcquire(this);
    }

    /** Replaces the value in place. Caller holds the segment's lock and has checked it is not frozen. */
    void value(byte[] newValue) {
        valueSize = newValue.length;
        VALUE.setRelease(this, newValue);
    }

    /** Returns the value's length. Caller holds the segment's lock. */
    int valueSize() {
        return valueSize;
    }

    boolean hasExpiry() {
        return expiry >= 0;
    }

    boolean isExpiredAt(long now) {
        return expiry >= 0 && expiry <= now;
    }

    /** Returns the memory counted for this entry. Caller holds the segment's lock. */
    long memory() {
        return OVERHEAD + (long) key.length + valueSize;
    }

    static long memory(byte[] key, byte[] value) {
        return OVERHEAD + (long) key.length + value.length;
    }
}
