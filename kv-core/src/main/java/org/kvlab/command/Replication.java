package org.kvlab.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.WriteFeed;
import org.kvlab.protocol.RespWriter;
import org.kvlab.server.ReplicationSettings;

/**
 * Redis replication (Redis's {@code replication.c}). A replica ({@code REPLICAOF host port}) runs a
 * {@link PrimaryLink}, refuses its clients' writes ({@code replica-read-only}) and makes its store
 * {@linkplain KeyValueStore#replica(boolean) expire keys as a replica's} (only by its primary's {@code DEL});
 * it serves no replicas itself (no chained replication). A primary keeps the command stream of every change the
 * store makes, whoever makes it (it is the store's {@link WriteFeed}, registered when the first replica connects),
 * with a {@code SELECT} whenever the database changes; the replication backlog ({@code repl-backlog-size}) and
 * {@code master_repl_offset}; the replicas, each fed a full resynchronization ({@code +FULLRESYNC}, an RDB of a
 * point-in-time view, then the stream from that point) or a partial one ({@code +CONTINUE}, the stream from the
 * backlog); their acknowledged offsets, which {@code WAIT} counts. Replicas receive the stream through their
 * {@link Outbox}: the store's writers never wait for a replica, and one that falls behind past the
 * {@code client-output-buffer-limit} of its class ({@code replica}) is dropped as Redis drops it.
 *
 * <p>Thread-safe: the stream, the backlog and the replicas are guarded by one lock, taken by the store's writers
 * (with the locks of the keys they change held) and by the connections of replicas.
 */
public final class Replication implements WriteFeed {

    private static final System.Logger LOG = System.getLogger(Replication.class.getName());
    /** The id a server that never had a second history names, as Redis's {@code master_replid2}. */
    static final String NO_ID = "0000000000000000000000000000000000000000";
    /** How much of an RDB being sent may wait in a replica's output before the sync thread pauses for it. */
    private static final long RDB_IN_FLIGHT_BYTES = 8L * 1024 * 1024;
    private static final int RDB_CHUNK_BYTES = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[][] PING = {ascii("PING")};
    private static final byte[][] GETACK = {ascii("REPLCONF"), ascii("GETACK"), ascii("*")};

    private final KeyValueStore store;
    private final ReplicationSettings settings;
    private final Blocking blocking;
    private final Clock clock;
    private final CommandExecutor executor;
    private final ServerContext context;
    private final Object lock = new Object();
    /** The link to this server's primary, while it is a replica; else null. */
    private volatile PrimaryLink link;
    /** The link loading its primary's RDB into the store, while it does (Redis's {@code server.loading}); else null. */
    private final java.util.concurrent.atomic.AtomicReference<PrimaryLink> loading =
            new java.util.concurrent.atomic.AtomicReference<>();

    // guarded by lock
    private String replid = newId();
    private String replid2 = NO_ID;
    private long secondOffset = -1;
    private long offset;
    private Backlog backlog;
    private int streamDb = -1;
    private final List<Replica> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean fed;
    private long syncFull;
    private long syncPartialOk;
    private long syncPartialErr;
    private ScheduledExecutorService timer;
    private ExecutorService syncer;

    Replication(KeyValueStore store, ReplicationSettings settings, Blocking blocking, CommandExecutor executor,
            ServerContext context) {
        this.store = store;
        this.settings = settings;
        this.blocking = blocking;
        this.clock = store.clock();
        this.executor = executor;
        this.context = context;
    }

    /** Returns the settings in force. */
    ReplicationSettings settings() {
        return settings;
    }

    // ---- the stream

    @Override
    public void command(int database, byte[][] args) {
        if (link != null) {
            return; // a replica's changes are its primary's stream, counted by the link
        }
        synchronized (lock) {
            if (backlog != null) {
                stream(database, args);
            }
        }
    }

    /** Appends a command to the stream, after a {@code SELECT} if it runs on another database. Under the lock. */
    private void stream(int database, byte[][] args) {
        if (database >= 0 && database != streamDb) {
            append(encode(ascii("SELECT"), ascii(Integer.toString(database))));
            streamDb = database;
        }
        append(encode(args));
    }

    private void append(byte[] frame) {
        backlog.add(frame);
        offset += frame.length;
        for (Replica r : replicas) {
            r.send(frame);
        }
    }

    /** Returns {@code args} as a RESP array of bulk strings, as Redis writes its replication stream. */
    static byte[] encode(byte[]... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        header(out, '*', args.length);
        for (byte[] arg : args) {
            header(out, '$', arg.length);
            out.writeBytes(arg);
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, char type, long n) {
        out.write(type);
        out.writeBytes(ascii(Long.toString(n)));
        out.write('\r');
        out.write('\n');
    }

    /** Registers the feed and makes the backlog, once; under the lock. */
    private void startStreaming() {
        if (!fed) {
            try {
                store.feedWrites(this);
            } catch (IllegalStateException e) { // an embedding application registered a feed of its own
                throw new CommandException("ERR this store cannot replicate: " + e.getMessage());
            }
            fed = true;
        }
        if (backlog == null) {
            backlog = new Backlog(settings.backlogSize());
        }
        startTimer();
    }

    /** Starts the timer and the sync thread, once; under the lock. */
    private void startTimer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(daemon("kvlab-replication"));
            long period = settings.pingPeriodSeconds();
            timer.scheduleWithFixedDelay(this::pingReplicas, period, period, TimeUnit.SECONDS);
            timer.scheduleWithFixedDelay(this::acknowledgePrimary, 1, 1, TimeUnit.SECONDS);
            syncer = Executors.newSingleThreadExecutor(daemon("kvlab-replication-sync"));
        }
    }

    /** Sends this replica's primary its offset, as Redis's replica does every second. */
    private void acknowledgePrimary() {
        PrimaryLink current = link;
        if (current != null) {
            current.acknowledge();
        }
    }

    /** Sends replicas a {@code PING} (so that they see the link alive) and drops those silent past the timeout. */
    private void pingReplicas() {
        long now = clock.millis();
        List<Replica> silent = new ArrayList<>();
        synchronized (lock) {
            if (!replicas.isEmpty()) {
                stream(-1, PING);
            }
            for (Replica r : replicas) {
                if (r.online && now - r.ackMillis > settings.timeoutSeconds() * 1000) {
                    silent.add(r);
                }
            }
        }
        for (Replica r : silent) {
            LOG.log(System.Logger.Level.WARNING, "Disconnecting timedout replica (streaming sync): {0}", r.name());
            r.session.kill();
        }
    }

    // ---- commands

    void register(List<Command> t) {
        t.add(new Command("replconf", -1,
                Command.ADMIN | Command.NOSCRIPT | Command.LOADING | Command.STALE | Command.ALLOW_BUSY, 0, 0, 0, null,
                this::replconf));
        t.add(new Command("psync", -3, Command.ADMIN | Command.NOSCRIPT | Command.NO_MULTI, 0, 0, 0, null,
                this::psync));
        t.add(new Command("replicaof", 3, Command.ADMIN | Command.NOSCRIPT | Command.STALE, 0, 0, 0, null,
                this::replicaOf));
        t.add(new Command("slaveof", 3, Command.ADMIN | Command.NOSCRIPT | Command.STALE, 0, 0, 0, null,
                this::replicaOf));
        t.add(new Command("role", 1, Command.NOSCRIPT | Command.LOADING | Command.STALE | Command.FAST, 0, 0, 0, null,
                this::role));
    }

    private void replconf(Session s, byte[][] a, int n, RespWriter w) {
        if (n % 2 == 0) {
            throw CommandException.SYNTAX;
        }
        Replica r = replicaOf(s);
        for (int i = 1; i < n; i += 2) {
            String option = Args.str(a[i]);
            if (option.equalsIgnoreCase("listening-port")) {
                r.listeningPort = (int) Args.toLong(a[i + 1]);
            } else if (option.equalsIgnoreCase("ip-address")) {
                r.ipAddress = Args.str(a[i + 1]);
            } else if (option.equalsIgnoreCase("capa")) {
                if (Args.is(a[i + 1], "eof")) {
                    r.capaEof = true;
                } else if (Args.is(a[i + 1], "psync2")) {
                    r.capaPsync2 = true;
                }
            } else if (option.equalsIgnoreCase("ack")) {
                acknowledged(r, Args.toLong(a[i + 1]));
                return; // Redis replies nothing to an acknowledgement
            } else if (option.equalsIgnoreCase("getack")) {
                return; // only a primary's request to its replica; a primary ignores it
            } else {
                throw new CommandException("ERR Unrecognized REPLCONF option: " + option);
            }
        }
        w.ok();
    }

    /** Returns the replica state of {@code s}, made on its first {@code REPLCONF} or {@code PSYNC}. */
    private static Replica replicaOf(Session s) {
        Replica r = s.replica();
        if (r == null) {
            r = new Replica(s);
            s.replica(r);
        }
        return r;
    }

    /**
     * PSYNC replid offset: continues from the backlog if it holds the bytes from {@code offset} of the history
     * {@code replid} names ({@code +CONTINUE}), else starts a full resynchronization ({@code +FULLRESYNC}) on the
     * sync thread. Every reply goes through the replica's outbox, in order with the stream.
     */
    private void psync(Session s, byte[][] a, int n, RespWriter w) {
        if (link != null) {
            throw new CommandException("ERR this kvlab server is a replica and serves no replicas itself"
                    + " (chained replication is not supported)");
        }
        Replica r = replicaOf(s);
        if (r.syncing) {
            return; // Redis ignores SYNC and PSYNC from a client that is a replica already
        }
        String id = Args.str(a[1]);
        long from;
        try {
            from = Args.toLong(a[2]);
        } catch (CommandException e) {
            from = -1;
        }
        synchronized (lock) {
            startStreaming();
            r.syncing = true;
            if (canContinue(id, from)) {
                syncPartialOk++;
                r.offer(ascii(r.capaPsync2 ? "+CONTINUE " + replid + "\r\n" : "+CONTINUE\r\n"), false);
                r.offer(backlog.last(offset - from + 1), false);
                r.ackMillis = clock.millis();
                r.online = true;
                replicas.add(r);
                LOG.log(System.Logger.Level.INFO, "Partial resynchronization request from {0} accepted. Sending {1}"
                        + " bytes of backlog starting from offset {2}.", r.name(), offset - from + 1, from);
                return;
            }
            if (!id.equals("?")) {
                syncPartialErr++;
            }
            syncFull++;
        }
        syncer.execute(() -> fullSync(r));
    }

    /** Returns whether the backlog holds the stream of history {@code id} from {@code from}; under the lock. */
    private boolean canContinue(String id, long from) {
        boolean sameHistory = id.equals(replid) || id.equals(replid2) && from <= secondOffset;
        long first = offset - backlog.length() + 1;
        return sameHistory && from >= first && from <= offset + 1;
    }

    /**
     * Sends {@code r} a point-in-time RDB of the store and then the stream from that point, which meanwhile waits
     * in the replica's pending queue. Runs on the sync thread.
     */
    private void fullSync(Replica r) {
        RdbStream out = new RdbStream(r);
        try {
            store.writeRdb(out, () -> {
                synchronized (lock) {
                    streamDb = -1; // the replica's database is unknown: the stream selects before its next command
                    replicas.add(r);
                    r.offer(ascii("+FULLRESYNC " + replid + " " + offset + "\r\n"), false);
                    out.begin();
                }
            });
            out.end();
            synchronized (lock) {
                r.goOnline(clock.millis());
            }
            LOG.log(System.Logger.Level.INFO, "Synchronization with replica {0} succeeded", r.name());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Full resynchronization of replica " + r.name() + " failed", e);
            r.session.kill();
        }
    }

    /** Records that replica {@code r} has processed the stream up to {@code acked}; serves the WAITs it satisfies. */
    private void acknowledged(Replica r, long acked) {
        List<Session> satisfied = new ArrayList<>();
        synchronized (lock) {
            r.ackOffset = Math.max(r.ackOffset, acked);
            r.ackMillis = clock.millis();
            for (Waiter waiter : waiters) {
                if (acknowledgedBy(waiter.target) >= waiter.replicas) {
                    satisfied.add(waiter.session);
                }
            }
        }
        for (Session s : satisfied) {
            blocking.unblock(s, false);
        }
    }

    /**
     * Returns whether writes are refused for want of good replicas (Redis's {@code checkGoodReplicasStatus}): this
     * is a primary, {@code min-replicas-to-write} and {@code min-replicas-max-lag} are set, and fewer replicas than
     * the first are online with an acknowledgement no older than the second.
     */
    boolean lacksGoodReplicas() {
        int needed = settings.minReplicasToWrite();
        if (needed == 0 || settings.minReplicasMaxLagSeconds() == 0 || link != null) {
            return false;
        }
        long now = clock.millis();
        synchronized (lock) {
            return goodReplicas(now) < needed;
        }
    }

    /**
     * Returns how many replicas are online with an acknowledgement at most {@code min-replicas-max-lag} seconds old
     * at {@code nowMillis}, in whole seconds as Redis counts them; under the lock.
     */
    private int goodReplicas(long nowMillis) {
        int good = 0;
        for (Replica r : replicas) {
            if (r.online && nowMillis / 1000 - r.ackMillis / 1000 <= settings.minReplicasMaxLagSeconds()) {
                good++;
            }
        }
        return good;
    }

    /** Returns how many replicas acknowledged the stream up to {@code target}; under the lock. */
    private int acknowledgedBy(long target) {
        int count = 0;
        for (Replica r : replicas) {
            if (r.online && r.ackOffset >= target) {
                count++;
            }
        }
        return count;
    }

    /**
     * WAIT numreplicas timeout: replies at once if enough replicas acknowledged every change made so far, else asks
     * them to acknowledge ({@code REPLCONF GETACK}) and blocks until enough did or the timeout passed (0: for ever);
     * replies the number that did then.
     */
    void waitReplicas(Session s, byte[][] a, int n, RespWriter w) {
        if (link != null) {
            throw new CommandException("ERR WAIT cannot be used with replica instances. Please also note that since"
                    + " Redis 4.0 if a replica is configured to be writable (which is not the default) writes to"
                    + " replicas are just local and are not propagated.");
        }
        long wanted = Args.toLong(a[1]);
        long timeout = Timeouts.millis(a[2]);
        long target;
        int acked;
        synchronized (lock) {
            target = offset;
            acked = acknowledgedBy(target);
        }
        if (acked >= wanted || s.inExec()) {
            w.integer(acked);
            return;
        }
        Waiter waiter = new Waiter(s, target, wanted);
        synchronized (lock) {
            waiters.add(waiter);
            if (!replicas.isEmpty()) {
                stream(-1, GETACK);
            }
        }
        blocking.block(s, w, List.of(), timeout, out -> {
            synchronized (lock) {
                waiters.remove(waiter);
                out.integer(acknowledgedBy(target));
            }
        }, (session, key, out) -> false);
        synchronized (lock) {
            acked = acknowledgedBy(target);
        }
        if (acked >= wanted) { // acknowledged before the block was in place
            blocking.unblock(s, false);
        }
    }

    /** Forgets what {@code s} held here: its place as a replica, its WAIT. Its connection closed. */
    void closed(Session s) {
        synchronized (lock) {
            Replica r = s.replica();
            if (r != null) {
                r.dropped = true;
                replicas.remove(r);
            }
            waiters.removeIf(waiter -> waiter.session == s);
        }
    }

    private void role(Session s, byte[][] a, int n, RespWriter w) {
        PrimaryLink current = link;
        if (current != null) {
            w.arrayHeader(5);
            w.bulk("slave");
            w.bulk(current.host);
            w.integer(current.port);
            w.bulk(current.state().roleName);
            w.integer(processedOffset());
            return;
        }
        synchronized (lock) {
            w.arrayHeader(3);
            w.bulk("master");
            w.integer(offset);
            List<Replica> online = new ArrayList<>();
            for (Replica r : replicas) {
                if (r.online) {
                    online.add(r);
                }
            }
            w.arrayHeader(online.size());
            for (Replica r : online) {
                w.arrayHeader(3);
                w.bulk(r.ip());
                w.bulk(Integer.toString(r.listeningPort));
                w.bulk(Long.toString(r.ackOffset));
            }
        }
    }

    // ---- INFO

    /** Appends INFO's {@code replication} section. */
    void appendInfo(StringBuilder sb) {
        long now = clock.millis();
        PrimaryLink current = link;
        synchronized (lock) {
            sb.append("# Replication\r\n");
            if (current != null) {
                appendReplicaInfo(sb, current, now);
            } else {
                ServerCommands.field(sb, "role", "master");
            }
            ServerCommands.field(sb, "connected_slaves", replicas.size());
            if (settings.minReplicasToWrite() > 0 && settings.minReplicasMaxLagSeconds() > 0) {
                ServerCommands.field(sb, "min_slaves_good_slaves", goodReplicas(now));
            }
            for (int i = 0; i < replicas.size(); i++) {
                Replica r = replicas.get(i);
                ServerCommands.field(sb, "slave" + i, "ip=" + r.ip() + ",port=" + r.listeningPort + ",state="
                        + r.state() + ",offset=" + r.ackOffset + ",lag=" + Math.max(0, (now - r.ackMillis) / 1000));
            }
            ServerCommands.field(sb, "master_failover_state", "no-failover");
            ServerCommands.field(sb, "master_replid", replid);
            ServerCommands.field(sb, "master_replid2", replid2);
            ServerCommands.field(sb, "master_repl_offset", offset);
            ServerCommands.field(sb, "second_repl_offset", secondOffset);
            ServerCommands.field(sb, "repl_backlog_active", backlog == null ? 0 : 1);
            ServerCommands.field(sb, "repl_backlog_size", backlog == null ? settings.backlogSize() : backlog.size());
            ServerCommands.field(sb, "repl_backlog_first_byte_offset",
                    backlog == null ? 0 : offset - backlog.length() + 1);
            ServerCommands.field(sb, "repl_backlog_histlen", backlog == null ? 0 : backlog.length());
        }
    }

    /** Appends the fields of a replica's {@code replication} section; under the lock. */
    private void appendReplicaInfo(StringBuilder sb, PrimaryLink current, long now) {
        boolean up = current.isUp();
        ServerCommands.field(sb, "role", "slave");
        ServerCommands.field(sb, "master_host", current.host);
        ServerCommands.field(sb, "master_port", current.port);
        ServerCommands.field(sb, "master_link_status", up ? "up" : "down");
        ServerCommands.field(sb, "master_last_io_seconds_ago",
                current.lastIoMillis() == 0 ? -1 : (now - current.lastIoMillis()) / 1000);
        ServerCommands.field(sb, "master_sync_in_progress", current.state() == PrimaryLink.State.SYNC ? 1 : 0);
        ServerCommands.field(sb, "slave_read_repl_offset", offset);
        ServerCommands.field(sb, "slave_repl_offset", offset);
        if (!up) {
            long downSince = current.downSinceMillis();
            ServerCommands.field(sb, "master_link_down_since_seconds", downSince == 0 ? -1 : (now - downSince) / 1000);
        }
        ServerCommands.field(sb, "slave_priority", settings.priority());
        ServerCommands.field(sb, "slave_read_only", settings.readOnly() ? 1 : 0);
        ServerCommands.field(sb, "replica_announced", 1);
    }

    // ---- the replica's side

    /**
     * REPLICAOF host port: makes this server a replica of that primary (dropping its own replicas, which must sync
     * anew), or, with {@code NO ONE}, a primary again whose history continues its primary's: the primary's id
     * becomes {@code master_replid2}, valid up to the offset reached, so that replicas of that same primary can
     * continue from it.
     */
    private void replicaOf(Session s, byte[][] a, int n, RespWriter w) {
        String requestedBy = "user request from '" + s.describe(clock.millis()) + "'";
        if (Args.is(a[1], "no") && Args.is(a[2], "one")) {
            promote(requestedBy);
            w.ok();
            return;
        }
        String host = Args.str(a[1]);
        long port = Args.toLong(a[2]);
        if (port < 0 || port > 65535) {
            throw new CommandException("ERR Invalid master port");
        }
        if (follow(host, (int) port, requestedBy)) {
            w.ok();
        } else {
            w.simpleString("OK Already connected to specified master");
        }
    }

    /**
     * Makes this server a primary again, if it is a replica, whose history continues its primary's: the primary's id
     * becomes {@code master_replid2}, valid up to the offset reached, so that replicas of that same primary can
     * continue from it; its store expires keys itself again.
     */
    void promote(String requestedBy) {
        PrimaryLink current = link;
        if (current == null) {
            return;
        }
        current.stop();
        store.replica(false);
        synchronized (lock) {
            link = null;
            replid2 = replid;
            secondOffset = offset + 1;
            replid = newId();
            streamDb = -1;
        }
        LOG.log(System.Logger.Level.INFO, "MASTER MODE enabled ({0})", requestedBy);
    }

    /**
     * Makes this server a replica of {@code host:port} (dropping its own replicas, which must sync anew), unless it
     * is one already; {@code requestedBy} says why, in the log.
     *
     * @return whether it was not a replica of that primary already
     */
    boolean follow(String host, int port, String requestedBy) {
        PrimaryLink current = link;
        if (current != null && current.host.equalsIgnoreCase(host) && current.port == port) {
            return false;
        }
        if (current != null) {
            current.stop();
        }
        PrimaryLink next = new PrimaryLink(host, port, this, executor, context);
        List<Replica> dropped;
        store.replica(true);
        synchronized (lock) {
            link = next;
            backlog = null;
            dropped = new ArrayList<>(replicas);
            startTimer();
        }
        for (Replica r : dropped) {
            r.session.kill();
        }
        next.start();
        LOG.log(System.Logger.Level.INFO, "REPLICAOF {0}:{1} enabled ({2})", host, Integer.toString(port),
                requestedBy);
        return true;
    }

    /** Returns the primary this server replicates as {@code host port} (the {@code replicaof} setting), or "". */
    String primaryAddress() {
        PrimaryLink current = link;
        return current == null ? "" : current.host + " " + current.port;
    }

    /** Stops the link to the primary, if any, and the replication threads: the server is closing. */
    void close() {
        PrimaryLink current;
        synchronized (lock) {
            current = link;
            link = null;
            if (timer != null) {
                timer.shutdownNow();
                syncer.shutdownNow();
            }
        }
        if (current != null) {
            current.stop();
        }
    }

    /**
     * Where a replica's PSYNC asks to continue: the history it follows and the offset after the last byte it has, as
     * Redis's replica asks even when it has none of its new primary's stream yet (its own id then, which the primary
     * answers with a full resynchronization).
     */
    Resume resumePoint() {
        synchronized (lock) {
            return new Resume(replid, offset + 1);
        }
    }

    /** A full resynchronization loaded the primary's RDB of history {@code id} at {@code primaryOffset}. */
    void synced(PrimaryLink from, String id, long primaryOffset) {
        synchronized (lock) {
            if (from != link) {
                return; // a link stopped meanwhile
            }
            replid = id;
            replid2 = NO_ID;
            secondOffset = -1;
            offset = primaryOffset;
        }
    }

    /** The primary continued the stream; it names its history {@code id} (psync2), perhaps a new one. */
    void continued(PrimaryLink from, String id) {
        synchronized (lock) {
            if (from == link && id != null && !id.isEmpty() && !id.equals(replid)) {
                replid2 = replid;
                secondOffset = offset + 1;
                replid = id;
            }
        }
    }

    /** The link ran {@code length} more bytes of the primary's stream. */
    void applied(PrimaryLink from, long length) {
        synchronized (lock) {
            if (from == link) {
                offset += length;
            }
        }
    }

    /** Returns the offset of the primary's stream this replica has processed ({@code slave_repl_offset}). */
    long processedOffset() {
        synchronized (lock) {
            return offset;
        }
    }

    /**
     * Returns whether this replica is loading a full resynchronization's RDB: commands without the {@code loading}
     * flag get {@code -LOADING} meanwhile, as Redis's do, rather than a keyspace half loaded.
     */
    boolean loading() {
        return loading.get() != null;
    }

    /** Called by {@code from} as it starts loading its primary's RDB into the store. */
    void loadStarted(PrimaryLink from) {
        loading.set(from);
    }

    /** Called by {@code from} once its load ended, loaded or cut short. */
    void loadEnded(PrimaryLink from) {
        loading.compareAndSet(from, null);
    }

    /** Returns whether {@code s}'s writes are refused: this is a read-only replica and {@code s} not its link. */
    boolean refusesWrites(Session s) {
        return link != null && settings.readOnly() && !s.isPrimaryLink();
    }

    /** Cuts the link to the primary ({@code CLIENT KILL TYPE master}); returns how many links it cut (0 or 1). */
    int killPrimaryLink() {
        PrimaryLink current = link;
        return current != null && current.kill() ? 1 : 0;
    }

    /** Where a replica resumes: the primary's history id and the offset of the next byte it needs. */
    record Resume(String replid, long offset) {
    }

    /** Appends the synchronization counts of INFO's {@code stats} section. */
    void appendSyncStats(StringBuilder sb) {
        synchronized (lock) {
            ServerCommands.field(sb, "sync_full", syncFull);
            ServerCommands.field(sb, "sync_partial_ok", syncPartialOk);
            ServerCommands.field(sb, "sync_partial_err", syncPartialErr);
        }
    }

    /** Resets the synchronization counts ({@code CONFIG RESETSTAT}). */
    void resetStats() {
        synchronized (lock) {
            syncFull = 0;
            syncPartialOk = 0;
            syncPartialErr = 0;
        }
    }

    /** Applies a changed {@code repl-backlog-size} to the backlog. */
    void backlogSizeChanged() {
        synchronized (lock) {
            if (backlog != null && backlog.size() != settings.backlogSize()) {
                backlog.resize(settings.backlogSize());
            }
        }
    }

    static String newId() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        StringBuilder sb = new StringBuilder(40);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A client that is, or is becoming, a replica: what its handshake said and where its stream stands. */
    static final class Replica {
        final Session session;
        private final PubSub.Subscription subscription;
        volatile int listeningPort;
        volatile String ipAddress;
        volatile boolean capaEof;
        volatile boolean capaPsync2;
        /** Whether it asked for the stream (PSYNC); written by its thread. */
        volatile boolean syncing;
        // guarded by the replication lock
        boolean online;
        boolean dropped;
        long ackOffset;
        long ackMillis;
        /** The stream waiting while the RDB is sent. */
        private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        private long pendingBytes;

        Replica(Session session) {
            this.session = session;
            this.subscription = new PubSub.Subscription(session);
        }

        /** Sends a frame of the stream, or keeps it until the RDB is sent. Under the replication lock. */
        void send(byte[] frame) {
            if (online) {
                offer(frame, true);
                return;
            }
            pending.addLast(frame);
            pendingBytes += frame.length;
            OutputBufferLimits.Limit limit = session.outputBufferLimits()
                    .limit(OutputBufferLimits.ClientClass.REPLICA);
            if (limit.hardBytes() > 0 && pendingBytes >= limit.hardBytes()) {
                LOG.log(System.Logger.Level.WARNING, "Client {0} scheduled to be closed ASAP for overcoming of output"
                        + " buffer limits.", session.describe(System.currentTimeMillis()));
                pending.clear();
                session.kill();
            }
        }

        /** Sends what waited during the RDB, then the stream as it comes. Under the replication lock. */
        void goOnline(long nowMillis) {
            for (byte[] frame; (frame = pending.pollFirst()) != null; ) {
                offer(frame, true);
            }
            pendingBytes = 0;
            ackMillis = nowMillis;
            online = true;
        }

        void offer(byte[] frame, boolean bounded) {
            session.outbox().offer(frame, subscription, bounded);
        }

        String ip() {
            if (ipAddress != null) {
                return ipAddress;
            }
            InetSocketAddress remote = session.connection().remoteAddress();
            return remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
        }

        String name() {
            return ip() + ":" + listeningPort;
        }

        String state() {
            return online ? "online" : "wait_bgsave";
        }
    }

    /** A WAIT: its client, the offset replicas must acknowledge and how many must. */
    private record Waiter(Session session, long target, long replicas) {
    }

    /**
     * The RDB as it is written, sent to a replica: with an end mark after it ({@code $EOF:<mark>}) if the replica
     * takes one, chunk by chunk while the sync thread writes it, waiting while much of it is queued unsent; else, since
     * the length goes first ({@code $<length>}), whole once written.
     */
    private static final class RdbStream extends OutputStream {
        private final Replica replica;
        private final byte[] mark;
        private final List<byte[]> held = new ArrayList<>();
        private byte[] chunk = new byte[RDB_CHUNK_BYTES];
        private int filled;
        private long length;

        RdbStream(Replica replica) {
            this.replica = replica;
            this.mark = replica.capaEof ? ascii(newId()) : null;
        }

        /** Called at the point in time, after {@code +FULLRESYNC}. */
        void begin() {
            if (mark != null) {
                replica.offer(ascii("$EOF:" + new String(mark, StandardCharsets.US_ASCII) + "\r\n"), false);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int from, int count) throws IOException {
            while (count > 0) {
                int n = Math.min(count, chunk.length - filled);
                System.arraycopy(bytes, from, chunk, filled, n);
                filled += n;
                from += n;
                count -= n;
                if (filled == chunk.length) {
                    ship();
                }
            }
        }

        private void ship() throws IOException {
            if (filled == 0) {
                return;
            }
            byte[] full = chunk.length == filled ? chunk : java.util.Arrays.copyOf(chunk, filled);
            chunk = new byte[RDB_CHUNK_BYTES];
            length += filled;
            filled = 0;
            if (mark == null) {
                held.add(full);
                return;
            }
            replica.offer(full, false);
            try {
                if (!replica.session.outbox().awaitBelow(RDB_IN_FLIGHT_BYTES)) {
                    throw new IOException("the replica's connection closed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        /** Sends the rest: the end mark, or the length and the whole RDB. */
        void end() throws IOException {
            ship();
            if (mark != null) {
                replica.offer(mark, false);
                return;
            }
            replica.offer(ascii("$" + length + "\r\n"), false);
            for (byte[] part : held) {
                replica.offer(part, false);
            }
        }
    }
}
