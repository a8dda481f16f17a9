package org.kvlab.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.kvlab.api.EncodingLimits;
import org.kvlab.api.HashEntry;
import org.kvlab.api.HashScanResult;
import org.kvlab.api.ValueType;

/**
 * A hash, in one of Redis's two encodings, converted once from the first to the second (as {@code hashTypeConvert})
 * and never back:
 * <ul>
 *   <li>{@code listpack}: one packed {@code byte[]} of entries, field then value, each its length (a base-128
 *       varint) then its bytes, in insertion order; setting an existing field replaces its value in place, removing
 *       one closes the gap. Lookups scan it, as Redis's do. Used while the hash has at most
 *       {@code hash-max-listpack-entries} fields and no field or value longer than
 *       {@code hash-max-listpack-value} bytes.</li>
 *   <li>{@code hashtable}: open addressing with linear probing over a power-of-two array of entries, each entry one
 *       immutable {@code byte[]} packed as above (field length, field, value), so a copy shares them; removal
 *       shifts the probe run back, so no tombstones. It grows past 3/4 full and shrinks below 1/8.</li>
 * </ul>
 *
 * <p>Effects: {@link #SET} (field, value pairs: converts first if any is too long, then sets each in order,
 * converting once the fields outnumber the limit, as {@code hsetCommand}), {@link #DELETE} (fields). Not thread-safe.
 */
final class HashValue extends Container {

    /** Sets fields: {@code args} are field, value pairs. */
    static final byte SET = Container.op(ValueType.HASH, 1);
    /** Removes fields: {@code args} are field names; absent ones are ignored. */
    static final byte DELETE = Container.op(ValueType.HASH, 2);

    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_CAPACITY = 8;
    /** This object's size: header, {@code epoch}, {@code data}, {@code packed} (64-bit JVM, compressed oops). */
    private static final int SHALLOW = 24;
    /** A {@link Table}'s size: header, {@code slots}, {@code size}, {@code entryMemory}. */
    private static final int TABLE_SHALLOW = 32;
    private static final int ARRAY_HEADER = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Drawn per process, so that clients cannot choose fields that collide (hash flooding), as Redis seeds SipHash. */
    private static final long SEED = new SplittableRandom().nextLong();

    /**
     * The listpack ({@code byte[]}) or, once converted, the hash table ({@link Table}): one field rather than two
     * keeps this object at 24 bytes, which counts for many small hashes.
     */
    private Object data = EMPTY;
    /** The number of fields in the listpack. */
    private int packed;

    private byte[] pack() {
        return (byte[]) data;
    }

    private Table table() {
        return (Table) data;
    }

    @Override
    ValueType type() {
        return ValueType.HASH;
    }

    @Override
    String encoding() {
        return data instanceof byte[] ? "listpack" : "hashtable";
    }

    @Override
    int size() {
        return data instanceof byte[] ? packed : table().size;
    }

    @Override
    long memory() {
        if (data instanceof byte[]) {
            return SHALLOW + arrayMemory(pack().length);
        }
        Table table = table();
        return SHALLOW + TABLE_SHALLOW + align(ARRAY_HEADER + 4L * table.slots.length) + table.entryMemory;
    }

    @Override
    Container copy() {
        HashValue copy = new HashValue();
        if (data instanceof byte[]) {
            copy.data = pack().clone();
            copy.packed = packed;
        } else {
            copy.data = table().copy();
        }
        return copy;
    }

    @Override
    void apply(byte op, byte[][] args, EncodingLimits limits) {
        if (op == SET) {
            if (args.length == 0 || (args.length & 1) != 0) {
                throw new IllegalArgumentException("hash set of " + args.length + " arguments (expected: pairs)");
            }
            if (data instanceof byte[]) {
                for (byte[] arg : args) {
                    if (arg.length > limits.hashMaxListpackValue()) {
                        convert();
                        break;
                    }
                }
            }
            for (int i = 0; i < args.length; i += 2) {
                put(args[i], args[i + 1]);
                if (data instanceof byte[] && packed > limits.hashMaxListpackEntries()) {
                    convert();
                }
            }
        } else if (op == DELETE) {
            for (byte[] field : args) {
                remove(field);
            }
        } else {
            throw new IllegalArgumentException("op " + op + " (expected: a hash effect)");
        }
    }

    @Override
    byte[][] elements() {
        byte[][] out = new byte[2 * size()][];
        int k = 0;
        if (data instanceof byte[]) {
            byte[] lp = pack();
            for (int p = 0; p < lp.length; ) {
                int end = next(lp, p);
                out[k++] = content(lp, p);
                p = end;
            }
        } else {
            for (byte[] e : table().slots) {
                if (e != null) {
                    out[k++] = field(e);
                    out[k++] = value(e);
                }
            }
        }
        return out;
    }

    /** Receives a hash's fields and values where they lie. */
    @FunctionalInterface
    interface EntrySink {

        /**
         * Receives the next field and its value, {@code array[fieldOffset..)} and {@code array[valueOffset..)}; the
         * array is valid during the call and not to be changed.
         */
        void entry(byte[] array, int fieldOffset, int fieldLength, int valueOffset, int valueLength)
                throws java.io.IOException;
    }

    /** Hands every field and value to {@code sink} without copying them, in {@link #elements()}'s order. */
    void forEachEntry(EntrySink sink) throws java.io.IOException {
        if (data instanceof byte[]) {
            byte[] lp = pack();
            for (int p = 0; p < lp.length; ) {
                int fieldLength = contentLength(lp, p);
                int field = p + varintLength(fieldLength);
                int valueLength = contentLength(lp, field + fieldLength);
                int value = field + fieldLength + varintLength(valueLength);
                sink.entry(lp, field, fieldLength, value, valueLength);
                p = value + valueLength;
            }
        } else {
            for (byte[] e : table().slots) {
                if (e != null) {
                    int fieldLength = contentLength(e, 0);
                    int value = encodedLength(fieldLength);
                    sink.entry(e, varintLength(fieldLength), fieldLength, value, e.length - value);
                }
            }
        }
    }

    @Override
    void load(byte[][] elements, int from, EncodingLimits limits) {
        int n = elements.length - from;
        if (n < 0 || (n & 1) != 0 || size() != 0) {
            throw new IllegalArgumentException("hash of " + n + " elements (expected: pairs, into an empty hash)");
        }
        boolean small = n / 2 <= limits.hashMaxListpackEntries();
        for (int i = from; i < elements.length && small; i++) {
            small = elements[i].length <= limits.hashMaxListpackValue();
        }
        if (!small) {
            data = new Table(capacityFor(n / 2));
        }
        for (int i = from; i < elements.length; i += 2) {
            put(elements[i], elements[i + 1]);
        }
    }

    // ---- reads, for HashOps ----

    /** Returns a copy of the value of {@code field}, or {@code null}. */
    byte[] get(byte[] field) {
        if (data instanceof byte[]) {
            int p = find(field);
            return p < 0 ? null : content(pack(), next(pack(), p));
        }
        int i = table().find(field);
        return i < 0 ? null : value(table().slots[i]);
    }

    /** Returns whether {@code field} exists. */
    boolean contains(byte[] field) {
        return data instanceof byte[] ? find(field) >= 0 : table().find(field) >= 0;
    }

    /** Returns the length of the value of {@code field}, or -1 if it does not exist. */
    int valueLength(byte[] field) {
        if (data instanceof byte[]) {
            int p = find(field);
            return p < 0 ? -1 : contentLength(pack(), next(pack(), p));
        }
        int i = table().find(field);
        return i < 0 ? -1 : valueLengthOf(table().slots[i]);
    }

    /** Returns copies of the fields, values or both, in this hash's order; a value left out is {@code null}. */
    List<HashEntry> entries(boolean fields, boolean values) {
        List<HashEntry> out = new ArrayList<>(size());
        if (data instanceof byte[]) {
            byte[] lp = pack();
            for (int p = 0; p < lp.length; ) {
                int v = next(lp, p);
                out.add(new HashEntry(fields ? content(lp, p) : EMPTY, values ? content(lp, v) : null));
                p = next(lp, v);
            }
        } else {
            for (byte[] e : table().slots) {
                if (e != null) {
                    out.add(new HashEntry(fields ? field(e) : EMPTY, values ? value(e) : null));
                }
            }
        }
        return out;
    }

    /**
     * Returns random entries as {@link org.kvlab.api.Hashes#randomFields} describes: {@code count} distinct ones
     * (all, in order, if there are no more) when positive, {@code -count} independent draws when negative.
     */
    List<HashEntry> random(long count, boolean withValues, RandomGenerator random) {
        int size = size();
        if (count >= size) {
            return entries(true, withValues);
        }
        Positions positions = data instanceof byte[] ? new Positions(pack(), packed) : null;
        List<HashEntry> out = new ArrayList<>((int) Math.min(Math.abs(count), 1024));
        if (count < 0) {
            for (long k = 0; k < -count; k++) {
                out.add(entryAt(positions, randomIndex(positions, random), withValues));
            }
            return out;
        }
        int n = (int) count;
        if (positions != null || n * 3L > size) {
            // few to leave out: shuffle the positions of every entry partially, take the first n
            int[] all = positions != null ? positions.starts : table().occupied();
            for (int k = 0; k < n; k++) {
                int j = k + random.nextInt(all.length - k);
                int t = all[k];
                all[k] = all[j];
                all[j] = t;
                out.add(positions != null ? entryAt(positions, all[k], withValues) : tableEntry(all[k], withValues));
            }
            return out;
        }
        Set<Integer> chosen = new HashSet<>();
        while (out.size() < n) {
            int slot = randomIndex(null, random);
            if (chosen.add(slot)) {
                out.add(tableEntry(slot, withValues));
            }
        }
        return out;
    }

    /**
     * One step of {@link org.kvlab.api.Hashes#scan}: a listpack returns everything (filtered) and cursor 0; a hash
     * table visits home buckets in reverse-binary cursor order, as Redis's {@code dictScan}, until {@code count}
     * entries were examined or {@code 10 * 2 * count} buckets visited (Redis counts fields and values).
     */
    HashScanResult scan(long cursor, int count, Predicate<byte[]> filter) {
        List<HashEntry> out = new ArrayList<>();
        if (data instanceof byte[]) {
            byte[] lp = pack();
            for (int p = 0; p < lp.length; ) {
                int v = next(lp, p);
                byte[] field = content(lp, p);
                if (filter.test(field)) {
                    out.add(new HashEntry(field, content(lp, v)));
                }
                p = next(lp, v);
            }
            return new HashScanResult(0, out);
        }
        Table table = table();
        byte[][] slots = table.slots;
        int mask = slots.length - 1;
        long buckets = 20L * count;
        long examined = 0;
        long c = cursor;
        do {
            int home = (int) c & mask;
            for (int i = home; slots[i] != null; i = (i + 1) & mask) {
                byte[] e = slots[i];
                if ((table.hash(e) & mask) == home) {
                    examined++;
                    byte[] field = field(e);
                    if (filter.test(field)) {
                        out.add(new HashEntry(field, value(e)));
                    }
                }
            }
            c |= ~(long) mask;
            c = Long.reverse(Long.reverse(c) + 1);
        } while (c != 0 && --buckets > 0 && examined < count);
        return new HashScanResult(c, out);
    }

    // ---- changes ----

    private void put(byte[] field, byte[] value) {
        if (!(data instanceof byte[])) {
            table().put(field, value);
            return;
        }
        int p = find(field);
        if (p < 0) {
            byte[] lp = pack();
            int at = lp.length;
            byte[] grown = Arrays.copyOf(lp, at + encodedLength(field.length) + encodedLength(value.length));
            at = write(grown, write(grown, at, field), value);
            data = grown;
            packed++;
            return;
        }
        byte[] lp = pack();
        int v = next(lp, p);
        int end = next(lp, v);
        int length = encodedLength(value.length);
        if (length == end - v) {
            write(lp, v, value);
            return;
        }
        byte[] changed = new byte[lp.length - (end - v) + length];
        System.arraycopy(lp, 0, changed, 0, v);
        write(changed, v, value);
        System.arraycopy(lp, end, changed, v + length, lp.length - end);
        data = changed;
    }

    private void remove(byte[] field) {
        if (!(data instanceof byte[])) {
            table().remove(field);
            return;
        }
        int p = find(field);
        if (p >= 0) {
            byte[] lp = pack();
            int end = next(lp, next(lp, p));
            byte[] shrunk = new byte[lp.length - (end - p)];
            System.arraycopy(lp, 0, shrunk, 0, p);
            System.arraycopy(lp, end, shrunk, p, lp.length - end);
            data = shrunk;
            packed--;
        }
    }

    /** Converts the listpack to a hash table ({@code hashTypeConvertListpack}). */
    private void convert() {
        Table t = new Table(capacityFor(packed));
        byte[] lp = pack();
        for (int p = 0; p < lp.length; ) {
            int v = next(lp, p);
            int end = next(lp, v);
            t.put(content(lp, p), content(lp, v));
            p = end;
        }
        data = t;
        packed = 0;
    }

    // ---- listpack layout ----

    /** Returns the offset of the entry of {@code field} in the listpack, or -1. */
    private int find(byte[] field) {
        byte[] lp = pack();
        for (int p = 0; p < lp.length; ) {
            int length = contentLength(lp, p);
            int start = p + varintLength(length);
            int v = start + length;
            if (length == field.length && Arrays.equals(lp, start, v, field, 0, length)) {
                return p;
            }
            p = next(lp, v);
        }
        return -1;
    }

    /** Returns the offset after the entry at {@code p}. */
    private static int next(byte[] lp, int p) {
        int length = contentLength(lp, p);
        return p + varintLength(length) + length;
    }

    /** Returns the length of the content of the entry at {@code p}: a base-128 varint, low bits first. */
    private static int contentLength(byte[] lp, int p) {
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = lp[p++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return length;
    }

    /** Returns a copy of the content of the entry at {@code p}. */
    private static byte[] content(byte[] lp, int p) {
        int length = contentLength(lp, p);
        int start = p + varintLength(length);
        return Arrays.copyOfRange(lp, start, start + length);
    }

    /** Writes {@code content} as an entry at {@code p}; returns the offset after it. */
    private static int write(byte[] lp, int p, byte[] content) {
        int length = content.length;
        while (length >= 0x80) {
            lp[p++] = (byte) (length | 0x80);
            length >>>= 7;
        }
        lp[p++] = (byte) length;
        System.arraycopy(content, 0, lp, p, content.length);
        return p + content.length;
    }

    private static int varintLength(int length) {
        return length < 1 << 7 ? 1 : length < 1 << 14 ? 2 : length < 1 << 21 ? 3 : length < 1 << 28 ? 4 : 5;
    }

    private static int encodedLength(int length) {
        return varintLength(length) + length;
    }

    /** The entry offsets of a listpack, for random picks. */
    private static final class Positions {
        final byte[] lp;
        final int[] starts;

        Positions(byte[] lp, int count) {
            this.lp = lp;
            this.starts = new int[count];
            int k = 0;
            for (int p = 0; p < lp.length; p = next(lp, next(lp, p))) {
                starts[k++] = p;
            }
        }
    }

    private int randomIndex(Positions positions, RandomGenerator random) {
        if (positions != null) {
            return positions.starts[random.nextInt(positions.starts.length)];
        }
        byte[][] slots = table().slots;
        while (true) {
            int i = random.nextInt(slots.length);
            if (slots[i] != null) {
                return i;
            }
        }
    }

    /** Returns the entry at listpack offset {@code p} (with {@code positions}) or table slot {@code p}. */
    private HashEntry entryAt(Positions positions, int p, boolean withValue) {
        if (positions == null) {
            return tableEntry(p, withValue);
        }
        return new HashEntry(content(positions.lp, p), withValue ? content(positions.lp, next(positions.lp, p)) : null);
    }

    private HashEntry tableEntry(int slot, boolean withValue) {
        byte[] e = table().slots[slot];
        return new HashEntry(field(e), withValue ? value(e) : null);
    }

    // ---- hash-table entries: [field length varint][field][value] ----

    private static byte[] entry(byte[] field, byte[] value) {
        byte[] e = new byte[encodedLength(field.length) + value.length];
        int p = write(e, 0, field);
        System.arraycopy(value, 0, e, p, value.length);
        return e;
    }

    private static byte[] field(byte[] e) {
        return content(e, 0);
    }

    private static byte[] value(byte[] e) {
        int length = contentLength(e, 0);
        return Arrays.copyOfRange(e, varintLength(length) + length, e.length);
    }

    private static int valueLengthOf(byte[] e) {
        return e.length - encodedLength(contentLength(e, 0));
    }

    private static boolean holds(byte[] e, byte[] field) {
        int length = contentLength(e, 0);
        int start = varintLength(length);
        return length == field.length && Arrays.equals(e, start, start + length, field, 0, length);
    }

    /** Hashes {@code length} bytes of {@code b} from {@code from}: eight bytes a step, seeded, well mixed. */
    static int hash(byte[] b, int from, int length) {
        long h = SEED ^ length;
        int i = from;
        int end = from + length;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            h = mix(h ^ (long) LONGS.get(b, i));
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (b[i] & 0xFFL) << shift;
        }
        h = mix(mix(h ^ tail) ^ SEED);
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long x) {
        long m = x * 0xBF58476D1CE4E5B9L;
        return m ^ Math.multiplyHigh(x, 0x94D049BB133111EBL) ^ (m >>> 31);
    }

    private static int capacityFor(int entries) {
        int capacity = MIN_CAPACITY;
        while (capacity * 3L / 4 < entries) {
            capacity <<= 1;
        }
        return capacity;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    private static long arrayMemory(int length) {
        return align(ARRAY_HEADER + (long) length);
    }

    /** The hash-table encoding: open addressing, linear probing, backward-shift removal. */
    private static final class Table {
        byte[][] slots;
        int size;
        /** The memory of the entries' arrays, headers and padding included. */
        long entryMemory;

        Table(int capacity) {
            slots = new byte[capacity][];
        }

        Table copy() {
            Table t = new Table(0);
            t.slots = slots.clone();
            t.size = size;
            t.entryMemory = entryMemory;
            return t;
        }

        int hash(byte[] e) {
            int length = contentLength(e, 0);
            return HashValue.hash(e, varintLength(length), length);
        }

        int find(byte[] field) {
            int mask = slots.length - 1;
            for (int i = HashValue.hash(field, 0, field.length) & mask; slots[i] != null; i = (i + 1) & mask) {
                if (holds(slots[i], field)) {
                    return i;
                }
            }
            return -1;
        }

        void put(byte[] field, byte[] value) {
            byte[] e = entry(field, value);
            int mask = slots.length - 1;
            int i = HashValue.hash(field, 0, field.length) & mask;
            for (; slots[i] != null; i = (i + 1) & mask) {
                if (holds(slots[i], field)) {
                    entryMemory += arrayMemory(e.length) - arrayMemory(slots[i].length);
                    slots[i] = e;
                    return;
                }
            }
            slots[i] = e;
            size++;
            entryMemory += arrayMemory(e.length);
            if (size > slots.length * 3L / 4) {
                resize(slots.length << 1);
            }
        }

        void remove(byte[] field) {
            int i = find(field);
            if (i < 0) {
                return;
            }
            entryMemory -= arrayMemory(slots[i].length);
            size--;
            int mask = slots.length - 1;
            slots[i] = null;
            // shift back the entries of the probe run that may no longer be reached past the hole
            for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
                int home = hash(slots[j]) & mask;
                boolean movable = i <= j ? home <= i || home > j : home <= i && home > j;
                if (movable) {
                    slots[i] = slots[j];
                    slots[j] = null;
                    i = j;
                }
            }
            if (slots.length > MIN_CAPACITY && size < slots.length / 8) {
                resize(capacityFor(size));
            }
        }

        /** Returns the slot of every entry. */
        int[] occupied() {
            int[] out = new int[size];
            int k = 0;
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null) {
                    out[k++] = i;
                }
            }
            return out;
        }

        private void resize(int capacity) {
            byte[][] old = slots;
            slots = new byte[capacity][];
            int mask = capacity - 1;
            for (byte[] e : old) {
                if (e != null) {
                    int i = hash(e) & mask;
                    while (slots[i] != null) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = e;
                }
            }
        }
    }
}
