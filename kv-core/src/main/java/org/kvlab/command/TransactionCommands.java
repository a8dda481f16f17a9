package org.kvlab.command;

import static org.kvlab.command.Command.ALLOW_BUSY;
import static org.kvlab.command.Command.FAST;
import static org.kvlab.command.Command.LOADING;
import static org.kvlab.command.Command.NOSCRIPT;
import static org.kvlab.command.Command.NOT_QUEUED;
import static org.kvlab.command.Command.NO_MULTI;
import static org.kvlab.command.Command.SKIP_SLOWLOG;
import static org.kvlab.command.Command.STALE;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.kvlab.api.KeyValueStore;
import org.kvlab.protocol.RespWriter;

/**
 * The transaction commands — MULTI, EXEC, DISCARD, WATCH, UNWATCH — and the queuing of the commands sent between
 * {@code MULTI} and {@code EXEC}, with Redis 7.0's replies. {@code EXEC} runs the queued commands inside
 * {@link KeyValueStore#atomically}: no other connection, on any transport or thread, and no embedded caller sees or
 * changes the store meanwhile, and the write log records them as one step.
 */
final class TransactionCommands {

    private static final CommandException EXEC_WITHOUT_MULTI = new CommandException("ERR EXEC without MULTI");
    private static final CommandException DISCARD_WITHOUT_MULTI = new CommandException("ERR DISCARD without MULTI");
    private static final CommandException NESTED = new CommandException("ERR MULTI calls can not be nested");
    private static final CommandException WATCH_INSIDE_MULTI =
            new CommandException("ERR WATCH inside MULTI is not allowed");
    private static final CommandException EXECABORT =
            new CommandException("EXECABORT Transaction discarded because of previous errors.");
    private static final String NOT_ALLOWED = "ERR Command not allowed inside a transaction";
    private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    private final KeyValueStore store;
    private final ServerContext context;
    private final CommandExecutor executor;
    private final WatchRegistry registry;

    TransactionCommands(KeyValueStore store, ServerContext context, CommandExecutor executor,
            WatchRegistry registry) {
        this.store = store;
        this.context = context;
        this.executor = executor;
        this.registry = registry;
    }

    void register(List<Command> t) {
        int control = NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY;
        t.add(new Command("multi", 1, control | NOT_QUEUED, 0, 0, 0, null,
                this::multi));
        t.add(new Command("exec", 1, NOSCRIPT | LOADING | STALE | SKIP_SLOWLOG | NOT_QUEUED, 0, 0, 0, null,
                this::exec));
        t.add(new Command("discard", 1, control | NOT_QUEUED, 0, 0, 0, null,
                this::discard));
        t.add(new Command("watch", -2, control | NOT_QUEUED, 1, -1, 1, null, this::watch));
        t.add(new Command("unwatch", 1, control, 0, 0, 0,
                null, (s, a, n, w) -> {
                    s.multi().unwatch();
                    w.ok();
                }));
    }

    /**
     * Queues {@code c}, whose name, arity and authentication passed, for the session's {@code EXEC}, replying
     * {@code +QUEUED}; or refuses it, as Redis's {@code processCommand} does, with an error that makes {@code EXEC}
     * abort: a container's unknown subcommand or wrong arity, a command not allowed in a transaction, a store over
     * its {@code maxmemory}, a queue that would pass {@code client-query-buffer-limit}.
     */
    void queue(Session s, Command c, byte[][] args, int argc, RespWriter w) {
        MultiState multi = s.multi();
        long bytes = MultiState.bytes(args, argc);
        String refusal = refusal(multi, c, args, argc, bytes);
        if (refusal != null) {
            multi.refuse();
            w.error(refusal);
            return;
        }
        multi.queue(c, args, argc, bytes);
        w.simpleString("QUEUED");
    }

    private String refusal(MultiState multi, Command c, byte[][] args, int argc, long bytes) {
        if (c.subcommands != null && argc >= 2) {
            Command.Subcommand sub = c.subcommand(args[1]);
            if (sub == null) {
                return "ERR unknown subcommand '" + truncated(args[1]) + "'. Try "
                        + truncated(args[0]).toUpperCase(Locale.ROOT) + " HELP.";
            }
            if (!Command.arityOk(sub.arity(), argc)) {
                return "ERR wrong number of arguments for '" + c.name + "|" + sub.name() + "' command";
            }
        }
        if (c.is(NO_MULTI)) {
            return NOT_ALLOWED;
        }
        if (store.outOfMemory()) {
            return OOM; // Redis refuses queuing anything while it cannot evict its way under maxmemory
        }
        return overLimit(multi, bytes);
    }

    /** Returns the error for state that would pass {@code client-query-buffer-limit} with {@code bytes} more. */
    private String overLimit(MultiState multi, long bytes) {
        long limit = context.clientQueryBufferLimit();
        if (multi.memory() + bytes > limit) {
            return "ERR queued commands and watched keys would take more than client-query-buffer-limit ("
                    + limit + " bytes)";
        }
        return null;
    }

    private static String truncated(byte[] arg) {
        return new String(arg, 0, Math.min(arg.length, 128), StandardCharsets.ISO_8859_1);
    }

    private void multi(Session s, byte[][] a, int n, RespWriter w) {
        MultiState multi = s.multi();
        if (multi.queuing()) {
            throw NESTED;
        }
        multi.begin();
        w.ok();
    }

    private void discard(Session s, byte[][] a, int n, RespWriter w) {
        MultiState multi = s.multi();
        if (!multi.queuing()) {
            throw DISCARD_WITHOUT_MULTI;
        }
        multi.discard();
        w.ok();
    }

    private void watch(Session s, byte[][] a, int n, RespWriter w) {
        MultiState multi = s.multi();
        if (multi.queuing()) {
            throw WATCH_INSIDE_MULTI;
        }
        if (!multi.touched()) { // a touched transaction will abort whatever else it watches
            byte[][] keys = Arrays.copyOfRange(a, 1, n);
            long bytes = 0;
            for (byte[] key : keys) {
                bytes += key.length + WatchRegistry.WATCH_OVERHEAD;
            }
            String over = overLimit(multi, bytes);
            if (over != null) {
                throw new CommandException(over);
            }
            multi.watched(registry.watch(multi.watches(), s.database(), keys));
        }
        w.ok();
    }

    /**
     * Runs the queued commands as one atomic step of the store, replying with the array of their replies (an error
     * among them for a command that failed); or aborts: {@code -EXECABORT} if a command was refused while queuing,
     * a null array if a watched key changed; or, {@linkplain KeyValueStore#outOfMemory() out of memory} with a queued
     * command that may grow memory, {@code -EXECABORT} naming the {@code OOM} refusal, as Redis refuses such an
     * {@code EXEC}.
     */
    private void exec(Session s, byte[][] a, int n, RespWriter w) {
        MultiState multi = s.multi();
        if (!multi.queuing()) {
            throw EXEC_WITHOUT_MULTI;
        }
        if (multi.anyQueued(Command.DENYOOM) && store.outOfMemory()) {
            multi.discard();
            throw new CommandException(CommandExecutor.execAbort(OOM));
        }
        if (multi.refused()) {
            multi.discard();
            throw EXECABORT;
        }
        store.atomically(() -> {
            try {
                if (multi.watchedKeyChanged()) {
                    w.nullArray();
                    return null;
                }
                multi.unwatch();
                List<MultiState.Queued> queued = multi.queued();
                multi.executing(true);
                w.arrayHeader(queued.size());
                for (MultiState.Queued q : queued) {
                    executor.run(s, q.command(), q.args(), q.args().length);
                }
                return null;
            } finally {
                multi.executing(false);
                multi.discard();
            }
        });
    }
}
