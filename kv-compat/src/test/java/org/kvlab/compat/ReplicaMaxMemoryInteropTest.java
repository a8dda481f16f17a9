package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.compat.ReplicationInteropTest.await;
import static org.kvlab.compat.ReplicationInteropTest.info;
import static org.kvlab.compat.ReplicationInteropTest.text;

import java.io.IOException;
import java.net.InetSocketAddress;
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
 * {@code replica-ignore-maxmemory} as Redis 7.0 has it. Its {@code CONFIG GET} and {@code CONFIG SET}, under both
 * names, byte for byte as redis-server. And side by side, a kvlab replica and a redis-server replica of one
 * redis-server primary, each with a {@code maxmemory} far below what the primary writes and {@code allkeys-lru}: by
 * default both keep every key, the kvlab one compared key by key with the primary, and both accept their own
 * clients' writes past the limit when writable, even under {@code noeviction}; with {@code replica-ignore-maxmemory
 * no} both evict, keeping fewer keys than their primary.
 */
@RequiresRedis
final class ReplicaMaxMemoryInteropTest {

    private static final int VALUE_BYTES = 1000;
    /** What the primary writes, each key a {@link #VALUE_BYTES}-byte value: many times either replica's limit. */
    private static final int KEYS = 600;
    /** How far above what it holds after the initial synchronization each replica's {@code maxmemory} is set. */
    private static final long HEADROOM = 100 * 1000;
    private static Path root;

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("kvlab-replica-maxmemory-");
    }

    @AfterContainer
    static void deleteRoot() throws IOException {
        TempDirs.delete(root);
    }

    @Example
    void configGetAndSet_underBothNames_asRedis() {
        Differential d = Differential.shared();
        d.reset();
        try {
            d.check("CONFIG", "GET", "replica-ignore-maxmemory");
            d.check("CONFIG", "GET", "slave-ignore-maxmemory");
            d.check("CONFIG", "SET", "replica-ignore-maxmemory", "no");
            d.check("CONFIG", "GET", "replica-ignore-maxmemory");
            d.check("CONFIG", "GET", "slave-ignore-maxmemory");
            d.check("CONFIG", "SET", "slave-ignore-maxmemory", "YES");
            d.check("CONFIG", "GET", "replica-ignore-maxmemory");
            d.check("CONFIG", "SET", "replica-ignore-maxmemory", "maybe");
            d.check("CONFIG", "SET", "slave-ignore-maxmemory", "");
            d.check("CONFIG", "SET", "replica-ignore-maxmemory", "1");
            d.check("CONFIG", "GET", "replica-ignore-maxmemory");
        } finally {
            d.call(Differential.args("CONFIG", "SET", "replica-ignore-maxmemory", "yes"));
        }
    }

    @Example
    void replicasOfARedisPrimary_kvlabAndRedis_ignoreMaxmemoryAlike_thenEvictAlikeWhenToldNotTo() throws Exception {
        KvStore store = KvStore.inMemory();
        KvServer server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        InetSocketAddress kvlabAddress = server.start();
        try (ReplicationInteropTest.RedisProcess primary = ReplicationInteropTest.RedisProcess.start(
                Files.createTempDirectory(root, "primary-"), "--repl-diskless-sync-delay", "0");
                ReplicationInteropTest.RedisProcess redisReplica = ReplicationInteropTest.RedisProcess.start(
                        Files.createTempDirectory(root, "replica-"), "--replicaof", "127.0.0.1",
                        Integer.toString(primary.port));
                Differential.Side kvlab = new Differential.Side(kvlabAddress)) {
            Differential.Side redis = redisReplica.side;
            List<Differential.Side> replicas = List.of(redis, kvlab);
            assertEquals("+OK\r\n", call(kvlab, "REPLICAOF", "127.0.0.1", Integer.toString(primary.port)));
            await(() -> info(kvlab, "master_link_status").equals("up") && info(redis, "master_link_status")
                    .equals("up"), "both replicas' links are up");
            for (Differential.Side replica : replicas) {
                long limit = Long.parseLong(info(replica, "used_memory")) + HEADROOM;
                assertEquals("+OK\r\n", call(replica, "CONFIG", "SET", "maxmemory", Long.toString(limit),
                        "maxmemory-policy", "allkeys-lru"));
            }

            writeKeys(primary.side, "a", KEYS);
            for (Differential.Side replica : replicas) {
                assertEquals(":" + KEYS + "\r\n", call(replica, "DBSIZE"));
                assertEquals("0", info(replica, "evicted_keys"));
                assertTrue(Long.parseLong(info(replica, "used_memory")) > Long.parseLong(info(replica, "maxmemory")),
                        "past its maxmemory");
            }
            String keys = call(primary.side, "KEYS", "*");
            for (int i = 0; i < KEYS; i++) {
                String key = "a:" + i;
                assertTrue(keys.contains("\r\n" + key + "\r\n"), key);
                assertEquals(call(primary.side, "GET", key), call(kvlab, "GET", key), key);
            }

            // made writable, each takes its own clients' writes past the limit, even under noeviction
            for (Differential.Side replica : replicas) {
                call(replica, "CONFIG", "SET", "replica-read-only", "no", "maxmemory-policy", "noeviction");
            }
            sameReplies(redis, kvlab, List.of(new String[] {"SET", "local", "v"}, new String[] {"DEL", "local"},
                    new String[] {"DBSIZE"}));
            for (Differential.Side replica : replicas) {
                call(replica, "CONFIG", "SET", "replica-read-only", "yes", "maxmemory-policy", "allkeys-lru");
            }

            // told not to ignore the limit, each evicts as its primary's writes go on
            sameReplies(redis, kvlab, List.of(new String[] {"CONFIG", "SET", "slave-ignore-maxmemory", "no"},
                    new String[] {"CONFIG", "GET", "replica-ignore-maxmemory"}));
            writeKeys(primary.side, "b", KEYS / 10);
            long primaryKeys = KEYS + KEYS / 10;
            assertEquals(":" + primaryKeys + "\r\n", call(primary.side, "DBSIZE"));
            for (Differential.Side replica : replicas) {
                String side = replica == kvlab ? "kvlab" : "redis";
                long held = Long.parseLong(call(replica, "DBSIZE").substring(1).trim());
                assertTrue(held < primaryKeys, side + " keeps " + held + " of " + primaryKeys);
                assertTrue(Long.parseLong(info(replica, "evicted_keys")) > 0, side + " evicted");
            }
            assertTrue(Long.parseLong(info(kvlab, "used_memory")) <= Long.parseLong(info(kvlab, "maxmemory")),
                    "kvlab is back under its maxmemory");
        } finally {
            server.close();
            store.close();
        }
    }

    /** Has {@code primary} set {@code count} keys {@code prefix:i} and waits until both replicas have them. */
    private static void writeKeys(Differential.Side primary, String prefix, int count) {
        String value = "v".repeat(VALUE_BYTES);
        for (int i = 0; i < count; i++) {
            assertEquals("+OK\r\n", call(primary, "SET", prefix + ":" + i, value));
        }
        assertEquals(":2\r\n", call(primary, "WAIT", "2", "10000"));
    }

    private static void sameReplies(Differential.Side redis, Differential.Side kvlab, List<String[]> commands) {
        for (String[] command : commands) {
            assertEquals(call(redis, command), call(kvlab, command), String.join(" ", command));
        }
    }

    private static String call(Differential.Side side, String... words) {
        return text(side.call(Differential.args(words)));
    }
}
