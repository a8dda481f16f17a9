package org.kvlab.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.kvlab.api.EncodingLimits;
import org.kvlab.api.ValueType;

/**
 * A set, in one of Redis 7.0's two encodings:
 * <ul>
 *   <li>{@code intset}: every member a decimal integer in canonical form ({@link #isInteger}), at most
 *       {@code set-max-intset-entries} of them, packed in one {@code byte[]} sorted ascending, each value 2, 4 or 8
 *       bytes little-endian, the width the widest value needs, as Redis's {@code intset.c} (the width never shrinks);
 *       its members are listed ascending;</li>
 *   <li>{@code hashtable}: open addressing with linear probing over the members' arrays (copies of those added, so
 *       the set keeps no caller's array), at most three quarters full, removal by backward shift (no tombstones),
 *       shrunk when under a tenth full.</li>
 * </ul>
 * An intset converts, once, when a member that is not an integer is added or it outgrows the limit; a hashtable stays
 * one (as in Redis) except where a whole set is built anew ({@link #load}, {@link #POP_REBUILD}).
 *
 * <p>Effects: {@link #ADD} and {@link #REMOVE} of the members given, {@link #POP_REBUILD}. Not thread-safe.
 */
final class SetValue extends Container {

    /** Adds each argument (a member already present is left alone). */
    static final byte ADD = op(ValueType.SET, 0);
    /** Removes each argument (one absent is ignored). */
    static final byte REMOVE = op(ValueType.SET, 1);
    /**
     * Removes each argument, then re-encodes the members left as a set built anew from them would be: what Redis's
     * {@code SPOP} with a count close to the size does, when it moves the members it keeps into a new set.
     */
    static final byte POP_REBUILD = op(ValueType.SET, 2);

    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] NO_INTS = new byte[0];
    private static final int MIN_CAPACITY = 4;
    /** Redis caps the intset at 2^30 entries whatever {@code set-max-intset-entries} says. */
    private static final int INTSET_CAP = 1 << 30;
    /** This object: a 12-byte header, the epoch, two references, two ints and a long. */
    private static final int SHALLOW = 40;
    private static final int ARRAY_HEADER = 16;

    /** The intset's values, or {@code null} for a hashtable. Replaced, never changed in place: copies share it. */
    private byte[] ints = NO_INTS;
    /** The bytes of each intset value: 2, 4 or 8. */
    private int width = 2;
    /** The hashtable's slots (a power of two of them), or {@code null} for an intset. */
    private byte[][] slots;
    /** The hashtable's member count. */
    private int count;
    /** The memory of the hashtable's member arrays, as {@link #arrayMemory} counts them. */
    private long memberBytes;

    /** Creates an empty intset. */
    SetValue() {
    }

    /** Creates an empty hashtable with room for {@code expected} members, for building results. */
    static SetValue hashtable(int expected) {
        SetValue set = new SetValue();
        set.ints = null;
        set.slots = new byte[capacityFor(expected)][];
        return set;
    }

    @Override
    ValueType type() {
        return ValueType.SET;
    }

    @Override
    String encoding() {
        return ints != null ? "intset" : "hashtable";
    }

    @Override
    int size() {
        return ints != null ? ints.length / width : count;
    }

    @Override
    long memory() {
        return ints != null ? SHALLOW + arrayMemory(ints.length)
                : SHALLOW + align(ARRAY_HEADER + 4L * slots.length) + memberBytes;
    }

    @Override
    Container copy() {
        SetValue copy = new SetValue();
        copy.ints = ints;
        copy.width = width;
        copy.slots = slots == null ? null : slots.clone();
        copy.count = count;
        copy.memberBytes = memberBytes;
        return copy;
    }

    @Override
    void apply(byte op, byte[][] args, EncodingLimits limits) {
        if (op == ADD) {
            for (byte[] member : args) {
                add(member, limits);
            }
        } else if (op == REMOVE || op == POP_REBUILD) {
            for (byte[] member : args) {
                remove(member);
            }
            if (op == POP_REBUILD && ints == null) {
                byte[][] rest = elements();
                ints = NO_INTS;
                width = 2;
                slots = null;
                count = 0;
                memberBytes = 0;
                load(rest, 0, limits);
            }
        } else {
            throw new IllegalArgumentException("op: " + op + " (expected: an effect of a set)");
        }
    }

    @Override
    byte[][] elements() {
        if (ints != null) {
            byte[][] out = new byte[ints.length / width][];
            for (int i = 0; i < out.length; i++) {
                out[i] = decimal(intAt(i));
            }
            return out;
        }
        byte[][] out = new byte[count][];
        int k = 0;
        for (byte[] member : slots) {
            if (member != null) {
                out[k++] = member;
            }
        }
        return out;
    }

    @Override
    void load(byte[][] elements, int from, EncodingLimits limits) {
        int n = elements.length - from;
        if (n > maxIntset(limits)) {
            ints = null;
            slots = new byte[capacityFor(n)][];
            for (int i = from; i < elements.length; i++) {
                if (find(elements[i]) < 0) {
                    insert(elements[i]);
                }
            }
        } else if (!loadAscending(elements, from)) {
            for (int i = from; i < elements.length; i++) {
                add(elements[i], limits);
            }
        }
    }

    /** Packs {@code elements[from..)} as the intset if they are integers in strictly ascending order. */
    private boolean loadAscending(byte[][] elements, int from) {
        int w = 2;
        long previous = 0;
        for (int i = from; i < elements.length; i++) {
            if (!Decimal.isInteger(elements[i])) {
                return false;
            }
            long v = Decimal.toLong(elements[i]);
            if (i > from && v <= previous) {
                return false;
            }
            previous = v;
            w = Math.max(w, widthOf(v));
        }
        byte[] packed = new byte[(elements.length - from) * w];
        for (int i = from; i < elements.length; i++) {
            put(packed, w, i - from, Decimal.toLong(elements[i]));
        }
        ints = packed;
        width = w;
        return true;
    }

    /** Returns whether {@code member} is a member. */
    boolean contains(byte[] member) {
        if (ints != null) {
            return Decimal.isInteger(member) && search(Decimal.toLong(member)) >= 0;
        }
        return find(member) >= 0;
    }

    /**
     * Adds {@code member}, converting to a hashtable if it is not an integer or the intset outgrows {@code limits}.
     *
     * @return whether it was not a member before
     */
    boolean add(byte[] member, EncodingLimits limits) {
        if (ints != null) {
            if (Decimal.isInteger(member)) {
                if (!addInt(Decimal.toLong(member))) {
                    return false;
                }
                if (size() > maxIntset(limits)) {
                    toHashtable(0);
                }
                return true;
            }
            toHashtable(size() + 1);
            insert(member.clone());
            return true;
        }
        if (find(member) >= 0) {
            return false;
        }
        insert(member.clone());
        return true;
    }

    /**
     * Removes {@code member}.
     *
     * @return whether it was a member
     */
    boolean remove(byte[] member) {
        if (ints != null) {
            return Decimal.isInteger(member) && removeInt(Decimal.toLong(member));
        }
        int i = find(member);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Returns a member chosen uniformly at random; the set must not be empty. */
    byte[] random(Random random) {
        if (ints != null) {
            return decimal(intAt(random.nextInt(ints.length / width)));
        }
        byte[][] t = slots;
        while (true) {
            byte[] member = t[random.nextInt(t.length)];
            if (member != null) {
                return member;
            }
        }
    }

    /**
     * One step of {@code SSCAN}: an intset is returned whole with cursor 0; a hashtable is walked by home bucket (a
     * member's hash masked by the table size) in the reverse-binary cursor order of Redis's {@code dictScan}, so a
     * member present for the whole iteration is returned at least once even if the table grows or shrinks between
     * steps. Examines buckets until at least {@code count} members were seen or ten times {@code count} buckets.
     *
     * @param out receives the members of this step that pass {@code filter}
     * @return the cursor to pass next, 0 when the iteration is complete
     */
    long scan(long cursor, int count, Predicate<byte[]> filter, List<byte[]> out) {
        if (ints != null) {
            for (byte[] member : elements()) {
                if (filter.test(member)) {
                    out.add(member);
                }
            }
            return 0;
        }
        byte[][] t = slots;
        int mask = t.length - 1;
        long v = cursor;
        long buckets = Math.max(1, count) * 10L;
        int seen = 0;
        do {
            int bucket = (int) (v & mask);
            for (int j = bucket; t[j] != null; j = (j + 1) & mask) {
                if ((KvHash.hash(t[j]) & mask) == bucket) {
                    seen++;
                    if (filter.test(t[j])) {
                        out.add(t[j]);
                    }
                }
            }
            v |= ~(long) mask;
            v = Long.reverse(Long.reverse(v) + 1);
        } while (v != 0 && --buckets > 0 && seen < count);
        return v;
    }

    // ---- intset

    private static int maxIntset(EncodingLimits limits) {
        return Math.min(limits.setMaxIntsetEntries(), INTSET_CAP);
    }

    private long intAt(int i) {
        switch (width) {
            case 2:
                return (short) SHORTS.get(ints, i * 2);
            case 4:
                return (int) INTS.get(ints, i * 4);
            default:
                return (long) LONGS.get(ints, i * 8);
        }
    }

    private static void put(byte[] array, int width, int i, long v) {
        switch (width) {
            case 2:
                SHORTS.set(array, i * 2, (short) v);
                break;
            case 4:
                INTS.set(array, i * 4, (int) v);
                break;
            default:
                LONGS.set(array, i * 8, v);
                break;
        }
    }

    private static int widthOf(long v) {
        return v == (short) v ? 2 : v == (int) v ? 4 : 8;
    }

    /** Returns the index of {@code v}, or {@code -(insertion point) - 1}. */
    private int search(long v) {
        int low = 0;
        int high = ints.length / width - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long m = intAt(mid);
            if (m < v) {
                low = mid + 1;
            } else if (m > v) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    private boolean addInt(long v) {
        int pos = search(v);
        if (pos >= 0) {
            return false;
        }
        pos = -pos - 1;
        int n = ints.length / width;
        int w = Math.max(width, widthOf(v));
        byte[] next = new byte[(n + 1) * w];
        if (w == width) {
            System.arraycopy(ints, 0, next, 0, pos * w);
            System.arraycopy(ints, pos * w, next, (pos + 1) * w, (n - pos) * w);
        } else {
            for (int i = 0; i < n; i++) {
                put(next, w, i < pos ? i : i + 1, intAt(i));
            }
        }
        put(next, w, pos, v);
        ints = next;
        width = w;
        return true;
    }

    private boolean removeInt(long v) {
        int pos = search(v);
        if (pos < 0) {
            return false;
        }
        int n = ints.length / width;
        byte[] next = n == 1 ? NO_INTS : new byte[(n - 1) * width];
        System.arraycopy(ints, 0, next, 0, pos * width);
        System.arraycopy(ints, (pos + 1) * width, next, pos * width, (n - pos - 1) * width);
        ints = next;
        return true;
    }

    private void toHashtable(int expected) {
        int n = ints.length / width;
        byte[][] t = new byte[capacityFor(Math.max(n, expected))][];
        slots = t;
        count = 0;
        memberBytes = 0;
        for (int i = 0; i < n; i++) {
            insert(decimal(intAt(i)));
        }
        ints = null;
    }


    /** Returns the canonical decimal form of {@code v}. */
    static byte[] decimal(long v) {
        byte[] digits = new byte[20];
        int at = digits.length;
        long rest = v < 0 ? v : -v;
        do {
            digits[--at] = (byte) ('0' - rest % 10);
            rest /= 10;
        } while (rest != 0);
        if (v < 0) {
            digits[--at] = '-';
        }
        return Arrays.copyOfRange(digits, at, digits.length);
    }

    // ---- hashtable

    /** Returns the smallest table (a power of two, at least {@value #MIN_CAPACITY}) at most 3/4 full with n. */
    private static int capacityFor(int n) {
        int capacity = MIN_CAPACITY;
        while (capacity - (capacity >>> 2) < n) {
            capacity <<= 1;
        }
        return capacity;
    }

    private static long arrayMemory(int length) {
        return align(ARRAY_HEADER + (long) length);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** Returns the slot of {@code member}, or -1. */
    private int find(byte[] member) {
        byte[][] t = slots;
        int mask = t.length - 1;
        for (int i = KvHash.hash(member) & mask; t[i] != null; i = (i + 1) & mask) {
            if (KvHash.equal(t[i], member)) {
                return i;
            }
        }
        return -1;
    }

    /** Inserts {@code member}, which is not a member, growing the table first if it would be over 3/4 full. */
    private void insert(byte[] member) {
        if (count + 1 > slots.length - (slots.length >>> 2)) {
            resize(slots.length << 1);
        }
        place(slots, member);
        count++;
        memberBytes += arrayMemory(member.length);
    }

    private static void place(byte[][] t, byte[] member) {
        int mask = t.length - 1;
        int i = KvHash.hash(member) & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = member;
    }

    private void resize(int capacity) {
        byte[][] old = slots;
        byte[][] t = new byte[capacity][];
        for (byte[] member : old) {
            if (member != null) {
                place(t, member);
            }
        }
        slots = t;
    }

    /**
     * Empties slot {@code i}, then moves back each member of the run after it that may take the hole (one whose home
     * bucket is not after the hole), so every member stays reachable from its home bucket without crossing an empty
     * slot.
     */
    private void removeAt(int i) {
        byte[][] t = slots;
        int mask = t.length - 1;
        memberBytes -= arrayMemory(t[i].length);
        count--;
        int hole = i;
        for (int j = (i + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int home = KvHash.hash(t[j]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                t[hole] = t[j];
                hole = j;
            }
        }
        t[hole] = null;
        if (t.length > MIN_CAPACITY && count * 10L < t.length) {
            resize(capacityFor(count));
        }
    }
}
