package org.kvlab.command;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.Keyspace;
import org.kvlab.protocol.RespWriter;
import org.kvlab.spi.Connection;

/**
 * The state of one client connection: its id, selected database, protocol version, name, whether it has
 * authenticated, its pub/sub subscriptions, the {@link RespWriter} its replies go through and the {@link Outbox} of
 * messages published to it. Made by {@link CommandExecutor#newSession}.
 *
 * <p>Commands run on the connection's own thread; other threads ({@code CLIENT LIST}, {@code CLIENT KILL},
 * publishers) only read the fields shown to users and the protocol, which are volatile, offer to its outbox and
 * {@link #kill()} it.
 */
public final class Session {

    private final long id;
    private final Connection connection;
    private final KeyValueStore store;
    private final RespWriter writer = new RespWriter();
    private final PubSub pubsub;
    private final Outbox outbox;
    /** The subscriptions by kind, in the order made; the connection's thread only. */
    private final Map<Channel, PubSub.Subscription> channels = new LinkedHashMap<>();
    private final Map<Channel, PubSub.Subscription> patterns = new LinkedHashMap<>();
    private final Map<Channel, PubSub.Subscription> shardChannels = new LinkedHashMap<>();
    private volatile int channelCount;
    private volatile int patternCount;
    private volatile int shardChannelCount;
    private volatile int protocol = 2;
    private final MultiState multi;
    private final long createdMillis;
    private volatile int database;
    private Keyspace keyspace;
    private volatile String name;
    private volatile String libName;
    private volatile String libVersion;
    private volatile boolean authenticated;
    private volatile long lastActiveMillis;
    private volatile String lastCommand = "NULL";
    private volatile long queryBufferBytes;
    private volatile long queryBufferSpare;
    private volatile boolean closing;
    /** Whether the client is in {@code MONITOR} mode ({@code CLIENT LIST}'s flag {@code O}). */
    private volatile boolean monitoring;
    /** What this client's replication handshake said, once it sent {@code REPLCONF} or {@code PSYNC}; else null. */
    private volatile Replication.Replica replica;
    /** Whether this is a replica's link to its primary, whose writes {@code replica-read-only} does not refuse. */
    private volatile boolean primaryLink;
    /** The command this client is blocked in, or null; set and cleared by its own thread, read by any. */
    private volatile Blocking.Blocked blocked;
    /** The last command found by name, for the connection's thread only. */
    private byte[] lastName;
    private Command lastFound;
    /** Error replies written to this client, and how many of them a command's stats have seen; its thread only. */
    private long errorReplies;
    private long errorsAccounted;
    /** Whether a batch of commands is being served ({@link #beginBatch}); the connection's thread only. */
    private boolean inBatch;
    /** When the batch's last command ended, {@link System#nanoTime()}, or {@link #NO_COMMAND_YET}; its thread only. */
    private long lastCommandEnd = NO_COMMAND_YET;
    private static final long NO_COMMAND_YET = Long.MIN_VALUE;
    /** The array {@link #elements} reuses for one element; the connection's thread only. */
    private final byte[][] oneElement = new byte[1][];

    Session(long id, Connection connection, KeyValueStore store, boolean authenticated, PubSub pubsub,
            WatchRegistry watches, ErrorStats errors) {
        this.id = id;
        writer.errorListener(message -> {
            errorReplies++;
            errors.replied(message);
        });
        this.multi = new MultiState(watches);
        this.connection = connection;
        this.store = store;
        this.pubsub = pubsub;
        this.outbox = new Outbox(this, pubsub);
        this.authenticated = authenticated;
        this.keyspace = store.database(0);
        this.createdMillis = System.currentTimeMillis();
        this.lastActiveMillis = createdMillis;
    }

    /** Returns the client id {@code CLIENT ID} reports: the connection's id. */
    public long id() {
        return id;
    }

    /** Returns the connection this session serves. */
    public Connection connection() {
        return connection;
    }

    /** Returns the writer replies go through; the server points it at each batch's output buffer. */
    public RespWriter writer() {
        return writer;
    }

    /** Returns the selected database index. */
    public int database() {
        return database;
    }

    /** Returns the protocol version, 2 or 3. Thread-safe. */
    public int protocol() {
        return protocol;
    }

    /** Returns the messages published to this client that wait for its thread. */
    public Outbox outbox() {
        return outbox;
    }

    /** Ends the session: drops its queued transaction, its watched keys, its subscriptions and waiting messages. */
    void close() {
        multi.discard();
        unsubscribeAll();
        outbox.close();
    }

    /**
     * Returns {@code a[from]} to {@code a[to - 1]} for a store call that keeps no array it is given (as the typed views'
     * writes): one element comes in an array this session reuses, valid until the next call or the batch's end, so
     * the commonest push or add allocates none.
     */
    byte[][] elements(byte[][] a, int from, int to) {
        if (to - from != 1) {
            return Arrays.copyOfRange(a, from, to);
        }
        oneElement[0] = a[from];
        return oneElement;
    }

    /** Returns the name set by {@code CLIENT SETNAME}, or {@code null}. */
    public String name() {
        return name;
    }

    /** Returns whether the client may run commands that need authentication. */
    public boolean isAuthenticated() {
        return authenticated;
    }

    /**
     * Returns whether the connection must close once this batch's replies are written ({@code QUIT}, or a
     * command that ended the session).
     */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Returns whether a blocking command ({@code BLPOP}, {@code WAIT}, ...) of this client waits: its further
     * commands must wait until it completes ({@link CommandExecutor#resume}). Thread-safe.
     */
    public boolean isBlocked() {
        return blocked != null;
    }

    /** Returns how long the blocking command may wait in all, in nanoseconds; 0 for ever or when not blocked. */
    public long blockTimeoutNanos() {
        Blocking.Blocked b = blocked;
        return b == null ? 0 : b.timeoutNanos;
    }

    /** Returns when the last command ran, in epoch milliseconds ({@link System#currentTimeMillis()}). */
    public long lastActiveMillis() {
        return lastActiveMillis;
    }

    /** Closes the connection from any thread ({@code CLIENT KILL}); unwritten replies may be dropped. */
    public void kill() {
        closing = true;
        connection.close();
    }

    Blocking.Blocked blocked() {
        return blocked;
    }

    void blocked(Blocking.Blocked value) {
        blocked = value;
    }

    Keyspace keyspace() {
        return keyspace;
    }

    /** Returns this session's transaction: {@code MULTI}'s queue and the keys it {@code WATCH}es. */
    MultiState multi() {
        return multi;
    }

    /**
     * Returns whether a command runs inside {@code EXEC}, where nothing may block (a blocking command then answers
     * as if its timeout had passed, as Redis's {@code CLIENT_DENY_BLOCKING} makes it).
     */
    boolean inExec() {
        return multi.executing();
    }

    void select(int index) {
        keyspace = store.database(index);
        database = index;
    }

    void protocol(int version) {
        writer.protocol(version);
        protocol = version;
    }

    /** Returns the subscriptions of {@code kind}, channel to subscription, in the order made. */
    Map<Channel, PubSub.Subscription> subscriptions(PubSub.Kind kind) {
        switch (kind) {
            case CHANNEL:
                return channels;
            case PATTERN:
                return patterns;
            default:
                return shardChannels;
        }
    }

    /** Ends every subscription, without confirming each ({@code RESET}). */
    void unsubscribeAll() {
        pubsub.unsubscribeAll(this);
    }

    /** Publishes the subscription counts to other threads; called after each change. */
    void subscriptionsChanged() {
        channelCount = channels.size();
        patternCount = patterns.size();
        shardChannelCount = shardChannels.size();
    }

    /** Returns whether the client has a subscription: Redis's {@code CLIENT_PUBSUB}. Thread-safe. */
    public boolean isSubscribed() {
        return channelCount + patternCount + shardChannelCount > 0;
    }

    /** Returns the class whose output buffer limits apply to this client. Thread-safe. */
    OutputBufferLimits.ClientClass clientClass() {
        if (isReplica()) {
            return OutputBufferLimits.ClientClass.REPLICA;
        }
        return isSubscribed() ? OutputBufferLimits.ClientClass.PUBSUB : OutputBufferLimits.ClientClass.NORMAL;
    }

    /** Returns whether the client asked for the replication stream ({@code PSYNC}): Redis's {@code CLIENT_SLAVE}. */
    public boolean isReplica() {
        Replication.Replica r = replica;
        return r != null && r.syncing;
    }

    /** Returns whether this session runs the command stream of this server's primary. */
    boolean isPrimaryLink() {
        return primaryLink;
    }

    void primaryLink(boolean value) {
        primaryLink = value;
    }

    Replication.Replica replica() {
        return replica;
    }

    void replica(Replication.Replica value) {
        replica = value;
    }

    /** Returns the {@code client-output-buffer-limit} in force. */
    OutputBufferLimits outputBufferLimits() {
        return pubsub.outputBufferLimits();
    }

    /**
     * Publishes keyspace event {@code event} on {@code key} of the selected database, if
     * {@code notify-keyspace-events} turns it on; costs a volatile read when it does not. Call it where Redis does:
     * after the change, and never in the middle of a reply (a subscriber that is this client gets the message at
     * once, in RESP3).
     */
    void notify(KeyEvent event, byte[] key) {
        pubsub.notify(this, event, key, database);
    }

    /**
     * Runs {@code command} with the store's {@code new} events held as {@link PubSub#holdNewEvents} says, and returns
     * what it returns.
     */
    boolean holdingNewEvents(BooleanSupplier command) {
        PubSub.HeldNewEvents held = pubsub.holdNewEvents();
        try {
            return command.getAsBoolean();
        } finally {
            if (held != null) {
                pubsub.releaseNewEvents(held);
            }
        }
    }

    /**
     * Runs {@code run}, a command that stores its result at {@code target} and returns the result's size, replies
     * that size, and publishes {@code stored}, or {@code del} if the result was empty and removed a key that was
     * there; the events go before the reply if {@code eventsFirst}, else after, as Redis orders each command's.
     */
    void store(byte[] target, KeyEvent stored, boolean eventsFirst, RespWriter w, LongSupplier run) {
        boolean existed = notifies(KeyEvent.DEL) && keyspace.existsQuietly(target);
        long size = run.getAsLong();
        if (!eventsFirst) {
            w.integer(size);
        }
        if (size > 0) {
            notify(stored, target);
        } else if (existed) {
            notify(KeyEvent.DEL, target);
        }
        if (eventsFirst) {
            w.integer(size);
        }
    }

    /** Returns whether {@link #notify} would publish {@code event}: for a look-up only the event needs. */
    boolean notifies(KeyEvent event) {
        return pubsub.notifies(event);
    }

    /** {@link #notify(KeyEvent, byte[])} for a key of another database ({@code COPY ... DB}). */
    void notify(KeyEvent event, byte[] key, int database) {
        pubsub.notify(this, event, key, database);
    }

    void name(String value) {
        name = value;
    }

    void authenticated(boolean value) {
        authenticated = value;
    }

    void closeAfterReply() {
        closing = true;
    }

    void library(String name, String version) {
        if (name != null) {
            libName = name;
        }
        if (version != null) {
            libVersion = version;
        }
    }

    /**
     * Records that the client's latest request arrived at {@code nowMillis} ({@code CLIENT LIST}'s {@code idle}); the
     * server calls it once per read rather than once per command.
     *
     * @param nowMillis the time of the read, in epoch milliseconds
     */
    public void active(long nowMillis) {
        lastActiveMillis = nowMillis;
    }

    /**
     * Records how many bytes of an unfinished command the connection's parser holds ({@code CLIENT LIST}'s
     * {@code qbuf}) and how many it allocated for it that are not received yet ({@code qbuf-free}); the server calls
     * it after each read, and it writes only when a count changes.
     *
     * @param bytes the bytes received for the command not complete yet, 0 when there is none
     * @param spare the bytes allocated for its argument being received and not filled yet
     */
    public void queryBuffer(long bytes, long spare) {
        if (queryBufferBytes != bytes) {
            queryBufferBytes = bytes;
        }
        if (queryBufferSpare != spare) {
            queryBufferSpare = spare;
        }
    }

    /** Records the command about to run ({@code CLIENT LIST}'s {@code cmd}); writes only when it changes. */
    void touched(String command) {
        if (lastCommand != command) {
            lastCommand = command;
        }
    }

    /** Returns the name of the last command run, lower case ({@code CLIENT LIST}'s {@code cmd}). */
    String lastCommand() {
        return lastCommand;
    }

    /**
     * Returns whether an error reply was written since the last call: Redis's {@code incrCommandStatsOnError}, so
     * that an error counts once, for the innermost command that replied it ({@code EXEC}'s queued commands).
     */
    boolean repliedErrorSinceLastCheck() {
        boolean replied = errorReplies != errorsAccounted;
        errorsAccounted = errorReplies;
        return replied;
    }

    /**
     * Starts a batch: the commands of one read (or one wake-up), run one after the other with nothing but their
     * parsing in between. Within a batch each command's duration starts where the one before ended, so that timing
     * a command costs one clock read rather than two; its parsing counts in its duration. Called on the connection's
     * thread, and always followed by {@link #endBatch()}.
     */
    public void beginBatch() {
        inBatch = true;
        lastCommandEnd = NO_COMMAND_YET;
    }

    /**
     * Ends the batch {@link #beginBatch()} started: the next command is timed from its own start again, and the
     * session no longer holds an element it passed on ({@link #elements}), however large.
     */
    public void endBatch() {
        inBatch = false;
        lastCommandEnd = NO_COMMAND_YET;
        oneElement[0] = null;
    }

    /** Returns when the command about to run starts, {@link System#nanoTime()}: the end of the batch's last one. */
    long commandStart() {
        long start = lastCommandEnd;
        return start != NO_COMMAND_YET ? start : System.nanoTime();
    }

    /** Records that a command ended at {@code nanos}, where the batch's next command starts. */
    void commandEnded(long nanos) {
        if (inBatch) {
            lastCommandEnd = nanos;
        }
    }

    /** Marks the client as in {@code MONITOR} mode, or no longer. */
    void monitoring(boolean value) {
        monitoring = value;
    }

    /** Returns the client's address as {@code CLIENT LIST}'s {@code addr} and the slow log show it. */
    String address() {
        return address(connection.remoteAddress());
    }

    /** Returns the command of the name array last looked up by this session's thread, if {@code name} is it. */
    Command cachedCommand(byte[] name) {
        return name == lastName ? lastFound : null;
    }

    /**
     * Remembers that {@code name} names {@code command}. The parser hands out the same array again while the
     * command name's bytes stay the same, and never changes one, so the lookup can be skipped by identity.
     */
    void cacheCommand(byte[] name, Command command) {
        lastName = name;
        lastFound = command;
    }

    /** Returns this client's line of {@code CLIENT LIST} as another client sees it: {@link #describe(long, long, long)}. */
    String describe(long nowMillis) {
        return describe(nowMillis, 0, 0);
    }

    /**
     * Returns the line of {@code CLIENT LIST} or {@code CLIENT INFO} of the client running it, {@code args[0..argc)}:
     * {@link #describe(long, long, long)} with the command's arguments and the replies of this batch not yet handed
     * to the transport.
     */
    String describeSelf(long nowMillis, byte[][] args, int argc) {
        long argv = 0;
        for (int i = 0; i < argc; i++) {
            argv += args[i].length;
        }
        return describe(nowMillis, argv, writer.target() == null ? 0 : writer.target().size());
    }

    /**
     * Returns the client's line of {@code CLIENT LIST}, without the trailing newline. The memory fields:
     * <ul>
     *   <li>{@code qbuf}: the bytes received of a command not run yet; {@code qbuf-free}: those its parser allocated
     *       for the argument being received and not filled yet;</li>
     *   <li>{@code argv-mem}: the arguments of the command running (only the client running {@code CLIENT} has
     *       one: the others are between commands);</li>
     *   <li>{@code obl}: this batch's replies not yet handed to the transport (again only the running client's);
     *       {@code oll} and {@code omem}: the messages waiting in its {@link Outbox} and the output the transport has
     *       not written yet, in buffers ({@link Connection#unwrittenBuffers()}) and bytes;</li>
     *   <li>{@code tot-mem}: {@link #totalMemory()} and {@code argv-mem} and {@code obl} (Redis adds the client's own
     *       structures, which are not counted here);</li>
     *   <li>{@code fd}: the socket's descriptor where the transport sees it ({@link Connection#fd()}), else -1.</li>
     * </ul>
     */
    private String describe(long nowMillis, long argvMemory, long replyBytes) {
        InetSocketAddress remote = connection.remoteAddress();
        InetSocketAddress local = connection.localAddress();
        String n = name;
        long qbuf = queryBufferBytes;
        long omem = outputMemory();
        return "id=" + id
                + " addr=" + address(remote)
                + " laddr=" + address(local)
                + " fd=" + connection.fd()
                + " name=" + (n == null ? "" : n)
                + " age=" + Math.max(0, (nowMillis - createdMillis) / 1000)
                + " idle=" + Math.max(0, (nowMillis - lastActiveMillis) / 1000)
                + " flags=" + flags() + " db=" + database
                + " sub=" + channelCount + " psub=" + patternCount + " ssub=" + shardChannelCount
                + " multi=" + multi.queuedCount() + " qbuf=" + qbuf + " qbuf-free=" + queryBufferSpare
                + " argv-mem=" + argvMemory + " multi-mem=" + multi.memory() + " rbs=0 rbp=0 obl=" + replyBytes
                + " oll=" + (outbox.frames() + connection.unwrittenBuffers()) + " omem=" + omem
                + " tot-mem=" + (totalMemory() + argvMemory + replyBytes) + " events=r cmd=" + lastCommand
                + " user=default redir=-1 resp=" + protocol
                + " lib-name=" + (libName == null ? "" : libName)
                + " lib-ver=" + (libVersion == null ? "" : libVersion);
    }

    /**
     * Returns the memory this client holds between commands: its unfinished command with the room allocated for it,
     * its queued transaction, the output waiting for it, and the read buffer its transport keeps for it alone
     * ({@code MEMORY STATS}'s {@code clients.normal} adds these up).
     */
    long totalMemory() {
        return queryBufferBytes + queryBufferSpare + multi.memory() + outputMemory() + connection.readBufferBytes();
    }

    /** Returns the output waiting for this client: its outbox and what its transport has not written yet. */
    long outputMemory() {
        return outbox.bytes() + connection.unwrittenBytes();
    }

    /**
     * {@code CLIENT LIST}'s flags, in Redis's order: {@code O} monitor, {@code P} subscribed, {@code x} in MULTI, {@code b} blocked,
     * {@code d} a watched key changed.
     */
    private String flags() {
        String flags = (isReplica() ? "S" : "") + (monitoring ? "O" : "") + (isSubscribed() ? "P" : "") + (multi.queuedCount() >= 0 ? "x" : "")
                + (blocked != null ? "b" : "") + (multi.touched() ? "d" : "");
        return flags.isEmpty() ? "N" : flags;
    }

    static String address(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return host + ":" + a.getPort();
    }
}
