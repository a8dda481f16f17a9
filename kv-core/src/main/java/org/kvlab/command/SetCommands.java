package org.kvlab.command;

import static org.kvlab.command.Command.DENYOOM;
import static org.kvlab.command.Command.FAST;
import static org.kvlab.command.Command.KEEPS_NO_ARGS;
import static org.kvlab.command.Command.MOVABLEKEYS;
import static org.kvlab.command.Command.READONLY;
import static org.kvlab.command.Command.WRITE;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.kvlab.api.ScanResult;
import org.kvlab.api.Sets;
import org.kvlab.api.ValueType;
import org.kvlab.api.WrongTypeException;
import org.kvlab.protocol.RespWriter;

/**
 * The set commands of Redis 7.0 ({@code t_set.c}), over {@link Sets}. Replies that are sets (SMEMBERS, SINTER,
 * SUNION, SDIFF, SPOP with a count) are RESP3 sets ({@code ~}); SRANDMEMBER with a count replies an array, as 7.0
 * does.
 */
final class SetCommands {

    private static final CommandException POSITIVE =
            new CommandException("ERR value is out of range, must be positive");
    /** Redis's range for SRANDMEMBER's count; the reply to a count past what kvlab can list uses its lower bound. */
    private static final CommandException RANDOM_COUNT = new CommandException(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final CommandException RANDOM_COUNT_TOO_NEGATIVE = new CommandException(
            "ERR value is out of range, value must between -2147483639 and 9223372036854775807");
    private static final CommandException NUMKEYS = new CommandException("ERR numkeys should be greater than 0");
    private static final CommandException TOO_MANY_KEYS =
            new CommandException("ERR Number of keys can't be greater than number of args");
    private static final CommandException NEGATIVE_LIMIT = new CommandException("ERR LIMIT can't be negative");
    private static final byte[] ALL = {'*'};
    private static final byte[] ZERO = {'0'};

    void register(List<Command> t) {
        new Command.Group(t)
                .add("sadd", -3, WRITE | DENYOOM | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> {
                            long added = sets(s).add(a[1], s.elements(a, 2, n));
                            if (added > 0) {
                                s.notify(KeyEvent.SADD, a[1]);
                            }
                            w.integer(added);
                        })
                .add("srem", -3, WRITE | FAST, 1, 1, 1,
                        (s, a, n, w) -> {
                            long removed = sets(s).remove(a[1], range(a, 2, n));
                            if (removed > 0) {
                                s.notify(KeyEvent.SREM, a[1]);
                                deletedIfEmpty(s, a[1]);
                            }
                            w.integer(removed);
                        })
                .add("smembers", 2, READONLY, 1, 1, 1,
                        (s, a, n, w) -> writeSet(w, sets(s).members(a[1])))
                .add("sismember", 3, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> w.integer(sets(s).isMember(a[1], a[2]) ? 1 : 0))
                .add("smismember", -3, READONLY | FAST, 1, 1, 1, this::smismember)
                .add("scard", 2, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> w.integer(sets(s).cardinality(a[1])))
                .add("spop", -2, WRITE | FAST | KEEPS_NO_ARGS, 1, 1, 1, this::spop)
                .add("srandmember", -2, READONLY, 1, 1, 1, this::srandmember)
                .add("smove", 4, WRITE | FAST, 1, 2, 1,
                        this::smove)
                .add("sinter", -2, READONLY, 1, -1, 1,
                        (s, a, n, w) -> writeSet(w, sets(s).intersection(range(a, 1, n))))
                .add("sintercard", -3, READONLY | MOVABLEKEYS, 0, 0, 0, this::sintercard)
                .add("sinterstore", -3, WRITE | DENYOOM, 1, -1, 1,
                        (s, a, n, w) -> s.store(a[1], KeyEvent.SINTERSTORE, false, w,
                                () -> sets(s).intersectionStore(a[1], range(a, 2, n))))
                .add("sunion", -2, READONLY, 1, -1, 1,
                        (s, a, n, w) -> writeSet(w, sets(s).union(range(a, 1, n))))
                .add("sunionstore", -3, WRITE | DENYOOM, 1, -1, 1,
                        (s, a, n, w) -> s.store(a[1], KeyEvent.SUNIONSTORE, false, w,
                                () -> sets(s).unionStore(a[1], range(a, 2, n))))
                .add("sdiff", -2, READONLY, 1, -1, 1,
                        (s, a, n, w) -> writeSet(w, sets(s).difference(range(a, 1, n))))
                .add("sdiffstore", -3, WRITE | DENYOOM, 1, -1, 1,
                        (s, a, n, w) -> s.store(a[1], KeyEvent.SDIFFSTORE, false, w,
                                () -> sets(s).differenceStore(a[1], range(a, 2, n))))
                .add("sscan", -3, READONLY, 1, 1, 1, this::sscan);
    }

    private static Sets sets(Session s) {
        return s.keyspace().sets();
    }

    /** {@code del} if the set at {@code key} is gone (a second look-up, made only when {@code del} is published). */
    private static void deletedIfEmpty(Session s, byte[] key) {
        if (s.notifies(KeyEvent.DEL) && !s.keyspace().existsQuietly(key)) {
            s.notify(KeyEvent.DEL, key);
        }
    }

    /** Whether {@code member} is in the set at {@code key}; a key of another type is left for SMOVE to judge. */
    private static boolean isMemberOfASet(Session s, byte[] key, byte[] member) {
        try {
            return s.keyspace().existsQuietly(key) && sets(s).isMember(key, member);
        } catch (WrongTypeException e) {
            return false;
        }
    }

    /** SMOVE: {@code srem} (and {@code del}) on the source, {@code sadd} on the target if it was new there. */
    private void smove(Session s, byte[][] a, int n, RespWriter w) {
        boolean same = Arrays.equals(a[1], a[2]);
        boolean newThere = !same && s.notifies(KeyEvent.SADD) && !isMemberOfASet(s, a[2], a[3]);
        boolean moved = s.holdingNewEvents(() -> {
            boolean done = sets(s).move(a[1], a[2], a[3]);
            if (done && !same) {
                s.notify(KeyEvent.SREM, a[1]);
                deletedIfEmpty(s, a[1]);
                if (newThere) {
                    s.notify(KeyEvent.SADD, a[2]);
                }
            }
            return done;
        });
        w.integer(moved ? 1 : 0);
    }

    private static byte[][] range(byte[][] a, int from, int to) {
        return Arrays.copyOfRange(a, from, to);
    }

    private static void writeSet(RespWriter w, List<byte[]> members) {
        w.setHeader(members.size());
        for (byte[] member : members) {
            w.bulk(member);
        }
    }

    private void smismember(Session s, byte[][] a, int n, RespWriter w) {
        boolean[] found = sets(s).areMembers(a[1], range(a, 2, n));
        w.arrayHeader(found.length);
        for (boolean f : found) {
            w.integer(f ? 1 : 0);
        }
    }

    /** SPOP key [count]: the count is checked before the key (Redis's {@code spopWithCountCommand}). */
    private void spop(Session s, byte[][] a, int n, RespWriter w) {
        if (n > 3) {
            throw CommandException.SYNTAX;
        }
        if (n == 2) {
            byte[] member = sets(s).pop(a[1]);
            if (member != null) {
                s.notify(KeyEvent.SPOP, a[1]);
            }
            w.bulk(member);
            if (member != null) {
                deletedIfEmpty(s, a[1]);
            }
            return;
        }
        long count;
        try {
            count = Args.toLong(a[2]);
        } catch (CommandException e) {
            throw POSITIVE;
        }
        if (count < 0) {
            throw POSITIVE;
        }
        List<byte[]> popped = sets(s).pop(a[1], count);
        if (!popped.isEmpty()) {
            s.notify(KeyEvent.SPOP, a[1]);
        }
        writeSet(w, popped);
        if (!popped.isEmpty()) {
            deletedIfEmpty(s, a[1]);
        }
    }

    /** SRANDMEMBER key [count]: a negative count may repeat members; the count is checked before the key. */
    private void srandmember(Session s, byte[][] a, int n, RespWriter w) {
        if (n > 3) {
            throw CommandException.SYNTAX;
        }
        if (n == 2) {
            w.bulk(sets(s).randomMember(a[1]));
            return;
        }
        long count = Args.toLong(a[2]);
        if (count == Long.MIN_VALUE) {
            throw RANDOM_COUNT;
        }
        List<byte[]> members;
        try {
            members = sets(s).randomMembers(a[1], count);
        } catch (IllegalArgumentException e) {
            throw RANDOM_COUNT_TOO_NEGATIVE;
        }
        w.arrayHeader(members.size());
        for (byte[] member : members) {
            w.bulk(member);
        }
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit]: options are checked before any key. */
    private void sintercard(Session s, byte[][] a, int n, RespWriter w) {
        long numkeys;
        try {
            numkeys = Args.toLong(a[1]);
        } catch (CommandException e) {
            throw NUMKEYS;
        }
        if (numkeys < 1) {
            throw NUMKEYS;
        }
        if (numkeys > n - 2) {
            throw TOO_MANY_KEYS;
        }
        long limit = 0;
        for (int i = 2 + (int) numkeys; i < n; i++) {
            if (Args.is(a[i], "limit") && i + 1 < n) {
                try {
                    limit = Args.toLong(a[++i]);
                } catch (CommandException e) {
                    throw NEGATIVE_LIMIT;
                }
                if (limit < 0) {
                    throw NEGATIVE_LIMIT;
                }
            } else {
                throw CommandException.SYNTAX;
            }
        }
        w.integer(sets(s).intersectionCardinality(limit, range(a, 2, 2 + (int) numkeys)));
    }

    /**
     * SSCAN key cursor [MATCH pattern] [COUNT count]: as Redis's {@code scanGenericCommand}, a bad cursor is an error
     * first, then an absent key replies an empty scan and a key of another type WRONGTYPE, and only then are the
     * options' errors reported.
     */
    private void sscan(Session s, byte[][] a, int n, RespWriter w) {
        long cursor = KeyCommands.parseCursor(a[2]);
        int count = 10;
        byte[] pattern = null;
        CommandException bad = null;
        for (int i = 3; i < n && bad == null; i += 2) {
            boolean hasValue = i + 1 < n;
            if (Args.is(a[i], "count") && hasValue) {
                try {
                    long c = Args.toLong(a[i + 1]);
                    if (c < 1) {
                        bad = CommandException.SYNTAX;
                    }
                    count = (int) Math.min(c, Integer.MAX_VALUE);
                } catch (CommandException e) {
                    bad = e;
                }
            } else if (Args.is(a[i], "match") && hasValue) {
                pattern = Arrays.equals(a[i + 1], ALL) ? null : a[i + 1];
            } else {
                bad = CommandException.SYNTAX;
            }
        }
        if (bad != null) {
            ValueType type = s.keyspace().type(a[1]);
            if (type == ValueType.NONE) {
                writeScan(w, 0, List.of());
                return;
            }
            throw type == ValueType.SET ? bad : CommandException.WRONGTYPE;
        }
        byte[] p = pattern;
        Predicate<byte[]> filter = p == null ? m -> true : m -> Glob.matches(p, m, false);
        ScanResult r = sets(s).scan(a[1], cursor, count, filter);
        writeScan(w, r.cursor(), r.keys());
    }

    private static void writeScan(RespWriter w, long cursor, List<byte[]> members) {
        w.arrayHeader(2);
        w.bulk(cursor == 0 ? ZERO : Long.toUnsignedString(cursor).getBytes(StandardCharsets.US_ASCII));
        w.arrayHeader(members.size());
        for (byte[] member : members) {
            w.bulk(member);
        }
    }
}
