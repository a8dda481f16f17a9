package org.kvlab.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kvlab.protocol.RespWriter;

/**
 * One entry of the command table: its name, arity, flags, key positions and handler. What {@code COMMAND} tells of
 * it beyond these is Redis's own metadata ({@link RedisCommandDocs}).
 */
final class Command {

    /** Runs a command whose arity was checked; replies through {@code w}, or throws {@link CommandException}. */
    @FunctionalInterface
    interface Handler {
        void execute(Session s, byte[][] a, int n, RespWriter w);
    }

    static final int WRITE = 1;
    static final int READONLY = 1 << 1;
    static final int FAST = 1 << 2;
    static final int NO_AUTH = 1 << 3;
    static final int ADMIN = 1 << 4;
    static final int DENYOOM = 1 << 5;
    static final int LOADING = 1 << 6;
    static final int STALE = 1 << 7;
    static final int NOSCRIPT = 1 << 8;
    /** The keys are found by parsing the arguments (a {@code numkeys} argument, a {@code STORE} option). */
    static final int MOVABLEKEYS = 1 << 9;
    static final int PUBSUB = 1 << 10;
    /** Refused between {@code MULTI} and {@code EXEC}. */
    static final int NO_MULTI = 1 << 11;
    static final int ALLOW_BUSY = 1 << 12;
    static final int SKIP_SLOWLOG = 1 << 13;
    /** The command may block the client ({@code BLPOP}, {@code WAIT}). */
    static final int BLOCKING = 1 << 14;
    /**
     * kvlab's own, not shown by {@code COMMAND}: the command may run while a RESP2 client is subscribed (Redis's list
     * in {@code processCommand}: the (un)subscribe commands, PING, QUIT, RESET).
     */
    static final int SUBSCRIBED_CONTEXT = 1 << 15;
    /**
     * Not a Redis flag, not shown: runs at once even between {@code MULTI} and {@code EXEC} instead of being queued
     * (the commands Redis's {@code processCommand} names: EXEC DISCARD MULTI WATCH QUIT RESET).
     */
    static final int NOT_QUEUED = 1 << 16;
    /**
     * Not a Redis flag, not shown: the handler keeps none of its argument arrays once it returns (it copies what it
     * stores), so a connection's parser may read later arguments into them ({@link CommandExecutor#execute}).
     */
    static final int KEEPS_NO_ARGS = 1 << 17;

    private static final String[] FLAG_NAMES = {"write", "readonly", "fast", "no_auth", "admin", "denyoom",
        "loading", "stale", "noscript", "movablekeys", "pubsub", "no_multi", "allow_busy", "skip_slowlog", "blocking"};

    final String name;
    final byte[] lowerName;
    final int arity;
    final int flags;
    final int firstKey;
    final int lastKey;
    final int step;
    final Subcommand[] subcommands;
    final Handler handler;
    /** What {@code INFO commandstats} shows of this command (of its unknown subcommands, for a container). */
    final CommandStats stats = new CommandStats();

    /**
     * A subcommand of a container command, with Redis's arity counting the container's name, and its own
     * {@code INFO commandstats} line.
     */
    record Subcommand(String name, int arity, CommandStats stats) {
    }

    /** Returns the subcommand {@code name} of a container command. */
    static Subcommand sub(String name, int arity) {
        return new Subcommand(name, arity, new CommandStats());
    }

    Command(String name, int arity, int flags, int firstKey, int lastKey, int step, Subcommand[] subcommands,
            Handler handler) {
        this.name = name.toLowerCase(Locale.ROOT);
        this.lowerName = this.name.getBytes(StandardCharsets.US_ASCII);
        this.arity = arity;
        this.flags = flags;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.step = step;
        this.subcommands = subcommands;
        this.handler = handler;
    }

    /** Adds the commands of one group to a table, one line each. */
    static final class Group {

        private final List<Command> table;

        Group(List<Command> table) {
            this.table = table;
        }

        /**
         * Adds a command: Redis's arity (negative: at least that many), flags, first and last key position
         * (negative: from the end) and key step, its handler.
         */
        Group add(String name, int arity, int flags, int firstKey, int lastKey, int step, Handler handler) {
            table.add(new Command(name, arity, flags, firstKey, lastKey, step, null, handler));
            return this;
        }
    }

    boolean is(int flag) {
        return (flags & flag) != 0;
    }

    boolean arityOk(int argc) {
        return arityOk(arity, argc);
    }

    static boolean arityOk(int arity, int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** Returns this container's subcommand named {@code name} in any case, or {@code null}. */
    Subcommand subcommand(byte[] name) {
        String wanted = new String(name, StandardCharsets.ISO_8859_1);
        for (Subcommand sub : subcommands) {
            if (sub.name.equalsIgnoreCase(wanted)) {
                return sub;
            }
        }
        return null;
    }

    /**
     * Returns the subcommand {@code args[1]} names, in any case, without allocating; {@code null} if this is not a
     * container or names no subcommand of it.
     */
    Subcommand subcommand(byte[][] args, int argc) {
        if (subcommands == null || argc < 2) {
            return null;
        }
        for (Subcommand sub : subcommands) {
            if (Args.is(args[1], sub.name)) {
                return sub;
            }
        }
        return null;
    }

    /** Returns the stats a call with {@code args} counts in: its subcommand's, else this command's. */
    CommandStats stats(byte[][] args, int argc) {
        Subcommand sub = subcommand(args, argc);
        return sub != null ? sub.stats : stats;
    }

    List<String> flagNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                names.add(FLAG_NAMES[i]);
            }
        }
        return names;
    }
}
