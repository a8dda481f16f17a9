package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import net.jqwik.api.Example;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

/**
 * Failover of kvlab by Redis Sentinel, as real processes on loopback ports: a kvlab primary and two kvlab replicas
 * (kv-server processes), three sentinels monitoring them with quorum 2, and a Jedis ({@link JedisSentinelPool}) and
 * a Lettuce (master/replica over Sentinel) client. A writer sets keys on the primary, each followed by
 * {@code WAIT 1}; mid-load the primary is killed as {@code kill -9} kills. The sentinels agree that it is down, elect
 * a leader, which promotes a replica ({@code MULTI}, {@code SLAVEOF NO ONE}, {@code CONFIG REWRITE},
 * {@code CLIENT KILL TYPE normal} and {@code pubsub}, {@code EXEC}) and points the other replica at it; both clients
 * then write to the new primary, which holds every write a {@code WAIT 1} acknowledged, and its replica follows it.
 */
@RequiresSentinel
final class SentinelFailoverTest {

    private static final String NAME = "kvlab";
    private static final int QUORUM = 2;
    /** How many writes {@code WAIT 1} acknowledges before the primary is killed. */
    private static final int WRITES_BEFORE_KILL = 300;
    private static final long TIMEOUT_MILLIS = 60_000;

    @Example
    void sentinelsPromoteAReplica_whenThePrimaryIsKilled_clientsFollow_andNoAcknowledgedWriteIsLost()
            throws Exception {
        Path root = Files.createTempDirectory("kvlab-sentinel-");
        List<KvServerProcess> servers = new ArrayList<>();
        List<SentinelProcess> sentinels = new ArrayList<>();
        JedisSentinelPool jedis = null;
        RedisClient lettuceClient = null;
        try {
            startAll(root, List.of("primary", "replica-a", "replica-b"), servers);
            KvServerProcess primary = servers.get(0);
            List<KvServerProcess> replicas = servers.subList(1, 3);
            for (KvServerProcess replica : replicas) {
                try (Differential.Side side = new Differential.Side(replica.address())) {
                    assertEquals("+OK\r\n", ReplicationInteropTest.text(side.call(Differential.args("REPLICAOF",
                            primary.address().getHostString(), Integer.toString(primary.port())))));
                    await(() -> ReplicationInteropTest.info(side, "master_link_status").equals("up"),
                            "the link of replica " + replica.port() + " is up");
                }
            }
            for (int i = 0; i < 3; i++) {
                sentinels.add(SentinelProcess.start(root.resolve("sentinel-" + i), NAME, primary.address(), QUORUM));
            }
            for (SentinelProcess sentinel : sentinels) {
                await(() -> {
                    Map<String, String> seen = sentinel.primary(NAME);
                    return "2".equals(seen.get("num-slaves")) && "2".equals(seen.get("num-other-sentinels"));
                }, "sentinel " + sentinel.address().getPort() + " sees both replicas and both other sentinels");
            }

            Set<String> sentinelAddresses = new LinkedHashSet<>();
            for (SentinelProcess sentinel : sentinels) {
                sentinelAddresses.add("127.0.0.1:" + sentinel.address().getPort());
            }
            jedis = new JedisSentinelPool(NAME, sentinelAddresses);
            assertEquals(primary.port(), jedis.getCurrentHostMaster().getPort());
            try (Jedis connection = jedis.getResource()) {
                assertEquals("OK", connection.set("jedis:before", "1"));
            }
            RedisURI.Builder uri = RedisURI.Builder.sentinel("127.0.0.1", sentinels.get(0).address().getPort(), NAME);
            for (SentinelProcess sentinel : sentinels.subList(1, 3)) {
                uri.withSentinel("127.0.0.1", sentinel.address().getPort());
            }
            lettuceClient = RedisClient.create();
            StatefulRedisMasterReplicaConnection<String, String> lettuce =
                    MasterReplica.connect(lettuceClient, StringCodec.UTF8, uri.withTimeout(Duration.ofSeconds(5))
                            .build());
            lettuce.setReadFrom(ReadFrom.UPSTREAM);
            assertEquals("OK", lettuce.sync().set("lettuce:before", "1"));

            List<Integer> acknowledged = new CopyOnWriteArrayList<>();
            Thread writer = new Thread(() -> write(primary.address(), acknowledged), "sentinel-test-writer");
            writer.start();
            await(() -> acknowledged.size() >= WRITES_BEFORE_KILL, WRITES_BEFORE_KILL + " writes are acknowledged");
            primary.kill();
            writer.join(TIMEOUT_MILLIS);

            KvServerProcess promoted = awaitPrimary(sentinels, replicas);
            JedisSentinelPool pool = jedis;
            await(() -> {
                try (Jedis connection = pool.getResource()) {
                    return "OK".equals(connection.set("jedis:after", "1")) && "1".equals(connection.get("jedis:after"));
                } catch (RuntimeException e) {
                    return false; // a connection made before the switch
                }
            }, "Jedis writes to the new primary");
            await(() -> {
                try {
                    return "OK".equals(lettuce.sync().set("lettuce:after", "1"))
                            && "1".equals(lettuce.sync().get("lettuce:after"));
                } catch (RuntimeException e) {
                    return false; // the topology is not refreshed yet
                }
            }, "Lettuce writes to the new primary");

            // on a loaded machine a new primary can miss down-after-milliseconds too, and be failed over in turn:
            // what must hold is checked on the one the sentinels name once the clients have written
            promoted = awaitPrimary(sentinels, replicas);
            int promotedPort = promoted.port();
            KvServerProcess other = replicas.get(replicas.get(0) == promoted ? 1 : 0);
            assertEquals(promotedPort, jedis.getCurrentHostMaster().getPort());
            // Sentinel's CLIENT KILL TYPE normal may close any connection made before it: one per check
            try (Differential.Side side = new Differential.Side(promoted.address())) {
                for (String key : List.of("jedis:before", "lettuce:before")) {
                    assertEquals("$1\r\n1\r\n", ReplicationInteropTest.text(side.call(Differential.args("GET", key))),
                            key);
                }
                for (int i : acknowledged) {
                    assertEquals("$" + Integer.toString(i).length() + "\r\n" + i + "\r\n",
                            ReplicationInteropTest.text(side.call(Differential.args("GET", "w:" + i))),
                            "write " + i + " of " + acknowledged.size() + " acknowledged");
                }
            }
            await(() -> info(other, "master_port").equals(Integer.toString(promotedPort))
                    && info(other, "master_link_status").equals("up"), "the other replica follows the new primary");
            try (Differential.Side side = new Differential.Side(promoted.address())) {
                assertEquals("+OK\r\n", ReplicationInteropTest.text(side.call(Differential.args("SET", "last", "1"))));
                assertEquals(":1\r\n", ReplicationInteropTest.text(side.call(Differential.args("WAIT", "1",
                        "10000"))));
            }
            try (Differential.Side replica = new Differential.Side(other.address())) {
                assertEquals("$1\r\n1\r\n", ReplicationInteropTest.text(replica.call(Differential.args("GET",
                        "last"))));
            }
        } catch (AssertionError | RuntimeException e) {
            StringBuilder logs = new StringBuilder();
            for (SentinelProcess sentinel : sentinels) {
                logs.append("--- sentinel ").append(sentinel.address().getPort()).append('\n').append(sentinel.log());
            }
            for (KvServerProcess server : servers) {
                logs.append("--- kv-server ").append(server.port()).append('\n').append(server.log());
            }
            e.addSuppressed(new AssertionError("logs:\n" + logs));
            throw e;
        } finally {
            if (lettuceClient != null) {
                lettuceClient.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            }
            if (jedis != null) {
                jedis.close();
            }
            for (SentinelProcess sentinel : sentinels) {
                sentinel.close();
            }
            for (KvServerProcess server : servers) {
                server.close();
            }
            TempDirs.delete(root);
        }
    }

    /**
     * Sets {@code w:0}, {@code w:1}, … on the primary, each followed by {@code WAIT 1}, adding to
     * {@code acknowledged} each write a replica acknowledged, until the connection breaks.
     */
    private static void write(InetSocketAddress primary, List<Integer> acknowledged) {
        try (Differential.Side side = new Differential.Side(primary)) {
            for (int i = 0; ; i++) {
                String n = Integer.toString(i);
                String set = ReplicationInteropTest.text(side.call(Differential.args("SET", "w:" + n, n)));
                String replicas = ReplicationInteropTest.text(side.call(Differential.args("WAIT", "1", "1000")));
                if (set.equals("+OK\r\n") && replicas.matches(":[1-9][0-9]*\r\n")) {
                    acknowledged.add(i);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the primary was killed
        }
    }

    /**
     * Starts a kv-server in each of {@code dirs} under {@code root}, at once (each JVM takes seconds to start on a
     * loaded machine), adding each that started to {@code started} in order, so that the caller stops them whatever
     * happens.
     */
    private static void startAll(Path root, List<String> dirs, List<KvServerProcess> started) throws Exception {
        List<CompletableFuture<KvServerProcess>> starting = new ArrayList<>();
        for (String dir : dirs) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return KvServerProcess.start(root.resolve(dir));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        Exception failure = null;
        for (CompletableFuture<KvServerProcess> f : starting) {
            try {
                started.add(f.get());
            } catch (ExecutionException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Waits until every sentinel names the same one of {@code replicas} as the primary and it says it is one; returns
     * it.
     */
    private static KvServerProcess awaitPrimary(List<SentinelProcess> sentinels, List<KvServerProcess> replicas)
            throws InterruptedException {
        KvServerProcess[] found = new KvServerProcess[1];
        await(() -> {
            int port = sentinels.get(0).primaryAddress(NAME).getPort();
            if (!sentinels.stream().allMatch(s -> s.primaryAddress(NAME).getPort() == port)) {
                return false;
            }
            found[0] = replicas.stream().filter(r -> r.port() == port).findFirst().orElse(null);
            if (found[0] == null) {
                return false;
            }
            return info(found[0], "role").equals("master");
        }, "every sentinel names the same replica as the new primary, which says it is one");
        return found[0];
    }

    /** Returns field {@code name} of {@code server}'s INFO, over a connection of its own; "" if it cannot be read. */
    private static String info(KvServerProcess server, String name) {
        try (Differential.Side side = new Differential.Side(server.address())) {
            return ReplicationInteropTest.info(side, name);
        } catch (IOException | RuntimeException e) {
            return ""; // closed by Sentinel's CLIENT KILL: asked again
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
