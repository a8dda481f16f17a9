package org.kvlab.command;

import static org.kvlab.command.Command.FAST;
import static org.kvlab.command.Command.READONLY;
import static org.kvlab.command.Command.WRITE;
import static org.kvlab.command.Command.sub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ScanResult;
import org.kvlab.api.ValueType;
import org.kvlab.protocol.RespWriter;

/** The keyspace commands: DEL, EXISTS, TYPE, OBJECT, RENAME, COPY, KEYS, SCAN, expiry and TTL. */
final class KeyCommands {

    private static final CommandException INVALID_CURSOR = new CommandException("ERR invalid cursor");
    private static final CommandException SAME_OBJECT =
            new CommandException("ERR source and destination objects are the same");
    private static final CommandException NX_AND_OTHERS =
            new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
    private static final CommandException GT_AND_LT =
            new CommandException("ERR GT and LT options at the same time are not compatible");
    private static final byte[] ALL = {'*'};

    private final KeyValueStore store;

    KeyCommands(KeyValueStore store) {
        this.store = store;
    }

    void register(List<Command> t) {
        t.add(new Command("del", -2, WRITE, 1, -1, 1, null, this::del));
        t.add(new Command("unlink", -2, WRITE | FAST, 1, -1, 1, null, this::del));
        t.add(new Command("exists", -2, READONLY | FAST, 1, -1, 1, null, (s, a, n, w) -> {
                    Keyspace k = s.keyspace();
                    long count = 0;
                    for (int i = 1; i < n; i++) {
                        if (k.exists(a[i])) {
                            count++;
                        }
                    }
                    w.integer(count);
                }));
        t.add(new Command("touch", -2, READONLY | FAST, 1, -1, 1,
                null, (s, a, n, w) -> {
                    Keyspace k = s.keyspace();
                    long count = 0;
                    for (int i = 1; i < n; i++) {
                        if (k.touch(a[i])) {
                            count++;
                        }
                    }
                    w.integer(count);
                }));
        t.add(new Command("object", -2, 0, 0, 0, 0,
                new Command.Subcommand[] {sub("encoding", 3), sub("freq", 3), sub("idletime", 3), sub("refcount", 3),
                    sub("help", 2)}, this::object));
        t.add(new Command("type", 2, READONLY | FAST, 1, 1, 1, null, (s, a, n, w) -> {
                    ValueType type = s.keyspace().type(a[1]);
                    w.simpleString(type.redisName());
                }));
        t.add(new Command("rename", 3, WRITE, 1, 2, 1,
                null, (s, a, n, w) -> {
                    s.keyspace().rename(a[1], a[2], false);
                    notifyRename(s, a[1], a[2]);
                    w.ok();
                }));
        t.add(new Command("renamenx", 3, WRITE | FAST, 1, 2, 1, null,
                (s, a, n, w) -> {
                    boolean renamed = s.keyspace().rename(a[1], a[2], true);
                    if (renamed) {
                        notifyRename(s, a[1], a[2]);
                    }
                    w.integer(renamed ? 1 : 0);
                }));
        t.add(new Command("copy", -3, WRITE | Command.DENYOOM, 1, 2, 1,
                null, this::copy));
        t.add(new Command("move", 3, WRITE | FAST, 1, 1, 1,
                null, this::move));
        t.add(new Command("keys", 2, READONLY, 0, 0, 0,
                null, this::keys));
        t.add(new Command("scan", -2, READONLY, 0, 0, 0,
                null, this::scan));
        t.add(new Command("randomkey", 1, READONLY, 0, 0, 0,
                null, (s, a, n, w) -> w.bulk(s.keyspace().randomKey())));
        t.add(new Command("expire", -3, WRITE | FAST, 1, 1, 1, null,
                (s, a, n, w) -> expire(s, a, n, w, true, true, "expire")));
        t.add(new Command("pexpire", -3, WRITE | FAST, 1, 1, 1, null,
                (s, a, n, w) -> expire(s, a, n, w, false, true, "pexpire")));
        t.add(new Command("expireat", -3, WRITE | FAST, 1, 1, 1, null,
                (s, a, n, w) -> expire(s, a, n, w, true, false, "expireat")));
        t.add(new Command("pexpireat", -3, WRITE | FAST, 1, 1, 1, null,
                (s, a, n, w) -> expire(s, a, n, w, false, false, "pexpireat")));
        t.add(new Command("ttl", 2, READONLY | FAST, 1, 1, 1, null, (s, a, n, w) -> ttl(s, a[1], w, true)));
        t.add(new Command("pttl", 2, READONLY | FAST, 1, 1, 1, null,
                (s, a, n, w) -> ttl(s, a[1], w, false)));
        t.add(new Command("expiretime", 2, READONLY | FAST, 1, 1, 1, null, (s, a, n, w) -> {
                    long at = s.keyspace().expiryMillis(a[1]);
                    w.integer(at < 0 ? at : at / 1000);
                }));
        t.add(new Command("pexpiretime", 2, READONLY | FAST, 1, 1, 1, null,
                (s, a, n, w) -> w.integer(s.keyspace().expiryMillis(a[1]))));
        t.add(new Command("persist", 2, WRITE | FAST, 1, 1, 1,
                null, (s, a, n, w) -> {
                    boolean persisted = s.keyspace().persist(a[1]);
                    if (persisted) {
                        s.notify(KeyEvent.PERSIST, a[1]);
                    }
                    w.integer(persisted ? 1 : 0);
                }));
    }

    /** A rename's events, as Redis's: none when a key is renamed to itself. */
    private static void notifyRename(Session s, byte[] from, byte[] to) {
        if (!java.util.Arrays.equals(from, to)) {
            s.notify(KeyEvent.RENAME_FROM, from);
            s.notify(KeyEvent.RENAME_TO, to);
        }
    }

    private void object(Session s, byte[][] a, int n, RespWriter w) {
        String sub = Args.str(a[1]).toLowerCase(java.util.Locale.ROOT);
        if (sub.equals("help")) {
            if (n != 2) {
                throw new CommandException("ERR wrong number of arguments for 'object|help' command");
            }
            String[] lines = {"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "ENCODING <key>",
                "    Return the kind of internal representation used in order to store the value",
                "    associated with a <key>.",
                "FREQ <key>",
                "    Return the access frequency index of the <key>. The returned integer is",
                "    proportional to the logarithm of the recent access frequency of the key.",
                "IDLETIME <key>",
                "    Return the idle time of the <key>, that is the approximated number of",
                "    seconds elapsed since the last access to the key.",
                "REFCOUNT <key>",
                "    Return the number of references of the value associated with the specified",
                "    <key>.",
                "HELP",
                "    Prints this help."};
            w.arrayHeader(lines.length);
            for (String line : lines) {
                w.simpleString(line);
            }
            return;
        }
        if (!sub.equals("encoding") && !sub.equals("freq") && !sub.equals("idletime") && !sub.equals("refcount")) {
            throw new CommandException("ERR unknown subcommand '" + Args.str(a[1]) + "'. Try OBJECT HELP.");
        }
        if (n != 3) {
            throw new CommandException("ERR wrong number of arguments for 'object|" + sub + "' command");
        }
        Keyspace k = s.keyspace();
        String encoding = k.encoding(a[2]);
        if (encoding == null) {
            w.nullBulk();
            return;
        }
        switch (sub) {
            case "encoding":
                w.bulk(Args.bytes(encoding));
                break;
            case "refcount":
                // Redis shares the objects of the integers 0-9999: their count reads as INT_MAX
                w.integer(encoding.equals("int") && isSharedInteger(k.read(new byte[][] {a[2]},
                        view -> view.string(a[2]))) ? Integer.MAX_VALUE : 1);
                break;
            case "idletime":
                if (store.memoryLimits().policy().lfu()) {
                    throw new CommandException("ERR An LFU maxmemory policy is selected, idle time not tracked. "
                            + "Please note that when switching between policies at runtime LRU and LFU data will "
                            + "take some time to adjust.");
                }
                w.integer(Math.max(0, k.idleMillis(a[2])) / 1000);
                break;
            default:
                if (!store.memoryLimits().policy().lfu()) {
                    throw new CommandException("ERR An LFU maxmemory policy is not selected, access frequency not "
                            + "tracked. Please note that when switching between policies at runtime LRU and LFU data "
                            + "will take some time to adjust.");
                }
                w.integer(Math.max(0, k.accessFrequency(a[2])));
        }
    }

    private static boolean isSharedInteger(byte[] value) {
        long v = Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        return v >= 0 && v < 10_000;
    }

    private void del(Session s, byte[][] a, int n, RespWriter w) {
        Keyspace k = s.keyspace();
        long count = 0;
        for (int i = 1; i < n; i++) {
            if (k.delete(a[i])) {
                s.notify(KeyEvent.DEL, a[i]);
                count++;
            }
        }
        w.integer(count);
    }

    private void copy(Session s, byte[][] a, int n, RespWriter w) {
        int db = s.database();
        boolean replace = false;
        for (int i = 3; i < n; i++) {
            if (Args.is(a[i], "replace")) {
                replace = true;
            } else if (Args.is(a[i], "db") && i + 1 < n) {
                long index = Args.toLong(a[++i]);
                if (index < 0 || index >= store.databaseCount()) {
                    throw CommandException.DB_RANGE;
                }
                db = (int) index;
            } else {
                throw CommandException.SYNTAX;
            }
        }
        if (db == s.database() && java.util.Arrays.equals(a[1], a[2])) {
            throw SAME_OBJECT;
        }
        boolean copied = s.keyspace().copy(a[1], db, a[2], replace);
        if (copied) {
            s.notify(KeyEvent.COPY_TO, a[2], db);
        }
        w.integer(copied ? 1 : 0);
    }

    /**
     * MOVE key db: the key, with its expiry, to database {@code db} if it is not there, as one atomic step; events
     * {@code move_from} and {@code move_to}, after the target's {@code new}, as Redis.
     */
    private void move(Session s, byte[][] a, int n, RespWriter w) {
        int db = Args.toInt(a[2]);
        if (db < 0 || db >= store.databaseCount()) {
            throw CommandException.DB_RANGE;
        }
        if (db == s.database()) {
            throw SAME_OBJECT;
        }
        byte[] key = a[1];
        boolean moved = s.keyspace().move(key, db);
        if (moved) {
            s.notify(KeyEvent.MOVE_FROM, key, s.database());
            s.notify(KeyEvent.MOVE_TO, key, db);
        }
        w.integer(moved ? 1 : 0);
    }

    private void keys(Session s, byte[][] a, int n, RespWriter w) {
        byte[] pattern = a[1];
        boolean all = java.util.Arrays.equals(pattern, ALL);
        Predicate<byte[]> filter = all ? key -> true : key -> Glob.matches(pattern, key, false);
        Keyspace k = s.keyspace();
        List<byte[]> found = new ArrayList<>();
        long cursor = 0;
        do {
            ScanResult r = k.scan(cursor, 1000, filter);
            found.addAll(r.keys());
            cursor = r.cursor();
        } while (cursor != 0);
        w.arrayHeader(found.size());
        for (byte[] key : found) {
            w.bulk(key);
        }
    }

    private void scan(Session s, byte[][] a, int n, RespWriter w) {
        long cursor = parseCursor(a[1]);
        int count = 10;
        byte[] pattern = null;
        String type = null;
        for (int i = 2; i < n; i++) {
            boolean hasNext = i + 1 < n;
            if (Args.is(a[i], "count") && hasNext) {
                long c = Args.toLong(a[++i]);
                if (c < 1) {
                    throw CommandException.SYNTAX;
                }
                count = (int) Math.min(c, Integer.MAX_VALUE);
            } else if (Args.is(a[i], "match") && hasNext) {
                pattern = a[++i];
                if (java.util.Arrays.equals(pattern, ALL)) {
                    pattern = null;
                }
            } else if (Args.is(a[i], "type") && hasNext) {
                type = Args.str(a[++i]).toLowerCase(java.util.Locale.ROOT);
            } else {
                throw CommandException.SYNTAX;
            }
        }
        Keyspace k = s.keyspace();
        byte[] p = pattern;
        ValueType wanted = type == null ? null : ValueType.fromRedisName(type);
        Predicate<byte[]> matches = p == null ? key -> true : key -> Glob.matches(p, key, false);
        // each key that matches is looked up for its type, a type of no name too (none is wanted): as Redis counts
        Predicate<byte[]> filter = type == null ? matches : matches.and(key -> k.type(key) == wanted);
        ScanResult r = k.scan(cursor, count, filter);
        w.arrayHeader(2);
        w.bulk(Long.toUnsignedString(r.cursor()).getBytes(StandardCharsets.US_ASCII));
        w.arrayHeader(r.keys().size());
        for (byte[] key : r.keys()) {
            w.bulk(key);
        }
    }

    /**
     * Parses a SCAN cursor as Redis's {@code parseScanCursorOrReply} does with {@code strtoul}: an unsigned 64-bit
     * decimal, optionally signed (a negative one wraps around, as in C); the empty string is 0, as {@code strtoul}
     * reads it.
     */
    static long parseCursor(byte[] b) {
        if (b.length == 0) {
            return 0;
        }
        int start = b.length > 0 && (b[0] == '-' || b[0] == '+') ? 1 : 0;
        if (b.length == start || b.length - start > 20) {
            throw INVALID_CURSOR;
        }
        for (int i = start; i < b.length; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw INVALID_CURSOR;
            }
        }
        long magnitude;
        try {
            magnitude = Long.parseUnsignedLong(new String(b, start, b.length - start, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw INVALID_CURSOR;
        }
        return b[0] == '-' ? -magnitude : magnitude;
    }

    private void expire(Session s, byte[][] a, int n, RespWriter w, boolean seconds, boolean relative,
            String command) {
        long when = Args.toLong(a[2]);
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < n; i++) {
            if (Args.is(a[i], "nx")) {
                nx = true;
            } else if (Args.is(a[i], "xx")) {
                xx = true;
            } else if (Args.is(a[i], "gt")) {
                gt = true;
            } else if (Args.is(a[i], "lt")) {
                lt = true;
            } else {
                throw new CommandException("ERR Unsupported option " + Args.str(a[i]));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw NX_AND_OTHERS;
        }
        if (gt && lt) {
            throw GT_AND_LT;
        }
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw CommandException.invalidExpire(command);
            }
            when *= 1000;
        }
        if (relative) {
            long now = store.clock().millis();
            if (when > Long.MAX_VALUE - now) {
                throw CommandException.invalidExpire(command);
            }
            when += now;
        }
        ExpireCondition condition = nx ? ExpireCondition.NX : xx ? ExpireCondition.XX
                : gt ? ExpireCondition.GT : lt ? ExpireCondition.LT : ExpireCondition.ALWAYS;
        if (xx && (gt || lt)) {
            if (s.keyspace().expiryMillis(a[1]) == Keyspace.NO_EXPIRY) {
                w.integer(0);
                return;
            }
        }
        boolean past = when <= store.clock().millis();
        boolean set = s.keyspace().expire(a[1], Math.max(0, when), condition);
        if (set && past) {
            s.notify(KeyEvent.DEL, a[1]); // a time already past deletes the key
        }
        w.integer(set ? 1 : 0);
        if (set && !past) {
            s.notify(KeyEvent.EXPIRE, a[1]); // after the reply, as Redis
        }
    }

    private void ttl(Session s, byte[] key, RespWriter w, boolean seconds) {
        long at = s.keyspace().expiryMillis(key);
        if (at < 0) {
            w.integer(at);
            return;
        }
        long ttl = Math.max(0, at - store.clock().millis());
        w.integer(seconds ? (ttl + 500) / 1000 : ttl);
    }
}
