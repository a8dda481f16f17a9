package org.kvlab.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.kvlab.api.KeyChangeListener;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.KvException;
import org.kvlab.api.KvOutOfMemoryException;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.NoSuchKeyException;
import org.kvlab.api.WrongTypeException;
import org.kvlab.protocol.RespWriter;
import org.kvlab.server.ReplicationSettings;
import org.kvlab.spi.Connection;

/**
 * Runs parsed commands against a {@link KeyValueStore} and writes their replies, with Redis 7's reply and error
 * texts. One executor serves every connection of a server; each connection has its own {@link Session}.
 *
 * <p>Thread-safe: {@link #execute} may run on many threads at once, each with its own session. The command is
 * looked up from the bytes of its name without allocating, and runs on the calling thread. Between {@code MULTI}
 * and {@code EXEC} commands are checked and queued ({@link TransactionCommands}); the executor registers, once, the
 * store listeners that {@code WATCH} and the blocking commands rely on.
 *
 * <p>A blocking command ({@code BLPOP}, {@code WAIT}, ...) that cannot complete leaves its session
 * {@link Session#isBlocked() blocked}, with no reply yet: the server then runs none of the client's further commands,
 * and calls {@link #resume} on the client's thread each time its connection is woken (a key it waits for changed,
 * its timeout passed, {@code CLIENT UNBLOCK}) until the command has replied.
 */
public final class CommandExecutor {

    private static final System.Logger LOG = System.getLogger(CommandExecutor.class.getName());


    private final KeyValueStore store;
    private final ServerContext context;
    private final CommandTable table;
    private final PubSub pubsub;
    private final WatchRegistry watches;
    private final TransactionCommands transactions;
    private final Command exec;
    private final Command ping;
    private final Blocking blocking = new Blocking();
    private final Observability observability;
    private final Monitors monitors;
    private final Replication replication;
    private final long startMillis = System.currentTimeMillis();
    /** This server's random identity for this run, INFO's {@code run_id}, by which Sentinel sees a restart. */
    private final String runId = Replication.newId();

    /**
     * Creates an executor.
     *
     * @param store the store commands act on
     * @param context what server-level commands need from the server
     * @throws NullPointerException if an argument is {@code null}
     */
    public CommandExecutor(KeyValueStore store, ServerContext context) {
        this(store, context, new ReplicationSettings());
    }

    /**
     * Creates an executor whose replication starts with {@code replicationSettings}.
     *
     * @param store the store commands act on
     * @param context what server-level commands need from the server
     * @param replicationSettings the replication settings, which {@code CONFIG SET} changes
     * @throws NullPointerException if an argument is {@code null}
     */
    public CommandExecutor(KeyValueStore store, ServerContext context, ReplicationSettings replicationSettings) {
        this.store = Objects.requireNonNull(store, "store");
        this.context = Objects.requireNonNull(context, "context");
        this.observability = new Observability(store.clock());
        this.monitors = new Monitors(store.clock());
        this.pubsub = new PubSub(context, store.clock());
        store.addKeyChangeListener(new StoreEvents(pubsub));
        this.watches = new WatchRegistry(store);
        this.transactions = new TransactionCommands(store, context, this, watches);
        this.replication = new Replication(store, Objects.requireNonNull(replicationSettings, "replicationSettings"),
                blocking, this, context);
        List<Command> all = new ArrayList<>();
        new StringCommands(store, context).register(all);
        new KeyCommands(store).register(all);
        new SetCommands().register(all);
        new HashCommands().register(all);
        new ListCommands(blocking).register(all);
        new BitmapCommands(context).register(all);
        new LcsCommand(context).register(all);
        new SortCommand().register(all);
        new ConnectionCommands(store, context, blocking, replication).register(all);
        replication.register(all);
        new ServerCommands(store, context, this).register(all);
        new SortedSetCommands(blocking).register(all);
        new PubSubCommands(pubsub).register(all);
        new DiagnosticCommands(this).register(all);
        new MemoryCommands(store, context).register(all);
        new DebugCommands(store).register(all);
        transactions.register(all);
        this.table = new CommandTable(all);
        this.exec = table.find("exec".getBytes(StandardCharsets.US_ASCII));
        this.ping = table.find("ping".getBytes(StandardCharsets.US_ASCII));
        store.addKeyChangeListener(watches);
        store.addKeyChangeListener(blocking);
    }

    /**
     * Returns the session of a new connection: database 0, RESP2, authenticated unless a password is required.
     *
     * @throws NullPointerException if {@code connection} is {@code null}
     */
    public Session newSession(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        return new Session(connection.id(), connection, store, context.requirePass() == null, pubsub,
                watches, observability.errors());
    }


    /**
     * Releases what {@code session} holds beyond its connection: its queued transaction, its watched keys, its place
     * in line for a blocking command, its subscriptions and the messages waiting for it. The server calls it once
     * the connection has closed, on the connection's thread.
     *
     * @throws NullPointerException if {@code session} is {@code null}
     */
    public void closed(Session session) {
        blocking.cancel(session);
        monitors.stop(session);
        replication.closed(session);
        session.close();
    }

    /**
     * Runs the command {@code args[0..argc)} for {@code session}, writing its reply through
     * {@link Session#writer()}, or queues it if the session is between {@code MULTI} and {@code EXEC}. Errors become
     * error replies; nothing is thrown for bad input. Afterwards, {@link Session#isClosing()} says whether the
     * connection must close once the reply is written.
     *
     * @param args the command name and its arguments, the outer array not kept: on return, the element of each
     *     argument array the command may keep (store, queue in a transaction, wait with) is set to {@code null};
     *     those left in place are the caller's again, to reuse ({@link org.kvlab.protocol.RespParser#reuseArguments})
     * @param argc how many elements of {@code args} are used, at least 1
     * @return whether the command was a write, whose reply should wait for {@link KeyValueStore#durable()}
     */
    public boolean execute(Session session, byte[][] args, int argc) {
        RespWriter w = session.writer();
        MultiState multi = session.multi();
        Command c = session.cachedCommand(args[0]);
        if (c == null) {
            c = table.find(args[0]);
            if (c == null) {
                multi.refuse();
                w.error(unknownCommand(args, argc));
                return false;
            }
            session.cacheCommand(args[0], c);
        }
        if (!c.arityOk(argc)) {
            refuse(session, c, args, argc, "ERR wrong number of arguments for '" + c.name + "' command");
            return false;
        }
        Command.Subcommand sub = c.subcommand(args, argc);
        if (sub != null && !Command.arityOk(sub.arity(), argc)) {
            refuse(session, c, args, argc, "ERR wrong number of arguments for '" + c.name + "|" + sub.name()
                    + "' command");
            return false;
        }
        if (!session.isAuthenticated() && !c.is(Command.NO_AUTH)) {
            refuse(session, c, args, argc, CommandException.NOAUTH.getMessage());
            return false;
        }
        boolean writes = c.is(Command.WRITE) || c == exec && multi.anyQueued(Command.WRITE);
        if (writes && replication.refusesWrites(session)) {
            refuse(session, c, args, argc, "READONLY You can't write against a read only replica.");
            return false;
        }
        if ((writes || c == ping) && !session.isPrimaryLink()) {
            // Redis's writeCommandsDeniedByDiskError: while the log fails, writes (and PING) are refused unrun
            KvPersistenceException refusal = store.writeRefusal();
            if (refusal != null) {
                refuse(session, c, args, argc, "MISCONF " + refusal.getMessage());
                return false;
            }
        }
        if (writes && replication.lacksGoodReplicas()) { // min-replicas-to-write, checked where Redis checks it
            refuse(session, c, args, argc, "NOREPLICAS Not enough good replicas to write.");
            return false;
        }
        if (session.isSubscribed() && session.protocol() == 2 && !c.is(Command.SUBSCRIBED_CONTEXT)) {
            observability.rejected(c, args, argc);
            w.error("ERR Can't execute '" + fullName(c, args, argc) + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return false;
        }
        if (replication.loading() && (!c.is(Command.LOADING) || c == exec && !multi.allQueued(Command.LOADING))) {
            refuse(session, c, args, argc, "LOADING Redis is loading the dataset in memory");
            return false;
        }
        session.touched(c.subcommands == null ? c.name : fullName(c, args, argc)); // CLIENT LIST's cmd=client|list
        if (multi.queuing() && !c.is(Command.NOT_QUEUED)) {
            transactions.queue(session, c, args, argc, w);
            kept(args, argc);
            return false;
        }
        boolean write = writes;
        run(session, c, args, argc);
        if (!c.is(Command.KEEPS_NO_ARGS)) {
            kept(args, argc);
        }
        return write;
    }

    /** Marks the arguments of {@code args[1..argc)} as kept: the caller must not reuse them. */
    private static void kept(byte[][] args, int argc) {
        Arrays.fill(args, 1, argc, null);
    }

    /**
     * Replies {@code error} to a command refused before it ran, as Redis's {@code rejectCommand}: a transaction being
     * queued will abort; a refused {@code EXEC} aborts it at once, with {@code -EXECABORT} naming the error.
     */
    private void refuse(Session session, Command c, byte[][] args, int argc, String error) {
        observability.rejected(c, args, argc);
        MultiState multi = session.multi();
        multi.refuse();
        if (c == exec) {
            multi.discard();
            session.writer().error(execAbort(error));
        } else {
            session.writer().error(error);
        }
    }

    /** Returns the reply of an {@code EXEC} refused with {@code error} (Redis's {@code execCommandAbort}). */
    static String execAbort(String error) {
        // Redis's own refusals carry no ERR prefix there, other codes (OOM, NOAUTH) stay
        return "EXECABORT Transaction discarded because of: " + (error.startsWith("ERR ") ? error.substring(4) : error);
    }

    /**
     * Runs {@code c}, checked already, for {@code session}: counts it and writes its reply, or an error reply in its
     * place if it fails, then records its duration ({@link Observability#ran}): from the end of the command before it
     * in the same batch ({@link Session#beginBatch}), else from its own start. {@code EXEC} runs its queued commands
     * through here.
     */
    void run(Session session, Command c, byte[][] args, int argc) {
        RespWriter w = session.writer();
        int start = w.target().size();
        session.repliedErrorSinceLastCheck();
        long began = session.commandStart();
        try {
            c.handler.execute(session, args, argc, w);
        } catch (RuntimeException e) {
            // a handler may fail after writing part of its reply: the error replaces it whole
            w.target().truncate(start);
            w.error(errorReply(c.name, e));
        }
        long ended = System.nanoTime();
        session.commandEnded(ended);
        observability.ran(session, c, args, argc, ended - began);
        if (monitors.active() && !c.is(Command.ADMIN) && !session.isBlocked()) {
            monitors.feed(session, args, argc);
        }
    }

    /**
     * Retries the blocked command of {@code session}, on its thread, after its connection was woken: it replies if
     * it can now be served, its timeout passed or {@code CLIENT UNBLOCK} asked; otherwise it stays blocked and
     * writes nothing. Does nothing if the session is not blocked.
     *
     * @return whether the command wrote, so that its reply should wait for {@link KeyValueStore#durable()}
     */
    public boolean resume(Session session) {
        RespWriter w = session.writer();
        int start = w.target().size();
        try {
            return blocking.resume(session, w);
        } catch (RuntimeException e) {
            w.target().truncate(start);
            w.error(errorReply(session.lastCommand(), e));
            return false;
        }
    }

    /** Returns how many clients are blocked now. */
    public int blockedClients() {
        return blocking.blockedClients();
    }

    /** Returns the error reply, code first, for what command {@code name} threw. */
    private static String errorReply(String name, RuntimeException e) {
        if (e instanceof CommandException) {
            return e.getMessage();
        } else if (e instanceof WrongTypeException) {
            return CommandException.WRONGTYPE.getMessage();
        } else if (e instanceof NoSuchKeyException) {
            return CommandException.NO_SUCH_KEY.getMessage();
        } else if (e instanceof KvOutOfMemoryException) {
            return "OOM " + e.getMessage();
        } else if (e instanceof KvPersistenceException) {
            return "MISCONF " + e.getMessage();
        } else if (e instanceof KvException) {
            return "ERR " + e.getMessage();
        }
        LOG.log(System.Logger.Level.WARNING, "command '" + name + "' failed unexpectedly", e);
        return "ERR internal error in '" + name + "': " + e;
    }

    /**
     * Returns how many commands ran since start or the last {@code CONFIG RESETSTAT}: the sum of the calls
     * {@code INFO commandstats} counts, which {@link #run} records once per command.
     */
    public long totalCommands() {
        return observability.calls(table.all());
    }

    /** Resets {@link #totalCommands()} to zero, and the command and error stats {@code INFO} shows. */
    public void resetStats() {
        observability.resetStats(table.all());
        replication.resetStats();
    }

    /**
     * Stops what runs beside the connections: the link to a primary, if this server is a replica, and the
     * replication threads. The server calls it once, when it closes.
     */
    public void close() {
        replication.close();
    }

    /**
     * Returns the replication settings ({@code CONFIG GET}), Redis name to value, with {@code replicaof}: the primary
     * this server replicates, as {@code host port}, or "" on a primary.
     */
    public java.util.Map<String, String> replicationSettings() {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>(replication.settings().values());
        values.put("replicaof", replication.primaryAddress());
        values.put("slaveof", values.get("replicaof"));
        return values;
    }

    /**
     * Makes this server a replica of {@code host:port}, as {@code REPLICAOF host port} does: what a server started
     * with redis.conf's {@code replicaof host port} does before it accepts clients.
     *
     * @throws IllegalArgumentException if {@code port} is not in {@code [0, 65535]}
     */
    public void replicaOf(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        replication.follow(host, port, "configured at start-up");
    }

    /** Makes this server a primary again if it is a replica, as {@code REPLICAOF NO ONE} does. */
    public void promote() {
        replication.promote("requested by the server");
    }

    /**
     * Changes the replication setting {@code name} (lower case) to {@code value}, as {@code CONFIG SET} does.
     *
     * @return whether {@code name} is a replication setting
     * @throws IllegalArgumentException with Redis's reason if {@code value} is not valid
     */
    public boolean setReplicationSetting(String name, String value) {
        if (!replication.settings().set(name, value)) {
            return false;
        }
        replication.backlogSizeChanged();
        return true;
    }

    KeyValueStore store() {
        return store;
    }

    Replication replication() {
        return replication;
    }

    Monitors monitors() {
        return monitors;
    }

    Observability observability() {
        return observability;
    }

    /** Returns how many commands the table holds ({@code COMMAND COUNT}). */
    public int commandCount() {
        return table.all().size();
    }

    PubSub pubsub() {
        return pubsub;
    }

    CommandTable table() {
        return table;
    }

    long startMillis() {
        return startMillis;
    }

    String runId() {
        return runId;
    }

    /** Returns the command's name as Redis's errors show it: {@code client|list} for a known subcommand. */
    private static String fullName(Command c, byte[][] args, int argc) {
        if (c.subcommands != null && argc > 1) {
            for (Command.Subcommand sub : c.subcommands) {
                if (Args.is(args[1], sub.name())) {
                    return c.name + "|" + sub.name();
                }
            }
        }
        return c.name;
    }

    /**
     * Publishes the keyspace events the store itself sees: {@code expired} for each key it finds expired, {@code new}
     * for each key added, {@code keymiss} for each read of a missing key.
     */
    private static final class StoreEvents implements KeyChangeListener {
        private final PubSub pubsub;

        StoreEvents(PubSub pubsub) {
            this.pubsub = pubsub;
        }

        @Override
        public void keyExpired(int database, byte[] key) {
            pubsub.notify(null, KeyEvent.EXPIRED_EVENT, key, database);
        }

        @Override
        public void keyCreated(int database, byte[] key) {
            pubsub.keyCreated(key, database);
        }

        @Override
        public void keyMissed(int database, byte[] key) {
            pubsub.notify(null, KeyEvent.KEYMISS, key, database);
        }

        @Override
        public void keyChanged(int database, byte[] key) {
        }

        @Override
        public void databaseChanged(int database) {
        }
    }

    /** Redis's {@code unknown command} text: the name as sent, then the first arguments, 128 bytes at most. */
    private static String unknownCommand(byte[][] args, int argc) {
        StringBuilder sb = new StringBuilder("ERR unknown command '")
                .append(truncate(args[0], 128)).append("', with args beginning with: ");
        int length = 0;
        for (int i = 1; i < argc && length < 128; i++) {
            String arg = truncate(args[i], 128 - length);
            sb.append('\'').append(arg).append("' ");
            length += arg.length() + 3;
        }
        return sb.toString();
    }

    private static String truncate(byte[] b, int max) {
        return new String(b, 0, Math.min(b.length, max), StandardCharsets.ISO_8859_1);
    }
}
