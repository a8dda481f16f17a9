package org.kvlab.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongBiFunction;
import org.kvlab.api.ElementSink;
import org.kvlab.api.IndexOutOfRangeException;
import org.kvlab.api.ListEnd;
import org.kvlab.api.ListPop;
import org.kvlab.api.Lists;
import org.kvlab.api.NoSuchKeyException;
import org.kvlab.api.ValueType;

/**
 * The {@link Lists} of one {@link Database}. Each operation reads the {@link ListValue}s of its keys in one
 * {@link Database#access} and records what changes as list effects; the static {@link #pop(Access, byte[], ListEnd,
 * long)} and {@link #move(Access, byte[], byte[], ListEnd, ListEnd)} do so inside an access another write path
 * opened. Thread-safe.
 */
final class ListOps implements Lists {

    private static final byte[][] NONE = new byte[0][];
    /** The arguments of a pop of one element; effects only read their arguments. */
    private static final byte[][] ONE = {ListValue.number(1)};

    /** The pushes, as operations that capture nothing (the elements are their argument), so that they allocate none. */
    private static final ToLongBiFunction<Access, byte[][]> LPUSH = (a, e) -> push(a, e, ListValue.PUSH_LEFT, false);
    private static final ToLongBiFunction<Access, byte[][]> RPUSH = (a, e) -> push(a, e, ListValue.PUSH_RIGHT, false);
    private static final ToLongBiFunction<Access, byte[][]> LPUSHX = (a, e) -> push(a, e, ListValue.PUSH_LEFT, true);
    private static final ToLongBiFunction<Access, byte[][]> RPUSHX = (a, e) -> push(a, e, ListValue.PUSH_RIGHT, true);

    private final Database database;

    ListOps(Database database) {
        this.database = database;
    }

    @Override
    public long push(byte[] key, ListEnd end, byte[]... elements) {
        return push(key, end, elements, false);
    }

    @Override
    public long pushIfExists(byte[] key, ListEnd end, byte[]... elements) {
        return push(key, end, elements, true);
    }

    private long push(byte[] key, ListEnd end, byte[][] elements, boolean onlyIfExists) {
        Objects.requireNonNull(end, "end");
        if (elements.length == 0) {
            throw new IllegalArgumentException("elements: none (expected: at least one)");
        }
        for (byte[] e : elements) {
            Objects.requireNonNull(e, "element");
        }
        return database.write(key, true, elements, end == ListEnd.LEFT ? (onlyIfExists ? LPUSHX : LPUSH)
                : onlyIfExists ? RPUSHX : RPUSH);
    }

    /** Pushes {@code elements} with {@code op} onto the list of {@code a}'s key; returns the new length. */
    private static long push(Access a, byte[][] elements, byte op, boolean onlyIfExists) {
        ListValue list = a.get(a.key(), ValueType.LIST);
        if (list == null && onlyIfExists) {
            return 0L;
        }
        a.record(a.key(), op, elements);
        return (list == null ? 0L : list.size()) + elements.length;
    }

    @Override
    public byte[] pop(byte[] key, ListEnd end) {
        Objects.requireNonNull(end, "end");
        return database.access(key, true, false, end, ListOps::popOne);
    }

    /**
     * Removes the element at {@code end} of the list at {@code a}'s key, recording the effect in {@code a}; returns it,
     * or {@code null} if the list does not exist. {@link #pop(Access, byte[], ListEnd, long)} of one, allocating only
     * the element's copy.
     */
    private static byte[] popOne(Access a, ListEnd end) {
        ListValue list = a.get(a.key(), ValueType.LIST);
        if (list == null) {
            return null;
        }
        byte[] element = list.get(end == ListEnd.LEFT ? 0 : list.size() - 1);
        a.record(a.key(), end == ListEnd.LEFT ? ListValue.POP_LEFT : ListValue.POP_RIGHT, ONE);
        return element;
    }

    @Override
    public List<byte[]> pop(byte[] key, ListEnd end, long count) {
        Objects.requireNonNull(end, "end");
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
        return list(database.access(key, true, false, a -> pop(a, key, end, count)));
    }

    /**
     * Removes up to {@code count} elements from {@code end} of the list at {@code key}, recording the effect in
     * {@code a}, which must have {@code key} locked for writing.
     *
     * @return the elements in the order popped (from {@code end} inwards), or {@code null} if the list does not exist
     * @throws org.kvlab.api.WrongTypeException if {@code key} holds another type
     */
    static byte[][] pop(Access a, byte[] key, ListEnd end, long count) {
        ListValue list = a.get(key, ValueType.LIST);
        if (list == null) {
            return null;
        }
        int n = (int) Math.min(count, list.size());
        if (n == 0) {
            return NONE;
        }
        byte[][] popped;
        if (end == ListEnd.LEFT) {
            popped = list.range(0, n - 1);
        } else {
            popped = list.range(list.size() - n, list.size() - 1);
            Collections.reverse(Arrays.asList(popped));
        }
        a.record(key, end == ListEnd.LEFT ? ListValue.POP_LEFT : ListValue.POP_RIGHT, ListValue.number(n));
        return popped;
    }

    @Override
    public long length(byte[] key) {
        return database.access(key, false, false, a -> {
            ListValue list = a.get(key, ValueType.LIST);
            return list == null ? 0L : list.size();
        });
    }

    @Override
    public List<byte[]> range(byte[] key, long start, long stop) {
        return list(database.access(key, false, false, a -> {
            ListValue list = a.get(key, ValueType.LIST);
            if (list == null) {
                return NONE;
            }
            long[] r = range(list.size(), start, stop);
            return r == null ? NONE : list.range((int) r[0], (int) r[1]);
        }));
    }

    @Override
    public void range(byte[] key, long start, long stop, ElementSink sink) {
        Objects.requireNonNull(sink, "sink");
        database.access(key, false, false, a -> {
            ListValue list = a.get(key, ValueType.LIST);
            long[] r = list == null ? null : range(list.size(), start, stop);
            if (r == null) {
                sink.count(0);
            } else {
                list.range((int) r[0], (int) r[1], sink);
            }
            return null;
        });
    }

    /**
     * Returns the first and last index of {@code start..stop} within a list of {@code length} as Redis reads them
     * (negative from the tail, clipped to the list), or {@code null} if the range is empty.
     */
    private static long[] range(long length, long start, long stop) {
        if (start < 0) {
            start += length;
        }
        if (stop < 0) {
            stop += length;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > stop || start >= length) {
            return null;
        }
        return new long[] {start, Math.min(stop, length - 1)};
    }

    /** Returns {@code index} counted from the head of a list of {@code length}, or -1 if it is out of range. */
    private static long index(long length, long index) {
        if (index < 0) {
            index += length;
        }
        return index < 0 || index >= length ? -1 : index;
    }

    @Override
    public byte[] index(byte[] key, long index) {
        return database.access(key, false, false, a -> {
            ListValue list = a.get(key, ValueType.LIST);
            long i = list == null ? -1 : index(list.size(), index);
            return i < 0 ? null : list.get((int) i);
        });
    }

    @Override
    public void set(byte[] key, long index, byte[] element) {
        Objects.requireNonNull(element, "element");
        database.access(key, true, true, a -> {
            ListValue list = a.get(key, ValueType.LIST);
            if (list == null) {
                throw new NoSuchKeyException();
            }
            long i = index(list.size(), index);
            if (i < 0) {
                throw new IndexOutOfRangeException();
            }
            a.record(key, ListValue.SET, ListValue.number(i), element);
            return null;
        });
    }

    @Override
    public long insertBefore(byte[] key, byte[] pivot, byte[] element) {
        return insert(key, pivot, element, 0);
    }

    @Override
    public long insertAfter(byte[] key, byte[] pivot, byte[] element) {
        return insert(key, pivot, element, 1);
    }

    private long insert(byte[] key, byte[] pivot, byte[] element, int after) {
        Objects.requireNonNull(pivot, "pivot");
        Objects.requireNonNull(element, "element");
        return database.access(key, true, true, a -> {
            ListValue list = a.get(key, ValueType.LIST);
            if (list == null) {
                return 0L;
            }
            int at = list.indexOf(pivot);
            if (at < 0) {
                return -1L;
            }
            a.record(key, ListValue.INSERT, ListValue.number(at + after), element);
            return list.size() + 1L;
        });
    }

    @Override
    public long remove(byte[] key, long count, byte[] element) {
        Objects.requireNonNull(element, "element");
        return database.access(key, true, false, a -> {
            ListValue list = a.get(key, ValueType.LIST);
            if (list == null) {
                return 0L;
            }
            long limit = count == Long.MIN_VALUE ? 0 : Math.abs(count);
            long removed = list.countOf(element, limit);
            if (removed > 0) {
                long signed = limit == 0 ? 0 : count > 0 ? removed : -removed;
                a.record(key, ListValue.REMOVE, ListValue.number(signed), element);
            }
            return removed;
        });
    }

    @Override
    public void trim(byte[] key, long start, long stop) {
        database.access(key, true, false, a -> {
            ListValue list = a.get(key, ValueType.LIST);
            if (list == null) {
                return null;
            }
            long length = list.size();
            long[] r = range(length, start, stop);
            long left = r == null ? length : r[0];
            long right = r == null ? 0 : length - 1 - r[1];
            if (left + right > 0) {
                a.record(key, ListValue.TRIM, ListValue.number(left), ListValue.number(right));
            } else {
                a.unchangedButModified(key);
            }
            return null;
        });
    }

    @Override
    public Long position(byte[] key, byte[] element, long rank, long maxLength) {
        long[] found = positions(key, element, rank, 1, maxLength, "position");
        return found.length == 0 ? null : found[0];
    }

    @Override
    public long[] positions(byte[] key, byte[] element, long rank, long count, long maxLength) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
        return positions(key, element, rank, count, maxLength, "positions");
    }

    private long[] positions(byte[] key, byte[] element, long rank, long count, long maxLength, String what) {
        Objects.requireNonNull(element, "element");
        if (rank == 0 || rank == Long.MIN_VALUE) {
            throw new IllegalArgumentException(what + ": rank " + rank + " (expected: not 0 nor Long.MIN_VALUE)");
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException(what + ": maxLength " + maxLength + " (expected: >= 0)");
        }
        return database.access(key, false, false, a -> {
            ListValue list = a.get(key, ValueType.LIST);
            return list == null ? new long[0]
                    : list.positions(element, Math.abs(rank), count, maxLength, rank < 0);
        });
    }

    @Override
    public byte[] move(byte[] source, byte[] destination, ListEnd from, ListEnd to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return database.access(new byte[][] {source, destination}, true, true,
                a -> move(a, source, destination, from, to));
    }

    /**
     * Moves the element at end {@code from} of the list at {@code source} to end {@code to} of the list at
     * {@code destination}, recording the effects in {@code a}, which must have both keys locked for writing.
     *
     * @return the element moved, or {@code null} if the source list does not exist
     * @throws org.kvlab.api.WrongTypeException if {@code source} holds another type, or {@code destination} does
     *     while the source list exists
     */
    static byte[] move(Access a, byte[] source, byte[] destination, ListEnd from, ListEnd to) {
        ListValue list = a.get(source, ValueType.LIST);
        if (list == null) {
            return null;
        }
        a.get(destination, ValueType.LIST);
        byte[] element = list.get(from == ListEnd.LEFT ? 0 : list.size() - 1);
        boolean sameKey = Arrays.equals(source, destination);
        if (sameKey && (from == to || list.size() == 1)) {
            a.unchangedButModified(source);
            return element;
        }
        a.record(source, from == ListEnd.LEFT ? ListValue.POP_LEFT : ListValue.POP_RIGHT, ListValue.number(1));
        a.record(destination, to == ListEnd.LEFT ? ListValue.PUSH_LEFT : ListValue.PUSH_RIGHT, element);
        return element;
    }

    @Override
    public ListPop multiPop(List<byte[]> keys, ListEnd end, long count) {
        Objects.requireNonNull(end, "end");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys: none (expected: at least one)");
        }
        if (count <= 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: > 0)");
        }
        byte[][] locked = keys.toArray(new byte[0][]);
        return database.access(locked, true, false, a -> {
            for (byte[] key : locked) {
                byte[][] popped = pop(a, key, end, count);
                if (popped != null) {
                    return new ListPop(key, Arrays.asList(popped));
                }
            }
            return null;
        });
    }

    private static List<byte[]> list(byte[][] elements) {
        return elements == null ? null : Collections.unmodifiableList(Arrays.asList(elements));
    }
}
