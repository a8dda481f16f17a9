package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.ClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Requests and replies through real clients: Jedis (RESP2) and Lettuce (RESP3 via HELLO 3). */
public abstract class RoundTripTest extends ServerFixture {

    @Test
    void jedis_stringCommands_behaveAsRedis() {
        try (Jedis jedis = jedis()) {
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("k", "v"));
            assertEquals("v", jedis.get("k"));
            assertEquals(1, jedis.incr("n"));
            assertEquals(11, jedis.incrBy("n", 10));
            assertEquals("OK", jedis.mset("a", "1", "b", "2"));
            assertEquals(List.of("1", "2", "v"), jedis.mget("a", "b", "k"));
            assertNull(jedis.get("missing"));
            assertEquals(1, jedis.expire("k", 100));
            long ttl = jedis.ttl("k");
            assertTrue(ttl > 0 && ttl <= 100, "ttl " + ttl);
            assertEquals(-1, jedis.ttl("a"));
            assertEquals(-2, jedis.ttl("missing"));
            assertEquals(4, jedis.dbSize());
        }
    }

    @Test
    void jedis_binaryKeysAndValues_roundTripUnchanged() {
        byte[] key = {0, '\r', '\n', (byte) 0xff, ' '};
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        try (Jedis jedis = jedis()) {
            jedis.set(key, value);
            assertArrayEquals(value, jedis.get(key));
        }
    }

    @Test
    void jedis_scan_visitsEveryKeyOnce() {
        try (Jedis jedis = jedis()) {
            for (int i = 0; i < 500; i++) {
                jedis.set("key:" + i, "v");
            }
            Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("key:*").count(50));
                seen.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertEquals(500, seen.size());
        }
    }

    @Test
    void info_countsCommandsAndNamesTransport() {
        try (Jedis jedis = jedis()) {
            long before = infoField(jedis.info("stats"), "total_commands_processed");
            jedis.set("x", "1");
            jedis.get("x");
            long after = infoField(jedis.info("stats"), "total_commands_processed");
            assertEquals(3, after - before, "SET, GET and the first INFO");
            assertTrue(jedis.info().contains("transport:" + transport()), "INFO names the transport");
        }
    }

    @Test
    void lettuce_resp3_asyncPipeline_repliesInOrder() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create(address.getHostString(), address.getPort()));
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();
            connection.setAutoFlushCommands(false);
            var sets = new java.util.ArrayList<io.lettuce.core.RedisFuture<String>>();
            for (int i = 0; i < 1000; i++) {
                sets.add(async.set("l:" + i, Integer.toString(i)));
            }
            var get = async.get("l:999");
            connection.flushCommands();
            for (var f : sets) {
                assertEquals("OK", f.get(10, TimeUnit.SECONDS));
            }
            assertEquals("999", get.get(10, TimeUnit.SECONDS));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void inlineCommand_asTelnetWouldSend_isServed() {
        try (RawClient raw = new RawClient(address)) {
            raw.send("SET greeting \"hello world\"\r\nGET greeting\r\n");
            String expected = "+OK\r\n$11\r\nhello world\r\n";
            assertEquals(expected, raw.read(expected.length()));
        }
    }

    @Test
    void unknownCommand_getsRedisError_andConnectionStaysOpen() {
        try (RawClient raw = new RawClient(address)) {
            String error = "-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n";
            raw.send(RawClient.command("FOO", "bar"));
            assertEquals(error, raw.read(error.length()));
            raw.send(RawClient.command("PING"));
            assertEquals("+PONG\r\n", raw.read(7));
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
