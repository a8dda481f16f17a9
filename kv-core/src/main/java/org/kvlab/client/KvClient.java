package org.kvlab.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.KvException;
import org.kvlab.api.ScanResult;
import org.kvlab.api.SetOptions;
import org.kvlab.api.SetResult;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.Transports;

/**
 * A client of kvlab or any Redis server, over a {@link ClientTransport} chosen by name like the server's
 * transport. Thread-safe; close it to release its connections and the transport's threads.
 *
 * <pre>{@code
 * try (KvClient client = KvClient.builder().port(6379).transport("epoll").build()) {
 *     client.set("k", "v");
 *     String v = client.get("k");
 * }
 * }</pre>
 *
 * <p>The string, key and server commands have methods here and in {@link AsyncCommands}; the commands of the other
 * types are {@link Request}s, built once by {@link HashRequests}, {@link ListRequests}, {@link SetRequests},
 * {@link SortedSetRequests} and {@link BitmapRequests} and run by {@link #execute(Request)} or
 * {@link AsyncCommands#execute(Request)}:
 *
 * <pre>{@code
 * client.execute(SortedSetRequests.zadd("board", 12.5, "ada"));
 * List<ScoredMember<String>> top = client.execute(SortedSetRequests.zrangeWithScores("board",
 *         ZRange.byRank(0, 9).reversed()));
 * }</pre>
 *
 * <p>Four ways to call, from simplest to fastest:
 * <ul>
 *   <li>the synchronous methods here, each borrowing a connection of a bounded pool for one round trip: at most
 *       {@link Builder#poolSize(int)} calls run at once, the next waits for a free connection up to
 *       {@link Builder#borrowTimeout(Duration)} and then fails with {@link KvPoolExhaustedException};</li>
 *   <li>{@link #async()}: the same commands as {@link CompletableFuture}s, all multiplexed on one shared
 *       connection outside the pool, so they run in the order they were sent, many in flight at once;</li>
 *   <li>{@link #pipeline()}: commands queued locally and written with one send, replies matched in order (and
 *       {@link #multi()}, the same as one {@code MULTI}/{@code EXEC} transaction; {@link #watchAndRun} for an
 *       optimistic one that retries when a watched key changed);</li>
 *   <li>{@link #connection()}: a dedicated, non-pooled connection for load generators.</li>
 * </ul>
 *
 * <p>Every connection runs the handshake on connect: {@code HELLO 3} for RESP3, {@code AUTH} and {@code SELECT}
 * as configured. A pooled connection that was lost is replaced on its next use (reconnect); requests in flight
 * on it fail at once with {@link KvConnectionException}. Every request has the client's timeout: a synchronous
 * call throws {@link KvTimeoutException}, a future fails with it. Server error replies are
 * {@link KvServerException}s carrying the server's message and code.
 *
 * <p>Synchronous calls must not be made on the transport's read thread (from a future's callback): they would
 * wait for a reply only that thread can read, so they throw {@link IllegalStateException} there.
 */
public final class KvClient implements AutoCloseable {

    private final ClientTransport transport;
    private final ClientSettings settings;
    private final String peer;
    private final ConnectionPool pool;
    private final long borrowTimeoutNanos;
    private final Set<RespConnection> live = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timeouts;
    private final AsyncCommands async = new SharedAsync();
    private final Object asyncLock = new Object();
    /** The connection async calls share, opened on first use and replaced after a loss. */
    private volatile RespConnection asyncConnection;
    private volatile boolean closed;

    private KvClient(ClientTransport transport, ClientSettings settings, int poolSize, Duration borrowTimeout) {
        this.transport = transport;
        this.settings = settings;
        this.peer = settings.peer();
        this.pool = new ConnectionPool(poolSize);
        this.borrowTimeoutNanos = borrowTimeout.toNanos();
        this.timeouts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kvlab-client-timeouts-" + peer);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, Math.min(100, settings.timeout().toMillis() / 10));
        timeouts.scheduleWithFixedDelay(this::expireRequests, period, period, TimeUnit.MILLISECONDS);
    }

    /** Returns a builder with the defaults: {@code 127.0.0.1:6379}, the best transport, RESP2, database 0. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends any command and returns its reply: a simple string as {@code String}, a bulk string as {@code byte[]},
     * an integer as {@code Long}, null as {@code null}, an array as {@code List<Object>}; with RESP3 also a map as
     * {@code Map<Object, Object>} and a set as {@code Set<Object>} (bulk keys and members as UTF-8
     * {@code String}s), a double as {@code Double}, a boolean as {@code Boolean}, a big number as
     * {@code BigInteger}, a verbatim string as {@code String}. An error inside an array is a
     * {@link KvServerException} element.
     *
     * <p>Commands that change connection state ({@code SELECT}, {@code CLIENT SETNAME}, {@code HELLO}) change
     * only the pooled connection they happen to run on, and are lost on reconnect: set the database with
     * {@link Builder#database(int)}, or send them on a dedicated {@link #connection()}.
     *
     * @throws IllegalArgumentException if {@code args} is empty
     * @throws KvServerException if the server replies with an error
     * @throws KvConnectionException if the connection cannot be made or is lost
     * @throws KvTimeoutException if no reply comes within the timeout
     * @throws KvPoolExhaustedException if no pooled connection was free within the borrow timeout
     */
    public Object call(String... args) {
        return execute(args, Replies.RAW);
    }

    /** Sends any command with binary arguments; see {@link #call(String...)}. */
    public Object call(byte[]... args) {
        return execute(args, Replies.RAW);
    }

    /**
     * Runs a typed request and returns its reply, as the request's factory documents it: the commands of hashes,
     * lists, sets, sorted sets and bitmaps are built by {@link HashRequests}, {@link ListRequests},
     * {@link SetRequests}, {@link SortedSetRequests} and {@link BitmapRequests}.
     *
     * <pre>{@code
     * long length = client.execute(ListRequests.rpush("queue", "a", "b"));
     * }</pre>
     *
     * @throws KvServerException if the server replies with an error (e.g. {@code WRONGTYPE})
     * @throws KvConnectionException if the connection cannot be made or is lost
     * @throws KvTimeoutException if no reply comes within the timeout
     * @throws KvPoolExhaustedException if no pooled connection was free within the borrow timeout
     */
    public <T> T execute(Request<T> request) {
        return execute(request.args(), request.decoder());
    }

    /** {@code GET}: the value, or {@code null} if absent. */
    public String get(String key) {
        return execute(new Object[] {"GET", key}, Replies.STRING);
    }

    /** {@code GET}: the value, or {@code null} if absent. */
    public byte[] get(byte[] key) {
        return execute(new Object[] {"GET", key}, Replies.BYTES);
    }

    /** {@code SET key value}. */
    public void set(String key, String value) {
        execute(new Object[] {"SET", key, value}, Replies.VOID);
    }

    /** {@code SET key value}. */
    public void set(byte[] key, byte[] value) {
        execute(new Object[] {"SET", key, value}, Replies.VOID);
    }

    /** {@code SET} with a condition, an expiry and {@code GET}: whether it wrote, and the previous value if asked. */
    public SetResult set(String key, String value, SetOptions options) {
        return execute(Commands.set(key, value, options), Replies.set(options));
    }

    /** {@code SET} with a condition, an expiry and {@code GET}: whether it wrote, and the previous value if asked. */
    public SetResult set(byte[] key, byte[] value, SetOptions options) {
        return execute(Commands.set(key, value, options), Replies.set(options));
    }

    /** {@code GETDEL}: the value it removed, or {@code null}. */
    public String getDel(String key) {
        return execute(new Object[] {"GETDEL", key}, Replies.STRING);
    }

    /** {@code MGET}: a value or {@code null} per key. */
    public List<String> mget(String... keys) {
        return execute(Commands.prefixed("MGET", keys), Replies.STRING_LIST);
    }

    /** {@code MGET}: a value or {@code null} per key. */
    public List<byte[]> mget(byte[]... keys) {
        return execute(Commands.prefixed("MGET", keys), Replies.BYTES_LIST);
    }

    /** {@code MSET}, in the map's iteration order. */
    public void mset(Map<String, String> entries) {
        execute(Commands.pairs("MSET", entries), Replies.VOID);
    }

    /** {@code MSETNX}: whether it wrote (only if no key existed). */
    public boolean msetnx(Map<String, String> entries) {
        return execute(Commands.pairs("MSETNX", entries), Replies.BOOLEAN);
    }

    /** {@code INCR}: the new value. */
    public long incr(String key) {
        return execute(new Object[] {"INCR", key}, Replies.LONG);
    }

    /** {@code INCRBY}: the new value. */
    public long incrBy(String key, long increment) {
        return execute(new Object[] {"INCRBY", key, Long.toString(increment)}, Replies.LONG);
    }

    /** {@code DECR}: the new value. */
    public long decr(String key) {
        return execute(new Object[] {"DECR", key}, Replies.LONG);
    }

    /** {@code DECRBY}: the new value. */
    public long decrBy(String key, long decrement) {
        return execute(new Object[] {"DECRBY", key, Long.toString(decrement)}, Replies.LONG);
    }

    /** {@code INCRBYFLOAT}: the new value. */
    public double incrByFloat(String key, double increment) {
        return execute(new Object[] {"INCRBYFLOAT", key, Double.toString(increment)}, Replies.DOUBLE);
    }

    /** {@code APPEND}: the new length. */
    public long append(String key, String value) {
        return execute(new Object[] {"APPEND", key, value}, Replies.LONG);
    }

    /** {@code STRLEN}: the length, 0 if absent. */
    public long strlen(String key) {
        return execute(new Object[] {"STRLEN", key}, Replies.LONG);
    }

    /** {@code GETRANGE}: the substring between the inclusive offsets (negative count from the end). */
    public String getRange(String key, long start, long end) {
        return execute(new Object[] {"GETRANGE", key, Long.toString(start), Long.toString(end)}, Replies.STRING);
    }

    /** {@code SETRANGE}: the new length. */
    public long setRange(String key, long offset, String value) {
        return execute(new Object[] {"SETRANGE", key, Long.toString(offset), value}, Replies.LONG);
    }

    /** {@code DEL}: how many keys it removed. */
    public long del(String... keys) {
        return execute(Commands.prefixed("DEL", keys), Replies.LONG);
    }

    /** {@code DEL}: how many keys it removed. */
    public long del(byte[]... keys) {
        return execute(Commands.prefixed("DEL", keys), Replies.LONG);
    }

    /** {@code UNLINK}: how many keys it removed. */
    public long unlink(String... keys) {
        return execute(Commands.prefixed("UNLINK", keys), Replies.LONG);
    }

    /** {@code EXISTS}: how many of the keys exist (a key named twice counts twice). */
    public long exists(String... keys) {
        return execute(Commands.prefixed("EXISTS", keys), Replies.LONG);
    }

    /** {@code TOUCH}: how many of the keys exist. */
    public long touch(String... keys) {
        return execute(Commands.prefixed("TOUCH", keys), Replies.LONG);
    }

    /** {@code TYPE}: {@code "string"}, {@code "none"}, or another type a Redis server holds. */
    public String type(String key) {
        return execute(new Object[] {"TYPE", key}, Replies.STRING);
    }

    /** {@code RENAME}; fails with {@link KvServerException} if {@code key} is absent. */
    public void rename(String key, String newKey) {
        execute(new Object[] {"RENAME", key, newKey}, Replies.VOID);
    }

    /** {@code RENAMENX}: whether it renamed ({@code newKey} did not exist). */
    public boolean renameNx(String key, String newKey) {
        return execute(new Object[] {"RENAMENX", key, newKey}, Replies.BOOLEAN);
    }

    /** {@code COPY}: whether it copied ({@code source} exists and {@code destination} did not). */
    public boolean copy(String source, String destination) {
        return execute(new Object[] {"COPY", source, destination}, Replies.BOOLEAN);
    }

    /** {@code KEYS}: every key matching the glob {@code pattern}. */
    public List<String> keys(String pattern) {
        return execute(new Object[] {"KEYS", pattern}, Replies.STRING_LIST);
    }

    /**
     * {@code SCAN}: one step of an iteration; start and end at cursor 0.
     *
     * @param match a glob the keys must match, or {@code null} for all
     * @param count the hint of keys per step, or 0 for the server's default
     */
    public ScanResult scan(long cursor, String match, int count) {
        return execute(Commands.scan(cursor, match, count), Replies.SCAN);
    }

    /** {@code RANDOMKEY}: a key, or {@code null} if the database is empty. */
    public String randomKey() {
        return execute(new Object[] {"RANDOMKEY"}, Replies.STRING);
    }

    /** {@code PEXPIRE}: whether the expiry was set (the key exists). */
    public boolean expire(String key, Duration ttl) {
        return execute(Commands.expire(key, ttl, ExpireCondition.ALWAYS), Replies.BOOLEAN);
    }

    /** {@code PEXPIRE} with {@code NX|XX|GT|LT}: whether the expiry was set. */
    public boolean expire(String key, Duration ttl, ExpireCondition condition) {
        return execute(Commands.expire(key, ttl, condition), Replies.BOOLEAN);
    }

    /** {@code PEXPIREAT}: whether the expiry was set (the key exists). */
    public boolean expireAt(String key, Instant at) {
        return execute(Commands.expireAt(key, at, ExpireCondition.ALWAYS), Replies.BOOLEAN);
    }

    /** {@code TTL}: seconds to live, -1 without expiry, -2 if absent. */
    public long ttl(String key) {
        return execute(new Object[] {"TTL", key}, Replies.LONG);
    }

    /** {@code PTTL}: milliseconds to live, -1 without expiry, -2 if absent. */
    public long pttl(String key) {
        return execute(new Object[] {"PTTL", key}, Replies.LONG);
    }

    /** {@code PERSIST}: whether an expiry was removed. */
    public boolean persist(String key) {
        return execute(new Object[] {"PERSIST", key}, Replies.BOOLEAN);
    }

    /** {@code DBSIZE}: the number of keys in the database. */
    public long dbSize() {
        return execute(new Object[] {"DBSIZE"}, Replies.LONG);
    }

    /** {@code FLUSHDB}: empties the connection's database. */
    public void flushDb() {
        execute(new Object[] {"FLUSHDB"}, Replies.VOID);
    }

    /** {@code FLUSHALL}: empties every database. */
    public void flushAll() {
        execute(new Object[] {"FLUSHALL"}, Replies.VOID);
    }

    /** {@code PING}: {@code "PONG"}. */
    public String ping() {
        return execute(new Object[] {"PING"}, Replies.STRING);
    }

    /** {@code ECHO}: {@code message}. */
    public String echo(String message) {
        return execute(new Object[] {"ECHO", message}, Replies.STRING);
    }

    /** {@code INFO}: the default sections as text. */
    public String info() {
        return execute(new Object[] {"INFO"}, Replies.STRING);
    }

    /** {@code INFO section}: that section as text. */
    public String info(String section) {
        return execute(new Object[] {"INFO", section}, Replies.STRING);
    }

    /**
     * Returns the asynchronous view of this client. Its commands share one connection, outside the pool, opened
     * on first use and reopened on the first use after it was lost; so commands run in the order their calls
     * return, from any thread, and never wait for the pool. Futures complete on the transport's read thread. A
     * call that must open the connection from that thread (a callback) fails with
     * {@link KvConnectionException} rather than block it. Thread-safe.
     */
    public AsyncCommands async() {
        return async;
    }

    /** Returns a new, empty pipeline over this client's pool; not thread-safe, reusable after each send. */
    public Pipeline pipeline() {
        return new Pipeline(this);
    }

    /**
     * Returns a new, empty transaction: its commands are queued locally, and {@link Transaction#exec()} runs them as
     * one {@code MULTI}/{@code EXEC} on a pooled connection. Not thread-safe, reusable after each {@code exec()}.
     */
    public Transaction multi() {
        return new Transaction(this, null);
    }

    /**
     * Runs an optimistic transaction: {@code WATCH}es {@code keys} on a pooled connection kept for the call, runs
     * {@code body}, then executes the transaction it filled; if a watched key changed meanwhile (the transaction was
     * aborted, nothing ran), does it all again, at most {@code maxAttempts} times. The body reads through its first
     * argument, whose commands run at once on the watching connection (join their futures), and queues what to do
     * into its second; both are valid only during the call.
     *
     * <pre>{@code
     * List<Object> done = client.watchAndRun(List.of("balance"), 10, (reads, tx) -> {
     *     long balance = Long.parseLong(reads.get("balance").join());
     *     tx.set("balance", Long.toString(balance - 10));
     * });   // null if "balance" changed under each of 10 attempts
     * }</pre>
     *
     * @return the replies of the transaction that ran, as {@link Transaction#exec()} returns them, or {@code null} if
     *     every attempt was aborted
     * @throws IllegalArgumentException if {@code keys} is empty or {@code maxAttempts} is less than 1
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalStateException if called on the transport's read thread, from a callback
     * @throws KvServerException as {@link Transaction#exec()} does; the keys are unwatched
     * @throws KvConnectionException if the connection was lost
     * @throws KvTimeoutException if a reply did not arrive in time
     * @throws KvPoolExhaustedException if no pooled connection was free in time
     * @throws RuntimeException what {@code body} threw; the keys are unwatched
     */
    public List<Object> watchAndRun(Collection<String> keys, int maxAttempts,
            BiConsumer<AsyncCommands, Transaction> body) {
        Objects.requireNonNull(body, "body");
        Object[] watch = Commands.prefixed("WATCH", keys.toArray());
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
        }
        if (RespConnection.onReadingThread()) {
            throw new IllegalStateException("a transaction on the transport's read thread would wait for replies "
                    + "only that thread can read");
        }
        ConnectionPool.Slot slot = acquire();
        try {
            RespConnection c = slot.connection;
            AsyncCommands reads = new AsyncCommands() {
                @Override
                <T> CompletableFuture<T> dispatch(Object[] args, Decoder<T> decoder) {
                    return c.send(args, decoder);
                }
            };
            for (int attempt = 0; attempt < maxAttempts; attempt++) {
                c.await(c.send(watch, Replies.VOID));
                Transaction tx = new Transaction(this, c);
                try {
                    body.accept(reads, tx);
                } catch (RuntimeException | Error e) {
                    unwatch(c, e);
                    throw e;
                }
                List<Object> replies = tx.exec();
                if (replies != null) {
                    return replies;
                }
            }
            return null;
        } finally {
            pool.release(slot);
        }
    }

    /** Unwatches after {@code failure}, adding to it why that failed too. */
    private static void unwatch(RespConnection c, Throwable failure) {
        try {
            c.await(c.send(new Object[] {"UNWATCH"}, Replies.VOID));
        } catch (KvException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Opens a dedicated connection, outside the pool, with the same handshake and timeout. It does not
     * reconnect: once lost, its requests fail with {@link KvConnectionException} and a new one must be opened.
     * This is the handle for load generators: drive it from its futures' callbacks, which run on the transport's
     * read thread, and send batches with {@link KvConnection#sendBatch} for pipelining.
     *
     * @throws KvConnectionException if it cannot connect
     * @throws KvServerException if the server refuses the handshake
     */
    public KvConnection connection() {
        return new KvConnection(this, open());
    }

    /** Returns the name of the transport in use, e.g. {@code "nio"}. */
    public String transportName() {
        return transport.name();
    }

    /** Returns the counters of the I/O calls this client's transport made. */
    public IoCounters ioCounters() {
        return transport.counters();
    }

    /** Returns the server's address. */
    public InetSocketAddress address() {
        return settings.address();
    }

    /**
     * Closes every connection, pooled and dedicated, failing what is in flight with {@link KvConnectionException},
     * and releases the transport's threads. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        pool.close();
        timeouts.shutdownNow();
        for (RespConnection c : live) {
            c.close();
        }
        live.clear();
        transport.close();
    }

    /** Runs one command on a pooled connection and waits for its reply. */
    <T> T execute(Object[] args, Decoder<T> decoder) {
        if (RespConnection.onReadingThread()) {
            throw new IllegalStateException("a synchronous call on the transport's read thread would wait for a "
                    + "reply only that thread can read; use async() or chain the futures instead");
        }
        ConnectionPool.Slot slot = acquire();
        try {
            RespConnection c = slot.connection;
            return c.await(c.send(args, decoder));
        } finally {
            pool.release(slot);
        }
    }

    /** Runs commands with one write on a pooled connection and waits for every reply, errors as elements. */
    List<Object> executeBatch(List<Object[]> commands) {
        ConnectionPool.Slot slot = acquire();
        try {
            RespConnection c = slot.connection;
            return c.await(c.sendBatch(commands));
        } finally {
            pool.release(slot);
        }
    }

    /** Sends one command on the shared async connection. */
    <T> CompletableFuture<T> executeAsync(Object[] args, Decoder<T> decoder) {
        RespConnection c = asyncConnection;
        if (c == null || !c.isUsable()) {
            try {
                c = reopenAsyncConnection();
            } catch (KvException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return c.send(args, decoder);
    }

    private RespConnection reopenAsyncConnection() {
        synchronized (asyncLock) {
            RespConnection c = asyncConnection;
            if (c == null || !c.isUsable()) {
                if (c != null) {
                    live.remove(c);
                    c.close();
                }
                c = open();
                asyncConnection = c;
            }
            return c;
        }
    }

    /** Writes a pipeline's encoded commands on a pooled connection with one send; fails them all if none. */
    RespConnection sendEncoded(byte[] bytes, int length, List<? extends Pending<?>> pendings) {
        ConnectionPool.Slot slot;
        try {
            slot = acquire();
        } catch (KvException e) {
            for (Pending<?> p : pendings) {
                p.completeExceptionally(e);
            }
            throw e;
        }
        try {
            slot.connection.sendEncoded(bytes, length, pendings);
            return slot.connection;
        } finally {
            pool.release(slot);
        }
    }

    /** Borrows a slot and makes sure its connection is usable, reconnecting if it was lost. */
    private ConnectionPool.Slot acquire() {
        ConnectionPool.Slot slot = pool.borrow(borrowTimeoutNanos, peer);
        RespConnection c = slot.connection;
        if (c == null || !c.isUsable()) {
            try {
                RespConnection fresh = open();
                if (c != null) {
                    live.remove(c);
                    c.close();
                }
                slot.connection = fresh;
            } catch (RuntimeException e) {
                pool.release(slot);
                throw e;
            }
        }
        return slot;
    }

    private RespConnection open() {
        if (closed) {
            throw new KvConnectionException("the client of " + peer + " is closed", null);
        }
        if (RespConnection.onReadingThread()) {
            throw new KvConnectionException("connecting to " + peer + " on the transport's read thread would block "
                    + "it; connect from another thread", null);
        }
        RespConnection c = RespConnection.open(transport, settings);
        live.add(c);
        if (closed) {
            live.remove(c);
            c.close();
            throw new KvConnectionException("the client of " + peer + " is closed", null);
        }
        return c;
    }

    /** Removes a connection from the timeout sweep once it is closed. */
    void forget(RespConnection c) {
        live.remove(c);
    }

    /** Fails the requests past their deadline, and stops watching connections that are gone. */
    private void expireRequests() {
        long now = System.nanoTime();
        for (RespConnection c : live) {
            c.expire(now);
            if (!c.isUsable()) {
                live.remove(c);
            }
        }
    }

    /** The asynchronous view over the shared connection. */
    private final class SharedAsync extends AsyncCommands {
        @Override
        <T> CompletableFuture<T> dispatch(Object[] args, Decoder<T> decoder) {
            return executeAsync(args, decoder);
        }
    }

    /**
     * Builds a {@link KvClient}. Not thread-safe.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 6379;
        private String transport;
        private TransportConfig transportConfig = TransportConfig.defaults();
        private int poolSize = 8;
        private Duration timeout = Duration.ofSeconds(10);
        private Duration borrowTimeout;
        private String user;
        private String password;
        private int database;
        private int protocol = 2;

        private Builder() {
        }

        /** Sets the server's host name or address; {@code 127.0.0.1} by default. */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** Sets the server's port, 1-65535; 6379 by default. */
        public Builder port(int value) {
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("port: " + value + " (expected: 1-65535)");
            }
            this.port = value;
            return this;
        }

        /** Sets host and port from {@code address}. */
        public Builder address(InetSocketAddress address) {
            return host(address.getHostString()).port(address.getPort());
        }

        /**
         * Names the client transport, e.g. {@code "nio"}; {@code null} (the default) selects as
         * {@link Transports#select(String)} does: the system property, else the best available.
         */
        public Builder transport(String name) {
            this.transport = name;
            return this;
        }

        /** Sets the transport's settings (event loops, read buffer, connect timeout, TCP_NODELAY). */
        public Builder transportConfig(TransportConfig value) {
            this.transportConfig = Objects.requireNonNull(value, "transportConfig");
            return this;
        }

        /** Sets the most pooled connections, and so concurrent synchronous calls; 8 by default. */
        public Builder poolSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("poolSize: " + value + " (expected: > 0)");
            }
            this.poolSize = value;
            return this;
        }

        /** Sets how long a request waits for its reply; 10 s by default. */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout: " + value + " (expected: > 0)");
            }
            this.timeout = value;
            return this;
        }

        /** Sets how long a call waits for a free pooled connection; the {@link #timeout} by default. */
        public Builder borrowTimeout(Duration value) {
            Objects.requireNonNull(value, "borrowTimeout");
            if (value.isNegative()) {
                throw new IllegalArgumentException("borrowTimeout: " + value + " (expected: >= 0)");
            }
            this.borrowTimeout = value;
            return this;
        }

        /** Sets the password sent with {@code AUTH} (or {@code HELLO 3 AUTH default}) on connect. */
        public Builder password(String value) {
            this.password = Objects.requireNonNull(value, "password");
            return this;
        }

        /** Sets an ACL user and its password, sent with {@code AUTH user password} on connect. */
        public Builder user(String name, String password) {
            this.user = Objects.requireNonNull(name, "user");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Sets the database selected on connect with {@code SELECT}; 0 by default. */
        public Builder database(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("database: " + value + " (expected: >= 0)");
            }
            this.database = value;
            return this;
        }

        /** Sets the protocol: 2 (RESP2, the default) or 3 (RESP3, negotiated with {@code HELLO 3}). */
        public Builder protocol(int value) {
            if (value != 2 && value != 3) {
                throw new IllegalArgumentException("protocol: " + value + " (expected: 2 or 3)");
            }
            this.protocol = value;
            return this;
        }

        /**
         * Creates the transport and opens the first pooled connection, so a wrong address or password fails here.
         *
         * @throws org.kvlab.spi.TransportUnavailableException if the transport is unknown or cannot run here
         * @throws KvConnectionException if the server cannot be reached
         * @throws KvServerException if the server refuses the handshake
         */
        public KvClient build() {
            TransportProvider provider = Transports.select(transport);
            ClientSettings settings = new ClientSettings(new InetSocketAddress(host, port), timeout, user, password,
                    database, protocol);
            ClientTransport clientTransport = provider.createClient(transportConfig);
            KvClient client = new KvClient(clientTransport, settings, poolSize,
                    borrowTimeout == null ? timeout : borrowTimeout);
            try {
                client.pool.release(client.acquire());
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
            return client;
        }
    }
}
