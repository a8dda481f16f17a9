package org.kvlab.testsuite.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ScanResult;
import org.kvlab.api.SetOptions;
import org.kvlab.api.SetResult;
import org.kvlab.client.AsyncCommands;
import org.kvlab.client.KvClient;
import org.kvlab.client.KvConnection;
import org.kvlab.client.KvConnectionException;
import org.kvlab.client.KvPoolExhaustedException;
import org.kvlab.client.KvServerException;
import org.kvlab.client.KvTimeoutException;
import org.kvlab.client.ListRequests;
import org.kvlab.client.Pipeline;
import org.kvlab.client.Transaction;
import org.kvlab.spi.TransportConfig;

/**
 * What {@link KvClient} must do over any client transport against any server: every synchronous call, async
 * calls, pipelines of 100,000 requests, a server that dies with requests in flight, pool exhaustion, timeouts,
 * reconnects, AUTH and SELECT on connect, RESP3. Subclasses name the transport and start the server; the shared
 * server requires {@link #PASSWORD}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class KvClientContract {

    /** The password the shared server requires. */
    protected static final String PASSWORD = "kvlab-client-secret";

    /** How long a test waits for something that must happen promptly, before calling it a hang. */
    protected static final long HANG_SECONDS = 30;

    /** The shared server, started before the first test. */
    protected TestServer server;

    /** A client of the shared server, authenticated, pool of 4. */
    protected KvClient client;

    /** Returns the name of the client transport under test, e.g. {@code "nio"}. */
    protected abstract String transport();

    /**
     * Starts a new server on a free loopback port.
     *
     * @param password the password it requires, or {@code null} for none
     */
    protected abstract TestServer startServer(String password) throws Exception;

    @BeforeAll
    final void startSharedServer() throws Exception {
        server = startServer(PASSWORD);
        client = builder(server).poolSize(4).build();
    }

    @AfterAll
    final void stopSharedServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    final void flushAll() {
        client.flushAll();
    }

    /** Returns a builder for {@code target} over the transport under test, authenticated if it is the shared one. */
    protected KvClient.Builder builder(TestServer target) {
        KvClient.Builder b = KvClient.builder().address(target.address()).transport(transport())
                .transportConfig(TransportConfig.builder().build()).timeout(Duration.ofSeconds(HANG_SECONDS));
        return target == server ? b.password(PASSWORD) : b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- synchronous calls ----

    @Test
    void setAndGet_stringsAndBytes_roundTrip() {
        client.set("s", "v\u00e9");
        assertEquals("v\u00e9", client.get("s"));
        byte[] binary = {0, 1, '\r', '\n', (byte) 0xff};
        client.set(bytes("b"), binary);
        assertArrayEquals(binary, client.get(bytes("b")));
        assertNull(client.get("absent"));
        assertNull(client.get(bytes("absent")));
        client.set("empty", "");
        assertEquals("", client.get("empty"));
    }

    @Test
    void setWithOptions_conditionsExpiryAndGet() {
        SetOptions nx = new SetOptions(SetOptions.Condition.IF_ABSENT, Keyspace.NO_EXPIRY, false, false);
        SetOptions xx = new SetOptions(SetOptions.Condition.IF_PRESENT, Keyspace.NO_EXPIRY, false, false);
        assertEquals(SetResult.NOT_WRITTEN, client.set("k", "1", xx));
        assertEquals(SetResult.WRITTEN, client.set("k", "1", nx));
        assertEquals(SetResult.NOT_WRITTEN, client.set("k", "2", nx));
        assertEquals(SetResult.WRITTEN, client.set("k", "3", xx));
        SetOptions getOld = new SetOptions(SetOptions.Condition.ALWAYS, Keyspace.NO_EXPIRY, false, true);
        SetResult swapped = client.set("k", "4", getOld);
        assertTrue(swapped.written());
        assertArrayEquals(bytes("3"), swapped.previous());
        long inAnHour = System.currentTimeMillis() + 3_600_000;
        client.set("k", "5", new SetOptions(SetOptions.Condition.ALWAYS, inAnHour, false, false));
        assertTrue(client.pttl("k") > 0);
        client.set("k", "6", new SetOptions(SetOptions.Condition.ALWAYS, Keyspace.NO_EXPIRY, true, false));
        assertTrue(client.pttl("k") > 0, "KEEPTTL keeps the expiry");
        assertEquals("6", client.get("k"));
        SetResult absentWithGet = client.set(bytes("new"), bytes("x"),
                new SetOptions(SetOptions.Condition.IF_ABSENT, Keyspace.NO_EXPIRY, false, true));
        assertTrue(absentWithGet.written());
        assertNull(absentWithGet.previous());
    }

    @Test
    void getDel_returnsAndRemoves() {
        client.set("k", "v");
        assertEquals("v", client.getDel("k"));
        assertNull(client.getDel("k"));
        assertEquals(0, client.exists("k"));
    }

    @Test
    void msetMgetMsetnx_manyKeysAtOnce() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("a", "1");
        entries.put("b", "2");
        client.mset(entries);
        assertEquals(java.util.Arrays.asList("1", null, "2"), client.mget("a", "missing", "b"));
        List<byte[]> raw = client.mget(bytes("a"), bytes("b"));
        assertArrayEquals(bytes("1"), raw.get(0));
        assertArrayEquals(bytes("2"), raw.get(1));
        assertFalse(client.msetnx(Map.of("a", "x", "c", "3")));
        assertTrue(client.msetnx(Map.of("c", "3", "d", "4")));
        assertEquals(List.of("3", "4"), client.mget("c", "d"));
    }

    @Test
    void counters_incrementAndDecrement() {
        assertEquals(1, client.incr("n"));
        assertEquals(11, client.incrBy("n", 10));
        assertEquals(10, client.decr("n"));
        assertEquals(-90, client.decrBy("n", 100));
        assertEquals(-89.5, client.incrByFloat("n", 0.5));
        assertEquals("-89.5", client.get("n"));
    }

    @Test
    void stringRanges_appendStrlenGetRangeSetRange() {
        assertEquals(5, client.append("s", "hello"));
        assertEquals(11, client.append("s", " world"));
        assertEquals(11, client.strlen("s"));
        assertEquals("world", client.getRange("s", -5, -1));
        assertEquals(11, client.setRange("s", 6, "WORLD"));
        assertEquals("hello WORLD", client.get("s"));
        assertEquals(0, client.strlen("absent"));
    }

    @Test
    void keyspace_delUnlinkExistsTouch() {
        client.mset(Map.of("a", "1", "b", "2", "c", "3"));
        assertEquals(3, client.exists("a", "b", "c", "missing"));
        assertEquals(2, client.touch("a", "b", "missing"));
        assertEquals(1, client.del("a", "missing"));
        assertEquals(1, client.del(bytes("b")));
        assertEquals(1, client.unlink("c"));
        assertEquals(0, client.exists("a", "b", "c"));
    }

    @Test
    void keyspace_typeRenameRenameNxCopy() {
        client.set("a", "1");
        assertEquals("string", client.type("a"));
        assertEquals("none", client.type("missing"));
        client.rename("a", "b");
        assertNull(client.get("a"));
        client.set("c", "3");
        assertFalse(client.renameNx("b", "c"));
        assertTrue(client.renameNx("b", "d"));
        assertTrue(client.copy("d", "e"));
        assertFalse(client.copy("d", "e"));
        assertEquals(List.of("1", "1"), client.mget("d", "e"));
    }

    @Test
    void keyspace_keysScanRandomKeyDbSize() {
        assertNull(client.randomKey());
        for (int i = 0; i < 30; i++) {
            client.set("scan:" + i, "v");
        }
        client.set("other", "v");
        assertEquals(31, client.dbSize());
        assertEquals(30, client.keys("scan:*").size());
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        do {
            ScanResult step = client.scan(cursor, "scan:*", 7);
            step.keys().forEach(k -> seen.add(new String(k, StandardCharsets.UTF_8)));
            cursor = step.cursor();
        } while (cursor != 0);
        assertEquals(30, seen.size());
        assertTrue(client.randomKey() != null);
        client.flushDb();
        assertEquals(0, client.dbSize());
    }

    @Test
    void expiry_expireTtlPttlPersistExpireAt() {
        client.set("k", "v");
        assertEquals(-1, client.ttl("k"));
        assertEquals(-2, client.ttl("missing"));
        assertTrue(client.expire("k", Duration.ofSeconds(100)));
        assertTrue(client.ttl("k") > 0 && client.ttl("k") <= 100);
        assertFalse(client.expire("k", Duration.ofSeconds(50), ExpireCondition.GT));
        assertTrue(client.expire("k", Duration.ofSeconds(50), ExpireCondition.LT));
        assertTrue(client.persist("k"));
        assertFalse(client.persist("k"));
        assertEquals(-1, client.pttl("k"));
        assertTrue(client.expireAt("k", Instant.now().plusSeconds(200)));
        assertTrue(client.pttl("k") > 100_000);
        assertFalse(client.expire("missing", Duration.ofSeconds(1)));
    }

    @Test
    void connectionCommands_pingEchoInfoAndGenericCall() {
        assertEquals("PONG", client.ping());
        assertEquals("hi \u00e9", client.echo("hi \u00e9"));
        assertTrue(client.info().contains("# Server"));
        assertTrue(client.info("clients").contains("connected_clients:"));
        assertEquals("OK", client.call("SET", "g", "1"));
        assertArrayEquals(bytes("1"), (byte[]) client.call(bytes("GET"), bytes("g")));
        assertEquals(2L, client.call("INCRBY", "g", "1"));
        assertNull(client.call("GET", "missing"));
        List<?> mget = (List<?>) client.call("MGET", "g", "missing");
        assertArrayEquals(bytes("2"), (byte[]) mget.get(0));
        assertNull(mget.get(1));
    }

    @Test
    void errorReplies_surfaceAsTypedExceptionsWithTheServersMessage() {
        client.set("text", "abc");
        KvServerException notInt = assertThrows(KvServerException.class, () -> client.incr("text"));
        assertEquals("ERR", notInt.code());
        assertEquals("ERR value is not an integer or out of range", notInt.getMessage());
        KvServerException unknown = assertThrows(KvServerException.class, () -> client.call("NOSUCHCOMMAND", "x"));
        assertTrue(unknown.getMessage().startsWith("ERR unknown command 'NOSUCHCOMMAND'"), unknown.getMessage());
        KvServerException noKey = assertThrows(KvServerException.class, () -> client.rename("missing", "x"));
        assertEquals("ERR no such key", noKey.getMessage());
        assertEquals("PONG", client.ping(), "the connection is still in step after errors");
    }

    @Test
    void badArguments_areRefusedBeforeSending() {
        assertThrows(IllegalArgumentException.class, () -> client.call(new String[0]));
        assertThrows(NullPointerException.class, () -> client.get((String) null));
        assertThrows(IllegalArgumentException.class, () -> client.del(new String[0]));
        assertEquals("PONG", client.ping());
    }

    // ---- async ----

    @Test
    void async_futuresCompleteWithTypedValues() throws Exception {
        AsyncCommands async = client.async();
        CompletableFuture<Void> set = async.set("k", "v");
        CompletableFuture<String> get = async.get("k");
        CompletableFuture<Long> incr = async.incr("n");
        CompletableFuture<Long> bad = async.incr("k");
        assertNull(set.get(HANG_SECONDS, TimeUnit.SECONDS));
        assertEquals("v", get.get(HANG_SECONDS, TimeUnit.SECONDS));
        assertEquals(1L, incr.get(HANG_SECONDS, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(HANG_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(KvServerException.class, e.getCause());
    }

    @Test
    void async_callbackChainsNextRequest_closedLoopOnTheReadThread() throws Exception {
        int rounds = 2_000;
        CompletableFuture<Long> done = new CompletableFuture<>();
        CompletableFuture<Throwable> syncOnReadThread = new CompletableFuture<>();
        try (KvConnection connection = client.connection()) {
            chain(connection, rounds, rounds, done, syncOnReadThread);
            assertEquals(rounds, done.get(HANG_SECONDS, TimeUnit.SECONDS));
        }
        assertInstanceOf(IllegalStateException.class, syncOnReadThread.get(HANG_SECONDS, TimeUnit.SECONDS),
                "a synchronous call from a callback after the first is refused");
        assertEquals(Integer.toString(rounds), client.get("loop"));
    }

    private void chain(KvConnection connection, int rounds, int remaining, CompletableFuture<Long> done,
            CompletableFuture<Throwable> syncOnReadThread) {
        connection.incr("loop").whenComplete((value, error) -> {
            if (remaining == rounds / 2) {
                // every callback after the first is attached on the read thread, so this one runs there
                try {
                    client.get("loop");
                    syncOnReadThread.complete(null);
                } catch (RuntimeException e) {
                    syncOnReadThread.complete(e);
                }
            }
            if (error != null) {
                done.completeExceptionally(error);
            } else if (remaining == 1) {
                done.complete(value);
            } else {
                chain(connection, rounds, remaining - 1, done, syncOnReadThread);
            }
        });
    }

    @Test
    void async_manyThreads_allRepliesMatchTheirRequests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    List<CompletableFuture<String>> gets = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        String key = "t" + thread + ":" + i;
                        client.async().set(key, key + "=v");
                        gets.add(client.async().get(key));
                    }
                    for (int i = 0; i < gets.size(); i++) {
                        assertEquals("t" + thread + ":" + i + "=v", gets.get(i).join());
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(HANG_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2000, client.dbSize());
    }

    @Test
    void syncCallers_moreThanThePool_allServed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        client.incr("shared");
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(HANG_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("1600", client.get("shared"));
    }

    // ---- pipelining ----

    @Test
    void pipeline_100000Requests_oneWrite_repliesInOrder() {
        int n = 50_000;
        Pipeline p = client.pipeline();
        List<CompletableFuture<Void>> sets = new ArrayList<>(n);
        List<CompletableFuture<byte[]>> gets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sets.add(p.set(bytes("p:" + i), bytes("v" + i)));
        }
        for (int i = 0; i < n; i++) {
            gets.add(p.get(bytes("p:" + i)));
        }
        assertEquals(2 * n, p.size());
        p.sync();
        assertEquals(0, p.size());
        for (int i = 0; i < n; i++) {
            assertTrue(sets.get(i).isDone() && !sets.get(i).isCompletedExceptionally());
            assertArrayEquals(bytes("v" + i), gets.get(i).getNow(null), "reply " + i);
        }
        assertEquals(n, client.dbSize());
    }

    @Test
    void pipeline_errorFailsOnlyItsOwnCommand_andIsReusable() {
        Pipeline p = client.pipeline();
        CompletableFuture<Void> set = p.set("k", "text");
        CompletableFuture<Long> bad = p.incr("k");
        CompletableFuture<String> get = p.get("k");
        p.sync();
        assertTrue(set.isDone());
        CompletionException e = assertThrows(CompletionException.class, bad::join);
        assertInstanceOf(KvServerException.class, e.getCause());
        assertEquals("text", get.join());
        CompletableFuture<Long> again = p.incr("n");
        p.sync();
        assertEquals(1L, again.join());
    }

    @Test
    void sendBatch_100000Requests_oneFutureWithEveryReplyInOrder() throws Exception {
        int n = 100_000;
        List<byte[][]> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(new byte[][] {bytes("INCR"), bytes("batch")});
        }
        batch.set(n / 2, new byte[][] {bytes("NOSUCHCOMMAND")});
        try (KvConnection connection = client.connection()) {
            List<Object> replies = connection.sendBatch(batch).get(HANG_SECONDS, TimeUnit.SECONDS);
            assertEquals(n, replies.size());
            assertEquals(1L, replies.get(0));
            assertInstanceOf(KvServerException.class, replies.get(n / 2));
            assertEquals((long) n - 1, replies.get(n - 1));
            assertEquals((long) n, connection.send(bytes("INCR"), bytes("batch")).get(HANG_SECONDS, TimeUnit.SECONDS));
        }
    }

    // ---- failures ----

    @Test
    void serverDiesMidPipeline_everyRequestCompletesPromptly_failuresAreConnectionErrors() throws Exception {
        TestServer doomed = startServer(null);
        try (KvClient victim = builder(doomed).poolSize(1).build()) {
            KvConnection connection = victim.connection();
            int n = 100_000;
            List<byte[][]> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(new byte[][] {bytes("SET"), bytes("k" + i), bytes("v")});
            }
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            inFlight.add(connection.sendBatch(batch));
            for (int i = 0; i < 1000; i++) {
                inFlight.add(connection.send(bytes("GET"), bytes("k" + i)));
            }
            doomed.kill();
            for (CompletableFuture<?> f : inFlight) {
                try {
                    f.get(HANG_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertInstanceOf(KvConnectionException.class, e.getCause());
                }
            }
            CompletableFuture<Object> afterDeath = connection.send(bytes("PING"));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> afterDeath.get(HANG_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(KvConnectionException.class, e.getCause());
            assertFalse(connection.isOpen());
            assertThrows(KvConnectionException.class, victim::ping, "the server is gone: reconnecting fails");
        } finally {
            doomed.close();
        }
    }

    @Test
    void lostConnection_nextCallReconnects() {
        try (KvClient one = builder(server).poolSize(1).build()) {
            long id = (Long) one.call("CLIENT", "ID");
            client.call("CLIENT", "KILL", "ID", Long.toString(id));
            try {
                one.ping();
            } catch (KvConnectionException e) {
                // the kill was seen only by this call, which fails; the next one must reconnect
            }
            assertEquals("PONG", one.ping());
            assertTrue((Long) one.call("CLIENT", "ID") != id, "a new connection");
        }
    }

    @Test
    void poolExhausted_waitsTheBorrowTimeoutThenSaysSo() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            KvClient stuck = KvClient.builder().address(silent.address()).transport(transport()).poolSize(1)
                    .timeout(Duration.ofSeconds(HANG_SECONDS)).borrowTimeout(Duration.ofMillis(50)).build();
            ExecutorService caller = Executors.newSingleThreadExecutor();
            try {
                Future<String> holder = caller.submit(() -> stuck.get("k"));
                assertTrue(silent.awaitRequest(HANG_SECONDS, TimeUnit.SECONDS), "the first call was sent");
                KvPoolExhaustedException e = assertThrows(KvPoolExhaustedException.class, () -> stuck.get("k2"));
                assertTrue(e.getMessage().startsWith("pool exhausted: all 1 connections to "), e.getMessage());
                stuck.close();
                ExecutionException closed = assertThrows(ExecutionException.class,
                        () -> holder.get(HANG_SECONDS, TimeUnit.SECONDS));
                assertInstanceOf(KvConnectionException.class, closed.getCause(), "closing fails what is in flight");
            } finally {
                stuck.close();
                caller.shutdownNow();
            }
        }
    }

    @Test
    void noReply_syncAndAsyncCallsTimeOut_andTheClientStaysUsable() throws Exception {
        try (SilentServer silent = new SilentServer();
                KvClient slow = KvClient.builder().address(silent.address()).transport(transport()).poolSize(1)
                        .timeout(Duration.ofMillis(200)).build()) {
            KvTimeoutException e = assertThrows(KvTimeoutException.class, () -> slow.get("k"));
            assertTrue(e.getMessage().contains("within PT0.2S to GET"), e.getMessage());
            CompletableFuture<Long> async = slow.async().incr("k");
            ExecutionException ae = assertThrows(ExecutionException.class,
                    () -> async.get(HANG_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(KvTimeoutException.class, ae.getCause());
            try (KvConnection dedicated = slow.connection()) {
                CompletableFuture<List<Object>> batch =
                        dedicated.sendBatch(List.<byte[][]>of(new byte[][] {bytes("PING")}));
                ExecutionException be = assertThrows(ExecutionException.class,
                        () -> batch.get(HANG_SECONDS, TimeUnit.SECONDS));
                assertInstanceOf(KvTimeoutException.class, be.getCause());
            }
        }
    }

    @Test
    void unreachableServer_buildFailsWithConnectionError() throws Exception {
        java.net.InetSocketAddress closedPort;
        try (SilentServer s = new SilentServer()) {
            closedPort = s.address();
        }
        KvConnectionException e = assertThrows(KvConnectionException.class, () -> KvClient.builder()
                .address(closedPort).transport(transport()).build());
        assertTrue(e.getMessage().startsWith("cannot connect to "), e.getMessage());
    }

    // ---- handshake ----

    @Test
    void authAndSelect_onEveryConnection() {
        try (KvClient db5 = builder(server).database(5).poolSize(2).build()) {
            db5.set("where", "db5");
            try (KvConnection dedicated = db5.connection()) {
                assertEquals("db5", dedicated.get("where").join(), "a dedicated connection selects too");
            }
            assertNull(client.get("where"), "database 0 does not see it");
            assertEquals(1L, db5.dbSize());
            db5.flushDb();
        }
    }

    @Test
    void missingPassword_callsFailWithNoauth() {
        try (KvClient anonymous = KvClient.builder().address(server.address()).transport(transport()).build()) {
            KvServerException e = assertThrows(KvServerException.class, () -> anonymous.get("k"));
            assertEquals("NOAUTH", e.code());
        }
    }

    @Test
    void wrongPassword_buildFailsWithWrongpass() {
        KvServerException e = assertThrows(KvServerException.class,
                () -> KvClient.builder().address(server.address()).transport(transport()).password("wrong").build());
        assertEquals("WRONGPASS", e.code());
        KvServerException resp3 = assertThrows(KvServerException.class, () -> KvClient.builder()
                .address(server.address()).transport(transport()).password("wrong").protocol(3).build());
        assertEquals("WRONGPASS", resp3.code());
    }

    // ---- RESP3 ----

    @Test
    void resp3_helloNegotiated_typedCallsWork() {
        try (KvClient three = builder(server).protocol(3).database(2).build()) {
            Map<?, ?> hello = (Map<?, ?>) three.call("HELLO", "3");
            assertEquals(3L, hello.get("proto"));
            three.set("f", "1.5");
            assertEquals(3.5, three.incrByFloat("f", 2));
            assertNull(three.get("missing"));
            assertEquals(java.util.Arrays.asList("3.5", null), three.mget("f", "missing"));
            assertTrue(three.info("server").contains("redis_version:"));
            assertEquals(1, three.scan(0, null, 0).keys().size());
            assertTrue(three.expire("f", Duration.ofSeconds(10)));
            KvServerException e = assertThrows(KvServerException.class, () -> three.incr("f"));
            assertEquals("ERR", e.code());
            Pipeline p = three.pipeline();
            CompletableFuture<Long> a = p.incr("c");
            CompletableFuture<Long> b = p.incr("c");
            p.sync();
            assertEquals(List.of(1L, 2L), List.of(a.join(), b.join()));
            three.flushDb();
        }
    }

    // ---- transactions ----

    @Test
    void multi_runsTheQueuedCommands_eachFutureGetsItsReply_errorsOnlyTheirs() {
        client.set("text", "x");
        Transaction tx = client.multi();
        CompletableFuture<Long> counter = tx.incr("counter");
        CompletableFuture<Long> wrong = tx.incr("text");
        CompletableFuture<Void> set = tx.set("k", "v");
        CompletableFuture<List<String>> range = tx.execute(ListRequests.lrange("missing", 0, -1));
        assertEquals(4, tx.size());
        assertFalse(counter.isDone(), "nothing is sent before exec()");
        List<Object> replies = tx.exec();
        assertEquals(4, replies.size());
        assertEquals(1L, replies.get(0));
        assertEquals(1L, counter.join());
        KvServerException e = assertInstanceOf(KvServerException.class, replies.get(1));
        assertEquals("ERR", e.code());
        assertThrows(CompletionException.class, wrong::join);
        assertNull(set.join());
        assertEquals(List.of(), range.join());
        assertEquals("v", client.get("k"));
        assertEquals(0, tx.size());
        assertEquals(List.of(), tx.exec(), "an empty transaction");
    }

    @Test
    void multi_commandRefusedAsItIsQueued_throwsExecAbort_andNothingRuns() {
        Transaction tx = client.multi();
        CompletableFuture<Void> set = tx.set("k", "v");
        CompletableFuture<Object> refused = tx.call("NOSUCHCOMMAND", "x");
        KvServerException e = assertThrows(KvServerException.class, tx::exec);
        assertEquals("EXECABORT", e.code());
        assertEquals(1, e.getSuppressed().length, "the refusal that aborted it");
        assertTrue(e.getSuppressed()[0].getMessage().startsWith("ERR unknown command"), e.getSuppressed()[0].getMessage());
        assertThrows(CompletionException.class, set::join);
        assertThrows(CompletionException.class, refused::join);
        assertNull(client.get("k"));
    }

    @Test
    void watchAndRun_retriesAfterAnotherClientChangedAWatchedKey() {
        client.set("balance", "100");
        int[] attempts = {0};
        List<Object> replies = client.watchAndRun(List.of("balance"), 5, (reads, tx) -> {
            long balance = Long.parseLong(reads.get("balance").join());
            if (attempts[0]++ == 0) {
                client.decrBy("balance", 30); // another pooled connection writes the watched key
            }
            tx.set("balance", Long.toString(balance - 10));
        });
        assertEquals(2, attempts[0]);
        assertEquals(java.util.Arrays.asList((Object) null), replies);
        assertEquals("60", client.get("balance"));
    }

    @Test
    void watchAndRun_everyAttemptAborted_returnsNull_andCancelsTheFutures() {
        List<CompletableFuture<Long>> queued = new ArrayList<>();
        List<Object> replies = client.watchAndRun(List.of("hot"), 3, (reads, tx) -> {
            client.incr("hot");
            queued.add(tx.incr("hot"));
        });
        assertNull(replies);
        assertEquals("3", client.get("hot"));
        assertEquals(3, queued.size());
        for (CompletableFuture<Long> f : queued) {
            assertTrue(f.isCancelled());
        }
    }

    @Test
    void watchAndRun_bodyThrows_rethrows_andTheKeysAreUnwatched() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> client.watchAndRun(List.of("w"), 3, (reads, tx) -> {
                    throw new IllegalStateException("changed my mind");
                }));
        assertEquals("changed my mind", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.watchAndRun(List.of(), 3, (reads, tx) -> { }));
        assertThrows(IllegalArgumentException.class, () -> client.watchAndRun(List.of("w"), 0, (reads, tx) -> { }));
        try (KvClient one = builder(server).poolSize(1).build()) {
            assertThrows(IllegalStateException.class, () -> one.watchAndRun(List.of("w"), 1, (reads, tx) -> {
                throw new IllegalStateException();
            }));
            client.set("w", "changed");
            assertEquals(List.of(), one.multi().exec(), "the pooled connection watches nothing any more");
        }
    }

    @Test
    void watchAndRun_fromManyThreads_eachSuccessfulExecCountsOnce() throws Exception {
        int threads = 8;
        int increments = 100;
        try (KvClient shared = builder(server).poolSize(threads).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < increments; i++) {
                            List<Object> replies = shared.watchAndRun(List.of("counter"), Integer.MAX_VALUE,
                                    (reads, tx) -> {
                                        String value = reads.get("counter").join();
                                        tx.set("counter", Long.toString(value == null ? 1 : Long.parseLong(value) + 1));
                                    });
                            assertEquals(1, replies.size());
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(Long.toString((long) threads * increments), shared.get("counter"));
        }
    }
}
