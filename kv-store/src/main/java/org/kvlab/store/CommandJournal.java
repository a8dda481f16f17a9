package org.kvlab.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ValueType;
import org.kvlab.api.WriteFeed;

/**
 * The {@link Journal} that tells a {@link WriteFeed} each change as the Redis commands that repeat it, the way a Redis
 * primary propagates its writes: absolute expiries ({@code SET ... PXAT}, {@code PEXPIREAT}), {@code DEL} for a key
 * that expired, each collection effect as its type's command ({@code HSET}, {@code LPOP key count}, {@code LTRIM},
 * {@code ZADD}, ...), and a change of several commands as one {@code MULTI}/{@code EXEC}. Called, as every journal,
 * with the locks of the keys it names held and before the change is applied, so it may read their current values.
 * Not thread-safe by itself: the store's locks order its calls per key; a transaction's calls come from the one
 * thread that holds every lock.
 */
final class CommandJournal implements Journal {

    private static final byte[] SET = ascii("SET");
    private static final byte[] PXAT = ascii("PXAT");
    private static final byte[] DEL = ascii("DEL");
    private static final byte[] PEXPIREAT = ascii("PEXPIREAT");
    private static final byte[] PERSIST = ascii("PERSIST");
    private static final byte[] MSET = ascii("MSET");
    private static final byte[] RENAME = ascii("RENAME");
    private static final byte[] FLUSHDB = ascii("FLUSHDB");
    private static final byte[] FLUSHALL = ascii("FLUSHALL");
    private static final byte[] SWAPDB = ascii("SWAPDB");
    private static final byte[] MULTI = ascii("MULTI");
    private static final byte[] EXEC = ascii("EXEC");
    private static final byte[] HSET = ascii("HSET");
    private static final byte[] HDEL = ascii("HDEL");
    private static final byte[] LPUSH = ascii("LPUSH");
    private static final byte[] RPUSH = ascii("RPUSH");
    private static final byte[] LPOP = ascii("LPOP");
    private static final byte[] RPOP = ascii("RPOP");
    private static final byte[] LSET = ascii("LSET");
    private static final byte[] LINSERT = ascii("LINSERT");
    private static final byte[] BEFORE = ascii("BEFORE");
    private static final byte[] AFTER = ascii("AFTER");
    private static final byte[] LREM = ascii("LREM");
    private static final byte[] LTRIM = ascii("LTRIM");
    private static final byte[] SADD = ascii("SADD");
    private static final byte[] SREM = ascii("SREM");
    private static final byte[] ZADD = ascii("ZADD");
    private static final byte[] ZREM = ascii("ZREM");

    private final KvStore store;
    private final WriteFeed feed;
    /** The commands of the step {@link #beginTransaction()} began, or {@code null} outside one. */
    private List<Command> transaction;

    CommandJournal(KvStore store, WriteFeed feed) {
        this.store = store;
        this.feed = feed;
    }

    @Override
    public void set(int db, byte[] key, byte[] value, long expiry) {
        if (expiry == Keyspace.NO_EXPIRY) {
            emit(db, SET, key, value);
        } else {
            emit(db, SET, key, value, PXAT, Rdb.decimal(expiry));
        }
    }

    @Override
    public void delete(int db, byte[] key) {
        emit(db, DEL, key);
    }

    /** {@code key}, whose time to live had passed, was removed; a primary then sends {@code DEL}. */
    void expired(int db, byte[] key) {
        emit(db, DEL, key);
    }

    @Override
    public void expire(int db, byte[] key, long expiry) {
        if (expiry == Keyspace.NO_EXPIRY) {
            emit(db, PERSIST, key);
        } else {
            emit(db, PEXPIREAT, key, Rdb.decimal(expiry));
        }
    }

    @Override
    public void setAll(int db, byte[][] keys, byte[][] values) {
        byte[][] args = new byte[1 + 2 * keys.length][];
        args[0] = MSET;
        for (int i = 0; i < keys.length; i++) {
            args[1 + 2 * i] = keys[i];
            args[2 + 2 * i] = values[i];
        }
        emit(db, args);
    }

    @Override
    public void rename(int db, byte[] source, byte[] target) {
        emit(db, RENAME, source, target);
    }

    @Override
    public void effects(int db, Effect effects) {
        List<Command> commands = new ArrayList<>(Effect.count(effects));
        for (Effect e = effects; e != null; e = e.next) {
            translate(db, e, mayExist(db, effects, e), commands);
        }
        emitAll(commands);
    }

    @Override
    public void clear(int db) {
        if (db < 0) {
            emit(-1, FLUSHALL);
        } else {
            emit(db, FLUSHDB);
        }
    }

    @Override
    public void swap(int first, int second) {
        emit(-1, SWAPDB, Rdb.decimal(first), Rdb.decimal(second));
    }

    @Override
    public void beginTransaction() {
        transaction = new ArrayList<>();
    }

    @Override
    public void endTransaction() {
        List<Command> commands = transaction;
        transaction = null;
        emitAll(commands);
    }

    private void emit(int db, byte[]... args) {
        emitAll(List.of(new Command(db, args)));
    }

    /**
     * Sends {@code commands} as one step: inside a transaction, later with it (as copies: the arrays a write is
     * recorded with are valid during the call only, and a SET overwrites its value's array in place); else wrapped if
     * there are several.
     */
    private void emitAll(List<Command> commands) {
        if (transaction != null) {
            for (Command c : commands) {
                byte[][] args = new byte[c.args.length][];
                for (int i = 0; i < args.length; i++) {
                    args[i] = c.args[i].clone();
                }
                transaction.add(new Command(c.db, args));
            }
            return;
        }
        if (commands.isEmpty()) {
            return;
        }
        boolean wrap = commands.size() > 1;
        if (wrap) {
            feed.command(-1, new byte[][] {MULTI});
        }
        for (Command c : commands) {
            feed.command(c.db, c.args);
        }
        if (wrap) {
            feed.command(-1, new byte[][] {EXEC});
        }
    }

    /**
     * Returns whether the key of {@code effect}, in the chain from {@code first}, may exist when it applies: it has a
     * node, live or expired (a replica may still hold an expired key), or an earlier effect of the step named it. The
     * delete a step records before creating a key that has no node repeats nothing, and is left out.
     */
    private boolean mayExist(int db, Effect first, Effect effect) {
        byte[] key = effect.key;
        for (Effect e = first; e != effect; e = e.next) {
            if (Arrays.equals(e.key, key)) {
                return true;
            }
        }
        return store.databaseAt(db).nodeLocked(key) != null;
    }

    private void translate(int db, Effect e, boolean mayExist, List<Command> out) {
        byte[] key = e.key;
        byte op = e.op;
        if (op == Effect.DELETE) {
            if (mayExist) {
                out.add(new Command(db, DEL, key));
            }
        } else if (op == Effect.REPLACE) {
            ByteBuffer head = ByteBuffer.wrap(e.args[0]);
            ValueType type = Container.TYPES[head.get()];
            long expiry = head.getLong();
            if (mayExist) {
                out.add(new Command(db, DEL, key));
            }
            byte[][] elements = Arrays.copyOfRange(e.args, 1, e.args.length);
            if (elements.length > 0) {
                out.add(new Command(db, creation(type, key, elements)));
                if (expiry != Keyspace.NO_EXPIRY) {
                    out.add(new Command(db, PEXPIREAT, key, Rdb.decimal(expiry)));
                }
            }
        } else if (op == HashValue.SET) {
            out.add(new Command(db, prefixed(HSET, key, e.args)));
        } else if (op == HashValue.DELETE) {
            out.add(new Command(db, prefixed(HDEL, key, e.args)));
        } else if (op == ListValue.PUSH_LEFT) {
            out.add(new Command(db, prefixed(LPUSH, key, e.args)));
        } else if (op == ListValue.PUSH_RIGHT) {
            out.add(new Command(db, prefixed(RPUSH, key, e.args)));
        } else if (op == ListValue.POP_LEFT) {
            out.add(new Command(db, LPOP, key, decimalOf(e.args[0])));
        } else if (op == ListValue.POP_RIGHT) {
            out.add(new Command(db, RPOP, key, decimalOf(e.args[0])));
        } else if (op == ListValue.SET) {
            out.add(new Command(db, LSET, key, decimalOf(e.args[0]), e.args[1]));
        } else if (op == ListValue.INSERT) {
            insertion(db, key, longOf(e.args[0]), e.args[1], out);
        } else if (op == ListValue.REMOVE) {
            out.add(new Command(db, LREM, key, decimalOf(e.args[0]), e.args[1]));
        } else if (op == ListValue.TRIM) {
            out.add(new Command(db, LTRIM, key, decimalOf(e.args[0]), Rdb.decimal(-longOf(e.args[1]) - 1)));
        } else if (op == SetValue.ADD) {
            out.add(new Command(db, prefixed(SADD, key, e.args)));
        } else if (op == SetValue.REMOVE || op == SetValue.POP_REBUILD) {
            out.add(new Command(db, prefixed(SREM, key, e.args)));
        } else if (op == SortedSetValue.ADD) {
            out.add(new Command(db, zadd(key, e.args, 0)));
        } else if (op == SortedSetValue.REMOVE) {
            out.add(new Command(db, prefixed(ZREM, key, e.args)));
        } else {
            throw new IllegalArgumentException("op: " + op + " (expected: an effect the journal knows)");
        }
    }

    /** Returns the command that creates {@code key} as a {@code type} of {@code elements} (see Container#elements). */
    private static byte[][] creation(ValueType type, byte[] key, byte[][] elements) {
        switch (type) {
            case LIST:
                return prefixed(RPUSH, key, elements);
            case SET:
                return prefixed(SADD, key, elements);
            case HASH:
                return prefixed(HSET, key, elements);
            case ZSET:
                return zadd(key, elements, 0);
            default:
                throw new IllegalArgumentException("type: " + type + " (expected: a collection type)");
        }
    }

    /** Returns {@code ZADD key score member ...} of the (member, score bits) pairs of {@code pairs} from {@code from}. */
    private static byte[][] zadd(byte[] key, byte[][] pairs, int from) {
        int n = (pairs.length - from) / 2;
        byte[][] args = new byte[2 + 2 * n][];
        args[0] = ZADD;
        args[1] = key;
        for (int i = 0; i < n; i++) {
            args[2 + 2 * i] = RdbWriter.scoreText(ByteBuffer.wrap(pairs[from + 2 * i + 1]).getDouble());
            args[3 + 2 * i] = pairs[from + 2 * i];
        }
        return args;
    }

    /**
     * Translates the insertion of {@code value} at {@code index} of the list {@code key} into the {@code LINSERT} that
     * made it: {@code LINSERT} inserts next to the first element equal to its pivot, so either the element now at
     * {@code index} is the first of its value (it was {@code BEFORE} it) or the one before it is ({@code AFTER}).
     */
    private void insertion(int db, byte[] key, long index, byte[] value, List<Command> out) {
        byte[][] elements = ((Container) store.databaseAt(db).nodeLocked(key).value()).elements();
        int at = (int) index;
        if (at < elements.length && firstIndexOf(elements, elements[at]) == at) {
            out.add(new Command(db, LINSERT, key, BEFORE, elements[at], value));
        } else {
            out.add(new Command(db, LINSERT, key, AFTER, elements[at - 1], value));
        }
    }

    /** Returns a list effect's number argument, 8 bytes big-endian. */
    private static long longOf(byte[] arg) {
        return ByteBuffer.wrap(arg).getLong();
    }

    private static byte[] decimalOf(byte[] arg) {
        return Rdb.decimal(longOf(arg));
    }

    private static int firstIndexOf(byte[][] elements, byte[] value) {
        for (int i = 0; i < elements.length; i++) {
            if (Arrays.equals(elements[i], value)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[][] prefixed(byte[] name, byte[] key, byte[][] rest) {
        byte[][] args = new byte[2 + rest.length][];
        args[0] = name;
        args[1] = key;
        System.arraycopy(rest, 0, args, 2, rest.length);
        return args;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** One command of a step, on database {@code db} (-1: any). */
    private static final class Command {
        final int db;
        final byte[][] args;

        Command(int db, byte[]... args) {
            this.db = db;
            this.args = args;
        }
    }
}
