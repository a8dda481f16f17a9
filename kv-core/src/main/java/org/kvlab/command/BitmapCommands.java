package org.kvlab.command;

import static org.kvlab.command.Command.DENYOOM;
import static org.kvlab.command.Command.FAST;
import static org.kvlab.command.Command.READONLY;
import static org.kvlab.command.Command.WRITE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kvlab.api.Keyspace;
import org.kvlab.protocol.RespWriter;

/**
 * The bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO, on string values, with
 * Redis's argument checks in Redis's order. The bit arithmetic is {@link Bitmaps}'.
 */
final class BitmapCommands {

    private static final CommandException BIT_OFFSET =
            new CommandException("ERR bit offset is not an integer or out of range");
    private static final CommandException BIT_VALUE = new CommandException("ERR bit is not an integer or out of range");
    private static final CommandException BIT_ARGUMENT = new CommandException("ERR The bit argument must be 1 or 0.");
    private static final CommandException NOT_SINGLE_KEY =
            new CommandException("ERR BITOP NOT must be called with a single source key.");
    private static final CommandException BITFIELD_TYPE = new CommandException(
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
    private static final CommandException OVERFLOW_TYPE = new CommandException("ERR Invalid OVERFLOW type specified");
    private static final CommandException READ_ONLY =
            new CommandException("ERR BITFIELD_RO only supports the GET subcommand");

    private static final int GET = 0;
    private static final int SET = 1;
    private static final int INCRBY = 2;

    private final ServerContext context;

    BitmapCommands(ServerContext context) {
        this.context = context;
    }

    void register(List<Command> t) {
        new Command.Group(t)
                .add("setbit", 4, WRITE | DENYOOM, 1, 1, 1, this::setbit)
                .add("getbit", 3, READONLY | FAST, 1, 1, 1, this::getbit)
                .add("bitcount", -2, READONLY, 1, 1, 1, this::bitcount)
                .add("bitpos", -3, READONLY, 1, 1, 1,
                        this::bitpos)
                .add("bitop", -4, WRITE | DENYOOM, 2, -1, 1,
                        this::bitop)
                .add("bitfield", -2, WRITE | DENYOOM, 1, 1, 1,
                        (s, a, n, w) -> bitfield(s, a, n, w, false))
                .add("bitfield_ro", -2, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> bitfield(s, a, n, w, true));
    }

    private void setbit(Session s, byte[][] a, int n, RespWriter w) {
        long offset = bitOffset(a[2], false, 0);
        int on;
        try {
            long value = Args.toLong(a[3]);
            if ((value & ~1L) != 0) {
                throw BIT_VALUE;
            }
            on = (int) value;
        } catch (CommandException e) {
            throw BIT_VALUE;
        }
        Keyspace k = s.keyspace();
        int index = (int) (offset >>> 3);
        // Redis's SETBIT looks up to write: neither a hit nor a miss
        byte[] current = k.read(new byte[][] {a[1]}, view -> view.string(a[1]));
        if (current != null && index < current.length && Bitmaps.bit(current, offset) == on) {
            w.integer(on); // nothing changed: no event either, as Redis
            return;
        }
        int[] previous = new int[1];
        k.update(a[1], value -> {
            byte[] updated = grown(value, index + 1L);
            previous[0] = Bitmaps.bit(updated, offset);
            Bitmaps.setBit(updated, offset, on);
            return updated;
        });
        s.notify(KeyEvent.SETBIT, a[1]);
        w.integer(previous[0]);
    }

    private void getbit(Session s, byte[][] a, int n, RespWriter w) {
        long offset = bitOffset(a[2], false, 0);
        byte[] v = s.keyspace().get(a[1]);
        w.integer(v == null ? 0 : Bitmaps.bit(v, offset));
    }

    private void bitcount(Session s, byte[][] a, int n, RespWriter w) {
        byte[] v = s.keyspace().get(a[1]);
        if (v == null) {
            w.integer(0);
            return;
        }
        if (n == 2) {
            w.integer(Bitmaps.popcount(v, 0, v.length));
            return;
        }
        if (n != 4 && n != 5) {
            throw CommandException.SYNTAX;
        }
        long start = Args.toLong(a[2]);
        long end = Args.toLong(a[3]);
        if (start < 0 && end < 0 && start > end) {
            w.integer(0);
            return;
        }
        w.integer(Bitmaps.count(v, start, end, n == 5 && unitIsBit(a[4])));
    }

    private void bitpos(Session s, byte[][] a, int n, RespWriter w) {
        long bit = Args.toLong(a[2]);
        if (bit != 0 && bit != 1) {
            throw BIT_ARGUMENT;
        }
        byte[] v = s.keyspace().get(a[1]);
        if (v == null) {
            w.integer(bit == 1 ? -1 : 0);
            return;
        }
        if (n == 3) {
            w.integer(Bitmaps.position(v, (int) bit, 0, -1, false, false));
            return;
        }
        if (n > 6) {
            throw CommandException.SYNTAX;
        }
        long start = Args.toLong(a[3]);
        boolean isBit = n == 6 && unitIsBit(a[5]);
        long end = n >= 5 ? Args.toLong(a[4]) : -1;
        w.integer(Bitmaps.position(v, (int) bit, start, end, n >= 5, isBit));
    }

    /** Parses {@code BIT} or {@code BYTE}; returns whether it is {@code BIT}. */
    private static boolean unitIsBit(byte[] unit) {
        if (Args.is(unit, "bit")) {
            return true;
        }
        if (Args.is(unit, "byte")) {
            return false;
        }
        throw CommandException.SYNTAX;
    }

    private void bitop(Session s, byte[][] a, int n, RespWriter w) {
        int op;
        if (Args.is(a[1], "and")) {
            op = Bitmaps.AND;
        } else if (Args.is(a[1], "or")) {
            op = Bitmaps.OR;
        } else if (Args.is(a[1], "xor")) {
            op = Bitmaps.XOR;
        } else if (Args.is(a[1], "not")) {
            op = Bitmaps.NOT;
        } else {
            throw CommandException.SYNTAX;
        }
        if (op == Bitmaps.NOT && n != 4) {
            throw NOT_SINGLE_KEY;
        }
        byte[][] sources = Arrays.copyOfRange(a, 3, n);
        s.store(a[2], KeyEvent.SET_STRING, true, w, () -> {
            byte[] result = s.keyspace().combine(a[2], sources, values -> Bitmaps.op(op, values));
            return result == null ? 0 : result.length;
        });
    }

    /** One parsed {@code BITFIELD} operation: GET, SET or INCRBY of a field, with the overflow mode then in force. */
    private record FieldOp(int code, boolean signed, int bits, long offset, long value, int overflow) {
    }

    private void bitfield(Session s, byte[][] a, int n, RespWriter w, boolean readOnlyCommand) {
        List<FieldOp> ops = new ArrayList<>();
        int overflow = Bitmaps.WRAP;
        boolean writes = false;
        long highest = 0;
        for (int j = 2; j < n; j++) {
            int remaining = n - j - 1;
            byte[] sub = a[j];
            int code;
            if (Args.is(sub, "get") && remaining >= 2) {
                code = GET;
            } else if (Args.is(sub, "set") && remaining >= 3) {
                code = SET;
            } else if (Args.is(sub, "incrby") && remaining >= 3) {
                code = INCRBY;
            } else if (Args.is(sub, "overflow") && remaining >= 1) {
                byte[] type = a[++j];
                if (Args.is(type, "wrap")) {
                    overflow = Bitmaps.WRAP;
                } else if (Args.is(type, "sat")) {
                    overflow = Bitmaps.SAT;
                } else if (Args.is(type, "fail")) {
                    overflow = Bitmaps.FAIL;
                } else {
                    throw OVERFLOW_TYPE;
                }
                continue;
            } else {
                throw CommandException.SYNTAX;
            }
            byte[] type = a[j + 1];
            boolean signed = type.length > 0 && type[0] == 'i';
            int bits = fieldBits(type);
            long offset = bitOffset(a[j + 2], true, bits);
            long value = 0;
            if (code != GET) {
                writes = true;
                highest = Math.max(highest, offset + bits - 1);
                value = Args.toLong(a[j + 3]);
            }
            ops.add(new FieldOp(code, signed, bits, offset, value, overflow));
            j += code == GET ? 2 : 3;
        }
        Keyspace k = s.keyspace();
        if (!writes) {
            byte[] v = k.get(a[1]);
            byte[] p = v == null ? new byte[0] : v;
            w.arrayHeader(ops.size());
            for (FieldOp op : ops) {
                w.integer(get(p, op));
            }
            return;
        }
        if (readOnlyCommand) {
            throw READ_ONLY;
        }
        long length = (highest >>> 3) + 1;
        if (length > Integer.MAX_VALUE - 8) {
            throw CommandException.TOO_LONG;
        }
        long[] replies = new long[ops.size()];
        boolean[] failed = new boolean[ops.size()];
        boolean[] changed = new boolean[1];
        k.update(a[1], current -> {
            byte[] p = grown(current, length);
            // as Redis: a write changes the key if it made or grew the string, or changed the field's value
            boolean grew = current == null || current.length < p.length;
            changed[0] = false;
            for (int i = 0; i < ops.size(); i++) {
                FieldOp op = ops.get(i);
                failed[i] = false;
                if (op.code() == GET) {
                    replies[i] = get(p, op);
                    continue;
                }
                long before = get(p, op);
                if (!write(p, op, replies, i)) {
                    failed[i] = true;
                } else if (grew || get(p, op) != before) {
                    changed[0] = true;
                }
            }
            return p;
        });
        w.arrayHeader(ops.size());
        for (int i = 0; i < replies.length; i++) {
            if (failed[i]) {
                w.nullBulk();
            } else {
                w.integer(replies[i]);
            }
        }
        if (changed[0]) {
            s.notify(KeyEvent.SETBIT, a[1]); // after the reply, as Redis
        }
    }

    private static long get(byte[] p, FieldOp op) {
        return op.signed() ? Bitmaps.getSigned(p, op.offset(), op.bits())
                : Bitmaps.getUnsigned(p, op.offset(), op.bits());
    }

    /**
     * Runs a {@code SET} or {@code INCRBY} on {@code p}, storing its reply in {@code replies[i]}; returns
     * {@code false}, writing nothing, when it overflows under {@code OVERFLOW FAIL}.
     */
    private static boolean write(byte[] p, FieldOp op, long[] replies, int i) {
        long old = get(p, op);
        long[] limit = new long[1];
        long updated;
        int overflowed;
        if (op.code() == INCRBY) {
            overflowed = op.signed() ? Bitmaps.checkSigned(old, op.value(), op.bits(), op.overflow(), limit)
                    : Bitmaps.checkUnsigned(old, op.value(), op.bits(), op.overflow(), limit);
            updated = overflowed != 0 ? limit[0] : old + op.value();
            replies[i] = updated;
        } else {
            overflowed = op.signed() ? Bitmaps.checkSigned(op.value(), 0, op.bits(), op.overflow(), limit)
                    : Bitmaps.checkUnsigned(op.value(), 0, op.bits(), op.overflow(), limit);
            updated = overflowed != 0 ? limit[0] : op.value();
            replies[i] = old;
        }
        if (overflowed != 0 && op.overflow() == Bitmaps.FAIL) {
            return false;
        }
        Bitmaps.setBits(p, op.offset(), op.bits(), updated);
        return true;
    }

    /** Returns a copy of {@code value} ({@code null}: empty) zero-padded to at least {@code length} bytes. */
    private static byte[] grown(byte[] value, long length) {
        int size = (int) Math.max(value == null ? 0 : value.length, length);
        return value == null ? new byte[size] : Arrays.copyOf(value, size);
    }

    /**
     * Parses a bit offset as Redis's {@code getBitOffsetFromArgument}: a non-negative integer whose byte is under
     * {@code proto-max-bulk-len}; with {@code hash}, {@code #n} means {@code n * bits}.
     */
    private long bitOffset(byte[] arg, boolean hash, int bits) {
        boolean multiply = hash && bits > 0 && arg.length > 0 && arg[0] == '#';
        long offset;
        try {
            offset = Args.toLong(multiply ? Arrays.copyOfRange(arg, 1, arg.length) : arg);
        } catch (CommandException e) {
            throw BIT_OFFSET;
        }
        if (multiply) {
            offset *= bits;
        }
        if (offset < 0 || (offset >> 3) >= context.maxBulkLength()) {
            throw BIT_OFFSET;
        }
        return offset;
    }

    /**
     * Parses a bitfield type, {@code i1} to {@code i64} or {@code u1} to {@code u63}, and returns its width; the
     * width is read up to a NUL byte, as Redis's C string does.
     */
    private static int fieldBits(byte[] type) {
        if (type.length == 0 || (type[0] != 'i' && type[0] != 'u')) {
            throw BITFIELD_TYPE;
        }
        int end = 1;
        while (end < type.length && type[end] != 0) {
            end++;
        }
        long bits;
        try {
            bits = Args.toLong(Arrays.copyOfRange(type, 1, end));
        } catch (CommandException e) {
            throw BITFIELD_TYPE;
        }
        if (bits < 1 || bits > (type[0] == 'i' ? 64 : 63)) {
            throw BITFIELD_TYPE;
        }
        return (int) bits;
    }
}
