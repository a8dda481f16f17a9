package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * A kvlab replica expires keys as a redis-server replica of the same primary does, side by side: once a key's time
 * to live has passed, both answer reads as if it were gone (nil, {@code PTTL} -2, {@code EXISTS} 0, {@code KEYS} and
 * {@code SCAN} skip it) while both still hold it ({@code DBSIZE}, {@code expired_keys} 0), and both drop it only
 * when the primary's {@code DEL} arrives: after the primary's lazy expiry (a read of the key there) or its active
 * expiry. The primary's active expiry is off until then ({@code DEBUG SET-ACTIVE-EXPIRE 0}), so that nothing but the
 * test decides when the {@code DEL} goes. Made writable ({@code replica-read-only no}), both remove by themselves the
 * keys their own clients gave an expiry, once due. Run with a redis-server primary and with a kvlab primary.
 */
@RequiresRedis
final class ReplicaExpiryInteropTest {

    private static final long TTL_MILLIS = 200;
    private static Path root;

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("kvlab-replica-expiry-");
    }

    @AfterContainer
    static void deleteRoot() throws IOException {
        TempDirs.delete(root);
    }

    @Example
    void replicasOfARedisPrimary_kvlabAndRedis_keepExpiredKeysAlike_untilThePrimarysDel() throws Exception {
        try (ReplicationInteropTest.RedisProcess primary = ReplicationInteropTest.RedisProcess.start(
                Files.createTempDirectory(root, "primary-"), "--enable-debug-command", "yes",
                "--repl-diskless-sync-delay", "0")) {
            expireSideBySide(primary.side, primary.port);
        }
    }

    @Example
    void replicasOfAKvlabPrimary_kvlabAndRedis_keepExpiredKeysAlike_untilThePrimarysDel() throws Exception {
        KvStore store = KvStore.inMemory();
        KvServer server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        InetSocketAddress address = server.start();
        try (Differential.Side primary = new Differential.Side(address)) {
            expireSideBySide(primary, address.getPort());
        } finally {
            server.close();
            store.close();
        }
    }

    /** Runs the test against {@code primary}, listening on {@code port}, with a kvlab and a redis-server replica. */
    private static void expireSideBySide(Differential.Side primary, int port) throws Exception {
        KvStore store = KvStore.inMemory();
        KvServer server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        InetSocketAddress kvlabAddress = server.start();
        try (ReplicationInteropTest.RedisProcess redisReplica = ReplicationInteropTest.RedisProcess.start(
                Files.createTempDirectory(root, "replica-"), "--replicaof", "127.0.0.1", Integer.toString(port));
                Differential.Side kvlab = new Differential.Side(kvlabAddress)) {
            Differential.Side redis = redisReplica.side;
            assertEquals("+OK\r\n", call(kvlab, "REPLICAOF", "127.0.0.1", Integer.toString(port)));
            await(() -> info(kvlab, "master_link_status").equals("up") && info(redis, "master_link_status")
                    .equals("up"), "both replicas' links are up");
            assertEquals("+OK\r\n", call(primary, "DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            String ttl = Long.toString(TTL_MILLIS);
            call(primary, "SET", "s", "v", "PX", ttl);
            call(primary, "HSET", "h", "f", "v");
            call(primary, "PEXPIRE", "h", ttl);
            call(primary, "RPUSH", "l", "a", "b");
            call(primary, "PEXPIRE", "l", ttl);
            call(primary, "SET", "kept", "v");
            assertEquals(":2\r\n", call(primary, "WAIT", "2", "10000"));
            Thread.sleep(2 * TTL_MILLIS);

            List<String[]> reads = List.of(new String[] {"GET", "s"}, new String[] {"PTTL", "s"},
                    new String[] {"EXISTS", "s", "h", "l", "kept"}, new String[] {"TYPE", "h"},
                    new String[] {"HGETALL", "h"}, new String[] {"LRANGE", "l", "0", "-1"},
                    new String[] {"KEYS", "*"}, new String[] {"SCAN", "0"}, new String[] {"DBSIZE"},
                    new String[] {"GET", "kept"});
            sameReplies(redis, kvlab, reads);
            assertEquals(":4\r\n", call(kvlab, "DBSIZE"), "the expired keys are still held");
            assertEquals(info(redis, "expired_keys"), info(kvlab, "expired_keys"));
            assertEquals("0", info(kvlab, "expired_keys"));

            assertEquals("$-1\r\n", call(primary, "GET", "s")); // the primary's lazy expiry: DEL s
            assertEquals(":0\r\n", call(primary, "EXISTS", "h")); // and DEL h
            assertEquals(":2\r\n", call(primary, "WAIT", "2", "10000"));
            sameReplies(redis, kvlab, reads);
            assertEquals(":2\r\n", call(kvlab, "DBSIZE"), "l and kept are left");

            assertEquals("+OK\r\n", call(primary, "DEBUG", "SET-ACTIVE-EXPIRE", "1")); // its active expiry: DEL l
            await(() -> call(kvlab, "DBSIZE").equals(":1\r\n") && call(redis, "DBSIZE").equals(":1\r\n"),
                    "the primary's active expiry reaches both replicas");
            sameReplies(redis, kvlab, reads);

            // writable replicas: what a client gives an expiry there, each removes itself once due
            for (Differential.Side replica : List.of(redis, kvlab)) {
                assertEquals("+OK\r\n", call(replica, "CONFIG", "SET", "replica-read-only", "no"));
                assertEquals("+OK\r\n", call(replica, "SET", "local", "v", "PX", ttl));
                assertEquals(":1\r\n", call(replica, "PEXPIRE", "kept", ttl));
            }
            sameReplies(redis, kvlab, List.of(new String[] {"EXISTS", "local", "kept"}, new String[] {"DBSIZE"}));
            await(() -> call(kvlab, "DBSIZE").equals(":0\r\n") && call(redis, "DBSIZE").equals(":0\r\n"),
                    "each writable replica removes the keys its clients gave an expiry");
            assertEquals(info(redis, "expired_keys"), info(kvlab, "expired_keys"));
            assertEquals("$1\r\nv\r\n", call(primary, "GET", "kept"), "the primary still has it");
        } finally {
            server.close();
            store.close();
        }
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
