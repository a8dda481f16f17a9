package org.kvlab.testsuite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ListEnd;
import org.kvlab.client.KvClient;
import org.kvlab.client.ListRequests;
import org.kvlab.spi.TransportConfig;
import redis.clients.jedis.Jedis;

/**
 * Blocking pops over the transport under test with two event loops: a client blocked by Jedis or Lettuce costs no
 * thread and is woken by a push from any connection, on either loop, or from an embedded caller; waiters are served
 * in the order they blocked; the commands a blocked client pipelined after its pop wait for it.
 */
public abstract class BlockingCommandsTest extends ServerFixture {

    /** How long a test waits for something that must happen; never reached when the server is right. */
    private static final long PATIENCE_SECONDS = 10;

    private final List<AutoCloseable> open = new ArrayList<>();
    /** The threads that wait for the blocked clients' replies; one pool per test. */
    private ExecutorService clients;

    @Override
    protected TransportConfig.Builder transportConfig() {
        return super.transportConfig().eventLoops(2);
    }

    @BeforeEach
    final void startClients() {
        clients = Executors.newCachedThreadPool();
    }

    @AfterEach
    final void closeClients() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
        clients.shutdownNow();
    }

    private Jedis connect() {
        Jedis jedis = jedis();
        open.add(jedis);
        return jedis;
    }

    /** Starts {@code BLPOP key 0} on its own connection; returns its reply, once there is one. */
    private CompletableFuture<List<String>> blpop(Jedis jedis, String key) {
        return CompletableFuture.supplyAsync(() -> jedis.blpop(0, key), clients);
    }

    /** Waits until the client {@code id} is blocked, as {@code CLIENT LIST} shows it to {@code observer}. */
    private static void awaitBlocked(Jedis observer, long id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!observer.clientList(id).contains(" flags=b ")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("client " + id + " never blocked: " + observer.clientList(id));
            }
            Thread.sleep(1);
        }
    }

    private static <T> T await(CompletableFuture<T> reply) throws Exception {
        return reply.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void jedisBlpop_isServedByAPushFromAConnectionOnTheOtherEventLoop() throws Exception {
        // connections accepted one after the other go to the two loops in turn
        Jedis blocked = connect();
        Jedis pusher = connect();
        long id = blocked.clientId();
        CompletableFuture<List<String>> reply = blpop(blocked, "q");
        awaitBlocked(pusher, id);
        assertEquals(1, infoField(pusher.info("clients"), "blocked_clients"));
        assertEquals(1, pusher.rpush("q", "v"));
        assertEquals(List.of("q", "v"), await(reply));
        assertEquals(0, pusher.llen("q"));
        assertEquals(0, infoField(pusher.info("clients"), "blocked_clients"));
    }

    @Test
    void lettuceBlpop_isServedByAPush_andTheConnectionGoesOn() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create(address.getHostString(), address.getPort()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            Jedis pusher = connect();
            long id = connection.sync().clientId();
            RedisFuture<KeyValue<String, String>> reply = connection.async().blpop(0, "a", "b");
            awaitBlocked(pusher, id);
            pusher.rpush("b", "x");
            assertEquals(KeyValue.just("b", "x"), reply.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
            assertEquals("PONG", connection.sync().ping());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void threeBlockedClients_areServedInTheOrderTheyBlocked() throws Exception {
        Jedis pusher = connect();
        List<CompletableFuture<List<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Jedis jedis = connect();
            long id = jedis.clientId();
            replies.add(blpop(jedis, "fifo"));
            awaitBlocked(pusher, id);
        }
        pusher.rpush("fifo", "first");
        assertEquals(List.of("fifo", "first"), await(replies.get(0)));
        pusher.rpush("fifo", "second", "third");
        assertEquals(List.of("fifo", "second"), await(replies.get(1)));
        assertEquals(List.of("fifo", "third"), await(replies.get(2)));
    }

    @Test
    void oneElementForTwoWaiters_servesExactlyOne() throws Exception {
        Jedis pusher = connect();
        Jedis first = connect();
        Jedis second = connect();
        long firstId = first.clientId();
        long secondId = second.clientId();
        CompletableFuture<List<String>> one = blpop(first, "one");
        awaitBlocked(pusher, firstId);
        CompletableFuture<List<String>> other = blpop(second, "one");
        awaitBlocked(pusher, secondId);
        pusher.rpush("one", "only");
        assertEquals(List.of("one", "only"), await(one));
        assertEquals(0, pusher.llen("one"));
        assertTrue(pusher.clientList(secondId).contains(" flags=b "), "the second still waits");
        assertFalse(other.isDone());
        assertEquals(1, pusher.clientUnblock(secondId));
        assertNull(await(other));
    }

    @Test
    void anEmbeddedCallersPush_throughTheStore_wakesANetworkClient() throws Exception {
        Jedis blocked = connect();
        Jedis observer = connect();
        long id = blocked.clientId();
        CompletableFuture<List<String>> reply = blpop(blocked, "embedded");
        awaitBlocked(observer, id);
        store.database(0).lists().push("embedded".getBytes(UTF_8), ListEnd.RIGHT, "from-java".getBytes(UTF_8));
        assertEquals(List.of("embedded", "from-java"), await(reply));
    }

    @Test
    void aBlockingPopPastItsTimeout_getsNull() {
        Jedis jedis = connect();
        redis.clients.jedis.util.KeyValue<String, String> reply = jedis.blpop(0.01, "never");
        assertNull(reply);
        assertEquals("PONG", jedis.ping());
    }

    @Test
    void commandsPipelinedAfterABlockedPop_waitForIt() throws Exception {
        Jedis pusher = connect();
        try (RawClient raw = new RawClient(address)) {
            raw.send(RawClient.command("CLIENT", "ID"));
            String idLine = raw.read(":".length() + 1);
            StringBuilder id = new StringBuilder(idLine.substring(1));
            for (String c = raw.read(1); !c.equals("\r"); c = raw.read(1)) {
                id.append(c);
            }
            raw.read(1);
            raw.send(RawClient.command("BLPOP", "piped", "0") + RawClient.command("PING"));
            awaitBlocked(pusher, Long.parseLong(id.toString()));
            pusher.lpush("piped", "v");
            String expected = "*2\r\n$5\r\npiped\r\n$1\r\nv\r\n+PONG\r\n";
            assertEquals(expected, raw.read(expected.length()));
        }
    }

    @Test
    void kvClientBlpop_waitsLongerThanTheClientsOwnTimeout() throws Exception {
        try (KvClient client = KvClient.builder().address(address).transport(transport())
                .timeout(Duration.ofMillis(200)).build()) {
            Jedis pusher = connect();
            CompletableFuture<Map.Entry<String, String>> reply = client.async()
                    .execute(ListRequests.blpop(Duration.ZERO, "late"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
            while (infoField(pusher.info("clients"), "blocked_clients") == 0) {
                assertTrue(System.nanoTime() < deadline, "the pop never blocked");
                Thread.sleep(1);
            }
            // past the client's 200 ms timeout, which a blocking pop's wait does not count against
            Thread.sleep(400);
            assertFalse(reply.isDone(), "still waiting, not timed out");
            pusher.rpush("late", "v");
            assertEquals(Map.entry("late", "v"), reply.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void producersAndBlockedConsumersOnBothLoops_loseAndDuplicateNothing() throws Exception {
        int consumers = 6;
        int producers = 3;
        int perProducer = 300;
        List<CompletableFuture<List<String>>> consumed = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            Jedis jedis = connect();
            consumed.add(CompletableFuture.supplyAsync(() -> {
                List<String> got = new ArrayList<>();
                while (true) {
                    List<String> reply = jedis.blpop(0, "work");
                    if (reply.get(1).equals("stop")) {
                        return got;
                    }
                    got.add(reply.get(1));
                }
            }, clients));
        }
        List<CompletableFuture<Void>> produced = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Jedis jedis = connect();
            int producer = p;
            produced.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perProducer; i++) {
                    jedis.rpush("work", producer + ":" + i);
                }
            }, clients));
        }
        for (CompletableFuture<Void> p : produced) {
            await(p);
        }
        Jedis stopper = connect();
        for (int c = 0; c < consumers; c++) {
            stopper.rpush("work", "stop");
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (CompletableFuture<List<String>> c : consumed) {
            List<String> got = await(c);
            total += got.size();
            seen.addAll(got);
        }
        assertEquals(producers * perProducer, total, "elements popped");
        assertEquals(producers * perProducer, seen.size(), "distinct elements popped");
        assertEquals(0, stopper.llen("work"));
    }

    @Test
    void blockedClients_costTheServerNoThread() throws Exception {
        int n = 20;
        Jedis observer = connect();
        observer.ping();
        List<RawClient> raws = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                RawClient raw = new RawClient(address);
                raws.add(raw);
                raw.send(RawClient.command("PING"));
                assertEquals("+PONG\r\n", raw.read(7));
            }
            Set<Thread> before = serverThreads();
            for (int i = 0; i < n; i++) {
                raws.get(i).send(RawClient.command("BLPOP", "t" + i, "0"));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
            while (infoField(observer.info("clients"), "blocked_clients") < n) {
                assertTrue(System.nanoTime() < deadline, "the clients never all blocked");
                Thread.sleep(1);
            }
            Set<Thread> started = serverThreads();
            started.removeAll(before);
            assertEquals(Set.of(), started, "threads started for blocked clients");
            for (int i = 0; i < n; i++) {
                observer.rpush("t" + i, "v");
                String expected = "*2\r\n$" + ("t" + i).length()
                        + "\r\nt" + i + "\r\n$1\r\nv\r\n";
                assertEquals(expected, raws.get(i).read(expected.length()));
            }
        } finally {
            for (RawClient raw : raws) {
                raw.close();
            }
        }
    }

    /** Returns the live threads of the server (and of this JVM's kvlab clients), by their names. */
    private static Set<Thread> serverThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("kvlab")) {
                threads.add(t);
            }
        }
        return threads;
    }
}
