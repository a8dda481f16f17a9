package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.kvlab.server.KvServer;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;
import org.kvlab.testsuite.client.RedisServerProcess;

/**
 * A real {@code redis-server} and a kvlab server (nio transport, in-memory store) side by side, with one connection
 * to each: {@link #check} sends the same command to both and asserts the replies are the same bytes; a second
 * connection to each ({@link #checkOther}) plays another client. One pair of
 * servers serves the whole test run ({@link #shared()}); a JVM shutdown hook stops them.
 *
 * <p>The documented differences, in one place:
 * <ul>
 *   <li>Replies Redis documents as unordered — the members of a set, the fields of a hash, {@code KEYS} — are
 *       compared after sorting ({@link #UNORDERED}, {@link #UNORDERED_PAIRS}); small collections keep Redis's order
 *       and are compared as sent by the unit tests.</li>
 *   <li>{@code SCAN}, {@code SSCAN}, {@code HSCAN} and {@code ZSCAN} walk a hash table whose layout is each server's
 *       own: a reply that ends the iteration (cursor 0 on both sides) is compared with its elements sorted (by pairs
 *       for {@code HSCAN} and {@code ZSCAN}); a page that does not end it on either side only has to be a well-formed page
 *       ({@link #SCANS}).</li>
 *   <li>Replies drawn at random ({@code SPOP}, {@code SRANDMEMBER}, {@code HRANDFIELD}, {@code ZRANDMEMBER},
 *       {@code RANDOMKEY}) are compared by their shape only ({@link #RANDOM}): same type and element count.</li>
 *   <li>{@code OBJECT ENCODING} of a string: Redis takes it from the command that wrote the value as well as
 *       from its content ({@code APPEND}, {@code SETRANGE}, {@code SETBIT} and {@code BITOP} leave {@code raw},
 *       {@code INCRBYFLOAT} {@code embstr}); kvlab decides by length and content alone
 *       ({@code Keyspace.encoding}), so a more compact string encoding than Redis's ({@code int} for
 *       {@code embstr}, {@code int} or {@code embstr} for {@code raw}) is accepted; never a less compact one.</li>
 * </ul>
 */
final class Differential implements AutoCloseable {

    /** Commands whose array reply is a set: compared sorted. */
    static final Set<String> UNORDERED = Set.of("smembers", "sinter", "sunion", "sdiff", "hkeys", "hvals", "keys");
    /** Commands whose array reply is field-value pairs of a hash: compared with the pairs sorted. */
    static final Set<String> UNORDERED_PAIRS = Set.of("hgetall");
    /** The cursor commands: true for those whose pages hold pairs. */
    static final java.util.Map<String, Boolean> SCANS =
            java.util.Map.of("scan", false, "sscan", false, "hscan", true, "zscan", true);
    /** Commands whose reply is drawn at random: compared by type and element count. */
    static final Set<String> RANDOM = Set.of("spop", "srandmember", "hrandfield", "zrandmember", "randomkey");

    private static Differential shared;

    private final RedisServerProcess redisServer;
    private final KvStore store;
    private final KvServer kvServer;
    private final InetSocketAddress kvAddress;
    private final Side redis;
    private final Side kvlab;
    private final Side otherRedis;
    private final Side otherKvlab;

    private Differential() throws IOException, InterruptedException {
        redisServer = RedisServerProcess.start(null);
        store = KvStore.inMemory();
        kvServer = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        kvAddress = kvServer.start();
        redis = new Side(redisServer.address());
        kvlab = new Side(kvAddress);
        otherRedis = new Side(redisServer.address());
        otherKvlab = new Side(kvAddress);
    }

    /**
     * Returns the pair of servers of this test run, starting them on first use.
     *
     * @throws IllegalStateException if {@code redis-server} is not installed (tests check {@link #available()} and
     *     skip first)
     */
    static synchronized Differential shared() {
        if (shared == null) {
            try {
                shared = new Differential();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** Returns whether a {@code redis-server} is on the {@code PATH}. */
    static boolean available() {
        return RedisServerProcess.executable() != null;
    }

    /**
     * Empties both servers, sets Redis's default encoding limits and returns every connection to RESP2 and db 0,
     * outside any transaction, watching nothing.
     */
    void reset() {
        for (Side side : List.of(otherRedis, otherKvlab)) {
            side.call(args("RESET"));
        }
        for (Side side : List.of(redis, kvlab)) {
            side.call(args("RESET"));
            side.call(args("HELLO", "2"));
            side.call(args("SELECT", "0"));
            side.call(args("FLUSHALL"));
            side.call(args("CONFIG", "SET", "hash-max-listpack-entries", "128", "hash-max-listpack-value", "64",
                    "set-max-intset-entries", "512", "zset-max-listpack-entries", "128", "zset-max-listpack-value",
                    "64", "list-max-listpack-size", "-2"));
        }
    }

    /** Sends {@code command} to both servers and returns the two replies, Redis's first. */
    Reply[] call(byte[]... command) {
        return new Reply[] {redis.call(command), kvlab.call(command)};
    }

    /** Sends {@code forRedis} to Redis and {@code forKvlab} to kvlab, and returns the two replies, Redis's first. */
    Reply[] callEach(byte[][] forRedis, byte[][] forKvlab) {
        return new Reply[] {redis.call(forRedis), kvlab.call(forKvlab)};
    }

    /**
     * Opens one more connection to each server, for a client that blocks while the first connection writes; close
     * it.
     */
    Other connectOther() {
        try {
            return new Other(new Side(redisServer.address()), new Side(kvAddress));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code command} to both servers and asserts kvlab replied what Redis did, as the class doc says. */
    void check(Cmd command) {
        check(command.args);
    }

    /** Sends {@code command} (UTF-8 words) to both servers and asserts kvlab replied what Redis did. */
    void check(String... command) {
        check(args(command));
    }

    /** Sends {@code command} to both servers and asserts kvlab replied what Redis did, as the class doc says. */
    void check(byte[]... command) {
        check(new Reply[] {redis.call(command), kvlab.call(command)}, command);
    }

    /** Sends {@code command} on the second connection to each server and asserts the replies as {@link #check}. */
    void checkOther(Cmd command) {
        check(new Reply[] {otherRedis.call(command.args), otherKvlab.call(command.args)}, command.args);
    }

    /**
     * Asserts kvlab's reply to {@code command} ({@code replies[1]}) is Redis's ({@code replies[0]}), as the class doc
     * says; for replies that came another way, e.g. through a proxy in front of each.
     */
    static void check(Reply[] replies, byte[]... command) {
        String name = new String(command[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        Reply expected = replies[0];
        Reply actual = replies[1];
        String what = new Cmd(command).toString();
        if (RANDOM.contains(name) && !expected.isError()) {
            assertEquals(expected.type, actual.type, what + ": reply type; redis " + expected + ", kvlab " + actual);
            assertEquals(size(expected), size(actual),
                    what + ": element count; redis " + expected + ", kvlab " + actual);
            return;
        }
        if (SCANS.containsKey(name) && !expected.isError() && !actual.isError()) {
            assertEquals(2, size(actual), what + ": a page is a cursor and an array; kvlab " + actual);
            String end = "$1\\r\\n0\\r\\n";
            if (expected.elements.get(0).toString().equals(end) && actual.elements.get(0).toString().equals(end)) {
                boolean pairs = SCANS.get(name);
                assertEquals(expected.elements.get(1).sorted(pairs).toString(),
                        actual.elements.get(1).sorted(pairs).toString(), what);
            }
            return;
        }
        if (name.equals("object") && command.length == 3 && STRING_ENCODINGS.indexOf(encoding(expected)) >= 0
                && STRING_ENCODINGS.indexOf(encoding(actual)) >= 0
                && STRING_ENCODINGS.indexOf(encoding(actual)) <= STRING_ENCODINGS.indexOf(encoding(expected))) {
            return; // a string whose encoding Redis took from the command that wrote it: see the class doc
        }
        if (UNORDERED.contains(name) || UNORDERED_PAIRS.contains(name)) {
            expected = expected.sorted(UNORDERED_PAIRS.contains(name));
            actual = actual.sorted(UNORDERED_PAIRS.contains(name));
        }
        assertEquals(expected.toString(), actual.toString(), what);
    }

    /** Redis's string encodings, from the most compact: kvlab may report one before Redis's (see the class doc). */
    private static final List<String> STRING_ENCODINGS = List.of("int", "embstr", "raw");

    private static String encoding(Reply reply) {
        String text = reply.text();
        return text.startsWith("$") ? text.substring(text.indexOf('\n') + 1).trim() : "";
    }

    private static int size(Reply reply) {
        return reply.elements == null ? -1 : reply.elements.size();
    }

    /** Encodes words as UTF-8 arguments. */
    static byte[][] args(String... words) {
        byte[][] args = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            args[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return args;
    }

    /** Opens a new connection to each server, Redis's first, for tests that need several clients; close them. */
    Side[] connectBoth() {
        try {
            return new Side[] {new Side(redisServer.address()), new Side(kvAddress)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        redis.close();
        kvlab.close();
        otherRedis.close();
        otherKvlab.close();
        kvServer.close();
        store.close();
        redisServer.close();
    }

    /** A second connection to each server, whose commands may be sent and their replies read apart. */
    static final class Other implements AutoCloseable {
        private final Side redis;
        private final Side kvlab;

        private Other(Side redis, Side kvlab) {
            this.redis = redis;
            this.kvlab = kvlab;
        }

        /** Sends {@code command} to both servers without reading the replies. */
        void send(byte[]... command) {
            redis.write(command);
            kvlab.write(command);
        }

        /** Reads one reply from each server, Redis's first, waiting for them. */
        Reply[] read() {
            return new Reply[] {redis.read(), kvlab.read()};
        }

        /** Returns whether each server's reply has begun to arrive, Redis's first. */
        boolean[] replied() {
            return new boolean[] {redis.hasInput(), kvlab.hasInput()};
        }

        @Override
        public void close() {
            redis.close();
            kvlab.close();
        }
    }

    /** One connection, writing a command and reading its one reply, or writing and reading apart. */
    static final class Side implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Side(InetSocketAddress address) throws IOException {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
        }

        Reply call(byte[]... command) {
            write(command);
            return read();
        }

        /** Sends {@code command} without reading. */
        void write(byte[]... command) {
            try {
                java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
                request.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                for (byte[] arg : command) {
                    request.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    request.writeBytes(arg);
                    request.writeBytes(new byte[] {'\r', '\n'});
                }
                out.write(request.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads the next reply or push. */
        Reply read() {
            try {
                return Reply.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean hasInput() {
            try {
                return in.available() > 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
