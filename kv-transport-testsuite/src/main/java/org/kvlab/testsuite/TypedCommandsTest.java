package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * The collection types through real clients on this transport: Jedis (RESP2) and Lettuce (RESP3), replies far larger
 * than their requests (a 600-element {@code LRANGE}) and long pipelines of typed writes.
 */
public abstract class TypedCommandsTest extends ServerFixture {

    @Test
    void jedis_eachCollectionType_roundTrips() {
        try (Jedis jedis = jedis()) {
            assertEquals(2, jedis.hset("h", Map.of("f1", "v1", "f2", "v2")));
            assertEquals(Map.of("f1", "v1", "f2", "v2"), jedis.hgetAll("h"));
            assertEquals(3, jedis.rpush("l", "a", "b", "c"));
            assertEquals(List.of("a", "b", "c"), jedis.lrange("l", 0, -1));
            assertEquals(2, jedis.sadd("s", "x", "y"));
            assertEquals(Set.of("x", "y"), jedis.smembers("s"));
            assertEquals(1, jedis.zadd("z", 2.5, "m"));
            assertEquals(List.of("m"), jedis.zrangeByScore("z", 0, 10));
            assertEquals("hash", jedis.type("h"));
            assertEquals("list", jedis.type("l"));
            assertEquals("set", jedis.type("s"));
            assertEquals("zset", jedis.type("z"));
            assertEquals(4, jedis.dbSize());
        }
    }

    @Test
    void lrange600_aReplyHundredsOfTimesTheRequest_arrivesWhole() {
        try (Jedis jedis = jedis()) {
            String[] values = new String[600];
            for (int i = 0; i < values.length; i++) {
                values[i] = "element-" + i + "-" + "x".repeat(100);
            }
            jedis.rpush("big", values);
            for (int round = 0; round < 20; round++) {
                List<String> all = jedis.lrange("big", 0, 599);
                assertEquals(List.of(values), all);
            }
        }
    }

    @Test
    void jedis_pipelinedTypedWrites_replyInOrder() {
        try (Jedis jedis = jedis()) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<Long>> pushes = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                pushes.add(pipeline.lpush("pl", Integer.toString(i)));
                pipeline.sadd("ps", Integer.toString(i % 100));
                pipeline.hincrBy("ph", "n", 1);
            }
            Response<Long> length = pipeline.llen("pl");
            pipeline.sync();
            for (int i = 0; i < pushes.size(); i++) {
                assertEquals(i + 1, pushes.get(i).get());
            }
            assertEquals(2000, length.get());
            assertEquals(100, jedis.scard("ps"));
            assertEquals("2000", jedis.hget("ph", "n"));
        }
    }

    @Test
    void lettuce_resp3_typedRepliesDecode() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create(address.getHostString(), address.getPort()));
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();
            async.hset("h", Map.of("a", "1", "b", "2")).get(10, TimeUnit.SECONDS);
            assertEquals(Map.of("a", "1", "b", "2"), async.hgetall("h").get(10, TimeUnit.SECONDS));
            async.sadd("s", "p", "q").get(10, TimeUnit.SECONDS);
            assertEquals(Set.of("p", "q"), async.smembers("s").get(10, TimeUnit.SECONDS));
            async.zadd("z", 1.5, "one").get(10, TimeUnit.SECONDS);
            async.zadd("z", 0.25, "zero").get(10, TimeUnit.SECONDS);
            List<ScoredValue<String>> scored = async.zrangeWithScores("z", 0, -1).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(ScoredValue.just(0.25, "zero"), ScoredValue.just(1.5, "one")), scored);
            assertEquals(Double.valueOf(1.5), async.zscore("z", "one").get(10, TimeUnit.SECONDS));
            connection.setAutoFlushCommands(false);
            List<RedisFuture<Long>> pushes = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                pushes.add(async.rpush("l", Integer.toString(i)));
            }
            RedisFuture<List<String>> tail = async.lrange("l", -3, -1);
            connection.flushCommands();
            assertEquals(1000, pushes.get(999).get(10, TimeUnit.SECONDS));
            assertEquals(List.of("997", "998", "999"), tail.get(10, TimeUnit.SECONDS));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void wrongType_getsRedisError_andConnectionStaysOpen() {
        try (RawClient raw = new RawClient(address)) {
            raw.send(RawClient.command("SET", "str", "v"));
            assertEquals("+OK\r\n", raw.read(5));
            String error = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
            raw.send(RawClient.command("LPUSH", "str", "x"));
            assertEquals(error, raw.read(error.length()));
            raw.send(RawClient.command("GET", "str"));
            assertEquals("$1\r\nv\r\n", raw.read(7));
        }
    }
}
