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
    /** Absolute expiry in epoch ms, or {@link org.kvlab.api.Keyspace#NO_EXPIRY}. */
    final long expiry;
    final Node next;

    Node(int hash, byte[] key, byte[] value, long expiry, Node next) {
        this.hash = hash;
        this.key = key;
        this.value = value;
        this.expiry = expiry;
        this.next = next;
    }

    /** Returns the value, as last set with release semantics. */
    byte[] value() {
        return (byte[]) VALUE.getAcquire(this);
    }

    /** Replaces the value in place. Caller holds the segment's lock and has checked it is not frozen. */
    void value(byte[] newValue) {
        VALUE.setRelease(this, newValue);
    }

    boolean hasExpiry() {
        return expiry >= 0;
    }

    boolean isExpiredAt(long now) {
        return expiry >= 0 && expiry <= now;
    }

    long memory() {
        return memory(key, value());
    }

    static long memory(byte[] key, byte[] value) {
        return OVERHEAD + (long) key.length + value.length;
    }
}
