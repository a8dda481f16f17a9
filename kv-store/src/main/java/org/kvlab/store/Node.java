package org.kvlab.store;

/**
 * One immutable entry of a {@link Segment}'s bucket chain. Nodes are never changed once published: a write
 * replaces the node and copies the part of the chain before it, so a reader that walks a chain without a lock sees
 * a consistent state, and a copy of a bucket array is a point-in-time snapshot.
 */
final class Node {

    /** The per-entry overhead counted by {@link #memory()}: node, two array headers and a bucket slot. */
    static final int OVERHEAD = 80;

    final int hash;
    final byte[] key;
    final byte[] value;
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

    boolean hasExpiry() {
        return expiry >= 0;
    }

    boolean isExpiredAt(long now) {
        return expiry >= 0 && expiry <= now;
    }

    long memory() {
        return memory(key, value);
    }

    static long memory(byte[] key, byte[] value) {
        return OVERHEAD + (long) key.length + value.length;
    }
}
