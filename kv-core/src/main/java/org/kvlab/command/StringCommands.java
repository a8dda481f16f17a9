package org.kvlab.command;

import static org.kvlab.command.Command.DENYOOM;
import static org.kvlab.command.Command.FAST;
import static org.kvlab.command.Command.KEEPS_NO_ARGS;
import static org.kvlab.command.Command.READONLY;
import static org.kvlab.command.Command.WRITE;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.Keyspace;
import org.kvlab.api.SetOptions;
import org.kvlab.api.SetResult;
import org.kvlab.api.WrongTypeException;
import org.kvlab.protocol.RespWriter;

/** The string commands: GET, SET and its variants, counters, ranges. */
final class StringCommands {

    private static final CommandException DECR_OVERFLOW = new CommandException("ERR decrement would overflow");
    private static final CommandException OFFSET_RANGE = new CommandException("ERR offset is out of range");
    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore store;
    private final ServerContext context;

    StringCommands(KeyValueStore store, ServerContext context) {
        this.store = store;
        this.context = context;
    }

    void register(List<Command> t) {
        t.add(new Command("get", 2, READONLY | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                null, this::get));
        t.add(new Command("set", -3, WRITE | DENYOOM | KEEPS_NO_ARGS, 1, 1, 1, null,
                this::set));
        t.add(new Command("setnx", 3, WRITE | DENYOOM | FAST, 1, 1, 1, null, this::setnx));
        t.add(new Command("setex", 4, WRITE | DENYOOM, 1, 1, 1, null,
                (s, a, n, w) -> setex(s, a, w, 1000L, "setex")));
        t.add(new Command("psetex", 4, WRITE | DENYOOM, 1, 1, 1, null,
                (s, a, n, w) -> setex(s, a, w, 1L, "psetex")));
        t.add(new Command("getset", 3, WRITE | DENYOOM | FAST, 1, 1, 1, null, this::getset));
        t.add(new Command("getdel", 2, WRITE | FAST, 1, 1, 1, null,
                this::getdel));
        t.add(new Command("getex", -2, WRITE | FAST, 1, 1, 1, null, this::getex));
        t.add(new Command("mget", -2, READONLY | FAST, 1, -1, 1, null, this::mget));
        t.add(new Command("mset", -3, WRITE | DENYOOM | KEEPS_NO_ARGS, 1, -1, 2, null,
                (s, a, n, w) -> mset(s, a, n, w, false)));
        t.add(new Command("msetnx", -3, WRITE | DENYOOM | KEEPS_NO_ARGS, 1, -1, 2, null,
                (s, a, n, w) -> mset(s, a, n, w, true)));
        t.add(new Command("append", 3, WRITE | DENYOOM | FAST, 1, 1, 1, null, this::append));
        t.add(new Command("strlen", 2, READONLY | FAST, 1, 1, 1, null, (s, a, n, w) -> {
                    byte[] v = s.keyspace().get(a[1]);
                    w.integer(v == null ? 0 : v.length);
                }));
        t.add(new Command("getrange", 4, READONLY, 1, 1, 1, null, this::getrange));
        t.add(new Command("substr", 4, READONLY, 1, 1, 1, null, this::getrange));
        t.add(new Command("setrange", 4, WRITE | DENYOOM, 1, 1, 1,
                null, this::setrange));
        t.add(new Command("incr", 2, WRITE | DENYOOM | FAST, 1, 1, 1,
                null, (s, a, n, w) -> incr(s, a[1], 1, w)));
        t.add(new Command("decr", 2, WRITE | DENYOOM | FAST, 1, 1, 1,
                null, (s, a, n, w) -> incr(s, a[1], -1, w)));
        t.add(new Command("incrby", 3, WRITE | DENYOOM | FAST, 1, 1, 1,
                null, (s, a, n, w) -> incr(s, a[1], Args.toLong(a[2]), w)));
        t.add(new Command("decrby", 3, WRITE | DENYOOM | FAST, 1, 1, 1,
                null, this::decrby));
        t.add(new Command("incrbyfloat", 3, WRITE | DENYOOM | FAST, 1, 1, 1,
                null, this::incrbyfloat));
    }

    private void get(Session s, byte[][] a, int n, RespWriter w) {
        s.keyspace().readString(a[1], w.bulks()); // lent, not handed out: a later SET may reuse the value's array
    }

    private void set(Session s, byte[][] a, int n, RespWriter w) {
        SetOptions.Condition condition = SetOptions.Condition.ALWAYS;
        boolean get = false;
        boolean keepTtl = false;
        long expiry = Keyspace.NO_EXPIRY;
        boolean hasExpiry = false;
        for (int i = 3; i < n; i++) {
            byte[] o = a[i];
            boolean hasNext = i + 1 < n;
            if (Args.is(o, "nx") && condition == SetOptions.Condition.ALWAYS) {
                condition = SetOptions.Condition.IF_ABSENT;
            } else if (Args.is(o, "xx") && condition == SetOptions.Condition.ALWAYS) {
                condition = SetOptions.Condition.IF_PRESENT;
            } else if (Args.is(o, "get") && !get) {
                get = true;
            } else if (Args.is(o, "keepttl") && !keepTtl && !hasExpiry) {
                keepTtl = true;
            } else if (!keepTtl && !hasExpiry && hasNext
                    && (Args.is(o, "ex") || Args.is(o, "px") || Args.is(o, "exat") || Args.is(o, "pxat"))) {
                hasExpiry = true;
                expiry = expiryArgument(o, a[++i], "set");
            } else {
                throw CommandException.SYNTAX;
            }
        }
        // SET keeps no argument array (KEEPS_NO_ARGS): the store gets copies, of the key only when it is new
        if (!get && condition == SetOptions.Condition.ALWAYS && !keepTtl && !hasExpiry) {
            s.keyspace().setCopy(a[1], a[2]);
            s.notify(KeyEvent.SET_STRING, a[1]);
            w.ok();
            return;
        }
        SetResult r = s.keyspace().set(a[1].clone(), a[2].clone(), new SetOptions(condition, expiry, keepTtl, get));
        if (get) {
            w.bulk(r.previous()); // as Redis: GET's reply, then the events
        }
        if (r.written()) {
            notifySet(s, a[1], hasExpiry);
        }
        if (!get) {
            if (r.written()) {
                w.ok();
            } else {
                w.nullBulk();
            }
        }
    }

    /** The events of a string set, with an expiry or not, as Redis's {@code setGenericCommand}. */
    private static void notifySet(Session s, byte[] key, boolean withExpiry) {
        s.notify(KeyEvent.SET_STRING, key);
        if (withExpiry) {
            s.notify(KeyEvent.EXPIRE, key);
        }
    }

    /**
     * Turns the value of an {@code EX PX EXAT PXAT} option into an absolute expiry, as Redis's
     * {@code getExpireMillisecondsOrReply}.
     */
    private long expiryArgument(byte[] unit, byte[] value, String command) {
        long v = Args.toLong(value);
        boolean seconds = Args.is(unit, "ex") || Args.is(unit, "exat");
        if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) {
            throw CommandException.invalidExpire(command);
        }
        if (seconds) {
            v *= 1000;
        }
        if (Args.is(unit, "ex") || Args.is(unit, "px")) {
            v += store.clock().millis();
            if (v <= 0) {
                throw CommandException.invalidExpire(command);
            }
        }
        return v;
    }

    private void setnx(Session s, byte[][] a, int n, RespWriter w) {
        SetResult r = s.keyspace().set(a[1], a[2],
                new SetOptions(SetOptions.Condition.IF_ABSENT, Keyspace.NO_EXPIRY, false, false));
        if (r.written()) {
            s.notify(KeyEvent.SET_STRING, a[1]);
        }
        w.integer(r.written() ? 1 : 0);
    }

    private void setex(Session s, byte[][] a, RespWriter w, long unitMillis, String command) {
        long v = Args.toLong(a[2]);
        if (v <= 0 || (unitMillis == 1000 && v > Long.MAX_VALUE / 1000)) {
            throw CommandException.invalidExpire(command);
        }
        long expiry = v * unitMillis + store.clock().millis();
        if (expiry <= 0) {
            throw CommandException.invalidExpire(command);
        }
        s.keyspace().set(a[1], a[3], new SetOptions(SetOptions.Condition.ALWAYS, expiry, false, false));
        notifySet(s, a[1], true);
        w.ok();
    }

    private void getset(Session s, byte[][] a, int n, RespWriter w) {
        SetResult r = s.keyspace().set(a[1], a[2],
                new SetOptions(SetOptions.Condition.ALWAYS, Keyspace.NO_EXPIRY, false, true));
        w.bulk(r.previous());
        s.notify(KeyEvent.SET_STRING, a[1]);
    }

    private void getdel(Session s, byte[][] a, int n, RespWriter w) {
        byte[] value = s.keyspace().getAndDelete(a[1]);
        w.bulk(value);
        if (value != null) {
            s.notify(KeyEvent.DEL, a[1]);
        }
    }

    private void getex(Session s, byte[][] a, int n, RespWriter w) {
        long expiry = 0;
        boolean persist = false;
        boolean hasExpiry = false;
        for (int i = 2; i < n; i++) {
            byte[] o = a[i];
            if (Args.is(o, "persist") && !hasExpiry && !persist) {
                persist = true;
            } else if (!hasExpiry && !persist && i + 1 < n
                    && (Args.is(o, "ex") || Args.is(o, "px") || Args.is(o, "exat") || Args.is(o, "pxat"))) {
                hasExpiry = true;
                expiry = expiryArgument(o, a[++i], "getex");
            } else {
                throw CommandException.SYNTAX;
            }
        }
        Keyspace k = s.keyspace();
        if (persist) {
            byte[] value = k.get(a[1]);
            w.bulk(value);
            if (value != null && k.persist(a[1])) {
                s.notify(KeyEvent.PERSIST, a[1]);
            }
        } else if (hasExpiry) {
            byte[] value = k.getAndSetExpiry(a[1], expiry);
            w.bulk(value);
            if (value != null) {
                s.notify(expiry <= store.clock().millis() ? KeyEvent.DEL : KeyEvent.EXPIRE, a[1]);
            }
        } else {
            w.bulk(k.get(a[1]));
        }
    }

    private void mget(Session s, byte[][] a, int n, RespWriter w) {
        Keyspace k = s.keyspace();
        w.arrayHeader(n - 1);
        for (int i = 1; i < n; i++) {
            byte[] value;
            try {
                value = k.get(a[i]);
            } catch (WrongTypeException e) {
                value = null; // as Redis: a key of another type reads as nil
            }
            w.bulk(value);
        }
    }

    private void mset(Session s, byte[][] a, int n, RespWriter w, boolean nx) {
        if ((n & 1) == 0) {
            throw new CommandException("ERR wrong number of arguments for '" + (nx ? "msetnx" : "mset")
                    + "' command");
        }
        int pairs = (n - 1) / 2;
        byte[][] keys = new byte[pairs][];
        byte[][] values = new byte[pairs][];
        for (int i = 0; i < pairs; i++) {
            keys[i] = a[1 + 2 * i];
            values[i] = a[2 + 2 * i];
        }
        boolean written = s.holdingNewEvents(() -> {
            boolean set = s.keyspace().setAllCopies(keys, values, nx); // keeps no argument (KEEPS_NO_ARGS)
            if (set) {
                for (byte[] key : keys) {
                    s.notify(KeyEvent.SET_STRING, key);
                }
            }
            return set;
        });
        if (nx) {
            w.integer(written ? 1 : 0);
        } else {
            w.ok();
        }
    }

    private void append(Session s, byte[][] a, int n, RespWriter w) {
        byte[] suffix = a[2];
        long limit = context.maxBulkLength();
        byte[] result = s.keyspace().update(a[1], current -> {
            if (current == null) {
                return suffix;
            }
            if ((long) current.length + suffix.length > limit) {
                throw CommandException.TOO_LONG;
            }
            byte[] joined = Arrays.copyOf(current, current.length + suffix.length);
            System.arraycopy(suffix, 0, joined, current.length, suffix.length);
            return joined;
        });
        s.notify(KeyEvent.APPEND, a[1]);
        w.integer(result.length);
    }

    private void getrange(Session s, byte[][] a, int n, RespWriter w) {
        long start = Args.toLong(a[2]);
        long end = Args.toLong(a[3]);
        byte[] v = s.keyspace().get(a[1]);
        if (start < 0 && end < 0 && start > end) {
            w.bulk(EMPTY);
            return;
        }
        long len = v == null ? 0 : v.length;
        if (start < 0) {
            start += len;
        }
        if (end < 0) {
            end += len;
        }
        start = Math.max(0, start);
        end = Math.max(0, end);
        if (end >= len) {
            end = len - 1;
        }
        if (len == 0 || start > end) {
            w.bulk(EMPTY);
        } else {
            w.bulk(v, (int) start, (int) (end - start + 1));
        }
    }

    private void setrange(Session s, byte[][] a, int n, RespWriter w) {
        long offset = Args.toLong(a[2]);
        if (offset < 0) {
            throw OFFSET_RANGE;
        }
        byte[] value = a[3];
        Keyspace k = s.keyspace();
        if (value.length == 0) { // a write's look, as Redis's: no keyspace hit or miss
            w.integer(k.stringLengthQuietly(a[1]));
            return;
        }
        long limit = Math.min(context.maxBulkLength(), Integer.MAX_VALUE - 8);
        byte[] result = k.update(a[1], current -> {
            if (offset > limit - value.length) {
                throw CommandException.TOO_LONG; // after the type check, as Redis
            }
            int off = (int) offset;
            int length = Math.max(current == null ? 0 : current.length, off + value.length);
            byte[] updated = current == null ? new byte[length] : Arrays.copyOf(current, length);
            System.arraycopy(value, 0, updated, off, value.length);
            return updated;
        });
        s.notify(KeyEvent.SETRANGE, a[1]);
        w.integer(result.length);
    }

    private void decrby(Session s, byte[][] a, int n, RespWriter w) {
        long by = Args.toLong(a[2]);
        if (by == Long.MIN_VALUE) {
            throw DECR_OVERFLOW;
        }
        incr(s, a[1], -by, w);
    }

    private void incr(Session s, byte[] key, long by, RespWriter w) {
        byte[] result = s.keyspace().update(key, current -> {
            long value = current == null ? 0 : Args.toLong(current);
            if ((by < 0 && value < 0 && by < Long.MIN_VALUE - value)
                    || (by > 0 && value > 0 && by > Long.MAX_VALUE - value)) {
                throw CommandException.OVERFLOW;
            }
            return Long.toString(value + by).getBytes(StandardCharsets.US_ASCII);
        });
        s.notify(KeyEvent.INCRBY, key);
        w.integer(Args.toLong(result));
    }

    private void incrbyfloat(Session s, byte[][] a, int n, RespWriter w) {
        byte[] result = s.keyspace().incrByFloat(a[1], a[2]);
        s.notify(KeyEvent.INCRBYFLOAT, a[1]);
        w.bulk(result);
    }
}
