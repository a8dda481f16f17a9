package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.kvlab.server.KvServer;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;
import org.kvlab.store.SnapshotFormat;
import org.kvlab.testsuite.client.RedisServerProcess;

/**
 * kvlab and redis-server 7.0 read each other's RDB files: a Redis holding every type in every encoding it has
 * (listpack, intset, hashtable, skiplist, quicklist of several nodes, integer, short and LZF-compressed strings),
 * expiries and several databases saves a {@code dump.rdb} that a kvlab data directory imports; kvlab's own RDB, saved
 * with {@code snapshot-format rdb}, is loaded by a {@code redis-server} started on it and passes
 * {@code redis-check-rdb}. After each load the two servers are compared key by key over RESP: type, encoding,
 * contents and absolute expiry ({@code PEXPIRETIME}). A property does the same for random datasets, both ways round.
 */
@RequiresRedis
final class RdbInteropTest {

    private static final long START_TIMEOUT_MILLIS = 20_000;
    private static Path root;

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("kvlab-rdb-");
    }

    @AfterContainer
    static void deleteRoot() throws IOException {
        TempDirs.delete(root);
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The commands that give a server every type in every encoding. */
    static List<byte[][]> everyEncoding() {
        List<byte[][]> out = new ArrayList<>();
        out.add(args("SET", "int", "12345"));
        out.add(args("SET", "int8", "-100"));
        out.add(args("SET", "int32", "-2147483648"));
        out.add(args("SET", "int64", "9223372036854775807"));
        out.add(args("SET", "zero-led", "0012"));
        out.add(args("SET", "short", "hello"));
        out.add(args("SET", "empty", ""));
        out.add(args("SET", "compressible", "abcd".repeat(3000)));
        byte[] noise = new byte[300];
        new java.util.Random(5).nextBytes(noise);
        out.add(new byte[][] {b("SET"), b("incompressible"), noise});
        out.add(new byte[][] {b("SET"), new byte[] {0, (byte) 0xFF, '\r', '\n'}, new byte[] {1, 2, 3}});
        out.add(args("SET", "with-ttl", "v", "PX", "600000"));
        out.add(args("RPUSH", "small-list", "a", "1", "-5000", "", "70000", "5000000000"));
        List<String> big = new ArrayList<>(List.of("RPUSH", "big-list"));
        for (int i = 0; i < 3000; i++) {
            big.add(i % 2 == 0 ? Integer.toString(i * 7919) : "element-" + i);
        }
        out.add(args(big.toArray(new String[0])));
        out.add(args("RPUSH", "list-with-huge-element", "x".repeat(20000), "y"));
        out.add(args("SADD", "intset", "1", "-2", "70000", "5000000000"));
        out.add(args("SADD", "small-set", "a", "b", "1"));
        List<String> bigSet = new ArrayList<>(List.of("SADD", "big-intset"));
        for (int i = 0; i < 600; i++) {
            bigSet.add(Integer.toString(i));
        }
        out.add(args(bigSet.toArray(new String[0])));
        out.add(args("HSET", "small-hash", "f", "v", "n", "1", "neg", "-70000"));
        List<String> bigHash = new ArrayList<>(List.of("HSET", "big-hash"));
        for (int i = 0; i < 200; i++) {
            bigHash.add("field" + i);
            bigHash.add(i % 3 == 0 ? Integer.toString(i) : "value" + i);
        }
        out.add(args(bigHash.toArray(new String[0])));
        out.add(args("HSET", "long-value-hash", "f", "v".repeat(100)));
        out.add(args("ZADD", "small-zset", "1", "a", "2.5", "b", "-inf", "c", "+inf", "d", "0.1", "e", "-3", "f",
                "1e300", "g"));
        List<String> bigZset = new ArrayList<>(List.of("ZADD", "big-zset"));
        for (int i = 0; i < 200; i++) {
            bigZset.add(Double.toString(i * 0.37 - 20));
            bigZset.add("member" + i);
        }
        out.add(args(bigZset.toArray(new String[0])));
        out.add(args("ZADD", "long-member-zset", "1", "m".repeat(100)));
        out.add(args("PEXPIRE", "big-zset", "3600000"));
        out.add(args("EXPIRE", "small-hash", "7200"));
        out.add(args("SELECT", "5"));
        out.add(args("SET", "int", "in db 5"));
        out.add(args("RPUSH", "list", "x"));
        out.add(args("PEXPIRE", "list", "100000"));
        out.add(args("SELECT", "15"));
        out.add(args("SADD", "last", "z"));
        out.add(args("SELECT", "0"));
        return out;
    }

    private static byte[][] args(String... words) {
        return Differential.args(words);
    }

    /** {@link #everyEncoding()} under {@code list-compress-depth 1}: the inner nodes of the lists LZF-compressed. */
    static List<byte[][]> everyEncodingWithCompressedLists() {
        List<byte[][]> out = new ArrayList<>();
        out.add(args("CONFIG", "SET", "list-compress-depth", "1", "list-max-listpack-size", "16"));
        out.addAll(everyEncoding());
        return out;
    }

    @Example
    void redisDump_importedByKvlab_holdsTheSameKeys() throws Exception {
        redisToKvlab(everyEncoding());
    }

    @Example
    void redisDump_withCompressedListNodes_importedByKvlab_holdsTheSameKeys() throws Exception {
        redisToKvlab(everyEncodingWithCompressedLists());
    }

    @Example
    void kvlabDump_loadedByRedis_holdsTheSameKeys_andPassesRedisCheckRdb() throws Exception {
        kvlabToRedis(everyEncoding());
    }

    @Example
    void kvlabDump_ofCompressedLists_loadedByRedis_holdsTheSameKeys_andPassesRedisCheckRdb() throws Exception {
        kvlabToRedis(everyEncodingWithCompressedLists());
    }

    private void redisToKvlab(List<byte[][]> commands) throws Exception {
        Path redisDir = Files.createTempDirectory(root, "redis-");
        try (Redis redis = Redis.start(redisDir, "dump.rdb")) {
            for (byte[][] command : commands) {
                redis.side.call(command);
            }
            assertEquals("+OK\r\n", text(redis.side.call(args("SAVE"))));
            Path kvlabDir = Files.createTempDirectory(root, "kvlab-");
            Files.copy(redisDir.resolve("dump.rdb"), kvlabDir.resolve("dump.rdb"));
            try (Kvlab kvlab = Kvlab.start(kvlabDir)) {
                Map<String, String> expected = contents(redis.side);
                assertTrue(expected.size() > 20, expected.keySet().toString());
                assertSameContents(expected, contents(kvlab.side));
            }
        }
    }

    private void kvlabToRedis(List<byte[][]> commands) throws Exception {
        Path kvlabDir = Files.createTempDirectory(root, "kvlab-");
        try (Kvlab kvlab = Kvlab.start(kvlabDir)) {
            for (byte[][] command : commands) {
                kvlab.side.call(command);
            }
            assertEquals("+OK\r\n", text(kvlab.side.call(args("SAVE"))));
            checkRdb(kvlabDir.resolve("dump.rdb"));
            try (Redis redis = Redis.start(kvlabDir, "dump.rdb")) {
                Map<String, String> expected = contents(kvlab.side);
                assertTrue(expected.size() > 20, expected.keySet().toString());
                assertSameContents(expected, contents(redis.side));
            }
        }
    }

    @Property(tries = 15)
    void randomDataset_kvlabToRdb_loadsIntoRedisAndKvlabAlike(@ForAll("datasets") List<byte[][]> dataset)
            throws Exception {
        Path kvlabDir = Files.createTempDirectory(root, "kvlab-");
        try (Kvlab kvlab = Kvlab.start(kvlabDir)) {
            for (byte[][] command : dataset) {
                kvlab.side.call(command);
            }
            kvlab.side.call(args("SAVE"));
            // a value that shrank keeps its full encoding until reloaded, in Redis too: encodings are compared
            // between the two loaded copies only
            Map<String, String> saved = contents(kvlab.side, false);
            checkRdb(kvlabDir.resolve("dump.rdb"));
            Path again = Files.createTempDirectory(root, "kvlab-again-");
            Files.copy(kvlabDir.resolve("dump.rdb"), again.resolve("dump.rdb"));
            try (Redis redis = Redis.start(kvlabDir, "dump.rdb"); Kvlab reloaded = Kvlab.start(again)) {
                assertSameContents(saved, contents(redis.side, false));
                assertSameContents(contents(redis.side, true), contents(reloaded.side, true));
            }
        }
    }

    @Provide
    Arbitrary<List<byte[][]>> datasets() {
        Arbitrary<String> keys = Arbitraries.strings().withChars("abcdefgh\u0000\u00ff").ofMinLength(1)
                .ofMaxLength(6);
        Arbitrary<String> elements = Arbitraries.oneOf(
                Arbitraries.longs().map(v -> Long.toString(v)),
                Arbitraries.integers().between(-5000, 5000).map(Object::toString),
                Arbitraries.strings().withChars("xyz019-").ofMaxLength(12),
                Arbitraries.strings().withChars("ab").ofMinLength(60).ofMaxLength(5000),
                Arbitraries.strings().all().ofMaxLength(80));
        Arbitrary<List<String>> many = elements.list().ofMinSize(1).ofMaxSize(300);
        Arbitrary<String> scores = Arbitraries.oneOf(
                Arbitraries.integers().between(-1000, 1000).map(Object::toString),
                Arbitraries.doubles().between(-1e12, 1e12).map(d -> Double.toString(d)),
                Arbitraries.of("inf", "-inf", "0", "-0", "1e300", "5e-324"));
        Arbitrary<List<byte[][]>> command = Combinators.combine(Arbitraries.integers().between(0, 6), keys, many,
                scores.list().ofSize(300), Arbitraries.integers().between(0, 3))
                .as((type, key, values, scoreList, db) -> {
                    List<String> c = new ArrayList<>();
                    String k = key + ":" + type + ":" + db;
                    switch (type) {
                        case 0:
                            c.addAll(List.of("SET", k, values.get(0)));
                            break;
                        case 1:
                            c.addAll(List.of("RPUSH", k));
                            c.addAll(values);
                            break;
                        case 2:
                            c.addAll(List.of("SADD", k));
                            c.addAll(values);
                            break;
                        case 3:
                            c.addAll(List.of("HSET", k));
                            for (int i = 0; i + 1 < values.size() || i == 0; i += 2) {
                                c.add(values.get(i));
                                c.add(values.get(Math.min(i + 1, values.size() - 1)));
                            }
                            break;
                        case 4:
                            c.addAll(List.of("ZADD", k));
                            for (int i = 0; i < values.size(); i++) {
                                c.add(scoreList.get(i));
                                c.add(values.get(i));
                            }
                            break;
                        case 5:
                            c.addAll(List.of("SET", k, values.get(0), "PX", Integer.toString(100_000 + db)));
                            break;
                        default:
                            c.addAll(List.of("SADD", k));
                            for (String v : values) {
                                c.add(Integer.toString(v.hashCode() % 100_000));
                            }
                    }
                    return List.of(args("SELECT", Integer.toString(db)), args(c.toArray(new String[0])));
                });
        return command.list().ofMinSize(1).ofMaxSize(25).map(commands -> {
            List<byte[][]> flat = new ArrayList<>();
            commands.forEach(flat::addAll);
            return flat;
        });
    }

    /** Asserts two servers' {@link #contents} are equal, naming the keys that differ. */
    private static void assertSameContents(Map<String, String> expected, Map<String, String> actual) {
        List<String> differences = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(union(expected, actual))) {
            if (!java.util.Objects.equals(expected.get(key), actual.get(key))) {
                differences.add(key + ": " + firstDifference(expected.get(key), actual.get(key)));
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " keys differ:\n" + String.join("\n", differences));
    }

    private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
        java.util.Set<String> keys = new java.util.HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /** Describes where two texts part: the offset and up to 120 characters of each from there. */
    private static String firstDifference(String expected, String actual) {
        if (expected == null || actual == null) {
            return "expected " + (expected == null ? "no key" : "the key") + " but was "
                    + (actual == null ? "no key" : "the key");
        }
        int i = 0;
        while (i < Math.min(expected.length(), actual.length()) && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        return "differ at character " + i + ": expected ..." + printable(expected, i) + " but was ..."
                + printable(actual, i);
    }

    private static String printable(String s, int from) {
        return s.substring(from, Math.min(s.length(), from + 120)).replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Runs {@code redis-check-rdb} on {@code file} and asserts it accepts it. */
    private static void checkRdb(Path file) throws IOException, InterruptedException {
        Path exe = RedisServerProcess.executable().resolveSibling("redis-check-rdb");
        Process process = new ProcessBuilder(exe.toString(), file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("RDB looks OK"), output);
    }

    /** Returns every key of databases 0-15 with its type, encoding, contents and absolute expiry. */
    static Map<String, String> contents(Differential.Side side) {
        return contents(side, true);
    }

    /** Returns every key of databases 0-15 with its type, contents and absolute expiry, and its encoding if asked. */
    static Map<String, String> contents(Differential.Side side, boolean withEncoding) {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            side.call(args("SELECT", Integer.toString(db)));
            Reply keys = side.call(args("KEYS", "*"));
            for (Reply keyReply : keys.elements) {
                byte[] key = bulk(keyReply);
                String type = text(side.call(new byte[][] {b("TYPE"), key})).trim();
                String body;
                switch (type) {
                    case "+string":
                        body = text(side.call(new byte[][] {b("GET"), key}));
                        break;
                    case "+list":
                        body = text(side.call(new byte[][] {b("LRANGE"), key, b("0"), b("-1")}));
                        break;
                    case "+set":
                        body = sorted(side.call(new byte[][] {b("SMEMBERS"), key}), 1);
                        break;
                    case "+hash":
                        body = sorted(side.call(new byte[][] {b("HGETALL"), key}), 2);
                        break;
                    default:
                        body = text(side.call(new byte[][] {b("ZRANGE"), key, b("0"), b("-1"), b("WITHSCORES")}));
                }
                String encoding = withEncoding
                        ? text(side.call(new byte[][] {b("OBJECT"), b("ENCODING"), key})).trim() : "";
                String expiry = text(side.call(new byte[][] {b("PEXPIRETIME"), key})).trim();
                out.put(db + ":" + new String(key, StandardCharsets.ISO_8859_1),
                        type + " " + encoding + " @" + expiry + " " + body);
            }
        }
        side.call(args("SELECT", "0"));
        return out;
    }

    private static String sorted(Reply array, int group) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < array.elements.size(); i += group) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < group; j++) {
                sb.append(text(array.elements.get(i + j)));
            }
            items.add(sb.toString());
        }
        items.sort(null);
        return items.toString();
    }

    private static String text(Reply reply) {
        return new String(reply.raw, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bulk(Reply reply) {
        int start = 0;
        while (reply.raw[start] != '\n') {
            start++;
        }
        return Arrays.copyOfRange(reply.raw, start + 1, reply.raw.length - 2);
    }

    /** A redis-server on a data directory and RDB file of the test's choosing, with one connection. */
    private static final class Redis implements AutoCloseable {

        final Process process;
        final Differential.Side side;

        private Redis(Process process, Differential.Side side) {
            this.process = process;
            this.side = side;
        }

        static Redis start(Path dir, String dbfilename) throws IOException, InterruptedException {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            Process process = new ProcessBuilder(RedisServerProcess.executable().toString(), "--port",
                    Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                    dir.toString(), "--dbfilename", dbfilename,
                    // kvlab's defaults, which are Redis 7.0's; a packaged redis-server may start with others
                    "--hash-max-listpack-entries", "128", "--hash-max-listpack-value", "64",
                    "--set-max-intset-entries", "512", "--zset-max-listpack-entries", "128",
                    "--zset-max-listpack-value", "64", "--list-max-listpack-size", "-2").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
            while (true) {
                try (Socket probe = new Socket()) {
                    probe.connect(address, 1000);
                    break;
                } catch (IOException e) {
                    if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                        process.destroyForcibly();
                        throw new IOException("redis-server did not start: "
                                + Files.readString(dir.resolve("redis-" + port + ".log")), e);
                    }
                    Thread.sleep(20);
                }
            }
            Differential.Side side = new Differential.Side(address);
            while (text(side.call(args("PING"))).startsWith("-LOADING")) {
                Thread.sleep(20);
            }
            return new Redis(process, side);
        }

        @Override
        public void close() {
            side.close();
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A kvlab server on a data directory that saves RDB files, with one connection. */
    private static final class Kvlab implements AutoCloseable {

        final KvStore store;
        final KvServer server;
        final Differential.Side side;

        private Kvlab(KvStore store, KvServer server, Differential.Side side) {
            this.store = store;
            this.server = server;
            this.side = side;
        }

        static Kvlab start(Path dir) {
            KvStore store = KvStore.builder().dataDirectory(dir).snapshotFormat(SnapshotFormat.RDB).build();
            KvServer server = KvServer.builder().store(store).transport("nio")
                    .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
            try {
                return new Kvlab(store, server, new Differential.Side(server.start()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            side.close();
            server.close();
            store.close();
        }
    }
}
