package org.kvlab.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.kvlab.api.EncodingLimits;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.MemoryLimits;
import org.kvlab.command.CommandExecutor;
import org.kvlab.command.OutputBufferLimits;
import org.kvlab.command.ServerContext;
import org.kvlab.command.Session;
import org.kvlab.protocol.RespParser;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.TransportUnavailableException;
import org.kvlab.spi.Transports;

/**
 * A {@link KeyValueStore} served over the Redis protocol on a transport chosen by name:
 * <pre>{@code
 * KvServer server = KvServer.builder().store(store).transport("nio")
 *         .transportConfig(TransportConfig.builder().port(0).build()).build();
 * InetSocketAddress address = server.start();
 * ...
 * server.close();
 * }</pre>
 * Each connection gets its own parser and {@link Session}; its commands run on the thread that read them, and the
 * replies of one read go out together. A batch that wrote waits for {@link KeyValueStore#durable()} before its
 * replies are written. The server enforces {@link ServerSettings}: {@code maxclients}, idle {@code timeout}, a
 * deadline for a command that arrives a byte at a time, {@code requirepass} and protected mode.
 *
 * <p>The {@link ConnectionHandler.Factory} it gives the transport is its own, not part of its API: a transport of
 * the application's own ({@link Builder#transportProvider}) gets it through {@link ServerTransport#start}. Thread-safe.
 * The store is not closed by {@link #close()}: its owner closes it.
 */
public final class KvServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KvServer.class.getName());

    /** Redis's {@code databases} default, which {@code CONFIG REWRITE} leaves out of a file that does not set it. */
    private static final int DEFAULT_DATABASES = 16;

    private static final String MAX_CLIENTS = "ERR max number of clients reached";
    private static final String DENIED = "DENIED Redis is running in protected mode because protected mode is "
            + "enabled and no password is set for the default user. In this mode connections are only accepted "
            + "from the loopback interface. If you want to connect from external computers to Redis you may adopt "
            + "one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET "
            + "protected-mode no' from the loopback interface by connecting to Redis from the same host the server "
            + "is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use "
            + "CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected "
            + "mode by editing the Redis configuration file, and setting the protected mode option to 'no', and "
            + "then restarting the server. 3) If you started the server manually just for testing, restart it "
            + "with the '--protected-mode no' option. 4) Set up an authentication password for the default user. "
            + "NOTE: You only need to do one of the above things in order for the server to start accepting "
            + "connections from the outside.";

    private final KeyValueStore store;
    private final String transportName;
    private final TransportProvider transportProvider;
    private final TransportConfig transportConfig;
    private final ServerSettings settings;
    private final Runnable onShutdown;
    private final Path configFile;
    private final String replicaOfHost;
    private final int replicaOfPort;
    private final CommandExecutor executor;
    private final Handlers handlers = new Handlers();
    private final Map<Long, ServerConnection> connections = new ConcurrentHashMap<>();
    /** Refused connections waiting to send something to be told why; closed by the timer if they do not. */
    private final Collection<Session> sessions =
            Collections.unmodifiableCollection(new SessionView(connections.values()));
    private final LongAdder connectionsReceived = new LongAdder();
    private final LongAdder rejectedConnections = new LongAdder();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final Object lifecycle = new Object();
    private final IoCounters noCounters = new IoCounters();
    private final boolean listensOnAllInterfaces;
    private volatile long opsPerSec;
    private long sampledCommands;
    private long sampledNanos = -1;
    private volatile ServerTransport transport;
    private volatile InetSocketAddress address;
    /** Idle and partial-command deadlines, ops sampling, blocked commands' timeouts; no thread until first used. */
    private final ScheduledThreadPoolExecutor timer;
    private boolean closed;

    private KvServer(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store");
        this.transportName = b.transport;
        this.transportProvider = b.transportProvider;
        this.transportConfig = b.transportConfig;
        this.settings = b.settings;
        this.onShutdown = b.onShutdown;
        this.configFile = b.configFile;
        this.replicaOfHost = b.replicaOfHost;
        this.replicaOfPort = b.replicaOfPort;
        this.executor = new CommandExecutor(store, new Context(), b.replicationSettings);
        this.listensOnAllInterfaces = isWildcard(transportConfig.bindAddress());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "kvlab-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Returns a builder; {@link Builder#store} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Selects the transport ({@link Transports#select}, unless {@link Builder#transportProvider} gave one), makes the
     * server a replica if {@link Builder#replicaOf} said so, binds the transport and starts accepting. Logs the
     * transport chosen and why others are unavailable.
     *
     * @return the bound address (useful with port 0)
     * @throws IOException if the address cannot be bound
     * @throws org.kvlab.spi.TransportUnavailableException if the named transport is missing or cannot run here
     * @throws IllegalStateException if already started or closed
     */
    public InetSocketAddress start() throws IOException {
        synchronized (lifecycle) {
            if (transport != null || closed) {
                throw new IllegalStateException(closed ? "server is closed" : "server already started");
            }
            TransportProvider provider = transportProvider != null ? available(transportProvider)
                    : Transports.select(transportName);
            Map<String, String> unavailable = transportProvider != null ? Map.of() : Transports.unavailable();
            ServerTransport t = provider.createServer(transportConfig);
            if (replicaOfHost != null) {
                executor.replicaOf(replicaOfHost, replicaOfPort); // a replica from its first client on
            }
            InetSocketAddress bound;
            try {
                bound = t.start(handlers);
            } catch (IOException | RuntimeException e) {
                t.close();
                executor.promote();
                throw e;
            }
            transport = t;
            address = bound;
            timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
            LOG.log(Level.INFO, "kvlab serving on {0} with transport {1} ({2})", bound, provider.name(),
                    provider.description());
            unavailable.forEach((name, reason) -> LOG.log(Level.INFO, "transport {0} is unavailable: {1}", name,
                    reason));
            return bound;
        }
    }

    /** Returns the name of the transport serving, or {@code "none"} before {@link #start()}. */
    public String transportName() {
        ServerTransport t = transport;
        return t == null ? "none" : t.name();
    }

    /** Returns the transport's I/O counters; all zero before {@link #start()}. */
    public IoCounters counters() {
        ServerTransport t = transport;
        return t == null ? noCounters : t.counters();
    }

    /** Returns the live settings; changes apply as {@link ServerSettings} describes. */
    public ServerSettings settings() {
        return settings;
    }

    /** Returns the commands processed since start or the last {@code CONFIG RESETSTAT}, as INFO reports them. */
    public long totalCommandsProcessed() {
        return executor.totalCommands();
    }

    /** Returns the number of connected clients. */
    public int connectedClients() {
        return connections.size();
    }

    /** Stops the transport (closing every connection) and the timer. Idempotent; the store stays open. */
    @Override
    public void close() {
        ServerTransport t;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            t = transport;
            timer.shutdownNow();
        }
        executor.close();
        if (t != null) {
            t.close();
        }
        connections.clear();
    }

    /** Returns the factory the transport gets: the handlers of its connections, and the end of each turn. */
    ConnectionHandler.Factory handlers() {
        return handlers;
    }

    private static TransportProvider available(TransportProvider provider) {
        if (!provider.isAvailable()) {
            Throwable cause = provider.unavailabilityCause();
            throw new TransportUnavailableException("transport '" + provider.name() + "' is not available here: "
                    + (cause == null ? "no cause given" : cause.getMessage()), cause);
        }
        return provider;
    }

    /** Wakes {@code connection} after {@code nanos} on the timer: a blocked command's timeout. */
    Future<?> wakeAfter(Connection connection, long nanos) {
        try {
            return timer.schedule(connection::wake, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // the server is closing, and its connections with it
        }
    }

    void closed(ServerConnection connection) {
        connections.remove(connection.session().id(), connection);
    }

    private static boolean isWildcard(String bindAddress) {
        String a = bindAddress.trim();
        return a.equals("0.0.0.0") || a.equals("::") || a.equals("0:0:0:0:0:0:0:0") || a.equals("*");
    }

    private static boolean isLoopback(InetSocketAddress remote) {
        if (remote == null) {
            return true;
        }
        InetAddress a = remote.getAddress();
        return a == null || a.isLoopbackAddress();
    }

    private void tick() {
        long nowNanos = System.nanoTime();
        sampleOps(nowNanos);
        closeStaleConnections(System.currentTimeMillis(), nowNanos);
    }

    /** Updates {@code instantaneous_ops_per_sec} from the commands processed since the previous sample. */
    synchronized void sampleOps(long nowNanos) {
        long commands = executor.totalCommands();
        if (sampledNanos != -1 && nowNanos > sampledNanos) {
            long delta = Math.max(0, commands - sampledCommands);
            opsPerSec = delta * 1_000_000_000L / (nowNanos - sampledNanos);
        }
        sampledCommands = commands;
        sampledNanos = nowNanos;
    }

    /**
     * Closes clients idle past {@code timeout} (no request read, and none of their output written, for that long;
     * subscribers and blocked clients never are, as in Redis) and clients whose partial command is past its deadline,
     * as of {@code nowMillis} ({@link System#currentTimeMillis()}) and {@code nowNanos} ({@link System#nanoTime()}).
     * Called by one thread at a time (the server's timer).
     */
    void closeStaleConnections(long nowMillis, long nowNanos) {
        long timeout = settings.timeoutSeconds();
        long partialTimeout = settings.partialCommandTimeoutSeconds();
        for (ServerConnection c : new ArrayList<>(connections.values())) {
            long partialSince = c.partialSinceNanos();
            boolean idle = timeout > 0 && !c.session().isSubscribed() && !c.session().isBlocked() // as Redis
                    && !c.session().isReplica()
                    && nowMillis - c.lastActiveMillis(nowMillis) > timeout * 1000;
            boolean slow = partialTimeout > 0 && partialSince != -1
                    && nowNanos - partialSince > TimeUnit.SECONDS.toNanos(partialTimeout);
            if (idle || slow) {
                LOG.log(Level.DEBUG, "closing client {0}: {1}", c.session().id(),
                        idle ? "idle timeout" : "partial command deadline");
                c.session().kill();
            }
        }
    }

    private void shutdownRequested() {
        if (!shuttingDown.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            LOG.log(Level.INFO, "SHUTDOWN requested by a client");
            if (onShutdown != null) {
                onShutdown.run();
            } else {
                close();
            }
        }, "kvlab-shutdown");
        thread.start();
    }

    /** The handlers of the transport's connections, and what the server does at the end of each turn. */
    private final class Handlers implements ConnectionHandler.Factory {

        /**
         * Returns the handler of a new connection: a client over {@code maxclients}, or a non-loopback client in
         * protected mode, gets its error as soon as it connects and is closed, as in Redis. As in Redis, protected
         * mode guards a server listening on every interface (bind address {@code 0.0.0.0} or {@code ::}) with no
         * password; binding a specific address is taken as the choice to serve the peers that reach it.
         */
        @Override
        public ConnectionHandler newConnection(Connection connection) {
            connectionsReceived.increment();
            Session session = executor.newSession(connection);
            RespParser parser = new RespParser(settings.limits());
            String refusal = null;
            if (connections.size() >= settings.maxClients()) {
                refusal = MAX_CLIENTS;
            } else if (listensOnAllInterfaces && settings.protectedMode() && settings.requirePass() == null
                    && !isLoopback(connection.remoteAddress())) {
                refusal = DENIED;
            }
            ServerConnection handler = new ServerConnection(KvServer.this, store, executor, session, parser, refusal,
                    transportConfig.outputBufferLimit());
            if (refusal == null) {
                connections.put(connection.id(), handler);
            } else {
                rejectedConnections.increment();
            }
            return handler;
        }

        /**
         * Makes the turn's writes durable on the serving thread (under {@code appendfsync always}), so their
         * held-back replies go out from it: one fsync per event-loop turn, as Redis's {@code beforeSleep} does. Then
         * ends the turn's {@code org.kvlab.EventLoopTurn} event, if a recording enables it.
         */
        @Override
        public void onTurnEnd() {
            store.syncTurn();
            ServingTurn.endOnThisThread(KvServer.this);
        }

        /** Whether the turn end will fsync: the loop may first serve what became ready meanwhile, in one fsync. */
        @Override
        public boolean turnEndWaits() {
            return store.syncPending();
        }
    }

    /** What the commands see of this server. */
    private final class Context implements ServerContext {

        @Override
        public String transportName() {
            return KvServer.this.transportName();
        }

        @Override
        public IoCounters.Snapshot ioCounters() {
            return counters().snapshot();
        }

        @Override
        public int port() {
            InetSocketAddress a = address;
            return a == null ? transportConfig.port() : a.getPort();
        }

        @Override
        public Collection<Session> sessions() {
            return sessions;
        }

        @Override
        public long connectionsReceived() {
            return connectionsReceived.sum();
        }

        @Override
        public long rejectedConnections() {
            return rejectedConnections.sum();
        }

        @Override
        public long instantaneousOpsPerSec() {
            return opsPerSec;
        }

        @Override
        public String requirePass() {
            return settings.requirePass();
        }

        @Override
        public long maxBulkLength() {
            return settings.protoMaxBulkLen();
        }

        @Override
        public OutputBufferLimits outputBufferLimits() {
            return settings.outputBufferLimits();
        }

        @Override
        public int keyspaceEvents() {
            return settings.keyspaceEvents();
        }

        @Override
        public long clientQueryBufferLimit() {
            return settings.clientQueryBufferLimit();
        }

        @Override
        public Map<String, String> config() {
            Map<String, String> all = new LinkedHashMap<>(settings.values());
            all.put("databases", Integer.toString(store.databaseCount()));
            all.put("port", Integer.toString(port() != 0 ? port() : transportConfig.port()));
            all.put("bind", transportConfig.bindAddress());
            all.putAll(store.encodingLimits().values());
            all.putAll(store.memoryLimits().values());
            all.putAll(executor.replicationSettings());
            return all;
        }

        @Override
        public void configSet(String name, String value) {
            if (name.equals("appendfsync")) {
                settings.set(name, value); // checks the value as Redis does, and records it for CONFIG GET
                store.fsyncPolicy(value);
                return;
            }
            if (!settings.set(name, value) && !store.encodingLimits().set(name, value)
                    && !store.memoryLimits().set(name, value) && !executor.setReplicationSetting(name, value)) {
                throw new IllegalArgumentException("can't set immutable config");
            }
        }

        @Override
        public void configRewrite() throws IOException {
            if (configFile == null) {
                throw new IllegalStateException("The server is running without a config file");
            }
            Map<String, String> defaults = new LinkedHashMap<>(new ServerSettings().values());
            defaults.put("databases", Integer.toString(DEFAULT_DATABASES));
            defaults.put("port", Integer.toString(TransportConfig.defaults().port()));
            defaults.put("bind", TransportConfig.defaults().bindAddress());
            defaults.putAll(new EncodingLimits().values());
            defaults.putAll(new MemoryLimits().values());
            defaults.putAll(new ReplicationSettings().values());
            defaults.put("replicaof", "");
            ConfigFile.rewrite(configFile, config(), defaults);
        }

        @Override
        public void resetStats() {
            connectionsReceived.reset();
            rejectedConnections.reset();
            store.resetKeyspaceStats();
        }

        @Override
        public void shutdown() {
            shutdownRequested();
        }
    }

    /** The sessions of the live connections, as a collection view. */
    private static final class SessionView extends java.util.AbstractCollection<Session> {
        private final Collection<ServerConnection> connections;

        SessionView(Collection<ServerConnection> connections) {
            this.connections = connections;
        }

        @Override
        public java.util.Iterator<Session> iterator() {
            java.util.Iterator<ServerConnection> it = connections.iterator();
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Session next() {
                    return it.next().session();
                }
            };
        }

        @Override
        public int size() {
            return connections.size();
        }
    }

    /** Builds a {@link KvServer}; not thread-safe. */
    public static final class Builder {
        private KeyValueStore store;
        private String transport;
        private TransportProvider transportProvider;
        private TransportConfig transportConfig = TransportConfig.defaults();
        private ServerSettings settings = new ServerSettings();
        private ReplicationSettings replicationSettings = new ReplicationSettings();
        private Runnable onShutdown;
        private Path configFile;
        private String replicaOfHost;
        private int replicaOfPort;

        private Builder() {
        }

        /** Sets the store to serve; required. */
        public Builder store(KeyValueStore value) {
            this.store = value;
            return this;
        }

        /** Names the transport; {@code null} (the default) selects as {@link Transports#select} describes. */
        public Builder transport(String name) {
            this.transport = name;
            return this;
        }

        /**
         * Serves on {@code provider} instead of one {@link java.util.ServiceLoader} finds: a transport of the
         * application's own, such as an in-process one for tests or one from a class loader of its own. It takes
         * precedence over {@link #transport(String)}; {@code null}, the default, selects by name.
         */
        public Builder transportProvider(TransportProvider provider) {
            this.transportProvider = provider;
            return this;
        }

        /** Sets the transport settings (address, port, event loops); {@link TransportConfig#defaults()} if unset. */
        public Builder transportConfig(TransportConfig value) {
            this.transportConfig = Objects.requireNonNull(value, "transportConfig");
            return this;
        }

        /** Sets the run-time settings; a fresh {@link ServerSettings} if unset. */
        public Builder settings(ServerSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** Sets the replication settings the server starts with ({@code CONFIG SET} changes them later). */
        public Builder replicationSettings(ReplicationSettings value) {
            this.replicationSettings = Objects.requireNonNull(value, "replicationSettings");
            return this;
        }

        /**
         * Sets what {@code SHUTDOWN} does once the client that sent it is closed, run on its own thread; by
         * default the server closes itself. {@code null} restores the default.
         */
        public Builder onShutdown(Runnable action) {
            this.onShutdown = action;
            return this;
        }

        /**
         * Sets the configuration file the server was started with, which {@code CONFIG REWRITE} rewrites
         * ({@link ConfigFile#rewrite}); {@code null}, the default, makes {@code CONFIG REWRITE} answer as Redis
         * does without one.
         */
        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        /**
         * Makes the server start as a replica of {@code host:port} (redis.conf's {@code replicaof host port}), from
         * its first client on; {@code null} host, the default, starts it as a primary. {@code REPLICAOF} changes it
         * later, and {@code CONFIG REWRITE} writes what it is then.
         *
         * @throws IllegalArgumentException if {@code port} is not in {@code [0, 65535]}
         */
        public Builder replicaOf(String host, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
            }
            this.replicaOfHost = host;
            this.replicaOfPort = port;
            return this;
        }

        /**
         * Builds the server; nothing is bound until {@link KvServer#start()}.
         *
         * @throws NullPointerException if no store was set
         */
        public KvServer build() {
            return new KvServer(this);
        }
    }
}
