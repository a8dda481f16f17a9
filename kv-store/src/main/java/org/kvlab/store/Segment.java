package org.kvlab.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock stripe of a {@link Database}: a power-of-two array of {@link Node} chains. Reads walk it without a lock;
 * every change happens with the segment locked (the caller locks). A write that keeps a key's expiry stores the new
 * value into its node; any other change replaces whole nodes and publishes the new chain head with release
 * semantics, so lock-free readers always see complete nodes. While a snapshot holds the segment's nodes
 * ({@link #freeze()}), every write replaces nodes, leaving the snapshot's untouched. Every put and remove is told to
 * the store's {@link KeyChanges}, and so is the expiry of a node replaced or removed after its time to live.
 */
final class Segment extends ReentrantLock {

    private static final long serialVersionUID = 1L;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Node[].class);
    static final int MIN_CAPACITY = 8;
    private static final int MAX_CAPACITY = 1 << 27;

    private final transient LongAdder storeMemory;
    private final transient LruClock lruClock;
    private final transient KeyChanges changes;
    private final transient ReplicaExpiry replicaExpiry;
    private final int database;
    private volatile Node[] table = new Node[MIN_CAPACITY];
    private volatile int count;
    private volatile int expiring;
    /** Whether a snapshot in progress holds this segment's nodes; guarded by the lock. */
    private boolean frozen;
    /** How many times this segment was frozen; guarded by the lock. */
    private int epoch;

    Segment(LongAdder storeMemory, LruClock lruClock, KeyChanges changes, ReplicaExpiry replicaExpiry, int database) {
        this.storeMemory = storeMemory;
        this.lruClock = lruClock;
        this.changes = changes;
        this.replicaExpiry = replicaExpiry;
        this.database = database;
    }

    static Node slot(Node[] tab, int index) {
        return (Node) SLOT.getAcquire(tab, index);
    }

    /** Returns the current bucket array; lock-free readers must not modify it. */
    Node[] table() {
        return table;
    }

    int count() {
        return count;
    }

    int expiring() {
        return expiring;
    }

    /** Finds the node of {@code key}, live or expired, without locking. */
    Node find(int hash, byte[] key) {
        Node[] tab = table;
        for (Node p = slot(tab, hash & (tab.length - 1)); p != null; p = p.next) {
            if (p.hash == hash && p.holds(key)) {
                return p;
            }
        }
        return null;
    }

    /** Replaces {@code old} (may be {@code null}: insert) by a node for the given entry. Caller holds the lock. */
    void put(Node old, int hash, byte[] key, Object value, long expiry) {
        put(old, hash, key, value, expiry, false);
    }

    /**
     * {@link #put(Node, int, byte[], Object, long)}, with a string array nobody else holds, which later writes of the
     * same length may {@linkplain #overwrite overwrite in place} if {@code exclusive}. Caller holds the lock.
     */
    void put(Node old, int hash, byte[] key, Object value, long expiry, boolean exclusive) {
        if (old == null || changes.expiredIfDue(database, old)) {
            changes.keyCreated(database, key);
        }
        changes.keyChanged(database, key);
        if (old != null && old.expiry == expiry && !frozen) {
            old.accessed = lruClock.touched(old.accessed);
            long grown = Node.memoryOf(value) - old.valueMemory();
            old.value(value, exclusive);
            if (grown != 0) {
                storeMemory.add(grown);
            }
            return;
        }
        Node[] tab = table;
        int i = hash & (tab.length - 1);
        Node head = (Node) SLOT.get(tab, i);
        if (old == null) {
            Node node = new Node(hash, key, value, expiry, head, exclusive);
            node.accessed = lruClock.fresh();
            SLOT.setRelease(tab, i, node);
            count = count + 1;
        } else {
            Node node = old.with(value, expiry, old.next, exclusive);
            node.accessed = lruClock.touched(old.accessed);
            SLOT.setRelease(tab, i, rebuild(head, old, node));
            storeMemory.add(-old.memory());
            if (old.hasExpiry()) {
                expiring = expiring - 1;
            }
        }
        storeMemory.add(Node.memory(key, value));
        if (expiry >= 0) {
            expiring = expiring + 1;
            replicaExpiry.expirySet(database, key);
        }
        if (old == null && count > (tab.length >> 1) + (tab.length >> 2) && tab.length < MAX_CAPACITY) {
            resize(tab.length << 1);
        }
    }

    /**
     * Returns whether {@link #overwrite} may write a string of {@code length} bytes into {@code old}, the live node
     * of a key, as a {@code SET} without expiry: no snapshot holds this segment, the key has no expiry to remove, and
     * its value is an exclusive array of that length ({@link Node#overwritable}). Caller holds the lock.
     */
    boolean overwritable(Node old, int length) {
        return !frozen && old.expiry == org.kvlab.api.Keyspace.NO_EXPIRY && old.overwritable(length);
    }

    /**
     * Writes {@code value}'s bytes into the array of {@code old}, the node of {@code key}, as {@link #put} would
     * give it that value: the key counts as changed (so {@code WATCH} sees it) and accessed, and the memory stays as
     * it is. Caller holds the lock and has checked {@link #overwritable}.
     */
    void overwrite(Node old, byte[] key, byte[] value) {
        changes.keyChanged(database, key);
        old.accessed = lruClock.touched(old.accessed);
        old.overwrite(value);
    }

    /**
     * Records that the container of {@code key} changed in place, taking {@code delta} bytes more. Caller holds the
     * lock.
     */
    void changedInPlace(byte[] key, long delta) {
        changes.keyChanged(database, key);
        if (delta != 0) {
            storeMemory.add(delta);
        }
    }

    /** Returns whether a snapshot holds this segment's nodes. Caller holds the lock. */
    boolean frozen() {
        return frozen;
    }

    /**
     * Returns the number of the latest {@link #freeze()}: a container made or copied before it may be held by the
     * snapshot, so a write while frozen must copy it first. Caller holds the lock.
     */
    int epoch() {
        return epoch;
    }

    /** Removes {@code old}, which must be in this segment. Caller holds the lock. */
    void remove(Node old) {
        if (changes.expiredIfDue(database, old)) { // an expired key's removal is told as its expiry only
            changes.expiredRemoved(database, old.key);
        } else {
            changes.keyChanged(database, old.key);
        }
        unlink(old);
    }

    /**
     * Removes {@code old}, which must be in this segment and whose removal the journal has recorded already (the
     * {@code DEL} a write puts before creating an expired key anew): an expired one is counted and told as expired,
     * but not fed a second time. Caller holds the lock.
     */
    void removeRecorded(Node old) {
        if (!changes.expiredIfDue(database, old)) {
            changes.keyChanged(database, old.key);
        }
        unlink(old);
    }

    private void unlink(Node old) {
        Node[] tab = table;
        int i = old.hash & (tab.length - 1);
        SLOT.setRelease(tab, i, rebuild((Node) SLOT.get(tab, i), old, old.next));
        count = count - 1;
        if (old.hasExpiry()) {
            expiring = expiring - 1;
        }
        storeMemory.add(-old.memory());
        if (tab.length > MIN_CAPACITY && count < tab.length >> 3) {
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, count)) << 2));
        }
    }

    /** Removes {@code node} if it is still the current node of its key. Caller holds the lock. */
    boolean removeIfCurrent(Node node) {
        if (find(node.hash, node.key) != node) {
            return false;
        }
        remove(node);
        return true;
    }

    /** Removes every node. Caller holds the lock. */
    void clear() {
        Node[] tab = table;
        long freed = 0;
        for (Node head : tab) {
            for (Node p = head; p != null; p = p.next) {
                freed += p.memory();
            }
        }
        storeMemory.add(-freed);
        table = new Node[MIN_CAPACITY];
        count = 0;
        expiring = 0;
    }

    /**
     * Exchanges every key with {@code other}, a segment of another database (Redis's {@code SWAPDB}); tells no
     * listener. Caller holds both locks.
     */
    void swapContents(Segment other) {
        Node[] tab = table;
        int n = count;
        int e = expiring;
        table = other.table;
        count = other.count;
        expiring = other.expiring;
        other.table = tab;
        other.count = n;
        other.expiring = e;
    }

    /** Returns a copy of the bucket array, to walk while changing the segment. Caller holds the lock. */
    Node[] snapshot() {
        return table.clone();
    }

    /**
     * Returns a point-in-time copy of the bucket array and, until {@link #thaw()}, makes writes replace nodes rather
     * than change them, so the copy's nodes keep their values. Caller holds the lock.
     */
    Node[] freeze() {
        frozen = true;
        epoch++;
        return table.clone();
    }

    /** Ends {@link #freeze()}: writes may change nodes in place again. Caller holds the lock. */
    void thaw() {
        frozen = false;
    }

    /** Copies the chain from {@code head} up to {@code old} in front of {@code tail}, leaving {@code old} out. */
    private static Node rebuild(Node head, Node old, Node tail) {
        Node chain = tail;
        for (Node p = head; p != old; p = p.next) {
            chain = p.withNext(chain);
        }
        return chain;
    }

    private void resize(int capacity) {
        Node[] old = table;
        Node[] tab = new Node[capacity];
        int mask = capacity - 1;
        for (Node head : old) {
            for (Node p = head; p != null; p = p.next) {
                int i = p.hash & mask;
                tab[i] = p.withNext(tab[i]);
            }
        }
        table = tab;
    }
}
