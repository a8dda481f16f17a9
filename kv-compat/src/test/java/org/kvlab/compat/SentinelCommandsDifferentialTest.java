package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.compat.ReplicationInteropTest.info;
import static org.kvlab.compat.ReplicationInteropTest.text;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.kvlab.server.KvServer;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;

/**
 * What Redis Sentinel sends an instance, replied as redis-server 7.0 replies, byte for byte, each side a server of
 * its own (the transactions kill every other normal client): the transaction that promotes a replica or points an
 * instance at a new primary ({@code MULTI}, {@code SLAVEOF}, {@code CONFIG REWRITE}, {@code CLIENT KILL TYPE normal}
 * and {@code pubsub}, {@code EXEC}), {@code replica-priority}, and the INFO fields Sentinel reads from a replica
 * whose primary never answered; and INFO's {@code run_id}, by which Sentinel tells a restart.
 */
@RequiresRedis
final class SentinelCommandsDifferentialTest {

    private static Path root;

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("kvlab-sentinel-commands-");
    }

    @AfterContainer
    static void deleteRoot() throws IOException {
        TempDirs.delete(root);
    }

    @Example
    void sentinelsTransactions_replicaPriority_andAReplicasInfo_asRedis() throws Exception {
        int nobody;
        try (ServerSocket probe = new ServerSocket(0)) {
            nobody = probe.getLocalPort(); // closed below: a primary that never answers
        }
        String port = Integer.toString(nobody);
        List<String[]> commands = List.of(
                new String[] {"CLIENT", "SETNAME", "sentinel-0123abcd-cmd"},
                new String[] {"PING"},
                new String[] {"MULTI"}, new String[] {"SLAVEOF", "127.0.0.1", port}, new String[] {"CONFIG", "REWRITE"},
                new String[] {"CLIENT", "KILL", "TYPE", "normal"}, new String[] {"CLIENT", "KILL", "TYPE", "pubsub"},
                new String[] {"EXEC"},
                new String[] {"REPLICAOF", "127.0.0.1", port},
                new String[] {"CONFIG", "SET", "replica-priority", "7"},
                new String[] {"CONFIG", "GET", "replica-priority"},
                new String[] {"CONFIG", "SET", "replica-priority", "0"},
                new String[] {"CONFIG", "GET", "replica-priority"},
                new String[] {"CONFIG", "SET", "replica-priority", "-1"},
                new String[] {"CONFIG", "SET", "replica-priority", "2147483648"},
                new String[] {"CONFIG", "SET", "replica-priority", "high"},
                new String[] {"CONFIG", "SET", "replica-priority", "100"},
                new String[] {"SET", "k", "v"},
                new String[] {"MULTI"}, new String[] {"SLAVEOF", "NO", "ONE"}, new String[] {"CONFIG", "REWRITE"},
                new String[] {"CLIENT", "KILL", "TYPE", "normal"}, new String[] {"CLIENT", "KILL", "TYPE", "pubsub"},
                new String[] {"EXEC"},
                new String[] {"SET", "k", "v"});
        KvStore store = KvStore.inMemory();
        KvServer server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        InetSocketAddress address = server.start();
        try (ReplicationInteropTest.RedisProcess redis = ReplicationInteropTest.RedisProcess.start(
                Files.createTempDirectory(root, "redis-"));
                Differential.Side kvlab = new Differential.Side(address)) {
            for (String[] command : commands) {
                if (command[0].equals("SET")) { // a replica's INFO, then a primary's again
                    for (String field : List.of("role", "master_host", "master_port", "master_link_status",
                            "master_link_down_since_seconds", "slave_priority", "slave_read_only",
                            "replica_announced")) {
                        assertEquals(info(redis.side, field), info(kvlab, field), field);
                    }
                }
                assertEquals(text(redis.side.call(Differential.args(command))),
                        text(kvlab.call(Differential.args(command))), String.join(" ", command));
            }
        } finally {
            server.close();
            store.close();
        }
    }

    @Example
    void info_namesARunIdOfFortyHexDigits_theSameForTheServersLife() throws Exception {
        KvStore store = KvStore.inMemory();
        KvServer server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        InetSocketAddress address = server.start();
        try (ReplicationInteropTest.RedisProcess redis = ReplicationInteropTest.RedisProcess.start(
                Files.createTempDirectory(root, "redis-"));
                Differential.Side kvlab = new Differential.Side(address)) {
            for (Differential.Side side : List.of(redis.side, kvlab)) {
                String runId = info(side, "run_id");
                assertTrue(runId.matches("[0-9a-f]{40}"), runId);
                side.call(Differential.args("SLAVEOF", "NO", "ONE"));
                assertEquals(runId, info(side, "run_id"));
            }
        } finally {
            server.close();
            store.close();
        }
    }
}
