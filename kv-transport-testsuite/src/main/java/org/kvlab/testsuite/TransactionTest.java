package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * MULTI/EXEC/WATCH through real clients over the transport under test: Jedis and Lettuce (RESP2 and RESP3)
 * transactions, WATCH aborting on another connection's write, and transactions from many connections at once —
 * optimistic increments that lose nothing, and two-key writes no reader on another connection sees half done.
 */
public abstract class TransactionTest extends ServerFixture {

    private static final int THREADS = 8;
    private static final int INCREMENTS_PER_THREAD = 300;
    private static final int WRITES = 3_000;

    @Test
    void jedisTransaction_queuesAndRunsCommands_withPerCommandErrors() {
        try (Jedis jedis = jedis()) {
            jedis.set("text", "x");
            Transaction tx = jedis.multi();
            Response<Long> incr = tx.incr("counter");
            Response<Long> wrong = tx.incr("text");
            Response<String> set = tx.set("k", "v");
            List<Object> replies = tx.exec();
            assertEquals(3, replies.size());
            assertEquals(1, incr.get());
            assertEquals("OK", set.get());
            assertThrows(JedisDataException.class, wrong::get);
            assertInstanceOf(JedisDataException.class, replies.get(1));
            assertEquals("v", jedis.get("k"));
        }
    }

    @Test
    void jedisWatch_anotherConnectionsWrite_abortsExec() {
        try (Jedis jedis = jedis(); Jedis other = jedis()) {
            jedis.set("balance", "100");
            jedis.watch("balance");
            other.decrBy("balance", 30);
            Transaction tx = jedis.multi();
            tx.decrBy("balance", 50);
            assertNull(tx.exec(), "aborted: the watched key changed");
            assertEquals("70", jedis.get("balance"));
            jedis.watch("balance");
            tx = jedis.multi();
            tx.decrBy("balance", 50);
            assertEquals(List.of(20L), tx.exec());
        }
    }

    @Test
    void jedisTransaction_refusedCommand_abortsWithExecAbort() {
        try (Jedis jedis = jedis()) {
            Transaction tx = jedis.multi();
            tx.set("k", "v");
            ProtocolCommand unknown = () -> "NOSUCHCOMMAND".getBytes(StandardCharsets.US_ASCII);
            tx.sendCommand(unknown, "x");
            JedisDataException e = assertThrows(JedisDataException.class, tx::exec);
            assertTrue(e.getMessage().startsWith("EXECABORT"), e.getMessage());
            assertNull(jedis.get("k"));
        }
    }

    @Test
    void lettuceTransactions_inRespTwoAndThree_andDiscardedByWatch() {
        for (ProtocolVersion protocol : List.of(ProtocolVersion.RESP2, ProtocolVersion.RESP3)) {
            RedisClient client = RedisClient.create(RedisURI.create(address.getHostString(), address.getPort()));
            client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
            try (StatefulRedisConnection<String, String> connection = client.connect();
                    StatefulRedisConnection<String, String> other = client.connect()) {
                RedisCommands<String, String> sync = connection.sync();
                sync.del("l");
                sync.multi();
                sync.rpush("l", "a", "b");
                sync.lrange("l", 0, -1);
                TransactionResult result = sync.exec();
                assertEquals(false, result.wasDiscarded(), protocol.toString());
                assertEquals(2L, (Long) result.get(0));
                assertEquals(List.of("a", "b"), result.get(1));
                sync.watch("l");
                other.sync().lpush("l", "z");
                sync.multi();
                sync.lrange("l", 0, -1);
                assertTrue(sync.exec().wasDiscarded(), protocol + ": EXEC after the watched list changed");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void optimisticIncrements_fromManyConnections_loseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> aborts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                aborts.add(pool.submit(() -> {
                    int aborted = 0;
                    try (Jedis jedis = jedis()) {
                        for (int done = 0; done < INCREMENTS_PER_THREAD; ) {
                            jedis.watch("counter");
                            String value = jedis.get("counter");
                            Transaction tx = jedis.multi();
                            tx.set("counter", Long.toString(value == null ? 1 : Long.parseLong(value) + 1));
                            if (tx.exec() == null) {
                                aborted++;
                            } else {
                                done++;
                            }
                        }
                    }
                    return aborted;
                }));
            }
            for (Future<Integer> f : aborts) {
                f.get(5, TimeUnit.MINUTES);
            }
            try (Jedis jedis = jedis()) {
                assertEquals(Long.toString((long) THREADS * INCREMENTS_PER_THREAD), jedis.get("counter"),
                        "each successful EXEC added one, and only those");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoKeyTransactions_areNeverSeenHalfDone_byReadersOnOtherConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            Future<?> writer = pool.submit(() -> {
                try (Jedis jedis = jedis()) {
                    for (int i = 1; i <= WRITES; i++) {
                        Transaction tx = jedis.multi();
                        tx.set("first", Integer.toString(i));
                        tx.set("second", Integer.toString(i));
                        tx.exec();
                    }
                } finally {
                    writing.set(false);
                }
            });
            Future<Long> plainReader = pool.submit(() -> {
                long reads = 0;
                try (Jedis jedis = jedis()) {
                    while (writing.get()) {
                        long first = number(jedis.get("first"));
                        long second = number(jedis.get("second"));
                        assertTrue(second >= first, "read first=" + first + " then second=" + second
                                + ": the transaction that wrote first had not written second");
                        reads++;
                    }
                }
                return reads;
            });
            Future<Long> transactionReader = pool.submit(() -> {
                long reads = 0;
                try (Jedis jedis = jedis()) {
                    while (writing.get()) {
                        Transaction tx = jedis.multi();
                        Response<String> first = tx.get("first");
                        Response<String> second = tx.get("second");
                        tx.exec();
                        assertEquals(number(first.get()), number(second.get()), "one transaction read another half");
                        reads++;
                    }
                }
                return reads;
            });
            writer.get(5, TimeUnit.MINUTES);
            plainReader.get(1, TimeUnit.MINUTES);
            transactionReader.get(1, TimeUnit.MINUTES);
            try (Jedis jedis = jedis()) {
                assertEquals(List.of(Integer.toString(WRITES), Integer.toString(WRITES)),
                        jedis.mget("first", "second"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
