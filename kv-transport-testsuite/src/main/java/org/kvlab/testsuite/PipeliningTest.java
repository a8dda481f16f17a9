package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/** Many commands in one write get all their replies, in order. */
public abstract class PipeliningTest extends ServerFixture {

    @Test
    void tenThousandCommandsInOneWrite_allAnsweredInOrder() {
        int n = 10_000;
        StringBuilder batch = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < n; i++) {
            batch.append(RawClient.command("SET", "p:" + i, "v" + i));
            expected.append("+OK\r\n");
        }
        for (int i = 0; i < n; i++) {
            batch.append(RawClient.command("GET", "p:" + i));
            String v = "v" + i;
            expected.append('$').append(v.length()).append("\r\n").append(v).append("\r\n");
        }
        try (RawClient raw = new RawClient(address)) {
            raw.send(batch.toString());
            assertEquals(expected.toString(), raw.read(expected.length()));
        }
    }

    @Test
    void jedisPipeline_mixedCommands_repliesMatchRequests() {
        try (Jedis jedis = jedis()) {
            Pipeline p = jedis.pipelined();
            Response<String> set = p.set("c", "10");
            Response<Long> incr = p.incrBy("c", 5);
            Response<String> get = p.get("c");
            Response<Long> del = p.del("c", "nope");
            Response<List<String>> mget = p.mget("c", "nope");
            p.sync();
            assertEquals("OK", set.get());
            assertEquals(15, incr.get());
            assertEquals("15", get.get());
            assertEquals(1, del.get());
            assertEquals(java.util.Arrays.asList(null, null), mget.get());
        }
    }
}
