package org.kvlab.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import org.kvlab.api.ElementSink;
import org.kvlab.api.EncodingLimits;
import org.kvlab.api.ValueType;

/**
 * A list, laid out as Redis's {@code quicklist}: a sequence of packed nodes, each ONE {@code byte[]} holding its
 * elements back to back as listpack entries, so a node is walked from either end. {@code list-max-listpack-size}
 * bounds a node: -1 to -5 are 4 KB to 64 KB of entries, a positive value a number of elements (within Redis's 8 KB
 * safety limit); an element too big for any node gets a node of its own.
 *
 * <p>The nodes sit in the middle of an array with room at both ends, and the end nodes keep spare bytes on their
 * outer side, so a push or pop at either end is O(1) amortised; index access walks the nodes from the nearer end,
 * then the entries of one node. A write inside the list splits a node that outgrows the bound and merges neighbours
 * that fit together again. A node that stops being an end gives back its spare bytes.
 *
 * <p>Under {@code list-compress-depth} N &gt; 0, as in Redis, every node more than N nodes from either end is held
 * LZF-compressed when that saves more than 8 bytes (and the node has 48 or more): a read decompresses a copy of each
 * compressed node it walks, a change decompresses the nodes it edits in place and, once done, compresses those that
 * are inside and makes raw those that became ends. The depth in force for a change applies to the whole list.
 *
 * <p>An entry is encoded as listpack encodes it: an element that is a {@code long} in canonical decimal is held as
 * an integer of 1 to 9 bytes (0 to 127 in one), any other as a string with a 1, 2 or 5 byte header; then the byte
 * count of the encoding and data as a base-128 varint written backwards (its low 7 bits last), for a backward
 * reader. A 3-byte string takes 5 bytes, a number below 4096 two or three, as in Redis.
 *
 * <p>Effects, their arguments {@code byte[]}s (numbers as 8-byte big-endian): {@link #PUSH_LEFT} and
 * {@link #PUSH_RIGHT} the elements, pushed one by one; {@link #POP_LEFT} and {@link #POP_RIGHT} a count;
 * {@link #SET} an index and the element; {@link #INSERT} an index and the element that gets it; {@link #REMOVE} a
 * signed count (positive from the head, negative from the tail, 0 all) and the element; {@link #TRIM} how many to
 * drop at the head and at the tail. Not thread-safe.
 */
final class ListValue extends Container {

    /** An effect's number argument: 8 bytes, big-endian ({@link #number(long)}). */
    private static final VarHandle NUMBER = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Adds {@code args} one by one at the head. */
    static final byte PUSH_LEFT = op(ValueType.LIST, 1);
    /** Adds {@code args} one by one at the tail. */
    static final byte PUSH_RIGHT = op(ValueType.LIST, 2);
    /** Removes {@code args[0]} elements at the head. */
    static final byte POP_LEFT = op(ValueType.LIST, 3);
    /** Removes {@code args[0]} elements at the tail. */
    static final byte POP_RIGHT = op(ValueType.LIST, 4);
    /** Replaces the element at index {@code args[0]} by {@code args[1]}. */
    static final byte SET = op(ValueType.LIST, 5);
    /** Inserts {@code args[1]} so that it has index {@code args[0]} (0 to the length). */
    static final byte INSERT = op(ValueType.LIST, 6);
    /** Removes elements equal to {@code args[1]}: {@code args[0]} from the head, {@code -args[0]} from the tail, 0 all. */
    static final byte REMOVE = op(ValueType.LIST, 7);
    /** Removes {@code args[0]} elements at the head and {@code args[1]} at the tail. */
    static final byte TRIM = op(ValueType.LIST, 8);

    /** Redis's node byte bounds for {@code list-max-listpack-size} -1 to -5. */
    private static final int[] SIZE_LEVELS = {4096, 8192, 16384, 32768, 65536};
    /** The byte bound of a node under a positive (element count) setting: Redis's {@code SIZE_SAFETY_LIMIT}. */
    private static final int SAFETY_LIMIT = 8192;
    /** Redis's largest positive {@code list-max-listpack-size}. */
    private static final int FILL_MAX = (1 << 15) - 1;
    /** The least spare bytes a node grows by. */
    private static final int MIN_SLACK = 8;
    /** A node's heap bytes besides its array: header, reference, three ints. */
    private static final int NODE_OBJECT = 32;
    /** This object's heap bytes: header, the superclass's int, two references, five ints, a long. */
    private static final int SELF_OBJECT = 56;
    /** Redis's {@code MIN_COMPRESS_BYTES}: a smaller node is never compressed. */
    private static final int MIN_COMPRESS_BYTES = 48;
    /** Redis's {@code MIN_COMPRESS_IMPROVE}: a node stays raw unless compression saves more bytes than this. */
    private static final int MIN_COMPRESS_IMPROVE = 8;
    /** Redis's largest {@code list-compress-depth} ({@code COMPRESS_MAX}). */
    private static final int DEPTH_MAX = (1 << 16) - 1;

    /** Entry encodings, as listpack's: the first byte's high bits, then the value or the string length. */
    private static final int STR_6BIT = 0x80;
    private static final int INT_13BIT = 0xC0;
    private static final int STR_12BIT = 0xE0;
    private static final int STR_32BIT = 0xF0;
    private static final int INT_16BIT = 0xF1;
    private static final int INT_24BIT = 0xF2;
    private static final int INT_32BIT = 0xF3;
    private static final int INT_64BIT = 0xF4;

    /** Where new spare bytes go when a node's array is replaced. */
    private enum Slack { LEFT, RIGHT, BOTH, NONE }

    /**
     * One node: entries in {@code b[from..to)}, {@code count} of them; or, compressed, {@code b} null and the
     * {@code to} bytes of its entries as {@code lzf}. Both null once the node is removed.
     */
    private static final class Pack {
        byte[] b;
        int from;
        int to;
        int count;
        byte[] lzf;

        Pack(byte[] b, int from, int to, int count) {
            this.b = b;
            this.from = from;
            this.to = to;
            this.count = count;
        }

        int used() {
            return to - from;
        }
    }

    /** The nodes, in {@code packs[head .. head + nodes)}. */
    private Pack[] packs = new Pack[2];
    private int head = 1;
    private int nodes;
    private int size;
    /** {@code list-max-listpack-size} as in force for the latest change, clamped as Redis clamps it. */
    private int fill = -2;
    /** The heap bytes of the nodes: their objects and arrays. */
    private long nodeBytes;
    /** {@code list-compress-depth} as in force for the latest change: nodes left uncompressed at each end, 0 none. */
    private int depth;
    /**
     * While a change runs under a compress depth: the nodes it opened or made, and those at the ends before it, the
     * only ones that may have to be compressed afterwards; else {@code null}.
     */
    private ArrayList<Pack> touched;

    @Override
    ValueType type() {
        return ValueType.LIST;
    }

    @Override
    String encoding() {
        return "quicklist";
    }

    @Override
    int size() {
        return size;
    }

    @Override
    long memory() {
        return SELF_OBJECT + arrayBytes(4L * packs.length) + nodeBytes;
    }

    @Override
    Container copy() {
        ListValue copy = new ListValue();
        copy.packs = new Pack[Math.max(2, nodes + 2)];
        copy.head = 1;
        copy.fill = fill;
        copy.depth = depth;
        for (int i = 0; i < nodes; i++) {
            Pack p = pack(i);
            Pack c;
            if (p.lzf != null) {
                c = new Pack(null, 0, p.used(), p.count);
                c.lzf = p.lzf.clone();
            } else {
                c = new Pack(Arrays.copyOfRange(p.b, p.from, p.to), 0, p.used(), p.count);
            }
            copy.packs[1 + i] = c;
            copy.nodeBytes += NODE_OBJECT + stored(c);
        }
        copy.nodes = nodes;
        copy.size = size;
        return copy;
    }

    @Override
    void apply(byte op, byte[][] args, EncodingLimits limits) {
        fill = fill(limits);
        int wanted = depth(limits);
        if (wanted == 0 && depth == 0) {
            change(op, args);
            return;
        }
        beginCompressedChange();
        try {
            change(op, args);
        } finally {
            endCompressedChange(wanted);
        }
    }

    /** Makes the change {@code op} of {@code args}, as {@link #apply} documents it. */
    private void change(byte op, byte[][] args) {
        if (op == PUSH_LEFT || op == PUSH_RIGHT) {
            if (args.length == 0) {
                throw new IllegalArgumentException("a push of no elements");
            }
            for (byte[] e : args) {
                if (op == PUSH_LEFT) {
                    pushLeft(e);
                } else {
                    pushRight(e);
                }
            }
        } else if (op == POP_LEFT || op == POP_RIGHT) {
            long n = number(args, 0, 1);
            if (n < 0 || n > size) {
                throw bad("pop of " + n);
            }
            if (op == POP_LEFT) {
                dropLeft((int) n);
            } else {
                dropRight((int) n);
            }
        } else if (op == SET) {
            long index = number(args, 0, 2);
            if (index < 0 || index >= size) {
                throw bad("set at " + index);
            }
            set((int) index, args[1]);
        } else if (op == INSERT) {
            long index = number(args, 0, 2);
            if (index < 0 || index > size) {
                throw bad("insert at " + index);
            }
            insert((int) index, args[1]);
        } else if (op == REMOVE) {
            remove(number(args, 0, 2), args[1]);
        } else if (op == TRIM) {
            long left = number(args, 0, 2);
            long right = number(args, 1, 2);
            if (left < 0 || right < 0 || left + right > size) {
                throw bad("trim of " + left + " and " + right);
            }
            dropLeft((int) left);
            dropRight((int) right);
        } else {
            throw new IllegalArgumentException("op: " + op + " (expected: a list effect)");
        }
    }

    @Override
    byte[][] elements() {
        return range(0, size - 1);
    }

    /** Receives the nodes of a list where they lie: each node's entries, encoded as a listpack's. */
    @FunctionalInterface
    interface NodeSink {

        /**
         * Receives the next node: its {@code count} entries are {@code entries[from..to)}, valid during the call and
         * not to be changed.
         */
        void node(byte[] entries, int from, int to, int count) throws java.io.IOException;
    }

    /** Returns the number of nodes (Redis's quicklist nodes), each holding at least one element. */
    int nodes() {
        return nodes;
    }

    /**
     * Hands every node to {@code sink}, head to tail: what an RDB writes as a quicklist. A raw node is handed where it
     * lies; a compressed one ({@code list-compress-depth}) as a decompressed copy.
     */
    void forEachNode(NodeSink sink) throws java.io.IOException {
        for (int i = 0; i < nodes; i++) {
            Pack p = view(i);
            sink.node(p.b, p.from, p.to, p.count);
        }
    }

    @Override
    void load(byte[][] elements, int from, EncodingLimits limits) {
        if (size != 0) {
            throw new IllegalArgumentException("load into a list of " + size + " elements");
        }
        fill = fill(limits);
        int wanted = depth(limits);
        if (wanted != 0 || depth != 0) {
            beginCompressedChange();
        }
        try {
            for (int i = from; i < elements.length; i++) {
                pushRight(elements[i]);
            }
        } finally {
            if (touched != null) {
                endCompressedChange(wanted);
            }
        }
    }

    /** Returns {@code value} as an effect argument: 8 bytes, big-endian. */
    static byte[] number(long value) {
        byte[] number = new byte[Long.BYTES];
        NUMBER.set(number, 0, value);
        return number;
    }

    // ---------------------------------------------------------------- reads

    /** Returns the element at {@code index}, 0 to {@link #size()} - 1. */
    byte[] get(int index) {
        long at = locate(index);
        Pack p = view((int) (at >>> 32));
        return read(p.b, offsetOf(p, (int) at));
    }

    /** Returns copies of the elements from index {@code start} to {@code stop}, both included; may be empty. */
    byte[][] range(int start, int stop) {
        Copies copies = new Copies();
        range(start, stop, copies);
        return copies.elements;
    }

    /**
     * Hands the elements from index {@code start} to {@code stop}, both included, to {@code sink} where they lie in
     * the packs; an empty range gives a count of 0.
     */
    void range(int start, int stop, ElementSink sink) {
        int n = Math.max(0, stop - start + 1);
        sink.count(n);
        if (n == 0) {
            return;
        }
        long at = locate(start);
        int i = (int) (at >>> 32);
        Pack p = view(i);
        int q = offsetOf(p, (int) at);
        for (int k = 0; k < n; k++) {
            while (q == p.to) {
                p = view(++i);
                q = p.from;
            }
            int h = p.b[q] & 0xFF;
            if (isString(h)) {
                sink.element(p.b, stringData(h, q), stringLength(p.b, h, q));
            } else {
                sink.element(integerAt(p.b, q));
            }
            q = next(p.b, q);
        }
    }

    /** Collects copies of the elements it is handed. */
    private static final class Copies implements ElementSink {
        byte[][] elements;
        int next;

        @Override
        public void count(int elements) {
            this.elements = new byte[elements][];
        }

        @Override
        public void element(byte[] array, int offset, int length) {
            elements[next++] = Arrays.copyOfRange(array, offset, offset + length);
        }

        @Override
        public void element(long value) {
            elements[next++] = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Returns the index of the first element equal to {@code element} from the head, or -1. */
    int indexOf(byte[] element) {
        Probe x = new Probe(element);
        int index = 0;
        for (int i = 0; i < nodes; i++) {
            Pack p = view(i);
            for (int q = p.from; q < p.to; q = next(p.b, q), index++) {
                if (x.matches(p.b, q)) {
                    return index;
                }
            }
        }
        return -1;
    }

    /** Returns how many elements equal {@code element}, counting no further than {@code limit} (0: no limit). */
    long countOf(byte[] element, long limit) {
        Probe x = new Probe(element);
        long found = 0;
        for (int i = 0; i < nodes; i++) {
            Pack p = view(i);
            for (int q = p.from; q < p.to; q = next(p.b, q)) {
                if (x.matches(p.b, q) && ++found == limit) {
                    return found;
                }
            }
        }
        return found;
    }

    /**
     * Returns the indexes of the elements equal to {@code element} as Redis's {@code LPOS} finds them: scanning from
     * the head, or from the tail if {@code fromTail}, at most {@code maxLength} elements (0: all), skipping the first
     * {@code rank - 1} matches, then taking up to {@code limit} (0: all) in the order found.
     */
    long[] positions(byte[] element, long rank, long limit, long maxLength, boolean fromTail) {
        Probe x = new Probe(element);
        long[] found = new long[4];
        int n = 0;
        long matches = 0;
        long scanned = 0;
        for (int j = 0; j < nodes; j++) {
            int i = fromTail ? nodes - 1 - j : j;
            Pack p = view(i);
            int q = fromTail ? p.to : p.from;
            while (fromTail ? q > p.from : q < p.to) {
                if (maxLength != 0 && scanned >= maxLength) {
                    return Arrays.copyOf(found, n);
                }
                int entry = fromTail ? previous(p.b, q) : q;
                if (x.matches(p.b, entry) && ++matches >= rank) {
                    if (n == found.length) {
                        found = Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = fromTail ? size - 1 - scanned : scanned;
                    if (limit != 0 && n >= limit) {
                        return Arrays.copyOf(found, n);
                    }
                }
                q = fromTail ? entry : next(p.b, entry);
                scanned++;
            }
        }
        return Arrays.copyOf(found, n);
    }

    /** Returns the number of elements of each node, head first: the layout, for tests and diagnostics. */
    int[] nodeSizes() {
        int[] sizes = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            sizes[i] = pack(i).count;
        }
        return sizes;
    }

    // ---------------------------------------------------------------- changes

    /** Adds {@code e} at the tail: into the last node if it takes it, else into a new last node. */
    private void pushRight(byte[] e) {
        int es = entryBytes(e);
        Pack tail = nodes == 0 ? null : open(nodes - 1);
        if (tail == null || !accepts(tail, es)) {
            if (tail != null) {
                fit(tail);
            }
            tail = newPack(nodes, es, Slack.RIGHT);
        }
        int at = reserve(tail, tail.to, es, nodes == 1 ? Slack.BOTH : Slack.RIGHT);
        write(tail.b, at, e);
        tail.count++;
        size++;
    }

    /** Adds {@code e} at the head: into the first node if it takes it, else into a new first node. */
    private void pushLeft(byte[] e) {
        int es = entryBytes(e);
        Pack first = nodes == 0 ? null : open(0);
        if (first == null || !accepts(first, es)) {
            if (first != null) {
                fit(first);
            }
            first = newPack(0, es, Slack.LEFT);
        }
        int at = reserve(first, first.from, es, nodes == 1 ? Slack.BOTH : Slack.LEFT);
        write(first.b, at, e);
        first.count++;
        size++;
    }

    /** Removes {@code n} elements at the head: whole nodes, then entries of the first node left. */
    private void dropLeft(int n) {
        while (n > 0) {
            Pack p = pack(0);
            if (p.count <= n) {
                n -= p.count;
                size -= p.count;
                removePack(0);
                continue;
            }
            p = open(0);
            int q = p.from;
            for (int k = 0; k < n; k++) {
                q = next(p.b, q);
            }
            p.from = q;
            p.count -= n;
            size -= n;
            shrinkIfSparse(p, nodes == 1 ? Slack.BOTH : Slack.LEFT);
            return;
        }
    }

    /** Removes {@code n} elements at the tail: whole nodes, then entries of the last node left. */
    private void dropRight(int n) {
        while (n > 0) {
            Pack p = pack(nodes - 1);
            if (p.count <= n) {
                n -= p.count;
                size -= p.count;
                removePack(nodes - 1);
                continue;
            }
            p = open(nodes - 1);
            int q = p.to;
            for (int k = 0; k < n; k++) {
                q = previous(p.b, q);
            }
            p.to = q;
            p.count -= n;
            size -= n;
            shrinkIfSparse(p, nodes == 1 ? Slack.BOTH : Slack.RIGHT);
            return;
        }
    }

    /**
     * Replaces the element at {@code index} in place; if its node then outgrows the bound, the element gets a node of
     * its own, and neighbours that fit together merge.
     */
    private void set(int index, byte[] e) {
        long at = locate(index);
        int i = (int) (at >>> 32);
        int k = (int) at;
        Pack p = open(i);
        int q = offsetOf(p, k);
        int old = next(p.b, q) - q;
        int es = entryBytes(e);
        if (es != old) {
            q = replaceBytes(p, i, q, old, es);
        }
        write(p.b, q, e);
        if (p.count > 1 && !fits(p.used(), p.count)) {
            split(i, k + 1);
            split(i, k);
        }
        mergeAround(i - 1, i + 3);
    }

    /**
     * Inserts {@code e} at {@code index}: into the node there if it takes it, else at the end of the node before, else
     * the node is split at that point and {@code e} joins the first part or a new node between; then neighbours that
     * fit together merge.
     */
    private void insert(int index, byte[] e) {
        if (index == 0) {
            pushLeft(e);
            return;
        }
        if (index == size) {
            pushRight(e);
            return;
        }
        int es = entryBytes(e);
        long at = locate(index);
        int i = (int) (at >>> 32);
        int k = (int) at;
        Pack p = open(i);
        if (accepts(p, es)) {
            int q = replaceBytes(p, i, offsetOf(p, k), 0, es);
            write(p.b, q, e);
            p.count++;
        } else if (k == 0 && accepts(pack(i - 1), es)) {
            Pack before = open(i - 1);
            int gap = reserve(before, before.to, es, slackAt(i - 1));
            write(before.b, gap, e);
            before.count++;
        } else {
            if (k > 0) {
                split(i, k);
                i++;
            }
            // the new element goes just before node i: at the end of node i - 1 if it fits, else in a new node
            Pack before = i > 0 ? open(i - 1) : null;
            if (before != null && accepts(before, es)) {
                int gap = reserve(before, before.to, es, slackAt(i - 1));
                write(before.b, gap, e);
                before.count++;
            } else {
                Pack n = newPack(i, es, Slack.NONE);
                int gap = reserve(n, n.to, es, Slack.NONE);
                write(n.b, gap, e);
                n.count++;
            }
        }
        size++;
        mergeAround(i - 2, i + 2);
    }

    /** Removes elements equal to {@code e}: {@code count} from the head, {@code -count} from the tail, 0 all. */
    private void remove(long count, byte[] e) {
        Probe x = new Probe(e);
        long left = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        int lowest = nodes;
        int highest = -1;
        for (int j = 0; j < nodes && left > 0; j++) {
            int i = count < 0 ? nodes - 1 - j : j;
            Pack p = open(i);
            long skip = 0;
            if (count < 0) {
                long matches = 0;
                for (int q = p.from; q < p.to; q = next(p.b, q)) {
                    if (x.matches(p.b, q)) {
                        matches++;
                    }
                }
                skip = Math.max(0, matches - left);
            }
            int removed = removeIn(p, x, skip, left);
            if (removed > 0) {
                left -= removed;
                size -= removed;
                lowest = Math.min(lowest, i);
                highest = Math.max(highest, i);
            }
        }
        for (int i = highest; i >= lowest; i--) {
            if (pack(i).count == 0) {
                removePack(i);
                highest--;
            }
        }
        if (lowest < nodes || highest >= lowest) {
            mergeAround(lowest - 1, highest + 1);
        }
    }

    /**
     * Removes from node {@code p}, scanning from its head, the elements {@code x} matches after the first
     * {@code skip} of them, at most {@code max}; closes the gaps in place. Returns how many it removed.
     */
    private static int removeIn(Pack p, Probe x, long skip, long max) {
        int removed = 0;
        int w = p.from;
        int q = p.from;
        long seen = 0;
        while (q < p.to) {
            int next = next(p.b, q);
            if (removed < max && x.matches(p.b, q) && ++seen > skip) {
                removed++;
            } else {
                if (w != q) {
                    System.arraycopy(p.b, q, p.b, w, next - q);
                }
                w += next - q;
            }
            q = next;
        }
        p.to = w;
        p.count -= removed;
        return removed;
    }

    // ---------------------------------------------------------------- nodes

    /** Returns the node at position {@code i}, 0 being the head's: its count and size, not its bytes. */
    private Pack pack(int i) {
        return packs[head + i];
    }

    /** Returns the node at position {@code i} for reading its bytes: a decompressed copy if it is compressed. */
    private Pack view(int i) {
        Pack p = pack(i);
        return p.lzf == null ? p : new Pack(Lzf.decompress(p.lzf, p.to), 0, p.to, p.count);
    }

    /** Returns the node at position {@code i} for changing it: decompressed in place, and noted as touched. */
    private Pack open(int i) {
        Pack p = pack(i);
        if (p.lzf != null) {
            decompress(p);
        }
        touch(p);
        return p;
    }

    /**
     * Notes that a change opened or made node {@code p}, so that it is compressed afterwards if it is inside; once in
     * a row (a push of many elements opens its end node for each).
     */
    private void touch(Pack p) {
        if (touched != null && (touched.isEmpty() || touched.get(touched.size() - 1) != p)) {
            touched.add(p);
        }
    }

    // ---------------------------------------------------------------- compression

    /** Starts a change under a compress depth: notes the nodes at the ends, which the change may move inside. */
    private void beginCompressedChange() {
        touched = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            if (isEnd(i)) {
                touched.add(pack(i));
            } else {
                i = nodes - depth - 1;
            }
        }
    }

    /**
     * Ends a change: under the new depth {@code wanted}, the nodes within it of either end are raw and the nodes
     * inside that the change touched are compressed; a new depth lays out every node again.
     */
    private void endCompressedChange(int wanted) {
        ArrayList<Pack> candidates = touched;
        touched = null;
        if (wanted != depth) {
            depth = wanted;
            for (int i = 0; i < nodes; i++) {
                if (isEnd(i)) {
                    decompress(pack(i));
                } else {
                    compress(pack(i));
                }
            }
            return;
        }
        for (int i = 0; i < nodes; i++) {
            if (isEnd(i)) {
                decompress(pack(i));
            } else {
                i = nodes - depth - 1;
            }
        }
        for (Pack p : candidates) {
            if (p.b != null && !atEnd(p)) {
                compress(p);
            }
        }
    }

    /** Returns whether position {@code i} is within the compress depth of an end: a node there stays raw. */
    private boolean isEnd(int i) {
        return depth == 0 || i < depth || i >= nodes - depth;
    }

    /** Returns whether node {@code p} is at a position that stays raw. */
    private boolean atEnd(Pack p) {
        for (int i = 0; i < nodes; i++) {
            if (!isEnd(i)) {
                i = nodes - depth - 1;
            } else if (pack(i) == p) {
                return true;
            }
        }
        return false;
    }

    /**
     * Compresses a raw node's entries with LZF, as Redis's {@code __quicklistCompressNode} does: not a node under
     * {@link #MIN_COMPRESS_BYTES}, nor one LZF does not shrink by more than {@link #MIN_COMPRESS_IMPROVE}.
     */
    private void compress(Pack p) {
        int used = p.used();
        if (p.lzf != null || used < MIN_COMPRESS_BYTES) {
            return;
        }
        byte[] raw = p.from == 0 && p.b.length == used ? p.b : Arrays.copyOfRange(p.b, p.from, p.to);
        byte[] lzf = Lzf.compress(raw, used - MIN_COMPRESS_IMPROVE - 1);
        if (lzf == null) {
            return;
        }
        nodeBytes += arrayBytes(lzf.length) - arrayBytes(p.b.length);
        p.lzf = lzf;
        p.b = null;
        p.from = 0;
        p.to = used;
    }

    /** Makes a compressed node raw again; a raw one stays as it is. */
    private void decompress(Pack p) {
        if (p.lzf == null) {
            return;
        }
        p.b = Lzf.decompress(p.lzf, p.to);
        nodeBytes += arrayBytes(p.b.length) - arrayBytes(p.lzf.length);
        p.lzf = null;
    }

    /** Returns the heap bytes of a node's array, compressed or not. */
    private static long stored(Pack p) {
        return arrayBytes(p.lzf != null ? p.lzf.length : p.b.length);
    }

    /** Returns whether each node, head first, is compressed: the layout, for tests and diagnostics. */
    boolean[] compressedNodes() {
        boolean[] compressed = new boolean[nodes];
        for (int i = 0; i < nodes; i++) {
            compressed[i] = pack(i).lzf != null;
        }
        return compressed;
    }

    /** Returns whether a node of {@code bytes} and {@code count} elements is within the bound. */
    private boolean fits(long bytes, int count) {
        if (fill < 0) {
            return bytes <= SIZE_LEVELS[-fill - 1];
        }
        return bytes <= SAFETY_LIMIT && count <= fill;
    }

    /** Returns whether node {@code p} may take one more entry of {@code es} bytes: an empty node takes any. */
    private boolean accepts(Pack p, int es) {
        return p.count == 0 || fits((long) p.used() + es, p.count + 1);
    }

    /** The byte size a node's array grows up to: its bound when the bound is in bytes, else the safety limit. */
    private int byteBound() {
        return fill < 0 ? SIZE_LEVELS[-fill - 1] : SAFETY_LIMIT;
    }

    /**
     * Inserts a new empty node at position {@code i}, with room for {@code bytes} at its left end if {@code slack}
     * is {@link Slack#LEFT}, else at its right end, and spare bytes unless {@code slack} is {@link Slack#NONE}.
     */
    private Pack newPack(int i, int bytes, Slack slack) {
        int cap = capacity(bytes, slack);
        int from = slack == Slack.LEFT ? cap : 0;
        Pack p = new Pack(new byte[cap], from, from, 0);
        nodeBytes += NODE_OBJECT + arrayBytes(cap);
        touch(p);
        openSlot(i);
        packs[head + i] = p;
        return p;
    }

    /** Removes the node at position {@code i}, shifting the side nearer it, and shrinks a mostly empty array. */
    private void removePack(int i) {
        Pack p = pack(i);
        nodeBytes -= NODE_OBJECT + stored(p);
        p.b = null;
        p.lzf = null;
        if (i < nodes - 1 - i) {
            System.arraycopy(packs, head, packs, head + 1, i);
            packs[head++] = null;
        } else {
            System.arraycopy(packs, head + i + 1, packs, head + i, nodes - 1 - i);
            packs[head + nodes - 1] = null;
        }
        nodes--;
        if (packs.length > 8 && nodes < packs.length / 4) {
            relocate(new Pack[packs.length / 2], -1);
        } else if (nodes == 0) {
            head = packs.length / 2;
        }
    }

    /** Makes position {@code i} (0 to the node count) a free slot in the node array, shifting the side nearer it. */
    private void openSlot(int i) {
        boolean left = i < nodes - i;
        if (left ? head > 0 : head + nodes < packs.length) {
            if (left) {
                System.arraycopy(packs, head, packs, head - 1, i);
                head--;
            } else {
                System.arraycopy(packs, head + i, packs, head + i + 1, nodes - i);
            }
        } else {
            relocate(nodes + 1 > packs.length / 2 ? new Pack[packs.length * 2] : packs, i);
        }
        packs[head + i] = null;
        nodes++;
    }

    /** Moves the nodes to the middle of {@code target}, leaving a gap at position {@code gap} unless it is -1. */
    private void relocate(Pack[] target, int gap) {
        int n = nodes + (gap < 0 ? 0 : 1);
        int newHead = (target.length - n) / 2;
        Pack[] old = packs;
        int oldHead = head;
        if (target == old) {
            Pack[] copy = Arrays.copyOfRange(old, oldHead, oldHead + nodes);
            Arrays.fill(old, null);
            old = copy;
            oldHead = 0;
        }
        if (gap < 0) {
            System.arraycopy(old, oldHead, target, newHead, nodes);
        } else {
            System.arraycopy(old, oldHead, target, newHead, gap);
            System.arraycopy(old, oldHead + gap, target, newHead + gap + 1, nodes - gap);
        }
        packs = target;
        head = newHead;
    }

    /**
     * Returns where element {@code index} is: the node's position in the high 32 bits, the element's number within
     * the node in the low 32, walking from the nearer end.
     */
    private long locate(int index) {
        if (index < size / 2) {
            int i = 0;
            while (index >= pack(i).count) {
                index -= pack(i).count;
                i++;
            }
            return (long) i << 32 | index;
        }
        int fromEnd = size - 1 - index;
        int i = nodes - 1;
        while (fromEnd >= pack(i).count) {
            fromEnd -= pack(i).count;
            i--;
        }
        return (long) i << 32 | (pack(i).count - 1 - fromEnd);
    }

    /** Returns the offset of entry {@code k} of node {@code p}, walking from its nearer end. */
    private static int offsetOf(Pack p, int k) {
        if (k <= p.count / 2) {
            int q = p.from;
            for (int j = 0; j < k; j++) {
                q = next(p.b, q);
            }
            return q;
        }
        int q = p.to;
        for (int j = p.count; j > k; j--) {
            q = previous(p.b, q);
        }
        return q;
    }

    /**
     * Splits node {@code i} before its entry {@code k}: entries {@code k..} move to a new node just after it. Does
     * nothing if {@code k} is 0 or the node's count.
     */
    private void split(int i, int k) {
        Pack p = open(i);
        if (k <= 0 || k >= p.count) {
            return;
        }
        int q = offsetOf(p, k);
        byte[] rest = Arrays.copyOfRange(p.b, q, p.to);
        Pack r = new Pack(rest, 0, rest.length, p.count - k);
        nodeBytes += NODE_OBJECT + arrayBytes(rest.length);
        touch(r);
        p.to = q;
        p.count = k;
        fit(p);
        openSlot(i + 1);
        packs[head + i + 1] = r;
    }

    /** Merges each node in positions {@code lo..hi} (clipped) with its successor while the two fit in one. */
    private void mergeAround(int lo, int hi) {
        int i = Math.max(0, lo);
        while (i < Math.min(hi, nodes - 1)) {
            Pack a = pack(i);
            Pack b = pack(i + 1);
            if (fits((long) a.used() + b.used(), a.count + b.count)) {
                a = open(i);
                b = open(i + 1);
                byte[] merged = new byte[a.used() + b.used()];
                System.arraycopy(a.b, a.from, merged, 0, a.used());
                System.arraycopy(b.b, b.from, merged, a.used(), b.used());
                nodeBytes += arrayBytes(merged.length) - arrayBytes(a.b.length);
                a.b = merged;
                a.from = 0;
                a.to = merged.length;
                a.count += b.count;
                removePack(i + 1);
                hi--;
            } else {
                i++;
            }
        }
    }

    /**
     * Makes the {@code old} bytes at {@code q} of node {@code p} (position {@code i}) take {@code bytes} instead,
     * moving what follows, and returns where they now start.
     */
    private int replaceBytes(Pack p, int i, int q, int old, int bytes) {
        int delta = bytes - old;
        if (delta <= 0) {
            System.arraycopy(p.b, q + old, p.b, q + bytes, p.to - q - old);
            p.to += delta;
            return q;
        }
        return reserve(p, q + old, delta, slackAt(i)) - old;
    }

    /** Where a node at position {@code i} keeps its spare bytes: on the list's outer side, none inside. */
    private Slack slackAt(int i) {
        if (nodes == 1) {
            return Slack.BOTH;
        }
        return i == 0 ? Slack.LEFT : i == nodes - 1 ? Slack.RIGHT : Slack.NONE;
    }

    /**
     * Opens {@code n} bytes in node {@code p} at offset {@code at} (from its first entry to its end) and returns where
     * the gap starts; the node's bounds include it afterwards, the bytes before {@code at} end where it starts. An
     * end's gap takes the spare bytes next to it, an inner one moves the shorter side into spare bytes; else the
     * entries are laid out again, in the same array if it has room, with the spare bytes at {@code slack}.
     */
    private int reserve(Pack p, int at, int n, Slack slack) {
        int before = at - p.from;
        int after = p.to - at;
        boolean inner = before > 0 && after > 0;
        boolean roomLeft = p.from >= n;
        boolean roomRight = p.b.length - p.to >= n;
        if (roomRight && (after == 0 || inner && (after <= before || !roomLeft))) {
            System.arraycopy(p.b, at, p.b, at + n, after);
            p.to += n;
            return at;
        }
        if (roomLeft && (before == 0 || inner)) {
            System.arraycopy(p.b, p.from, p.b, p.from - n, before);
            p.from -= n;
            return at - n;
        }
        int used = p.used() + n;
        byte[] b = p.b.length >= used ? p.b : new byte[capacity(used, slack)];
        int spare = b.length - used;
        int from = slack == Slack.LEFT ? spare : slack == Slack.BOTH ? spare / 2 : 0;
        if (from > p.from) {
            System.arraycopy(p.b, at, b, from + before + n, after);
            System.arraycopy(p.b, p.from, b, from, before);
        } else {
            System.arraycopy(p.b, p.from, b, from, before);
            System.arraycopy(p.b, at, b, from + before + n, after);
        }
        if (b != p.b) {
            nodeBytes += arrayBytes(b.length) - arrayBytes(p.b.length);
            p.b = b;
        }
        p.from = from;
        p.to = from + used;
        return from + before;
    }

    /** Returns the array size for {@code used} bytes: exact without slack, else half again, within the bound. */
    private int capacity(int used, Slack slack) {
        if (slack == Slack.NONE) {
            return used;
        }
        long want = (long) used + Math.max(MIN_SLACK, used >> 1);
        return (int) Math.min(want, Math.max(used, byteBound()));
    }

    /** Gives back a node's spare bytes: its array becomes exactly its entries. */
    private void fit(Pack p) {
        if (p.b.length == p.used()) {
            return;
        }
        byte[] b = Arrays.copyOfRange(p.b, p.from, p.to);
        nodeBytes += arrayBytes(b.length) - arrayBytes(p.b.length);
        p.b = b;
        p.from = 0;
        p.to = b.length;
    }

    /** Shrinks an end node's array that pops left mostly empty, keeping spare bytes at {@code slack}. */
    private void shrinkIfSparse(Pack p, Slack slack) {
        if (p.b.length < 64 || p.used() >= p.b.length / 4) {
            return;
        }
        int used = p.used();
        int cap = capacity(used, slack);
        int spare = cap - used;
        int from = slack == Slack.LEFT ? spare : slack == Slack.BOTH ? spare / 2 : 0;
        byte[] b = new byte[cap];
        System.arraycopy(p.b, p.from, b, from, used);
        nodeBytes += arrayBytes(cap) - arrayBytes(p.b.length);
        p.b = b;
        p.from = from;
        p.to = from + used;
    }

    // ---------------------------------------------------------------- entries

    /** Returns the bytes the entry of {@code e} takes: encoding, data and back-length. */
    static int entryBytes(byte[] e) {
        int n = Decimal.isInteger(e) ? integerSize(Decimal.toLong(e))
                : e.length + (e.length < 64 ? 1 : e.length < 4096 ? 2 : 5);
        return n + varSize(n);
    }

    /** Returns the bytes of a varint holding {@code n}. */
    private static int varSize(int n) {
        return n < 1 << 7 ? 1 : n < 1 << 14 ? 2 : n < 1 << 21 ? 3 : n < 1 << 28 ? 4 : 5;
    }

    /** Returns the bytes of the encoding and data of an integer entry holding {@code v}. */
    private static int integerSize(long v) {
        if (v >= 0 && v <= 127) {
            return 1;
        }
        if (v >= -4096 && v <= 4095) {
            return 2;
        }
        if (v >= -32768 && v <= 32767) {
            return 3;
        }
        if (v >= -8388608 && v <= 8388607) {
            return 4;
        }
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 5 : 9;
    }

    private static boolean isString(int header) {
        return (header & 0xC0) == STR_6BIT || (header & 0xF0) == STR_12BIT || header == STR_32BIT;
    }

    /** Returns where the bytes of the string entry at {@code p} start. */
    private static int stringData(int header, int p) {
        return (header & 0xC0) == STR_6BIT ? p + 1 : (header & 0xF0) == STR_12BIT ? p + 2 : p + 5;
    }

    /** Returns the length of the string entry at {@code p}. */
    private static int stringLength(byte[] b, int header, int p) {
        if ((header & 0xC0) == STR_6BIT) {
            return header & 0x3F;
        }
        if ((header & 0xF0) == STR_12BIT) {
            return (header & 0x0F) << 8 | (b[p + 1] & 0xFF);
        }
        return (int) little(b, p + 1, 4);
    }

    /** Returns the value of the integer entry at {@code p}. */
    private static long integerAt(byte[] b, int p) {
        int h = b[p] & 0xFF;
        if (h < 0x80) {
            return h;
        }
        if ((h & 0xE0) == INT_13BIT) {
            int u = (h & 0x1F) << 8 | (b[p + 1] & 0xFF);
            return u >= 4096 ? u - 8192 : u;
        }
        int bytes = h == INT_16BIT ? 2 : h == INT_24BIT ? 3 : h == INT_32BIT ? 4 : 8;
        int shift = 64 - 8 * bytes;
        return little(b, p + 1, bytes) << shift >> shift;
    }

    /** Returns the start of the entry after the one at {@code p}. */
    private static int next(byte[] b, int p) {
        int h = b[p] & 0xFF;
        int n;
        if (isString(h)) {
            n = stringData(h, p) - p + stringLength(b, h, p);
        } else {
            n = h < 0x80 ? 1 : (h & 0xE0) == INT_13BIT ? 2 : h == INT_16BIT ? 3 : h == INT_24BIT ? 4
                    : h == INT_32BIT ? 5 : 9;
        }
        return p + n + varSize(n);
    }

    /** Returns the start of the entry that ends at {@code q}, reading its back-length. */
    private static int previous(byte[] b, int q) {
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b[--q];
            n |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return q - n;
            }
        }
    }

    /** Writes the entry of {@code e} at {@code p}, an integer's if {@code e} is one in canonical decimal. */
    private static void write(byte[] b, int p, byte[] e) {
        int start = p;
        if (Decimal.isInteger(e)) {
            long v = Decimal.toLong(e);
            int n = integerSize(v);
            if (n == 1) {
                b[p] = (byte) v;
            } else if (n == 2) {
                b[p] = (byte) (INT_13BIT | (v >> 8) & 0x1F);
                b[p + 1] = (byte) v;
            } else {
                b[p] = (byte) (n == 3 ? INT_16BIT : n == 4 ? INT_24BIT : n == 5 ? INT_32BIT : INT_64BIT);
                putLittle(b, p + 1, v, n - 1);
            }
            p += n;
        } else {
            int len = e.length;
            if (len < 64) {
                b[p++] = (byte) (STR_6BIT | len);
            } else if (len < 4096) {
                b[p++] = (byte) (STR_12BIT | len >> 8);
                b[p++] = (byte) len;
            } else {
                b[p++] = (byte) STR_32BIT;
                putLittle(b, p, len, 4);
                p += 4;
            }
            System.arraycopy(e, 0, b, p, len);
            p += len;
        }
        int n = p - start;
        int k = varSize(n);
        for (int j = 0; j < k; j++) {
            b[p + k - 1 - j] = (byte) ((n >>> 7 * j & 0x7f) | (j < k - 1 ? 0x80 : 0));
        }
    }

    /** Returns a copy of the element of the entry at {@code p}. */
    private static byte[] read(byte[] b, int p) {
        int h = b[p] & 0xFF;
        if (isString(h)) {
            int data = stringData(h, p);
            return Arrays.copyOfRange(b, data, data + stringLength(b, h, p));
        }
        return Long.toString(integerAt(b, p)).getBytes(StandardCharsets.US_ASCII);
    }

    private static long little(byte[] b, int p, int bytes) {
        long v = 0;
        for (int j = bytes - 1; j >= 0; j--) {
            v = v << 8 | (b[p + j] & 0xFF);
        }
        return v;
    }

    private static void putLittle(byte[] b, int p, long v, int bytes) {
        for (int j = 0; j < bytes; j++) {
            b[p + j] = (byte) (v >>> 8 * j);
        }
    }


    /** An element sought in a list: compared with an entry without decoding it. */
    private static final class Probe {
        private final byte[] bytes;
        private final boolean integer;
        private final long value;

        Probe(byte[] element) {
            bytes = element;
            integer = Decimal.isInteger(element);
            value = integer ? Decimal.toLong(element) : 0;
        }

        /** Returns whether the entry at {@code p} holds the element sought. */
        boolean matches(byte[] b, int p) {
            int h = b[p] & 0xFF;
            if (!isString(h)) {
                return integer && integerAt(b, p) == value;
            }
            if (integer) {
                return false;
            }
            int data = stringData(h, p);
            int len = stringLength(b, h, p);
            return len == bytes.length && Arrays.equals(b, data, data + len, bytes, 0, len);
        }
    }

    private static long arrayBytes(long length) {
        return (16 + length + 7) & ~7L;
    }

    private static int depth(EncodingLimits limits) {
        return Math.min(limits.listCompressDepth(), DEPTH_MAX);
    }

    private static int fill(EncodingLimits limits) {
        int f = limits.listMaxListpackSize();
        return f < -SIZE_LEVELS.length ? -SIZE_LEVELS.length : Math.min(f, FILL_MAX);
    }

    private static long number(byte[][] args, int i, int argc) {
        if (args.length != argc || args[i].length != Long.BYTES) {
            throw bad("arguments");
        }
        return (long) NUMBER.get(args[i], 0);
    }

    /** The error of a list effect that does not fit the list (only a damaged log can record one). */
    private static IllegalArgumentException bad(String what) {
        return new IllegalArgumentException("list effect: " + what);
    }
}
