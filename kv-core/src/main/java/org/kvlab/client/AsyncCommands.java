package org.kvlab.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.ScanResult;
import org.kvlab.api.SetOptions;
import org.kvlab.api.SetResult;

/**
 * The commands of kvlab's scope as {@link CompletableFuture}s: {@link KvClient#async()}, a {@link Pipeline} and a
 * dedicated {@link KvConnection} all offer them. Futures complete on the transport's read thread, in the order the
 * commands were sent on their connection, so a callback that sends the next command keeps a closed loop on that
 * thread; callbacks must not block it. A server error reply fails the future with {@link KvServerException}, a lost
 * connection with {@link KvConnectionException}, no reply within the client's timeout with
 * {@link KvTimeoutException}.
 *
 * <p>Keys and values given as {@code String} are sent as UTF-8, and string replies are decoded as UTF-8; use the
 * {@code byte[]} overloads or {@link #call(byte[]...)} for binary data. Arguments must not be {@code null}
 * ({@link NullPointerException}). Thread-safety is that of the implementation: {@link KvClient#async()} and
 * {@link KvConnection} are thread-safe, {@link Pipeline} is not.
 */
public abstract class AsyncCommands {

    AsyncCommands() {
    }

    /** Sends or queues one command. */
    abstract <T> CompletableFuture<T> dispatch(Object[] args, Decoder<T> decoder);

    /**
     * Sends any command; the reply as {@link KvClient#call(String...)} describes it.
     *
     * @throws IllegalArgumentException if {@code args} is empty
     */
    public CompletableFuture<Object> call(String... args) {
        return dispatch(args, Replies.RAW);
    }

    /**
     * Sends any command with binary arguments; the reply as {@link KvClient#call(String...)} describes it.
     *
     * @throws IllegalArgumentException if {@code args} is empty
     */
    public CompletableFuture<Object> call(byte[]... args) {
        return dispatch(args, Replies.RAW);
    }

    /**
     * Sends a typed request; its future gets the reply as the request's factory documents it ({@link HashRequests},
     * {@link ListRequests}, {@link SetRequests}, {@link SortedSetRequests}, {@link BitmapRequests}).
     */
    public <T> CompletableFuture<T> execute(Request<T> request) {
        return dispatch(request.args(), request.decoder());
    }

    /** {@code PUBLISH}: how many subscriptions received the message. */
    public CompletableFuture<Long> publish(String channel, String message) {
        return dispatch(new Object[] {"PUBLISH", channel, message}, Replies.LONG);
    }

    /** {@code PUBLISH}: how many subscriptions received the message. */
    public CompletableFuture<Long> publish(byte[] channel, byte[] message) {
        return dispatch(new Object[] {"PUBLISH", channel, message}, Replies.LONG);
    }

    /** {@code GET}: the value, or {@code null} if absent. */
    public CompletableFuture<String> get(String key) {
        return dispatch(new Object[] {"GET", key}, Replies.STRING);
    }

    /** {@code GET}: the value, or {@code null} if absent. */
    public CompletableFuture<byte[]> get(byte[] key) {
        return dispatch(new Object[] {"GET", key}, Replies.BYTES);
    }

    /** {@code SET key value}. */
    public CompletableFuture<Void> set(String key, String value) {
        return dispatch(new Object[] {"SET", key, value}, Replies.VOID);
    }

    /** {@code SET key value}. */
    public CompletableFuture<Void> set(byte[] key, byte[] value) {
        return dispatch(new Object[] {"SET", key, value}, Replies.VOID);
    }

    /** {@code SET} with a condition, an expiry and {@code GET}: whether it wrote, and the previous value if asked. */
    public CompletableFuture<SetResult> set(String key, String value, SetOptions options) {
        return dispatch(Commands.set(key, value, options), Replies.set(options));
    }

    /** {@code SET} with a condition, an expiry and {@code GET}: whether it wrote, and the previous value if asked. */
    public CompletableFuture<SetResult> set(byte[] key, byte[] value, SetOptions options) {
        return dispatch(Commands.set(key, value, options), Replies.set(options));
    }

    /** {@code GETDEL}: the value it removed, or {@code null}. */
    public CompletableFuture<String> getDel(String key) {
        return dispatch(new Object[] {"GETDEL", key}, Replies.STRING);
    }

    /** {@code MGET}: a value or {@code null} per key. */
    public CompletableFuture<List<String>> mget(String... keys) {
        return dispatch(Commands.prefixed("MGET", keys), Replies.STRING_LIST);
    }

    /** {@code MGET}: a value or {@code null} per key. */
    public CompletableFuture<List<byte[]>> mget(byte[]... keys) {
        return dispatch(Commands.prefixed("MGET", keys), Replies.BYTES_LIST);
    }

    /** {@code MSET}, in the map's iteration order. */
    public CompletableFuture<Void> mset(Map<String, String> entries) {
        return dispatch(Commands.pairs("MSET", entries), Replies.VOID);
    }

    /** {@code MSETNX}: whether it wrote (only if no key existed). */
    public CompletableFuture<Boolean> msetnx(Map<String, String> entries) {
        return dispatch(Commands.pairs("MSETNX", entries), Replies.BOOLEAN);
    }

    /** {@code INCR}: the new value. */
    public CompletableFuture<Long> incr(String key) {
        return dispatch(new Object[] {"INCR", key}, Replies.LONG);
    }

    /** {@code INCRBY}: the new value. */
    public CompletableFuture<Long> incrBy(String key, long increment) {
        return dispatch(new Object[] {"INCRBY", key, Long.toString(increment)}, Replies.LONG);
    }

    /** {@code DECR}: the new value. */
    public CompletableFuture<Long> decr(String key) {
        return dispatch(new Object[] {"DECR", key}, Replies.LONG);
    }

    /** {@code DECRBY}: the new value. */
    public CompletableFuture<Long> decrBy(String key, long decrement) {
        return dispatch(new Object[] {"DECRBY", key, Long.toString(decrement)}, Replies.LONG);
    }

    /** {@code INCRBYFLOAT}: the new value. */
    public CompletableFuture<Double> incrByFloat(String key, double increment) {
        return dispatch(new Object[] {"INCRBYFLOAT", key, Double.toString(increment)}, Replies.DOUBLE);
    }

    /** {@code APPEND}: the new length. */
    public CompletableFuture<Long> append(String key, String value) {
        return dispatch(new Object[] {"APPEND", key, value}, Replies.LONG);
    }

    /** {@code STRLEN}: the length, 0 if absent. */
    public CompletableFuture<Long> strlen(String key) {
        return dispatch(new Object[] {"STRLEN", key}, Replies.LONG);
    }

    /** {@code GETRANGE}: the substring between the inclusive offsets (negative count from the end). */
    public CompletableFuture<String> getRange(String key, long start, long end) {
        return dispatch(new Object[] {"GETRANGE", key, Long.toString(start), Long.toString(end)}, Replies.STRING);
    }

    /** {@code SETRANGE}: the new length. */
    public CompletableFuture<Long> setRange(String key, long offset, String value) {
        return dispatch(new Object[] {"SETRANGE", key, Long.toString(offset), value}, Replies.LONG);
    }

    /** {@code DEL}: how many keys it removed. */
    public CompletableFuture<Long> del(String... keys) {
        return dispatch(Commands.prefixed("DEL", keys), Replies.LONG);
    }

    /** {@code DEL}: how many keys it removed. */
    public CompletableFuture<Long> del(byte[]... keys) {
        return dispatch(Commands.prefixed("DEL", keys), Replies.LONG);
    }

    /** {@code UNLINK}: how many keys it removed. */
    public CompletableFuture<Long> unlink(String... keys) {
        return dispatch(Commands.prefixed("UNLINK", keys), Replies.LONG);
    }

    /** {@code EXISTS}: how many of the keys exist (a key named twice counts twice). */
    public CompletableFuture<Long> exists(String... keys) {
        return dispatch(Commands.prefixed("EXISTS", keys), Replies.LONG);
    }

    /** {@code TOUCH}: how many of the keys exist. */
    public CompletableFuture<Long> touch(String... keys) {
        return dispatch(Commands.prefixed("TOUCH", keys), Replies.LONG);
    }

    /** {@code TYPE}: {@code "string"}, {@code "none"}, or another type a Redis server holds. */
    public CompletableFuture<String> type(String key) {
        return dispatch(new Object[] {"TYPE", key}, Replies.STRING);
    }

    /** {@code RENAME}; fails with {@link KvServerException} if {@code key} is absent. */
    public CompletableFuture<Void> rename(String key, String newKey) {
        return dispatch(new Object[] {"RENAME", key, newKey}, Replies.VOID);
    }

    /** {@code RENAMENX}: whether it renamed ({@code newKey} did not exist). */
    public CompletableFuture<Boolean> renameNx(String key, String newKey) {
        return dispatch(new Object[] {"RENAMENX", key, newKey}, Replies.BOOLEAN);
    }

    /** {@code COPY}: whether it copied ({@code source} exists and {@code destination} did not). */
    public CompletableFuture<Boolean> copy(String source, String destination) {
        return dispatch(new Object[] {"COPY", source, destination}, Replies.BOOLEAN);
    }

    /** {@code KEYS}: every key matching the glob {@code pattern}. */
    public CompletableFuture<List<String>> keys(String pattern) {
        return dispatch(new Object[] {"KEYS", pattern}, Replies.STRING_LIST);
    }

    /**
     * {@code SCAN}: one step of an iteration; start and end at cursor 0.
     *
     * @param match a glob the keys must match, or {@code null} for all
     * @param count the hint of keys per step, or 0 for the server's default
     */
    public CompletableFuture<ScanResult> scan(long cursor, String match, int count) {
        return dispatch(Commands.scan(cursor, match, count), Replies.SCAN);
    }

    /** {@code RANDOMKEY}: a key, or {@code null} if the database is empty. */
    public CompletableFuture<String> randomKey() {
        return dispatch(new Object[] {"RANDOMKEY"}, Replies.STRING);
    }

    /** {@code PEXPIRE}: whether the expiry was set (the key exists). */
    public CompletableFuture<Boolean> expire(String key, Duration ttl) {
        return dispatch(Commands.expire(key, ttl, ExpireCondition.ALWAYS), Replies.BOOLEAN);
    }

    /** {@code PEXPIRE} with {@code NX|XX|GT|LT}: whether the expiry was set. */
    public CompletableFuture<Boolean> expire(String key, Duration ttl, ExpireCondition condition) {
        return dispatch(Commands.expire(key, ttl, condition), Replies.BOOLEAN);
    }

    /** {@code PEXPIREAT}: whether the expiry was set (the key exists). */
    public CompletableFuture<Boolean> expireAt(String key, Instant at) {
        return dispatch(Commands.expireAt(key, at, ExpireCondition.ALWAYS), Replies.BOOLEAN);
    }

    /** {@code TTL}: seconds to live, -1 without expiry, -2 if absent. */
    public CompletableFuture<Long> ttl(String key) {
        return dispatch(new Object[] {"TTL", key}, Replies.LONG);
    }

    /** {@code PTTL}: milliseconds to live, -1 without expiry, -2 if absent. */
    public CompletableFuture<Long> pttl(String key) {
        return dispatch(new Object[] {"PTTL", key}, Replies.LONG);
    }

    /** {@code PERSIST}: whether an expiry was removed. */
    public CompletableFuture<Boolean> persist(String key) {
        return dispatch(new Object[] {"PERSIST", key}, Replies.BOOLEAN);
    }

    /** {@code DBSIZE}: the number of keys in the database. */
    public CompletableFuture<Long> dbSize() {
        return dispatch(new Object[] {"DBSIZE"}, Replies.LONG);
    }

    /** {@code FLUSHDB}: empties the connection's database. */
    public CompletableFuture<Void> flushDb() {
        return dispatch(new Object[] {"FLUSHDB"}, Replies.VOID);
    }

    /** {@code FLUSHALL}: empties every database. */
    public CompletableFuture<Void> flushAll() {
        return dispatch(new Object[] {"FLUSHALL"}, Replies.VOID);
    }

    /** {@code PING}: {@code "PONG"}. */
    public CompletableFuture<String> ping() {
        return dispatch(new Object[] {"PING"}, Replies.STRING);
    }

    /** {@code ECHO}: {@code message}. */
    public CompletableFuture<String> echo(String message) {
        return dispatch(new Object[] {"ECHO", message}, Replies.STRING);
    }

    /** {@code INFO}: the default sections as text. */
    public CompletableFuture<String> info() {
        return dispatch(new Object[] {"INFO"}, Replies.STRING);
    }

    /** {@code INFO section}: that section as text. */
    public CompletableFuture<String> info(String section) {
        return dispatch(new Object[] {"INFO", section}, Replies.STRING);
    }
}
