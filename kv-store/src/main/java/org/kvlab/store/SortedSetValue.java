package org.kvlab.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.kvlab.api.EncodingLimits;
import org.kvlab.api.LexRange;
import org.kvlab.api.ScoreRange;
import org.kvlab.api.ScoredMember;
import org.kvlab.api.ValueType;

/**
 * A sorted set: members ordered by score (as doubles compare, so -0.0 equals 0.0), then by member bytes (unsigned).
 *
 * <p>Two encodings, as Redis's: up to {@code zset-max-listpack-entries} members of up to
 * {@code zset-max-listpack-value} bytes it is a {@code listpack}, ONE byte array of entries in order, each a varint
 * header (member length × 8 + score kind), the member bytes, then the score: 1, 2 or 4 bytes for an integral score
 * that fits (kinds 1-3), 4 for one a {@code float} holds exactly (kind 4), else the 8 bytes of the double (kind 0).
 * As Redis's listpack keeps integral scores as integers, a listpack holds -0.0 as 0. Past either limit it converts,
 * once, to a {@code skiplist} ({@link ZSkipList}); only a rebuild ({@link #load}) makes a small set compact again.
 *
 * <p>Effects: {@link #ADD} (member, 8-byte score bits)… sets each member's absolute score, adding it if absent;
 * {@link #REMOVE} member… removes them. Positions are 0-based ranks in ascending order. Not thread-safe.
 */
final class SortedSetValue extends Container {

    /** Sets the score of each (member, 8-byte big-endian score bits) pair, adding absent members. */
    static final byte ADD = op(ValueType.ZSET, 0);
    /** Removes each member named. */
    static final byte REMOVE = op(ValueType.ZSET, 1);

    private static final byte[] EMPTY = new byte[0];
    private static final int[] SCORE_BYTES = {8, 1, 2, 4, 4};

    /** The listpack entries, while {@link #list} is {@code null}. */
    private byte[] lp = EMPTY;
    private int count;
    private ZSkipList list;

    /** Visits members in order; returns whether to go on. */
    @FunctionalInterface
    interface Visitor {
        boolean visit(byte[] member, double score);
    }

    /** A condition on an entry. */
    @FunctionalInterface
    interface EntryTest {
        boolean test(byte[] member, double score);
    }

    @Override
    ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    String encoding() {
        return list == null ? "listpack" : "skiplist";
    }

    /** Returns whether this set is a listpack. */
    boolean compact() {
        return list == null;
    }

    @Override
    int size() {
        return list == null ? count : list.size();
    }

    @Override
    long memory() {
        return 32 + (list == null ? 16 + ((lp.length + 7L) & ~7L) : list.memory());
    }

    @Override
    Container copy() {
        SortedSetValue c = new SortedSetValue();
        c.lp = lp.length == 0 ? EMPTY : lp.clone();
        c.count = count;
        c.list = list == null ? null : list.copy();
        return c;
    }

    @Override
    void apply(byte op, byte[][] args, EncodingLimits limits) {
        if (op == ADD) {
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("ADD: " + args.length + " arguments (expected: pairs)");
            }
            for (int i = 0; i < args.length; i += 2) {
                put(args[i], decodeScore(args[i + 1]), limits);
            }
        } else if (op == REMOVE) {
            for (byte[] m : args) {
                delete(m);
            }
        } else {
            throw new IllegalArgumentException("op: " + op + " (expected: a sorted-set effect)");
        }
    }

    @Override
    byte[][] elements() {
        byte[][] e = new byte[2 * size()][];
        int[] i = {0};
        walk(0, false, (m, s) -> {
            e[i[0]++] = m;
            e[i[0]++] = encodeScore(s);
            return true;
        });
        return e;
    }

    @Override
    void load(byte[][] elements, int from, EncodingLimits limits) {
        if ((elements.length - from) % 2 != 0) {
            throw new IllegalArgumentException("elements: " + (elements.length - from) + " (expected: pairs)");
        }
        int n = (elements.length - from) / 2;
        boolean small = n <= limits.zsetMaxListpackEntries();
        for (int i = from; small && i < elements.length; i += 2) {
            small = elements[i].length <= limits.zsetMaxListpackValue();
        }
        if (!small) {
            list = new ZSkipList();
        }
        for (int i = from; i < elements.length; i += 2) {
            put(elements[i], decodeScore(elements[i + 1]), limits);
        }
    }

    /** Returns the 8-byte big-endian bits of {@code score}, as effects and {@link #elements()} carry it. */
    static byte[] encodeScore(double score) {
        return ByteBuffer.allocate(8).putDouble(score).array();
    }

    private static double decodeScore(byte[] bits) {
        if (bits.length != 8) {
            throw new IllegalArgumentException("score: " + bits.length + " bytes (expected: 8)");
        }
        double s = ByteBuffer.wrap(bits).getDouble();
        if (Double.isNaN(s)) {
            throw new IllegalArgumentException("score: NaN");
        }
        return s;
    }

    /** Sets the score of {@code m}, adding it (and converting to a skiplist if it outgrows {@code limits}). */
    private void put(byte[] m, double s, EncodingLimits limits) {
        if (list == null) {
            int p = find(m);
            if (p >= 0) {
                if (scoreAt(p) != s) {
                    splice(p, end(p), EMPTY);
                    count--;
                    insert(m, s);
                }
                return;
            }
            if (count + 1 <= limits.zsetMaxListpackEntries() && m.length <= limits.zsetMaxListpackValue()) {
                insert(m, s);
                return;
            }
            convert();
        }
        int x = list.find(m);
        if (x == ZSkipList.NIL) {
            list.insert(m.clone(), s);
        } else if (list.score(x) != s) {
            byte[] kept = list.member(x);
            list.delete(x);
            list.insert(kept, s);
        }
    }

    private void delete(byte[] m) {
        if (list != null) {
            int x = list.find(m);
            if (x != ZSkipList.NIL) {
                list.delete(x);
            }
            return;
        }
        int p = find(m);
        if (p >= 0) {
            splice(p, end(p), EMPTY);
            count--;
        }
    }

    private void convert() {
        ZSkipList l = new ZSkipList();
        walk(0, false, (m, s) -> {
            l.insert(m, s);
            return true;
        });
        list = l;
        lp = EMPTY;
        count = 0;
    }

    /** Returns the score of {@code m}, or NaN if it is not a member. */
    double score(byte[] m) {
        if (list != null) {
            int x = list.find(m);
            return x == ZSkipList.NIL ? Double.NaN : list.score(x);
        }
        int p = find(m);
        return p < 0 ? Double.NaN : scoreAt(p);
    }

    /** Returns the 0-based ascending rank of {@code m}, or -1 if it is not a member. */
    int rank(byte[] m) {
        if (list != null) {
            int x = list.find(m);
            return x == ZSkipList.NIL ? -1 : list.rank(x);
        }
        int r = 0;
        for (int p = 0; p < lp.length; p = end(p), r++) {
            if (memberEquals(p, m)) {
                return r;
            }
        }
        return -1;
    }

    /** Returns the member of rank {@code r} and its score. */
    ScoredMember entry(int r) {
        ScoredMember[] e = new ScoredMember[1];
        walk(r, false, (m, s) -> {
            e[0] = new ScoredMember(m, s);
            return false;
        });
        return e[0];
    }

    /**
     * Visits the members from rank {@code from} (nothing if out of range) towards the highest rank, or the lowest
     * if {@code reverse}, until {@code visitor} returns {@code false}.
     */
    void walk(int from, boolean reverse, Visitor visitor) {
        if (from < 0 || from >= size()) {
            return;
        }
        if (list != null) {
            for (int x = list.at(from); x != ZSkipList.NIL; x = reverse ? list.prev(x) : list.next(x)) {
                if (!visitor.visit(list.member(x), list.score(x))) {
                    return;
                }
            }
            return;
        }
        int[] offsets = new int[count];
        for (int p = 0, r = 0; p < lp.length; p = end(p)) {
            offsets[r++] = p;
        }
        for (int r = from; r >= 0 && r < count; r += reverse ? -1 : 1) {
            if (!visitor.visit(memberAt(offsets[r]), scoreAt(offsets[r]))) {
                return;
            }
        }
    }

    /** Returns the rank of the first member whose score is in {@code range}, or -1, as Redis's zslFirstInRange. */
    int firstInRange(ScoreRange range) {
        return range.isEmpty() ? -1 : first((m, s) -> range.aboveMin(s), (m, s) -> range.belowMax(s));
    }

    /** Returns the rank of the last member whose score is in {@code range}, or -1, as Redis's zslLastInRange. */
    int lastInRange(ScoreRange range) {
        return range.isEmpty() ? -1 : last((m, s) -> range.aboveMin(s), (m, s) -> range.belowMax(s));
    }

    /** Returns the rank of the first member in {@code range}, or -1, as Redis's zslFirstInLexRange. */
    int firstInLex(LexRange range) {
        return range.isEmpty() ? -1 : first((m, s) -> range.aboveMin(m), (m, s) -> range.belowMax(m));
    }

    /** Returns the rank of the last member in {@code range}, or -1, as Redis's zslLastInLexRange. */
    int lastInLex(LexRange range) {
        return range.isEmpty() ? -1 : last((m, s) -> range.aboveMin(m), (m, s) -> range.belowMax(m));
    }

    /**
     * Redis's {@code zzlFirstInRange}/{@code zslFirstInRange}: none unless the last entry is above the minimum and
     * the first below the maximum; else the first entry above the minimum (scanning a listpack, descending the
     * skiplist), if it is below the maximum.
     */
    private int first(EntryTest aboveMin, EntryTest belowMax) {
        int n = size();
        if (n == 0 || !test(aboveMin, n - 1) || !test(belowMax, 0)) {
            return -1;
        }
        int r;
        if (list != null) {
            r = list.firstPassing(x -> aboveMin.test(list.member(x), list.score(x)));
        } else {
            int[] at = {0};
            walk(0, false, (m, s) -> !aboveMin.test(m, s) && ++at[0] > 0);
            r = at[0];
        }
        return r < n && test(belowMax, r) ? r : -1;
    }

    /** Redis's {@code zzlLastInRange}/{@code zslLastInRange}, the mirror of {@link #first}. */
    private int last(EntryTest aboveMin, EntryTest belowMax) {
        int n = size();
        if (n == 0 || !test(aboveMin, n - 1) || !test(belowMax, 0)) {
            return -1;
        }
        int r;
        if (list != null) {
            r = list.lastPassing(x -> belowMax.test(list.member(x), list.score(x)));
        } else {
            int[] at = {n - 1};
            walk(n - 1, true, (m, s) -> !belowMax.test(m, s) && --at[0] >= 0);
            r = at[0];
        }
        return r >= 0 && test(aboveMin, r) ? r : -1;
    }

    private boolean test(EntryTest t, int r) {
        ScoredMember e = entry(r);
        return t.test(e.member(), e.score());
    }

    /**
     * Visits members for {@code ZSCAN}: a listpack whole (returning cursor 0), a skiplist by hash buckets from
     * {@code cursor}, about {@code count} members.
     *
     * @return the next cursor
     */
    long scan(long cursor, int count, Consumer<ScoredMember> visitor) {
        if (list == null) {
            walk(0, false, (m, s) -> {
                visitor.accept(new ScoredMember(m, s));
                return true;
            });
            return 0;
        }
        return list.scan(cursor, count, x -> visitor.accept(new ScoredMember(list.member(x), list.score(x))));
    }

    /** Returns every member in order. */
    List<ScoredMember> all() {
        List<ScoredMember> all = new ArrayList<>(size());
        walk(0, false, (m, s) -> all.add(new ScoredMember(m, s)));
        return all;
    }

    // --- listpack ---

    private int header(int p) {
        int h = 0;
        for (int shift = 0;; shift += 7) {
            byte b = lp[p++];
            h |= (b & 0x7F) << shift;
            if (b >= 0) {
                return h;
            }
        }
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private int memberStart(int p) {
        return p + varintSize(header(p));
    }

    private int end(int p) {
        int h = header(p);
        return p + varintSize(h) + (h >>> 3) + SCORE_BYTES[h & 7];
    }

    private byte[] memberAt(int p) {
        int start = memberStart(p);
        return Arrays.copyOfRange(lp, start, start + (header(p) >>> 3));
    }

    private boolean memberEquals(int p, byte[] m) {
        int h = header(p);
        int start = p + varintSize(h);
        return Arrays.equals(lp, start, start + (h >>> 3), m, 0, m.length);
    }

    private int compareMember(int p, byte[] m) {
        int h = header(p);
        int start = p + varintSize(h);
        return Arrays.compareUnsigned(lp, start, start + (h >>> 3), m, 0, m.length);
    }

    private double scoreAt(int p) {
        int h = header(p);
        int at = p + varintSize(h) + (h >>> 3);
        ByteBuffer b = ByteBuffer.wrap(lp);
        switch (h & 7) {
            case 1:
                return lp[at];
            case 2:
                return b.getShort(at);
            case 3:
                return b.getInt(at);
            case 4:
                return b.getFloat(at);
            default:
                return b.getDouble(at);
        }
    }

    private int find(byte[] m) {
        for (int p = 0; p < lp.length; p = end(p)) {
            if (memberEquals(p, m)) {
                return p;
            }
        }
        return -1;
    }

    /** Inserts the entry of {@code m}, not present, before the first entry ordered after it. */
    private void insert(byte[] m, double s) {
        int p = 0;
        while (p < lp.length) {
            double ps = scoreAt(p);
            if (ps > s || (ps == s && compareMember(p, m) > 0)) {
                break;
            }
            p = end(p);
        }
        double score = s == 0 ? 0.0 : s;
        int i = (int) score;
        int kind = i != score ? ((float) score == score ? 4 : 0) : i == (byte) i ? 1 : i == (short) i ? 2 : 3;
        int h = m.length << 3 | kind;
        ByteBuffer e = ByteBuffer.allocate(varintSize(h) + m.length + SCORE_BYTES[kind]);
        for (int v = h; ; v >>>= 7) {
            if ((v >>> 7) == 0) {
                e.put((byte) v);
                break;
            }
            e.put((byte) (v & 0x7F | 0x80));
        }
        e.put(m);
        switch (kind) {
            case 1:
                e.put((byte) i);
                break;
            case 2:
                e.putShort((short) i);
                break;
            case 3:
                e.putInt(i);
                break;
            case 4:
                e.putFloat((float) score);
                break;
            default:
                e.putDouble(score);
                break;
        }
        splice(p, p, e.array());
        count++;
    }

    /** Replaces {@code lp[from, to)} by {@code bytes}, reallocating to the exact size. */
    private void splice(int from, int to, byte[] bytes) {
        byte[] n = new byte[lp.length - (to - from) + bytes.length];
        System.arraycopy(lp, 0, n, 0, from);
        System.arraycopy(bytes, 0, n, from, bytes.length);
        System.arraycopy(lp, to, n, from + bytes.length, lp.length - to);
        lp = n;
    }
}
