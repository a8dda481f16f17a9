package org.kvlab.store;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.kvlab.api.EvictionPolicy;
import org.kvlab.api.MemoryLimits;

/**
 * Frees memory by evicting keys as the {@link EvictionPolicy} says, with Redis's sampled approximation
 * ({@code evict.c}): each round samples {@code maxmemory-samples} keys of every database into a pool of the
 * {@value #POOL_SIZE} best candidates seen so far, kept across rounds and sorted by how evictable each is (idle time
 * for LRU, the inverse of the access counter for LFU, the nearness of the expiry for volatile-ttl), then evicts the
 * best that still exists. The random policies evict a random key of each database in turn.
 *
 * <p>A write calls it with its own segments locked: a victim in a segment the calling thread holds is never sampled,
 * and another thread's segment is only tried, never waited for, so eviction cannot deadlock; a victim it cannot lock
 * is skipped. One thread evicts at a time. An evicted key is journaled as a delete and told to the store's listeners
 * as a change, as Redis propagates a {@code DEL}.
 */
final class Evictor {

    /** Candidates kept between rounds (Redis's {@code EVPOOL_SIZE}). */
    static final int POOL_SIZE = 16;
    /** Rounds that may find no victim it can lock before it gives up. */
    private static final int MAX_FRUITLESS_ROUNDS = 16;

    private final KvStore store;
    private final MemoryLimits limits;
    private final LongAdder evicted = new LongAdder();
    /** The pool: left-packed, sorted by ascending score; guarded by this. */
    private final Node[] poolNodes = new Node[POOL_SIZE];
    private final long[] poolScores = new long[POOL_SIZE];
    private final int[] poolDatabases = new int[POOL_SIZE];
    private int poolSize;
    /** The keys of one sample; guarded by this. */
    private Node[] sample = new Node[5];
    /** The database the random policies evict from next; guarded by this. */
    private int nextDatabase;

    Evictor(KvStore store, MemoryLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** Returns the keys evicted since creation or the last {@link #resetEvicted()}. */
    long evicted() {
        return evicted.sum();
    }

    void resetEvicted() {
        evicted.reset();
    }

    /**
     * Evicts keys until the store's memory is at most {@code target} bytes.
     *
     * @return whether it got there; {@code false} when the policy evicts nothing or no key it may evict is left
     */
    synchronized boolean freeTo(long target) {
        EvictionPolicy policy = limits.policy();
        if (policy == EvictionPolicy.NOEVICTION) {
            return false;
        }
        while (store.memoryCounter().sum() > target) {
            boolean done = policy == EvictionPolicy.ALLKEYS_RANDOM || policy == EvictionPolicy.VOLATILE_RANDOM
                    ? evictRandom(policy.volatileOnly()) : evictBest(policy);
            if (!done) {
                return false;
            }
        }
        return true;
    }

    /** Evicts the best candidate of the pool, refilling it first. */
    private boolean evictBest(EvictionPolicy policy) {
        int samples = limits.samples();
        if (sample.length < samples) {
            sample = new Node[samples];
        }
        for (int round = 0; round < MAX_FRUITLESS_ROUNDS; round++) {
            long eligible = 0;
            for (int db = 0; db < store.databaseCount(); db++) {
                Database database = store.databaseAt(db);
                long keys = policy.volatileOnly() ? database.expiringKeys() : database.size();
                if (keys > 0) {
                    populate(database, db, policy, samples);
                    eligible += keys;
                }
            }
            if (eligible == 0) {
                return false;
            }
            while (poolSize > 0) {
                int last = --poolSize;
                Node candidate = poolNodes[last];
                poolNodes[last] = null;
                if (evict(store.databaseAt(poolDatabases[last]), candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Samples keys of {@code database} into the pool (Redis's {@code evictionPoolPopulate}). */
    private void populate(Database database, int db, EvictionPolicy policy, int samples) {
        int found = sample(database, policy.volatileOnly(), samples);
        for (int i = 0; i < found; i++) {
            Node node = sample[i];
            sample[i] = null;
            insert(node, db, score(node, policy));
        }
    }

    /** Returns how evictable {@code node} is: the higher, the sooner it goes. */
    private long score(Node node, EvictionPolicy policy) {
        LruClock clock = store.lruClock();
        if (policy == EvictionPolicy.VOLATILE_TTL) {
            return Long.MAX_VALUE - node.expiry;
        }
        if (policy.lfu()) {
            return Lfu.MAX - clock.frequency(node.accessed);
        }
        return (long) clock.now() - node.accessed;
    }

    private void insert(Node node, int db, long score) {
        int k = 0;
        while (k < poolSize && poolScores[k] < score) {
            k++;
        }
        if (k == 0 && poolSize == POOL_SIZE) {
            return; // worse than every candidate of a full pool
        }
        if (poolSize < POOL_SIZE) {
            shift(k, k + 1, poolSize - k);
            poolSize++;
        } else {
            k--; // drop the least evictable, on the left
            shift(1, 0, k);
        }
        poolNodes[k] = node;
        poolScores[k] = score;
        poolDatabases[k] = db;
    }

    private void shift(int from, int to, int length) {
        System.arraycopy(poolNodes, from, poolNodes, to, length);
        System.arraycopy(poolScores, from, poolScores, to, length);
        System.arraycopy(poolDatabases, from, poolDatabases, to, length);
    }

    /** Evicts one random key of the databases, taken in turn. */
    private boolean evictRandom(boolean volatileOnly) {
        for (int round = 0; round < MAX_FRUITLESS_ROUNDS; round++) {
            long eligible = 0;
            for (int i = 0; i < store.databaseCount(); i++) {
                int db = nextDatabase;
                nextDatabase = (nextDatabase + 1) % store.databaseCount();
                Database database = store.databaseAt(db);
                long keys = volatileOnly ? database.expiringKeys() : database.size();
                if (keys == 0) {
                    continue;
                }
                eligible += keys;
                if (sample(database, volatileOnly, 1) == 1) {
                    Node node = sample[0];
                    sample[0] = null;
                    if (evict(database, node)) {
                        return true;
                    }
                }
            }
            if (eligible == 0) {
                return false;
            }
        }
        return false;
    }

    /**
     * Fills {@link #sample} with up to {@code count} live keys of {@code database} (with an expiry if
     * {@code volatileOnly}), walking buckets from a random one as Redis's {@code dictGetSomeKeys}: at most
     * {@code 10 * count} buckets once it has one, or every bucket until it finds one. Skips the segments the
     * calling thread holds.
     *
     * @return how many it found
     */
    private int sample(Database database, boolean volatileOnly, int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long now = store.millis();
        int found = 0;
        long buckets = 0;
        int first = random.nextInt(Database.SEGMENTS);
        for (int s = 0; s < Database.SEGMENTS; s++) {
            Segment segment = database.segments[(first + s) & (Database.SEGMENTS - 1)];
            if (segment.count() == 0 || segment.isHeldByCurrentThread()) {
                continue;
            }
            Node[] tab = segment.table();
            int start = random.nextInt(tab.length);
            for (int b = 0; b < tab.length; b++) {
                for (Node p = Segment.slot(tab, (start + b) & (tab.length - 1)); p != null; p = p.next) {
                    if ((!volatileOnly || p.hasExpiry()) && !p.isExpiredAt(now)) {
                        sample[found++] = p;
                        if (found == count) {
                            return found;
                        }
                    }
                }
                if (++buckets >= 10L * count && found > 0) {
                    return found;
                }
            }
        }
        return found;
    }

    /** Evicts the key of {@code node} from {@code database} if it is still there and its segment is free. */
    private boolean evict(Database database, Node node) {
        Segment segment = database.segmentFor(node.hash);
        if (segment.isHeldByCurrentThread() || !segment.tryLock()) {
            return false;
        }
        try {
            Node current = segment.find(node.hash, node.key);
            if (current == null || current.isExpiredAt(store.millis())) {
                return false;
            }
            store.journal().delete(database.index(), current.key);
            segment.remove(current);
            evicted.increment();
            return true;
        } finally {
            segment.unlock();
        }
    }
}
