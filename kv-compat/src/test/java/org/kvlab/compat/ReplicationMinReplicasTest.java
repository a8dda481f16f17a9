package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.compat.ReplicationInteropTest.await;
import static org.kvlab.compat.ReplicationInteropTest.info;
import static org.kvlab.compat.ReplicationInteropTest.text;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.kvlab.server.KvServer;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;

/**
 * {@code min-replicas-to-write} and {@code min-replicas-max-lag} (and their {@code min-slaves-*} names) as Redis 7.0
 * has them: without a replica, a primary with {@code min-replicas-to-write 1} refuses writes, alone, queued in a
 * transaction or at {@code EXEC}, with the same errors byte for byte as redis-server, and shows
 * {@code min_slaves_good_slaves} when Redis does; with a real replica attached (a redis-server replica of a kvlab
 * primary, a kvlab replica of a redis-server primary) writes are accepted, and refused again once it is gone.
 */
@RequiresRedis
final class ReplicationMinReplicasTest {

    private static final String NOREPLICAS = "-NOREPLICAS Not enough good replicas to write.\r\n";
    private static Path root;

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("kvlab-min-replicas-");
    }

    @AfterContainer
    static void deleteRoot() throws IOException {
        TempDirs.delete(root);
    }

    @Example
    void withoutReplicas_writesAreRefused_asRedisRefusesThem() {
        Differential d = Differential.shared();
        d.reset();
        try {
            d.check("CONFIG", "GET", "min-replicas-to-write");
            d.check("CONFIG", "GET", "min-slaves-max-lag");
            d.check("SET", "k", "v");
            assertEquals(goodReplicasLine(d, 0), goodReplicasLine(d, 1));
            d.check("CONFIG", "SET", "min-slaves-to-write", "1");
            d.check("CONFIG", "GET", "min-replicas-to-write");
            assertEquals(goodReplicasLine(d, 0), goodReplicasLine(d, 1));
            d.check("SET", "k", "w");
            d.check("INCR", "n");
            d.check("GET", "k");
            d.check("DEL", "k");
            d.check("MULTI");
            d.check("SET", "k", "w");
            d.check("GET", "k");
            d.check("EXEC");
            d.check("CONFIG", "SET", "min-replicas-to-write", "0");
            d.check("MULTI");
            d.check("SET", "k", "w");
            d.checkOther(new Cmd(Differential.args("CONFIG", "SET", "min-replicas-to-write", "2")));
            d.check("EXEC");
            d.check("MULTI");
            d.check("GET", "k");
            d.check("EXEC");
            d.check("CONFIG", "SET", "min-replicas-max-lag", "0");
            assertEquals(goodReplicasLine(d, 0), goodReplicasLine(d, 1));
            d.check("SET", "k", "w");
            d.check("CONFIG", "SET", "min-replicas-to-write", "-1");
            d.check("CONFIG", "SET", "min-replicas-max-lag", "x");
        } finally {
            d.call(Differential.args("CONFIG", "SET", "min-replicas-to-write", "0", "min-replicas-max-lag", "10"));
        }
    }

    /** Returns the {@code min_slaves_good_slaves} line of server {@code side} (0 Redis, 1 kvlab), or "". */
    private static String goodReplicasLine(Differential d, int side) {
        String info = text(d.call(Differential.args("INFO", "replication"))[side]);
        for (String line : info.split("\r\n")) {
            if (line.startsWith("min_slaves_good_slaves:")) {
                return line;
            }
        }
        return "";
    }

    @Example
    void kvlabPrimary_withARedisReplica_acceptsWrites_untilTheReplicaIsGone() throws Exception {
        KvStore store = KvStore.inMemory();
        KvServer server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        InetSocketAddress address = server.start();
        try (Differential.Side primary = new Differential.Side(address)) {
            assertEquals("+OK\r\n", call(primary, "CONFIG", "SET", "min-replicas-to-write", "1"));
            assertEquals(NOREPLICAS, call(primary, "SET", "k", "v"));
            try (ReplicationInteropTest.RedisProcess replica = ReplicationInteropTest.RedisProcess.start(
                    Files.createTempDirectory(root, "replica-"), "--replicaof", "127.0.0.1",
                    Integer.toString(address.getPort()))) {
                await(() -> info(primary, "min_slaves_good_slaves").equals("1"), "the replica counts as good");
                assertEquals("+OK\r\n", call(primary, "SET", "k", "v"));
                assertEquals(":1\r\n", call(primary, "WAIT", "1", "10000"));
                assertEquals("$1\r\nv\r\n", call(replica.side, "GET", "k"));
            }
            await(() -> call(primary, "SET", "k", "w").equals(NOREPLICAS), "writes are refused once it is gone");
            assertEquals("0", info(primary, "min_slaves_good_slaves"));
        } finally {
            server.close();
            store.close();
        }
    }

    @Example
    void redisPrimary_withAKvlabReplica_acceptsWrites() throws Exception {
        KvStore store = KvStore.inMemory();
        KvServer server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        InetSocketAddress address = server.start();
        try (ReplicationInteropTest.RedisProcess primary = ReplicationInteropTest.RedisProcess.start(
                Files.createTempDirectory(root, "primary-"), "--min-replicas-to-write", "1",
                "--repl-diskless-sync-delay", "0");
                Differential.Side replica = new Differential.Side(address)) {
            assertEquals(NOREPLICAS, call(primary.side, "SET", "k", "v"));
            assertEquals("+OK\r\n", call(replica, "REPLICAOF", "127.0.0.1", Integer.toString(primary.port)));
            await(() -> info(primary.side, "min_slaves_good_slaves").equals("1"), "the kvlab replica counts as good");
            assertEquals("+OK\r\n", call(primary.side, "SET", "k", "v"));
            assertEquals(":1\r\n", call(primary.side, "WAIT", "1", "10000"));
            assertEquals("$1\r\nv\r\n", call(replica, "GET", "k"));
            assertEquals("+OK\r\n", call(replica, "CONFIG", "SET", "min-replicas-to-write", "1"));
            assertEquals("-READONLY You can't write against a read only replica.\r\n", call(replica, "SET", "k", "w"),
                    "a replica never refuses for want of replicas of its own");
        } finally {
            server.close();
            store.close();
        }
    }

    private static String call(Differential.Side side, String... words) {
        return text(side.call(Differential.args(words)));
    }
}
