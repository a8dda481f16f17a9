package org.kvlab.command;

import static org.kvlab.command.Command.BLOCKING;
import static org.kvlab.command.Command.DENYOOM;
import static org.kvlab.command.Command.FAST;
import static org.kvlab.command.Command.KEEPS_NO_ARGS;
import static org.kvlab.command.Command.MOVABLEKEYS;
import static org.kvlab.command.Command.NOSCRIPT;
import static org.kvlab.command.Command.READONLY;
import static org.kvlab.command.Command.WRITE;

import java.util.Arrays;
import java.util.List;
import org.kvlab.api.ListEnd;
import org.kvlab.api.ListPop;
import org.kvlab.api.Lists;
import org.kvlab.api.NoSuchKeyException;
import org.kvlab.api.ValueType;
import org.kvlab.api.WrongTypeException;
import org.kvlab.protocol.RespWriter;

/**
 * The list commands (Redis's {@code t_list.c}): pushes and pops at either end, LLEN, LRANGE, LINDEX, LSET, LINSERT,
 * LREM, LTRIM, LPOS, LMOVE, RPOPLPUSH and LMPOP, and the blocking pops BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP
 * (through {@link Blocking}), with Redis 7.0's argument checks in its order (an argument error before a WRONGTYPE
 * where Redis parses first) and its RESP2 and RESP3 null shapes.
 */
final class ListCommands {

    private static final CommandException NOT_POSITIVE =
            new CommandException("ERR value is out of range, must be positive");
    private static final CommandException RANK_ZERO = new CommandException("ERR RANK can't be zero: use 1 to start "
            + "from the first match, 2 from the second ... or use negative to start from the end of the list");
    private static final CommandException COUNT_NEGATIVE = new CommandException("ERR COUNT can't be negative");
    private static final CommandException MAXLEN_NEGATIVE = new CommandException("ERR MAXLEN can't be negative");
    private static final CommandException NUMKEYS = new CommandException("ERR numkeys should be greater than 0");
    private static final CommandException COUNT_NOT_POSITIVE =
            new CommandException("ERR count should be greater than 0");

    private final Blocking blocking;

    ListCommands(Blocking blocking) {
        this.blocking = blocking;
    }

    void register(List<Command> t) {
        int blockingWrite = WRITE | NOSCRIPT | BLOCKING;
        new Command.Group(t)
                .add("lpush", -3, WRITE | DENYOOM | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> push(s, a, n, w, ListEnd.LEFT, false))
                .add("rpush", -3, WRITE | DENYOOM | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> push(s, a, n, w, ListEnd.RIGHT, false))
                .add("lpushx", -3, WRITE | DENYOOM | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> push(s, a, n, w, ListEnd.LEFT, true))
                .add("rpushx", -3, WRITE | DENYOOM | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> push(s, a, n, w, ListEnd.RIGHT, true))
                .add("lpop", -2, WRITE | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> pop(s, a, n, w, ListEnd.LEFT))
                .add("rpop", -2, WRITE | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> pop(s, a, n, w, ListEnd.RIGHT))
                .add("llen", 2, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> w.integer(s.keyspace().lists().length(a[1])))
                .add("lrange", 4, READONLY, 1, 1, 1, this::lrange)
                .add("lindex", 3, READONLY, 1, 1, 1, this::lindex)
                .add("lset", 4, WRITE | DENYOOM, 1, 1, 1,
                        this::lset)
                .add("linsert", 5, WRITE | DENYOOM, 1, 1, 1, this::linsert)
                .add("lrem", 4, WRITE, 1, 1, 1, this::lrem)
                .add("ltrim", 4, WRITE, 1, 1, 1, this::ltrim)
                .add("lpos", -3, READONLY, 1, 1, 1,
                        this::lpos)
                .add("lmove", 5, WRITE | DENYOOM, 1, 2, 1, (s, a, n, w) -> {
                            ListEnd from = end(a[3]);
                            ListEnd to = end(a[4]);
                            move(s, a[1], a[2], from, to, w);
                        })
                .add("rpoplpush", 3, WRITE | DENYOOM, 1, 2, 1,
                        (s, a, n, w) -> move(s, a[1], a[2], ListEnd.RIGHT, ListEnd.LEFT, w))
                .add("lmpop", -4, WRITE | MOVABLEKEYS, 0, 0, 0, this::lmpop)

                .add("blpop", -3, blockingWrite, 1, -2, 1,
                        (s, a, n, w) -> blockingPop(s, a, n, w, ListEnd.LEFT))
                .add("brpop", -3, blockingWrite, 1, -2, 1,
                        (s, a, n, w) -> blockingPop(s, a, n, w, ListEnd.RIGHT))
                .add("blmove", 6, blockingWrite | DENYOOM, 1, 2, 1, (s, a, n, w) -> {
                            ListEnd from = end(a[3]);
                            ListEnd to = end(a[4]);
                            blockingMove(s, a, w, from, to, Timeouts.seconds(a[5]));
                        })
                .add("brpoplpush", 4, blockingWrite | DENYOOM, 1, 2, 1,
                        (s, a, n, w) -> blockingMove(s, a, w, ListEnd.RIGHT, ListEnd.LEFT, Timeouts.seconds(a[3])))
                .add("blmpop", -5, WRITE | BLOCKING | MOVABLEKEYS, 0, 0, 0, this::blmpop);
    }

    private void push(Session s, byte[][] a, int n, RespWriter w, ListEnd end, boolean onlyIfExists) {
        Lists lists = s.keyspace().lists();
        byte[][] elements = s.elements(a, 2, n);
        long length = onlyIfExists ? lists.pushIfExists(a[1], end, elements) : lists.push(a[1], end, elements);
        w.integer(length);
        if (length > 0) {
            s.notify(pushed(end), a[1]); // after the reply, as Redis
        }
    }

    private static KeyEvent pushed(ListEnd end) {
        return end == ListEnd.LEFT ? KeyEvent.LPUSH : KeyEvent.RPUSH;
    }

    /**
     * The events of elements popped from {@code key}, as Redis's {@code listElementsRemoved}: the pop, then
     * {@code del} if the list is gone (judged by a second look-up, made only when {@code del} is published).
     */
    private static void popped(Session s, byte[] key, ListEnd end) {
        s.notify(end == ListEnd.LEFT ? KeyEvent.LPOP : KeyEvent.RPOP, key);
        deletedIfEmpty(s, key);
    }

    private static void deletedIfEmpty(Session s, byte[] key) {
        if (s.notifies(KeyEvent.DEL) && !s.keyspace().existsQuietly(key)) {
            s.notify(KeyEvent.DEL, key);
        }
    }

    /** LMOVE and RPOPLPUSH: the push's event, the reply, then the pop's, as Redis. */
    private static void move(Session s, byte[] source, byte[] target, ListEnd from, ListEnd to, RespWriter w) {
        byte[] moved = s.keyspace().lists().move(source, target, from, to);
        if (moved == null) {
            w.nullBulk();
        } else {
            moved(s, source, target, from, to, moved, w);
        }
    }

    /** The reply of a move that moved {@code element}, between its events: the push's first, the pop's after. */
    private static void moved(Session s, byte[] source, byte[] target, ListEnd from, ListEnd to, byte[] element,
            RespWriter w) {
        s.notify(pushed(to), target);
        w.bulk(element);
        popped(s, source, from);
    }

    /** LPOP and RPOP: one element as a bulk string, or with a count an array; a missing list is a null of either. */
    private void pop(Session s, byte[][] a, int n, RespWriter w, ListEnd end) {
        if (n > 3) {
            throw new CommandException("ERR wrong number of arguments for '" + (end == ListEnd.LEFT ? "lpop" : "rpop")
                    + "' command");
        }
        Lists lists = s.keyspace().lists();
        if (n == 2) {
            byte[] value = lists.pop(a[1], end);
            w.bulk(value);
            if (value != null) {
                popped(s, a[1], end);
            }
            return;
        }
        long count = nonNegative(a[2], NOT_POSITIVE);
        List<byte[]> values = lists.pop(a[1], end, count);
        if (values == null) {
            w.nullArray();
        } else {
            bulks(w, values);
            if (!values.isEmpty()) {
                popped(s, a[1], end);
            }
        }
    }

    private void lrange(Session s, byte[][] a, int n, RespWriter w) {
        long start = Args.toLong(a[2]);
        long stop = Args.toLong(a[3]);
        s.keyspace().lists().range(a[1], start, stop, w.bulkArray());
    }

    /** LINDEX looks the key up before it parses the index: a missing list replies null even to a bad index. */
    private void lindex(Session s, byte[][] a, int n, RespWriter w) {
        Lists lists = s.keyspace().lists();
        long index;
        try {
            index = Args.toLong(a[2]);
        } catch (CommandException e) {
            if (lists.length(a[1]) == 0) {
                w.nullBulk();
                return;
            }
            throw e;
        }
        w.bulk(lists.index(a[1], index));
    }

    /** LSET looks the key up before it parses the index: a missing list is "no such key" even with a bad index. */
    private void lset(Session s, byte[][] a, int n, RespWriter w) {
        Lists lists = s.keyspace().lists();
        long index;
        try {
            index = Args.toLong(a[2]);
        } catch (CommandException e) {
            // Redis looks the key up to write it: neither a hit nor a miss
            ValueType type = s.keyspace().read(new byte[][] {a[1]}, view -> view.type(a[1]));
            if (type == ValueType.NONE) {
                throw new NoSuchKeyException();
            }
            if (type != ValueType.LIST) {
                throw CommandException.WRONGTYPE; // before a bad index
            }
            throw e;
        }
        lists.set(a[1], index, a[3]);
        w.ok();
        s.notify(KeyEvent.LSET, a[1]);
    }

    private void linsert(Session s, byte[][] a, int n, RespWriter w) {
        Lists lists = s.keyspace().lists();
        long length;
        if (Args.is(a[2], "before")) {
            length = lists.insertBefore(a[1], a[3], a[4]);
        } else if (Args.is(a[2], "after")) {
            length = lists.insertAfter(a[1], a[3], a[4]);
        } else {
            throw CommandException.SYNTAX;
        }
        if (length > 0) {
            s.notify(KeyEvent.LINSERT, a[1]);
        }
        w.integer(length);
    }

    private void ltrim(Session s, byte[][] a, int n, RespWriter w) {
        long start = Args.toLong(a[2]);
        long stop = Args.toLong(a[3]);
        Lists lists = s.keyspace().lists();
        boolean existed = (s.notifies(KeyEvent.LTRIM) || s.notifies(KeyEvent.DEL)) && s.keyspace().existsQuietly(a[1]);
        lists.trim(a[1], start, stop);
        if (existed) {
            s.notify(KeyEvent.LTRIM, a[1]);
            deletedIfEmpty(s, a[1]);
        }
        w.ok();
    }

    private void lrem(Session s, byte[][] a, int n, RespWriter w) {
        long removed = s.keyspace().lists().remove(a[1], Args.toLong(a[2]), a[3]);
        if (removed > 0) {
            s.notify(KeyEvent.LREM, a[1]);
            deletedIfEmpty(s, a[1]);
        }
        w.integer(removed);
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]; the last of a repeated option counts. */
    private void lpos(Session s, byte[][] a, int n, RespWriter w) {
        long rank = 1;
        long count = -1;
        long maxLength = 0;
        for (int i = 3; i < n; i++) {
            boolean more = i + 1 < n;
            if (Args.is(a[i], "rank") && more) {
                rank = Args.toLong(a[++i]);
                if (rank == 0) {
                    throw RANK_ZERO;
                }
            } else if (Args.is(a[i], "count") && more) {
                count = nonNegative(a[++i], COUNT_NEGATIVE);
            } else if (Args.is(a[i], "maxlen") && more) {
                maxLength = nonNegative(a[++i], MAXLEN_NEGATIVE);
            } else {
                throw CommandException.SYNTAX;
            }
        }
        if (rank == Long.MIN_VALUE) {
            // Redis negates the rank in a long: it stays negative, every match from the tail is at or past it, and
            // the COUNT limit's arithmetic overflows, so all of them are taken
            rank = -1;
            count = count == -1 ? -1 : 0;
        }
        Lists lists = s.keyspace().lists();
        if (count == -1) {
            Long position = lists.position(a[1], a[2], rank, maxLength);
            if (position == null) {
                w.nullBulk();
            } else {
                w.integer(position);
            }
            return;
        }
        long[] positions = lists.positions(a[1], a[2], rank, count, maxLength);
        w.arrayHeader(positions.length);
        for (long p : positions) {
            w.integer(p);
        }
    }

    /** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: the key and its popped elements, or a null array. */
    private void lmpop(Session s, byte[][] a, int n, RespWriter w) {
        MultiPop m = multiPopArgs(a, n, 1);
        poppedFrom(s, w, s.keyspace().lists().multiPop(m.keys, m.end, m.count), m.end);
    }

    /**
     * BLPOP and BRPOP key [key ...] timeout: the first non-empty list's key and element; a key of another type before
     * it is an error. If all are empty, the client blocks until one of them gets an element.
     */
    private void blockingPop(Session s, byte[][] a, int n, RespWriter w, ListEnd end) {
        long timeout = Timeouts.seconds(a[n - 1]);
        List<byte[]> keys = Arrays.asList(Arrays.copyOfRange(a, 1, n - 1));
        ListPop popped = s.keyspace().lists().multiPop(keys, end, 1);
        if (popped != null) {
            keyAndElement(w, popped.key(), popped.elements().get(0));
            popped(s, popped.key(), end);
            return;
        }
        blocking.block(s, w, keys, timeout, RespWriter::nullArray, (session, key, out) -> {
            byte[] element = session.keyspace().lists().pop(key, end);
            if (element == null) {
                return false;
            }
            keyAndElement(out, key, element);
            popped(session, key, end);
            return true;
        });
    }

    /**
     * BLMOVE and BRPOPLPUSH: LMOVE if the source list exists; else the client blocks until it gets an element (a
     * destination of another type is then the error, as in Redis). Inside a transaction, a null bulk string.
     */
    private void blockingMove(Session s, byte[][] a, RespWriter w, ListEnd from, ListEnd to, long timeout) {
        byte[] source = a[1];
        byte[] destination = a[2];
        byte[] moved = s.keyspace().lists().move(source, destination, from, to);
        if (moved != null) {
            moved(s, source, destination, from, to, moved, w);
            return;
        }
        if (s.inExec()) {
            w.nullBulk();
            return;
        }
        blocking.block(s, w, List.of(source), timeout, RespWriter::nullArray, (session, key, out) -> {
            Lists lists = session.keyspace().lists();
            byte[] element;
            try {
                element = lists.move(source, destination, from, to);
            } catch (WrongTypeException e) {
                if (session.keyspace().type(source) == ValueType.LIST) {
                    throw CommandException.WRONGTYPE; // the destination's type ends the command
                }
                throw e;
            }
            if (element == null) {
                return false;
            }
            moved(session, source, destination, from, to, element, out);
            return true;
        });
    }

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: LMPOP, or block until a list has elements. */
    private void blmpop(Session s, byte[][] a, int n, RespWriter w) {
        MultiPop m = multiPopArgs(a, n, 2);
        long timeout = Timeouts.seconds(a[1]);
        ListPop popped = s.keyspace().lists().multiPop(m.keys, m.end, m.count);
        if (popped != null) {
            poppedFrom(s, w, popped, m.end);
            return;
        }
        blocking.block(s, w, m.keys, timeout, RespWriter::nullArray, (session, key, out) -> {
            List<byte[]> elements = session.keyspace().lists().pop(key, m.end, m.count);
            if (elements == null) {
                return false;
            }
            poppedFrom(session, out, new ListPop(key, elements), m.end);
            return true;
        });
    }

    /** The arguments of LMPOP and BLMPOP, whose numkeys is at {@code numKeysAt}, checked in Redis's order. */
    private record MultiPop(List<byte[]> keys, ListEnd end, long count) {
    }

    private static MultiPop multiPopArgs(byte[][] a, int n, int numKeysAt) {
        long numKeys;
        try {
            numKeys = Args.toLong(a[numKeysAt]);
        } catch (CommandException e) {
            throw NUMKEYS;
        }
        if (numKeys < 1) {
            throw NUMKEYS;
        }
        if (numKeys >= n - numKeysAt - 1) {
            throw CommandException.SYNTAX;
        }
        int endAt = numKeysAt + (int) numKeys + 1;
        ListEnd end = end(a[endAt]);
        long count = -1;
        for (int i = endAt + 1; i < n; i++) {
            if (count == -1 && Args.is(a[i], "count") && i + 1 < n) {
                long c;
                try {
                    c = Args.toLong(a[++i]);
                } catch (CommandException e) {
                    throw COUNT_NOT_POSITIVE;
                }
                if (c < 1) {
                    throw COUNT_NOT_POSITIVE;
                }
                count = c;
            } else {
                throw CommandException.SYNTAX;
            }
        }
        return new MultiPop(Arrays.asList(Arrays.copyOfRange(a, numKeysAt + 1, endAt)), end, count == -1 ? 1 : count);
    }

    /** The reply of LMPOP and BLMPOP: the key and its popped elements, or a null array; then the pop's events. */
    private static void poppedFrom(Session s, RespWriter w, ListPop popped, ListEnd end) {
        if (popped == null) {
            w.nullArray();
            return;
        }
        w.arrayHeader(2);
        w.bulk(popped.key());
        bulks(w, popped.elements());
        popped(s, popped.key(), end);
    }

    private static void keyAndElement(RespWriter w, byte[] key, byte[] element) {
        w.arrayHeader(2);
        w.bulk(key);
        w.bulk(element);
    }

    /** Parses LEFT or RIGHT, any case. */
    private static ListEnd end(byte[] word) {
        if (Args.is(word, "left")) {
            return ListEnd.LEFT;
        }
        if (Args.is(word, "right")) {
            return ListEnd.RIGHT;
        }
        throw CommandException.SYNTAX;
    }

    /** Parses an integer that must not be negative, failing with {@code error} if it is negative or no integer. */
    private static long nonNegative(byte[] arg, CommandException error) {
        long v;
        try {
            v = Args.toLong(arg);
        } catch (CommandException e) {
            throw error;
        }
        if (v < 0) {
            throw error;
        }
        return v;
    }

    private static void bulks(RespWriter w, List<byte[]> elements) {
        w.arrayHeader(elements.size());
        for (byte[] e : elements) {
            w.bulk(e);
        }
    }
}
