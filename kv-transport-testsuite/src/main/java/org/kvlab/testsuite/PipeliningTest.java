package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/** Many commands in one write get all their replies, in order. */
public abstract class PipeliningTest extends ServerFixture {

    /** Elements of the list the large-reply tests read; each reply holds {@link #RANGE} of them. */
    private static final int LIST_SIZE = 1000;
    private static final int RANGE = 600;
    /** Commands per write, as {@code redis-benchmark -P 16}: 16 replies of ~6 KB, over the transports' 64 KB mark. */
    private static final int PIPELINE = 16;
    private static final int BATCHES = 48;

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

    @Test
    void largeRepliesPipelined_slowReader_getsEveryReplyWholeAndInOrder() {
        String[] elements = fillList("big");
        try (RawClient raw = new RawClient(address)) {
            // every batch sent before any reply is read: the server reads some while replies back up
            for (int b = 0; b < BATCHES; b++) {
                raw.send(rangeBatch("big", b));
                LockSupport.parkNanos(1_000_000);
            }
            for (int b = 0; b < BATCHES; b++) {
                for (int j = 0; j < PIPELINE; j++) {
                    String expected = rangeReply(elements, b * PIPELINE + j);
                    assertEquals(expected, raw.read(expected.length()), "reply " + j + " of batch " + b);
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    @Test
    void largeRepliesPipelined_thenInputShutDown_allAnsweredBeforeClose() {
        String[] elements = fillList("big2");
        StringBuilder expected = new StringBuilder();
        try (RawClient raw = new RawClient(address)) {
            for (int b = 0; b < BATCHES; b++) {
                raw.send(rangeBatch("big2", b));
                for (int j = 0; j < PIPELINE; j++) {
                    expected.append(rangeReply(elements, b * PIPELINE + j));
                }
            }
            raw.shutdownOutput();
            assertEquals(expected.toString(), raw.readUntilClosed());
        }
    }

    /** Fills list {@code key} with {@link #LIST_SIZE} distinct elements, and returns them in list order. */
    private String[] fillList(String key) {
        String[] elements = new String[LIST_SIZE];
        for (int i = 0; i < LIST_SIZE; i++) {
            elements[i] = "e" + i;
        }
        try (Jedis jedis = jedis()) {
            jedis.rpush(key, elements);
        }
        return elements;
    }

    /** Batch {@code b}: {@link #PIPELINE} LRANGEs of {@link #RANGE} elements, each starting elsewhere. */
    private static String rangeBatch(String key, int b) {
        StringBuilder batch = new StringBuilder();
        for (int j = 0; j < PIPELINE; j++) {
            int start = rangeStart(b * PIPELINE + j);
            batch.append(RawClient.command("LRANGE", key, Integer.toString(start),
                    Integer.toString(start + RANGE - 1)));
        }
        return batch.toString();
    }

    private static int rangeStart(int request) {
        return request % (LIST_SIZE - RANGE);
    }

    private static String rangeReply(String[] elements, int request) {
        int start = rangeStart(request);
        StringBuilder reply = new StringBuilder().append('*').append(RANGE).append("\r\n");
        for (int i = start; i < start + RANGE; i++) {
            reply.append('$').append(elements[i].length()).append("\r\n").append(elements[i]).append("\r\n");
        }
        return reply.toString();
    }
}
