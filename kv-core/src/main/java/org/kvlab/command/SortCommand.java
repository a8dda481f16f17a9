package org.kvlab.command;

import static org.kvlab.command.Command.DENYOOM;
import static org.kvlab.command.Command.MOVABLEKEYS;
import static org.kvlab.command.Command.READONLY;
import static org.kvlab.command.Command.WRITE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.kvlab.api.KeyView;
import org.kvlab.api.ValueType;
import org.kvlab.protocol.RespWriter;

/**
 * {@code SORT} and {@code SORT_RO}: the elements of a list, set or sorted set, ordered by themselves or by weights
 * looked up through a pattern, as Redis's {@code sort.c}. The parts a reader may wonder about:
 * <ul>
 *   <li>Numbers are read as C's {@code strtod} reads them ({@link Strtod}); equal scores fall back to comparing the
 *       elements' bytes, so the order is total.</li>
 *   <li>{@code ALPHA} compares as {@code strcoll} in the C locale: bytes, unsigned, up to the first NUL; with
 *       {@code STORE}, all bytes. Redis collates by its process's locale; under {@code C} and glibc's
 *       {@code C.UTF-8} that is this order.</li>
 *   <li>A full sort is stable, as glibc's {@code qsort} (a merge sort) is; {@code BY} with a {@code LIMIT} that
 *       leaves elements out sorts partly with Redis's own quicksort ({@link PartialSort}).</li>
 *   <li>A pattern is a C string to Redis: its {@code *} and {@code ->} count only before a NUL byte.</li>
 *   <li>Redis 7.0 tests {@code errno} after {@code strtod} without clearing it first, so an {@code ERANGE} left by an
 *       earlier command (a subnormal {@code ZADD} score, say) fails its next numeric sorts until some call clears it;
 *       kvlab judges each value on its own.</li>
 * </ul>
 * Lookups through patterns read keys that are not known in advance: such a sort sees the whole database at one
 * instant ({@link org.kvlab.api.Keyspace#read} of every key), one without patterns only its key.
 */
final class SortCommand {

    private static final CommandException NOT_DOUBLE =
            new CommandException("ERR One or more scores can't be converted into double");
    private static final byte[] EMPTY = new byte[0];

    void register(List<Command> t) {
        new Command.Group(t)
                .add("sort", -2, WRITE | DENYOOM | MOVABLEKEYS, 1, 1, 1, (s, a, n, w) -> sort(s, a, n, w, false))
                .add("sort_ro", -2, READONLY | MOVABLEKEYS, 1, 1, 1,
                        (s, a, n, w) -> sort(s, a, n, w, true));
    }

    private static void sort(Session s, byte[][] a, int n, RespWriter w, boolean readOnly) {
        Options o = Options.parse(a, n, readOnly);
        byte[] key = a[1];
        byte[][] keys = o.readsPatterns() ? null : new byte[][] {key};
        if (o.store != null) {
            s.store(o.store, KeyEvent.SORTSTORE, true, w, () -> s.keyspace().storeList(o.store, keys,
                    view -> run(o, key, view)));
            return;
        }
        byte[][] result = s.keyspace().read(keys, view -> run(o, key, view));
        w.arrayHeader(result.length);
        for (byte[] element : result) {
            w.bulk(element);
        }
    }

    /** The options of one {@code SORT}, as parsed: later ones override earlier ones, as in Redis. */
    static final class Options {
        boolean desc;
        boolean alpha;
        /** A {@code BY} pattern without {@code *} was given: no sorting (it stays so, as in Redis). */
        boolean dontSort;
        long limitStart;
        long limitCount = -1;
        byte[] by;
        byte[] store;
        final List<byte[]> gets = new ArrayList<>();

        /**
         * Parses {@code a[2..n)}.
         *
         * @throws CommandException with Redis's syntax or integer error
         */
        static Options parse(byte[][] a, int n, boolean readOnly) {
            Options o = new Options();
            for (int j = 2; j < n; j++) {
                int left = n - j - 1;
                byte[] arg = a[j];
                if (Args.is(arg, "asc")) {
                    o.desc = false;
                } else if (Args.is(arg, "desc")) {
                    o.desc = true;
                } else if (Args.is(arg, "alpha")) {
                    o.alpha = true;
                } else if (Args.is(arg, "limit") && left >= 2) {
                    o.limitStart = Args.toLong(a[j + 1]);
                    o.limitCount = Args.toLong(a[j + 2]);
                    j += 2;
                } else if (!readOnly && Args.is(arg, "store") && left >= 1) {
                    o.store = a[++j];
                } else if (Args.is(arg, "by") && left >= 1) {
                    o.by = a[++j];
                    if (indexOf(o.by, (byte) '*', 0, cLength(o.by)) < 0) {
                        o.dontSort = true;
                    }
                } else if (Args.is(arg, "get") && left >= 1) {
                    o.gets.add(a[++j]);
                } else {
                    throw CommandException.SYNTAX;
                }
            }
            return o;
        }

        /** Whether the sort looks keys up through a pattern, so it needs a view of every key. */
        boolean readsPatterns() {
            if (!dontSort && by != null) {
                return true;
            }
            for (byte[] get : gets) {
                if (!isHash(get) && indexOf(get, (byte) '*', 0, cLength(get)) >= 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One element being sorted, with what it sorts by. */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] weight;

        Item(byte[] element) {
            this.element = element;
        }
    }

    /**
     * Runs a parsed sort of the value at {@code key} against {@code view}: returns the elements, or the values of
     * the {@code GET} patterns for each, in order; a value not found is {@code null}, or empty when storing.
     *
     * @throws CommandException {@code WRONGTYPE} if {@code key} holds a string or a hash; Redis's error if a score
     *     is not a number
     */
    static byte[][] run(Options o, byte[] key, KeyView view) {
        ValueType type = view.lookup(key);
        if (type != ValueType.NONE && type != ValueType.LIST && type != ValueType.SET && type != ValueType.ZSET) {
            throw CommandException.WRONGTYPE;
        }
        byte[][] elements = type == ValueType.NONE ? new byte[0][] : view.elements(key);
        if (type == ValueType.ZSET) {
            byte[][] members = new byte[elements.length / 2][];
            for (int i = 0; i < members.length; i++) {
                members[i] = elements[2 * i];
            }
            elements = members;
        }
        boolean dontSort = o.dontSort;
        boolean alpha = o.alpha;
        byte[] by = o.by;
        if (dontSort && type == ValueType.SET && o.store != null) {
            // a set has no order of its own: what is stored must not depend on it
            dontSort = false;
            alpha = true;
            by = null;
        }
        int length = elements.length;
        int start = (int) Math.min(Math.max(o.limitStart, 0), length);
        long count = Math.min(Math.max(o.limitCount, -1), length);
        int end = (int) (count < 0 ? length - 1 : start + count - 1);
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) {
            end = length - 1;
        }
        Item[] vector;
        if (dontSort && type != ValueType.SET) {
            // the native order, reversed by DESC, then the range
            int size = Math.max(0, end - start + 1);
            vector = new Item[size];
            for (int i = 0; i < size; i++) {
                int at = start + i;
                vector[i] = new Item(elements[o.desc ? length - 1 - at : at]);
            }
            start = 0;
            end = size - 1;
        } else {
            vector = new Item[length];
            for (int i = 0; i < length; i++) {
                vector[i] = new Item(elements[i]);
            }
        }
        if (!dontSort) {
            weigh(vector, by, alpha, view);
            Comparator<Item> order = order(alpha, by != null, o.store != null, o.desc);
            if (by != null && (start != 0 || end != vector.length - 1)) {
                PartialSort.sort(vector, order, start, end);
            } else {
                Arrays.sort(vector, order);
            }
        }
        int per = o.gets.isEmpty() ? 1 : o.gets.size();
        byte[][] out = new byte[Math.max(0, end - start + 1) * per][];
        int k = 0;
        for (int j = start; j <= end; j++) {
            if (o.gets.isEmpty()) {
                out[k++] = vector[j].element;
                continue;
            }
            for (byte[] get : o.gets) {
                byte[] value = lookup(view, get, vector[j].element);
                out[k++] = value == null && o.store != null ? EMPTY : value;
            }
        }
        return out;
    }

    /** Gives each item its score or, for ALPHA with BY, its weight; an item whose weight is missing keeps 0/none. */
    private static void weigh(Item[] vector, byte[] by, boolean alpha, KeyView view) {
        boolean notDouble = false;
        for (Item item : vector) {
            byte[] value = by == null ? item.element : lookup(view, by, item.element);
            if (value == null) {
                continue;
            }
            if (alpha) {
                if (by != null) {
                    item.weight = value;
                }
            } else {
                item.score = Strtod.parse(value);
                notDouble |= Double.isNaN(item.score);
            }
        }
        if (notDouble) {
            throw NOT_DOUBLE;
        }
    }

    /** Redis's {@code sortCompare} for these options. */
    private static Comparator<Item> order(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<Item> c;
        if (!alpha) {
            c = (x, y) -> x.score > y.score ? 1 : x.score < y.score ? -1
                    : Integer.signum(Arrays.compareUnsigned(x.element, y.element));
        } else if (byPattern) {
            c = (x, y) -> {
                if (x.weight == null || y.weight == null) {
                    return x.weight == y.weight ? 0 : x.weight == null ? -1 : 1;
                }
                return store ? Integer.signum(Arrays.compareUnsigned(x.weight, y.weight)) : collate(x.weight, y.weight);
            };
        } else {
            c = (x, y) -> store ? Integer.signum(Arrays.compareUnsigned(x.element, y.element))
                    : collate(x.element, y.element);
        }
        return desc ? (x, y) -> -c.compare(x, y) : c;
    }

    /** {@code strcoll} in the C locale: unsigned bytes up to the first NUL. */
    static int collate(byte[] x, byte[] y) {
        int n = Math.min(cLength(x), cLength(y));
        for (int i = 0; i < n; i++) {
            int d = (x[i] & 0xFF) - (y[i] & 0xFF);
            if (d != 0) {
                return Integer.signum(d);
            }
        }
        return Integer.compare(cLength(x), cLength(y));
    }

    /**
     * Redis's {@code lookupKeyByPattern}: {@code #} is the element itself; otherwise the first {@code *} becomes the
     * element, and a {@code ->field} after it reads that field of a hash, else the key's string. {@code null} if the
     * pattern has no {@code *} or the key, of that type, or the field does not exist.
     */
    static byte[] lookup(KeyView view, byte[] pattern, byte[] element) {
        if (isHash(pattern)) {
            return element;
        }
        int c = cLength(pattern);
        int star = indexOf(pattern, (byte) '*', 0, c);
        if (star < 0) {
            return null;
        }
        int arrow = star + 1;
        while ((arrow = indexOf(pattern, (byte) '-', arrow, c)) >= 0 && (arrow + 1 >= c || pattern[arrow + 1] != '>')) {
            arrow++;
        }
        boolean field = arrow >= 0 && arrow + 2 < c;
        int keyEnd = field ? arrow : pattern.length;
        byte[] name = new byte[star + element.length + keyEnd - star - 1];
        System.arraycopy(pattern, 0, name, 0, star);
        System.arraycopy(element, 0, name, star, element.length);
        System.arraycopy(pattern, star + 1, name, star + element.length, keyEnd - star - 1);
        ValueType type = view.lookup(name);
        if (!field) {
            return type == ValueType.STRING ? view.string(name) : null;
        }
        if (type != ValueType.HASH) {
            return null;
        }
        byte[][] entries = view.elements(name);
        for (int i = 0; i + 1 < entries.length; i += 2) {
            if (entries[i].length == pattern.length - arrow - 2
                    && Arrays.equals(entries[i], 0, entries[i].length, pattern, arrow + 2, pattern.length)) {
                return entries[i + 1];
            }
        }
        return null;
    }

    /** Whether {@code pattern} is {@code #} as a C string. */
    private static boolean isHash(byte[] pattern) {
        return pattern.length > 0 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0);
    }

    /** The length of {@code b} as a C string: up to its first NUL. */
    private static int cLength(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] != 0) {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] b, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
