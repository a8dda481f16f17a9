package org.kvlab.command;

import static org.kvlab.command.Command.DENYOOM;
import static org.kvlab.command.Command.FAST;
import static org.kvlab.command.Command.KEEPS_NO_ARGS;
import static org.kvlab.command.Command.READONLY;
import static org.kvlab.command.Command.WRITE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.kvlab.api.HashEntry;
import org.kvlab.api.HashScanResult;
import org.kvlab.api.Hashes;
import org.kvlab.api.ValueType;
import org.kvlab.protocol.RespWriter;

/** The hash commands (Redis's {@code t_hash.c}), on {@link Hashes}. */
final class HashCommands {

    private static final CommandException OUT_OF_RANGE = new CommandException("ERR value is out of range");
    private static final CommandException COUNT_RANGE = new CommandException(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final byte[] ALL = {'*'};

    void register(List<Command> t) {
        new Command.Group(t)
                .add("hset", -4, WRITE | DENYOOM | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> hset(s, a, n, w, true))
                .add("hsetnx", 4, WRITE | DENYOOM | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> {
                            boolean set = hashes(s).setIfAbsent(a[1], a[2], a[3]);
                            w.integer(set ? 1 : 0);
                            if (set) {
                                s.notify(KeyEvent.HSET, a[1]);
                            }
                        })
                .add("hget", 3, READONLY | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> w.bulk(hashes(s).get(a[1], a[2])))
                .add("hmget", -3, READONLY | FAST, 1, 1, 1,
                        this::hmget)
                .add("hmset", -4, WRITE | DENYOOM | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> hset(s, a, n, w, false))
                .add("hdel", -3, WRITE | FAST, 1, 1, 1,
                        this::hdel)
                .add("hexists", 3, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> w.integer(hashes(s).exists(a[1], a[2]) ? 1 : 0))
                .add("hlen", 2, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> w.integer(hashes(s).length(a[1])))
                .add("hstrlen", 3, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> w.integer(hashes(s).valueLength(a[1], a[2])))
                .add("hkeys", 2, READONLY, 1, 1, 1,
                        (s, a, n, w) -> array(w, hashes(s).fields(a[1])))
                .add("hvals", 2, READONLY, 1, 1, 1,
                        (s, a, n, w) -> array(w, hashes(s).values(a[1])))
                .add("hgetall", 2, READONLY, 1, 1, 1,
                        this::hgetall)
                .add("hincrby", 4, WRITE | DENYOOM | FAST, 1, 1, 1,
                        (s, a, n, w) -> {
                            w.integer(hashes(s).incrBy(a[1], a[2], Args.toLong(a[3])));
                            s.notify(KeyEvent.HINCRBY, a[1]);
                        })
                .add("hincrbyfloat", 4, WRITE | DENYOOM | FAST, 1, 1, 1,
                        (s, a, n, w) -> {
                            w.bulk(hashes(s).incrByFloat(a[1], a[2], a[3]));
                            s.notify(KeyEvent.HINCRBYFLOAT, a[1]);
                        })
                .add("hrandfield", -2, READONLY, 1, 1, 1,
                        this::hrandfield)
                .add("hscan", -3, READONLY, 1, 1, 1, this::hscan);
    }

    private static Hashes hashes(Session s) {
        return s.keyspace().hashes();
    }

    /** HSET and HMSET: field value pairs; HSET replies how many were new, HMSET {@code +OK}. */
    private void hset(Session s, byte[][] a, int n, RespWriter w, boolean hset) {
        if ((n & 1) == 1) {
            throw new CommandException("ERR wrong number of arguments for '" + (hset ? "hset" : "hmset")
                    + "' command");
        }
        int created;
        if (n == 4) {
            created = hashes(s).set(a[1], a[2], a[3]) ? 1 : 0;
        } else {
            List<HashEntry> entries = new ArrayList<>((n - 2) / 2);
            for (int i = 2; i < n; i += 2) {
                entries.add(new HashEntry(a[i], a[i + 1]));
            }
            created = hashes(s).set(a[1], entries);
        }
        if (hset) {
            w.integer(created);
        } else {
            w.ok();
        }
        s.notify(KeyEvent.HSET, a[1]);
    }

    /** HDEL: {@code hdel}, and {@code del} if the hash is gone, before the reply, as Redis. */
    private void hdel(Session s, byte[][] a, int n, RespWriter w) {
        long deleted = hashes(s).delete(a[1], Arrays.copyOfRange(a, 2, n));
        if (deleted > 0) {
            s.notify(KeyEvent.HDEL, a[1]);
            if (s.notifies(KeyEvent.DEL) && !s.keyspace().existsQuietly(a[1])) {
                s.notify(KeyEvent.DEL, a[1]);
            }
        }
        w.integer(deleted);
    }

    private void hmget(Session s, byte[][] a, int n, RespWriter w) {
        List<byte[]> values = hashes(s).multiGet(a[1], Arrays.copyOfRange(a, 2, n));
        w.arrayHeader(values.size());
        for (byte[] v : values) {
            w.bulk(v);
        }
    }

    private static void array(RespWriter w, List<byte[]> elements) {
        w.arrayHeader(elements.size());
        for (byte[] e : elements) {
            w.bulk(e);
        }
    }

    /** HGETALL: a map in RESP3, a flat array of fields and values in RESP2. */
    private void hgetall(Session s, byte[][] a, int n, RespWriter w) {
        List<HashEntry> entries = hashes(s).entries(a[1]);
        w.mapHeader(entries.size());
        for (HashEntry e : entries) {
            w.bulk(e.field());
            w.bulk(e.value());
        }
    }

    /**
     * HRANDFIELD key [count [WITHVALUES]]: without a count, one field or nil; with one, an array, in RESP3 of
     * [field, value] pairs when WITHVALUES, in RESP2 flat. The count is checked before the key, as Redis does.
     */
    private void hrandfield(Session s, byte[][] a, int n, RespWriter w) {
        if (n < 3) {
            w.bulk(hashes(s).randomField(a[1]));
            return;
        }
        long count = Args.toLong(a[2]);
        if (count == Long.MIN_VALUE) {
            throw COUNT_RANGE;
        }
        if (n > 4 || n == 4 && !Args.is(a[3], "withvalues")) {
            throw CommandException.SYNTAX;
        }
        boolean withValues = n == 4;
        if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            throw OUT_OF_RANGE;
        }
        List<HashEntry> entries;
        try {
            entries = hashes(s).randomFields(a[1], count, withValues);
        } catch (IllegalArgumentException e) {
            throw OUT_OF_RANGE; // more repeats than a reply can hold: Redis would try, and run out of memory
        }
        boolean pairs = withValues && w.protocol() == 3;
        w.arrayHeader(withValues && !pairs ? 2 * entries.size() : entries.size());
        for (HashEntry e : entries) {
            if (pairs) {
                w.arrayHeader(2);
            }
            w.bulk(e.field());
            if (withValues) {
                w.bulk(e.value());
            }
        }
    }

    /**
     * HSCAN key cursor [MATCH pattern] [COUNT count]. As Redis: the cursor is checked first, then the key (absent:
     * an empty scan; another type: WRONGTYPE), then the options.
     */
    private void hscan(Session s, byte[][] a, int n, RespWriter w) {
        long cursor = KeyCommands.parseCursor(a[2]);
        int count = 10;
        byte[] pattern = null;
        CommandException invalid = null;
        for (int i = 3; i < n && invalid == null; i++) {
            boolean hasNext = i + 1 < n;
            if (Args.is(a[i], "count") && hasNext) {
                long c;
                try {
                    c = Args.toLong(a[++i]);
                } catch (CommandException e) {
                    invalid = e;
                    break;
                }
                if (c < 1) {
                    invalid = CommandException.SYNTAX;
                }
                count = (int) Math.min(c, Integer.MAX_VALUE);
            } else if (Args.is(a[i], "match") && hasNext) {
                pattern = Arrays.equals(a[++i], ALL) ? null : a[i];
            } else {
                invalid = CommandException.SYNTAX;
            }
        }
        Hashes hashes = hashes(s);
        if (invalid != null) {
            ValueType type = s.keyspace().type(a[1]);
            if (type == ValueType.NONE) {
                scanReply(w, new HashScanResult(0, List.of()));
                return;
            }
            if (type != ValueType.HASH) {
                throw CommandException.WRONGTYPE;
            }
            throw invalid;
        }
        byte[] p = pattern;
        Predicate<byte[]> filter = p == null ? field -> true : field -> Glob.matches(p, field, false);
        scanReply(w, hashes.scan(a[1], cursor, count, filter));
    }

    private static void scanReply(RespWriter w, HashScanResult r) {
        w.arrayHeader(2);
        w.bulk(Long.toUnsignedString(r.cursor()).getBytes(StandardCharsets.US_ASCII));
        w.arrayHeader(2 * r.entries().size());
        for (HashEntry e : r.entries()) {
            w.bulk(e.field());
            w.bulk(e.value());
        }
    }
}
