package org.kvlab.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * The full encoding of a large sorted set, as Redis's {@code zset}: a skiplist ordered by (score, member bytes)
 * whose links carry span counts, so ranks cost O(log n), plus a member → node hash table for O(1) lookups.
 *
 * <p>Lean, as the store's memory budget asks: a node is an index into parallel arrays, not an object. Level 0 (the
 * level every node has) lives in {@code next}/{@code prev}; the few nodes with more levels (a quarter, as Redis's
 * p = 1/4) hold their upper links in a small {@code int[]} of (forward, span) pairs. The hash table chains nodes
 * through {@code chain}, its buckets a power of two, so {@link #scan} can walk them in Redis's reverse-binary cursor
 * order, which survives the table growing or shrinking between calls. Freed nodes are reused. Not thread-safe.
 */
final class ZSkipList {

    static final int MAX_LEVEL = 32;
    static final int NIL = -1;
    /** The header node: it holds no member; its links are {@link #headNext} and {@link #headSpan}. */
    static final int HEAD = -2;
    private static final int MIN_BUCKETS = 4;

    private byte[][] member = new byte[8][];
    private double[] score = new double[8];
    private int[] next = new int[8];
    private int[] prev = new int[8];
    private int[][] upper = new int[8][];
    private int[] chain = new int[8];
    private int[] buckets = filled(MIN_BUCKETS);
    private final int[] headNext = filled(MAX_LEVEL);
    private final int[] headSpan = new int[MAX_LEVEL];
    private int used;
    private int free = NIL;
    private int size;
    private int level = 1;
    private int tail = NIL;
    private long memberBytes;
    private long upperBytes;

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, NIL);
        return a;
    }

    int size() {
        return size;
    }

    byte[] member(int node) {
        return member[node];
    }

    double score(int node) {
        return score[node];
    }

    /** Returns the first node in order, {@link #NIL} if empty. */
    int first() {
        return headNext[0];
    }

    /** Returns the last node in order, {@link #NIL} if empty. */
    int last() {
        return tail;
    }

    /** Returns the node after {@code node} in order, or {@link #NIL}. */
    int next(int node) {
        return next[node];
    }

    /** Returns the node before {@code node} in order, or {@link #NIL}. */
    int prev(int node) {
        return prev[node];
    }

    /** Returns the node of {@code m}, or {@link #NIL}. */
    int find(byte[] m) {
        for (int x = buckets[bucket(m, buckets.length)]; x != NIL; x = chain[x]) {
            if (Arrays.equals(member[x], m)) {
                return x;
            }
        }
        return NIL;
    }

    /** Inserts {@code m}, which must not be present, with score {@code s}. */
    void insert(byte[] m, double s) {
        int[] update = new int[MAX_LEVEL];
        int[] rank = new int[MAX_LEVEL];
        int x = HEAD;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            for (int f = forward(x, i); f != NIL && less(f, s, m); f = forward(x, i)) {
                rank[i] += span(x, i);
                x = f;
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = HEAD;
                headSpan[i] = size;
            }
            level = lvl;
        }
        x = allocate(m, s, lvl);
        for (int i = 0; i < lvl; i++) {
            setForward(x, i, forward(update[i], i));
            setForward(update[i], i, x);
            if (i > 0) {
                setSpan(x, i, span(update[i], i) - (rank[0] - rank[i]));
                setSpan(update[i], i, rank[0] - rank[i] + 1);
            }
        }
        for (int i = lvl; i < level; i++) {
            setSpan(update[i], i, span(update[i], i) + 1);
        }
        prev[x] = update[0] == HEAD ? NIL : update[0];
        if (next[x] != NIL) {
            prev[next[x]] = x;
        } else {
            tail = x;
        }
        size++;
        int b = bucket(m, buckets.length);
        chain[x] = buckets[b];
        buckets[b] = x;
        if (size > buckets.length) {
            rehash(buckets.length * 2);
        }
    }

    /** Removes the node {@code node}. */
    void delete(int node) {
        int[] update = new int[MAX_LEVEL];
        byte[] m = member[node];
        double s = score[node];
        int x = HEAD;
        for (int i = level - 1; i >= 0; i--) {
            for (int f = forward(x, i); f != NIL && less(f, s, m); f = forward(x, i)) {
                x = f;
            }
            update[i] = x;
        }
        for (int i = 0; i < level; i++) {
            if (forward(update[i], i) == node) {
                if (i > 0) {
                    setSpan(update[i], i, span(update[i], i) + span(node, i) - 1);
                }
                setForward(update[i], i, forward(node, i));
            } else if (i > 0) {
                setSpan(update[i], i, span(update[i], i) - 1);
            }
        }
        if (next[node] != NIL) {
            prev[next[node]] = prev[node];
        } else {
            tail = prev[node];
        }
        while (level > 1 && headNext[level - 1] == NIL) {
            level--;
        }
        size--;
        int b = bucket(m, buckets.length);
        if (buckets[b] == node) {
            buckets[b] = chain[node];
        } else {
            int p = buckets[b];
            while (chain[p] != node) {
                p = chain[p];
            }
            chain[p] = chain[node];
        }
        release(node);
        if (buckets.length > MIN_BUCKETS && size < buckets.length / 8) {
            rehash(Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(1, size)) * 2));
        }
    }

    /** Returns the 0-based rank of {@code node}. */
    int rank(int node) {
        byte[] m = member[node];
        double s = score[node];
        int rank = 0;
        int x = HEAD;
        for (int i = level - 1; i >= 0; i--) {
            for (int f = forward(x, i); f != NIL && (less(f, s, m) || f == node); f = forward(x, i)) {
                rank += span(x, i);
                x = f;
            }
            if (x == node) {
                return rank - 1;
            }
        }
        throw new IllegalStateException("node not linked");
    }

    /** Returns the node of 0-based rank {@code r}, which must be below {@link #size()}. */
    int at(int r) {
        int target = r + 1;
        int traversed = 0;
        int x = HEAD;
        for (int i = level - 1; i >= 0; i--) {
            for (int f = forward(x, i); f != NIL && traversed + span(x, i) <= target; f = forward(x, i)) {
                traversed += span(x, i);
                x = f;
            }
            if (traversed == target) {
                return x;
            }
        }
        throw new IndexOutOfBoundsException("rank: " + r + " (expected: < " + size + ")");
    }

    /**
     * Returns the 0-based rank of the node reached by walking forward while the next node fails {@code test}
     * (the first node that passes it, when it holds from some point on), as Redis's {@code zslFirstInRange}, or
     * {@code size()} if there is none.
     */
    int firstPassing(IntPredicate test) {
        int rank = 0;
        int x = HEAD;
        for (int i = level - 1; i >= 0; i--) {
            for (int f = forward(x, i); f != NIL && !test.test(f); f = forward(x, i)) {
                rank += span(x, i);
                x = f;
            }
        }
        return rank;
    }

    /**
     * Returns the 0-based rank of the node reached by walking forward while the next node passes {@code test} (the
     * last node that passes it, when it holds up to some point), as Redis's {@code zslLastInRange}, or -1 if the
     * first node fails it.
     */
    int lastPassing(IntPredicate test) {
        int rank = 0;
        int x = HEAD;
        for (int i = level - 1; i >= 0; i--) {
            for (int f = forward(x, i); f != NIL && test.test(f); f = forward(x, i)) {
                rank += span(x, i);
                x = f;
            }
        }
        return rank - 1;
    }

    /**
     * Visits the buckets of the hash table from {@code cursor} in Redis's reverse-binary order ({@code dictScan})
     * until {@code count} nodes were visited, {@code 10 * count} buckets were, or the walk ends.
     *
     * @return the next cursor, 0 when the walk is complete
     */
    long scan(long cursor, int count, IntConsumer visitor) {
        long mask = buckets.length - 1;
        long budget = count * 10L;
        int visited = 0;
        do {
            for (int x = buckets[(int) (cursor & mask)]; x != NIL; x = chain[x]) {
                visitor.accept(x);
                visited++;
            }
            cursor |= ~mask;
            cursor = Long.reverse(Long.reverse(cursor) + 1);
        } while (cursor != 0 && budget-- > 0 && visited < count);
        return cursor;
    }

    /** Returns a deep copy (members, which never change, are shared). */
    ZSkipList copy() {
        ZSkipList c = new ZSkipList();
        c.member = member.clone();
        c.score = score.clone();
        c.next = next.clone();
        c.prev = prev.clone();
        c.upper = upper.clone();
        for (int i = 0; i < used; i++) {
            if (upper[i] != null) {
                c.upper[i] = upper[i].clone();
            }
        }
        c.chain = chain.clone();
        c.buckets = buckets.clone();
        System.arraycopy(headNext, 0, c.headNext, 0, MAX_LEVEL);
        System.arraycopy(headSpan, 0, c.headSpan, 0, MAX_LEVEL);
        c.used = used;
        c.free = free;
        c.size = size;
        c.level = level;
        c.tail = tail;
        c.memberBytes = memberBytes;
        c.upperBytes = upperBytes;
        return c;
    }

    /** Returns an estimate of the heap bytes taken: the arrays, the members and the upper links. */
    long memory() {
        return 80 + 2 * arrayBytes(4 * MAX_LEVEL) + 6 * 16 + 28L * member.length + arrayBytes(4 * buckets.length)
                + memberBytes + upperBytes;
    }

    private static long arrayBytes(int length) {
        return 16 + ((length + 7L) & ~7L);
    }

    private boolean less(int node, double s, byte[] m) {
        double ns = score[node];
        return ns < s || (ns == s && Arrays.compareUnsigned(member[node], m) < 0);
    }

    private int forward(int x, int i) {
        return x == HEAD ? headNext[i] : i == 0 ? next[x] : upper[x][2 * i - 2];
    }

    private void setForward(int x, int i, int f) {
        if (x == HEAD) {
            headNext[i] = f;
        } else if (i == 0) {
            next[x] = f;
        } else {
            upper[x][2 * i - 2] = f;
        }
    }

    private int span(int x, int i) {
        return i == 0 ? 1 : x == HEAD ? headSpan[i] : upper[x][2 * i - 1];
    }

    private void setSpan(int x, int i, int s) {
        if (x == HEAD) {
            headSpan[i] = s;
        } else {
            upper[x][2 * i - 1] = s;
        }
    }

    private static int randomLevel() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int lvl = 1;
        while (lvl < MAX_LEVEL && (random.nextInt() & 0xFFFF) < 0xFFFF / 4) {
            lvl++;
        }
        return lvl;
    }

    private int allocate(byte[] m, double s, int lvl) {
        int x;
        if (free != NIL) {
            x = free;
            free = chain[x];
        } else {
            if (used == member.length) {
                int n = used + (used >> 1) + 8;
                member = Arrays.copyOf(member, n);
                score = Arrays.copyOf(score, n);
                next = Arrays.copyOf(next, n);
                prev = Arrays.copyOf(prev, n);
                upper = Arrays.copyOf(upper, n);
                chain = Arrays.copyOf(chain, n);
            }
            x = used++;
        }
        member[x] = m;
        score[x] = s;
        memberBytes += arrayBytes(m.length);
        if (lvl > 1) {
            upper[x] = new int[2 * (lvl - 1)];
            upperBytes += arrayBytes(8 * (lvl - 1));
        }
        return x;
    }

    private void release(int x) {
        memberBytes -= arrayBytes(member[x].length);
        if (upper[x] != null) {
            upperBytes -= arrayBytes(4 * upper[x].length);
            upper[x] = null;
        }
        member[x] = null;
        chain[x] = free;
        free = x;
    }

    private void rehash(int n) {
        int[] table = filled(n);
        for (int b = 0; b < buckets.length; b++) {
            for (int x = buckets[b], c; x != NIL; x = c) {
                c = chain[x];
                int nb = bucket(member[x], n);
                chain[x] = table[nb];
                table[nb] = x;
            }
        }
        buckets = table;
    }

    private static int bucket(byte[] m, int n) {
        return KvHash.hash(m) & (n - 1);
    }
}
