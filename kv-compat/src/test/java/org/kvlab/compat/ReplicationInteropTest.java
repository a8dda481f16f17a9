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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.kvlab.api.HashEntry;
import org.kvlab.api.ListEnd;
import org.kvlab.server.KvServer;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;
import org.kvlab.testsuite.client.RedisServerProcess;

/**
 * Replication between kvlab and redis-server 7.0, both ways round, as real processes on free loopback ports: a Redis
 * replica of a kvlab primary, and a kvlab replica of a Redis primary, each under a write load of every type (strings,
 * hashes, lists, sets, sorted sets, expiries, transactions, several databases, embedded writes), with the link cut
 * mid-load so that the replica resumes by a partial resynchronization ({@code sync_partial_ok}); once the load stops
 * and {@code WAIT} says the replica has it all, the two hold the same data, compared key by key with type-appropriate
 * reads and absolute expiries.
 */
@RequiresRedis
final class ReplicationInteropTest {

    private static final long START_TIMEOUT_MILLIS = 20_000;
    private static final long CONVERGE_TIMEOUT_MILLIS = 20_000;
    private static Path root;

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("kvlab-repl-");
    }

    @AfterContainer
    static void deleteRoot() throws IOException {
        TempDirs.delete(root);
    }

    @Example
    void redisReplicaOfKvlab_endsWithTheSameData_acrossALinkCut() throws Exception {
        KvStore store = KvStore.inMemory();
        KvServer server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        InetSocketAddress primaryAddress = server.start();
        try (Differential.Side primary = new Differential.Side(primaryAddress)) {
            for (byte[][] command : RdbInteropTest.everyEncoding()) {
                primary.call(command);
            }
            try (RedisProcess replica = RedisProcess.start(Files.createTempDirectory(root, "replica-"),
                    "--replicaof", "127.0.0.1", Integer.toString(primaryAddress.getPort()))) {
                await(() -> info(replica.side, "master_link_status").equals("up"), "the replica's link is up");
                WriteLoad load = new WriteLoad(primaryAddress, 1);
                load.run(400);
                store.database(3).lists().push(b("embedded-list"), ListEnd.RIGHT, b("a"), b("b"));
                store.hashes().set(b("embedded-hash"), List.of(new HashEntry(b("f"), b("v"))));
                assertEquals(":1\r\n", text(primary.call(Differential.args("CLIENT", "KILL", "TYPE", "replica"))));
                load.run(400);
                await(() -> info(replica.side, "master_link_status").equals("up"), "the replica's link is up again");
                load.run(200);
                load.close();
                Thread.sleep(WriteLoad.LONGEST_SHORT_TTL_MILLIS); // let the short expiries pass on both sides
                assertEquals(":1\r\n", text(primary.call(Differential.args("WAIT", "1", "10000"))));
                // the replica holds no expired key the primary dropped: the primary sent their DELs
                await(() -> keyCounts(primary).equals(keyCounts(replica.side)), "both hold as many keys");
                assertEquals("1", info(primary, "sync_full"));
                assertEquals("1", info(primary, "sync_partial_ok"));
                Map<String, String> expected = assertSameContents(primary, replica.side);
                assertTrue(expected.size() > 30, expected.keySet().toString());
                assertEquals("$5\r\nslave\r\n", text(replica.side.call(Differential.args("ROLE")).elements.get(0)));
            }
        } finally {
            server.close();
            store.close();
        }
    }

    @Example
    void kvlabReplicaOfRedis_endsWithTheSameData_acrossALinkCut_andRefusesWrites() throws Exception {
        KvStore store = KvStore.inMemory();
        KvServer server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        InetSocketAddress replicaAddress = server.start();
        try (RedisProcess primary = RedisProcess.start(Files.createTempDirectory(root, "primary-"),
                "--repl-diskless-sync-delay", "0");
                Differential.Side replica = new Differential.Side(replicaAddress)) {
            for (byte[][] command : RdbInteropTest.everyEncoding()) {
                primary.side.call(command);
            }
            InetSocketAddress primaryAddress = new InetSocketAddress("127.0.0.1", primary.port);
            assertEquals("+OK\r\n", text(replica.call(Differential.args("REPLICAOF", "127.0.0.1",
                    Integer.toString(primary.port)))));
            await(() -> info(replica, "master_link_status").equals("up"), "the replica's link is up");
            WriteLoad load = new WriteLoad(primaryAddress, 2);
            load.run(400);
            assertEquals(":1\r\n", text(replica.call(Differential.args("CLIENT", "KILL", "TYPE", "master"))));
            load.run(400);
            await(() -> info(replica, "master_link_status").equals("up"), "the replica's link is up again");
            load.run(200);
            load.close();
            Thread.sleep(WriteLoad.LONGEST_SHORT_TTL_MILLIS); // let the short expiries pass on both sides
            assertEquals(":1\r\n", text(primary.side.call(Differential.args("WAIT", "1", "10000"))));
            assertEquals("1", info(primary.side, "sync_full"));
            assertEquals("1", info(primary.side, "sync_partial_ok"));
            await(() -> keyCounts(primary.side).equals(keyCounts(replica)), "both hold as many keys");
            Map<String, String> expected = assertSameContents(primary.side, replica);
            assertTrue(expected.size() > 30, expected.keySet().toString());
            await(() -> info(primary.side, "master_repl_offset").equals(info(replica, "slave_repl_offset")),
                    "the replica has processed the whole stream (a PING or an expiry's DEL may be on its way)");
            assertEquals("-READONLY You can't write against a read only replica.\r\n",
                    text(replica.call(Differential.args("SET", "k", "v"))));
            assertEquals("$5\r\nslave\r\n", text(replica.call(Differential.args("ROLE")).elements.get(0)));
            assertEquals("+OK\r\n", text(replica.call(Differential.args("REPLICAOF", "NO", "ONE"))));
            assertEquals("+OK\r\n", text(replica.call(Differential.args("SET", "k", "v"))));
            assertEquals("master", info(replica, "role"));
        } finally {
            server.close();
            store.close();
        }
    }

    @Example
    void kvlabReplica_authenticatesWithMasterauth() throws Exception {
        KvStore store = KvStore.inMemory();
        KvServer server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        InetSocketAddress replicaAddress = server.start();
        try (RedisProcess primary = RedisProcess.start(Files.createTempDirectory(root, "primary-"),
                "--requirepass", "s3cret");
                Differential.Side replica = new Differential.Side(replicaAddress)) {
            assertEquals("+OK\r\n", text(primary.side.call(Differential.args("AUTH", "s3cret"))));
            primary.side.call(Differential.args("SET", "k", "v"));
            assertEquals("+OK\r\n", text(replica.call(Differential.args("CONFIG", "SET", "masterauth", "s3cret"))));
            assertEquals("+OK\r\n", text(replica.call(Differential.args("SLAVEOF", "127.0.0.1",
                    Integer.toString(primary.port)))));
            await(() -> info(replica, "master_link_status").equals("up"), "the replica's link is up");
            assertEquals(":1\r\n", text(primary.side.call(Differential.args("WAIT", "1", "10000"))));
            assertEquals("$1\r\nv\r\n", text(replica.call(Differential.args("GET", "k"))));
        } finally {
            server.close();
            store.close();
        }
    }

    /**
     * Asserts that {@code replica} holds what {@code primary} holds ({@link RdbInteropTest#contents}), leaving out
     * the keys whose expiry passes while the two are read, which either may or may not show; returns what the
     * primary holds.
     */
    static Map<String, String> assertSameContents(Differential.Side primary, Differential.Side replica) {
        Map<String, String> expected = RdbInteropTest.contents(primary, false);
        Map<String, String> actual = RdbInteropTest.contents(replica, false);
        long readUntil = System.currentTimeMillis() + 1;
        java.util.Set<String> passing = new java.util.HashSet<>();
        for (Map<String, String> side : List.of(expected, actual)) {
            side.forEach((key, description) -> {
                if (expiresBy(description, readUntil)) {
                    passing.add(key);
                }
            });
        }
        expected.keySet().removeAll(passing);
        actual.keySet().removeAll(passing);
        assertEquals(expected, actual);
        return expected;
    }

    /** Returns whether the key {@link RdbInteropTest#contents} describes so has an expiry at or before {@code millis}. */
    private static boolean expiresBy(String description, long millis) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" @:(\\d+) ").matcher(description);
        return m.find() && Long.parseLong(m.group(1)) <= millis;
    }

    /** Returns {@code DBSIZE} of databases 0-2, which the load writes. */
    static List<String> keyCounts(Differential.Side side) {
        List<String> counts = new ArrayList<>();
        for (int db = 0; db < 3; db++) {
            side.call(Differential.args("SELECT", Integer.toString(db)));
            counts.add(text(side.call(Differential.args("DBSIZE"))));
        }
        side.call(Differential.args("SELECT", "0"));
        return counts;
    }

    /** Waits until {@code condition} holds, polling, or fails naming {@code what}. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONVERGE_TIMEOUT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Returns field {@code name} of {@code INFO}, or "" if absent. */
    static String info(Differential.Side side, String name) {
        for (String line : text(side.call(Differential.args("INFO", "everything"))).split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return "";
    }

    static String text(Reply reply) {
        return new String(reply.raw, StandardCharsets.ISO_8859_1);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A seeded write load of every type over databases 0-2, on its own connection: strings with relative expiries
     * (some short enough to expire during the test), counters, hashes, lists (pushes, pops, inserts, removals,
     * trims, moves), sets (including SPOP), sorted sets (increments, pops, range removals, stores), keys (renames,
     * copies, deletes, expiries), MULTI/EXEC and SWAPDB.
     */
    static final class WriteLoad implements AutoCloseable {
        /** The longest relative expiry under a second the load sets: past it, no key it wrote expires soon. */
        static final long LONGEST_SHORT_TTL_MILLIS = 700;
        private final Differential.Side side;
        private final Random random;

        WriteLoad(InetSocketAddress address, long seed) throws IOException {
            this.side = new Differential.Side(address);
            this.random = new Random(seed);
        }

        /** Sends {@code commands} random writes, pipelined in batches, and reads every reply. */
        void run(int commands) {
            int sent = 0;
            while (sent < commands) {
                List<byte[][]> batch = new ArrayList<>();
                for (int i = Math.min(commands - sent, 1 + random.nextInt(20)); i > 0; i--) {
                    if (random.nextInt(15) == 0) {
                        batch.add(Differential.args("MULTI"));
                        batch.add(next());
                        batch.add(next());
                        batch.add(Differential.args("EXEC"));
                    } else {
                        batch.add(next());
                    }
                }
                batch.forEach(side::write);
                batch.forEach(command -> side.read());
                sent += batch.size();
            }
        }

        private String key(String type) {
            return type + ":" + random.nextInt(12);
        }

        private String value() {
            switch (random.nextInt(4)) {
                case 0:
                    return Integer.toString(random.nextInt(1000) - 500);
                case 1:
                    return "v" + random.nextInt(100);
                case 2:
                    return "x".repeat(random.nextInt(90));
                default:
                    return Long.toString(random.nextLong());
            }
        }

        private byte[][] next() {
            String s = key("s");
            String h = key("h");
            String l = key("l");
            String t = key("t");
            String z = key("z");
            switch (random.nextInt(40)) {
                case 0: return args("SELECT", Integer.toString(random.nextInt(3)));
                case 1: return args("SET", s, value());
                case 2: return args("SET", s, value(), "PX", Integer.toString(50 + random.nextInt(400)));
                case 3: return args("SET", s, value(), "EX", Integer.toString(100 + random.nextInt(1000)));
                case 4: return args("INCRBY", "n:" + random.nextInt(4), Integer.toString(random.nextInt(100)));
                case 5: return args("INCRBYFLOAT", "f:" + random.nextInt(4), "1.5");
                case 6: return args("APPEND", s, value());
                case 7: return args("SETRANGE", s, Integer.toString(random.nextInt(10)), value());
                case 8: return args("GETEX", s, "PX", Integer.toString(100 + random.nextInt(500)));
                case 9: return args("MSET", s, value(), key("s"), value());
                case 10: return args("HSET", h, "f" + random.nextInt(5), value(), "g" + random.nextInt(200), value());
                case 11: return args("HDEL", h, "f" + random.nextInt(5));
                case 12: return args("HINCRBY", h, "n", Integer.toString(random.nextInt(10)));
                case 13: return args("RPUSH", l, value(), value());
                case 14: return args("LPUSH", l, value());
                case 15: return args("LPOP", l);
                case 16: return args("RPOP", l, "2");
                case 17: return args("LINSERT", l, random.nextBoolean() ? "BEFORE" : "AFTER", "v1", value());
                case 18: return args("LREM", l, Integer.toString(random.nextInt(3) - 1), "v1");
                case 19: return args("LTRIM", l, "1", "-2");
                case 20: return args("LSET", l, "0", value());
                case 21: return args("LMOVE", l, key("l"), "LEFT", "RIGHT");
                case 22: return args("SADD", t, value(), value(), Integer.toString(random.nextInt(50)));
                case 23: return args("SREM", t, Integer.toString(random.nextInt(50)));
                case 24: return args("SPOP", t);
                case 25: return args("SMOVE", t, key("t"), Integer.toString(random.nextInt(50)));
                case 26: return args("SINTERSTORE", key("t"), t, key("t"));
                case 27: return args("ZADD", z, Integer.toString(random.nextInt(100)), value(), "1.25", "m");
                case 28: return args("ZINCRBY", z, "0.5", "m");
                case 29: return args("ZPOPMIN", z);
                case 30: return args("ZREMRANGEBYSCORE", z, "0", Integer.toString(random.nextInt(30)));
                case 31: return args("ZUNIONSTORE", key("z"), "2", z, key("z"));
                case 32: return args("EXPIRE", key(random.nextBoolean() ? "h" : "z"),
                        Integer.toString(1 + random.nextInt(1000)));
                case 33: return args("PEXPIRE", key(random.nextBoolean() ? "l" : "t"),
                        Integer.toString(50 + random.nextInt(300)));
                case 34: return args("PERSIST", key("h"));
                case 35: return args("RENAME", s, key("s"));
                case 36: return args("COPY", h, key("h"), "REPLACE");
                case 37: return args("DEL", key(random.nextBoolean() ? "s" : "l"));
                case 38: return args("GETDEL", s);
                default: return args("SWAPDB", Integer.toString(random.nextInt(3)), Integer.toString(random.nextInt(3)));
            }
        }

        private static byte[][] args(String... words) {
            return Differential.args(words);
        }

        @Override
        public void close() {
            side.close();
        }
    }

    /** A redis-server started with the given arguments on a free port and a data directory, with one connection. */
    static final class RedisProcess implements AutoCloseable {
        final Process process;
        final Differential.Side side;
        final int port;

        private RedisProcess(Process process, Differential.Side side, int port) {
            this.process = process;
            this.side = side;
            this.port = port;
        }

        static RedisProcess start(Path dir, String... extra) throws IOException, InterruptedException {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(RedisServerProcess.executable().toString(), "--port",
                    Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                    dir.toString(),
                    // kvlab's defaults, which are Redis 7.0's; a packaged redis-server may start with others
                    "--hash-max-listpack-entries", "128", "--hash-max-listpack-value", "64",
                    "--set-max-intset-entries", "512", "--zset-max-listpack-entries", "128",
                    "--zset-max-listpack-value", "64", "--list-max-listpack-size", "-2"));
            command.addAll(List.of(extra));
            Path log = dir.resolve("redis-" + port + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
            while (true) {
                try (Socket probe = new Socket()) {
                    probe.connect(address, 1000);
                    break;
                } catch (IOException e) {
                    if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                        process.destroyForcibly();
                        throw new IOException("redis-server did not start: " + Files.readString(log), e);
                    }
                    Thread.sleep(20);
                }
            }
            try {
                return new RedisProcess(process, new Differential.Side(address), port);
            } catch (UncheckedIOException | IOException e) {
                process.destroyForcibly();
                throw e;
            }
        }

        @Override
        public void close() {
            side.close();
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
