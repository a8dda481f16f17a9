package org.kvlab.testsuite.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvlab.client.BitOperation;
import org.kvlab.client.BitUnit;
import org.kvlab.client.BitmapRequests;
import org.kvlab.client.HashRequests;
import org.kvlab.client.KeyedList;
import org.kvlab.client.KvClient;
import org.kvlab.client.KvServerException;
import org.kvlab.client.LexBound;
import org.kvlab.client.ListEnd;
import org.kvlab.client.ListRequests;
import org.kvlab.client.Pipeline;
import org.kvlab.client.Request;
import org.kvlab.client.ScanPage;
import org.kvlab.client.ScoreBound;
import org.kvlab.client.ScoredMember;
import org.kvlab.client.SetRequests;
import org.kvlab.client.SortedSetRequests;
import org.kvlab.client.ZAddOptions;
import org.kvlab.client.ZAggregation;
import org.kvlab.client.ZRange;
import org.kvlab.spi.TransportConfig;

/**
 * What the typed requests of {@link KvClient} ({@link HashRequests}, {@link ListRequests}, {@link SetRequests},
 * {@link SortedSetRequests}, {@link BitmapRequests}) return against a server that has those commands: every
 * command, in its {@code String} and {@code byte[]} forms, under RESP2 and RESP3, run synchronously, as a future
 * and in a pipeline. Binary members that are not UTF-8 come back intact, RESP3 maps and sets included.
 * Subclasses name the transport and start the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TypedRequestsContract {

    private static final long HANG_SECONDS = 30;
    private static final byte[] NOT_UTF8 = {(byte) 0xff, 0, (byte) 0xc3, '\r', '\n'};
    private static final byte[] NOT_UTF8_TOO = {(byte) 0xfe, (byte) 0x80};

    private TestServer server;
    private KvClient resp2;
    private KvClient resp3;

    /** Returns the name of the client transport under test, e.g. {@code "nio"}. */
    protected abstract String transport();

    /** Starts a new server, without a password, on a free loopback port. */
    protected abstract TestServer startServer() throws Exception;

    /** How a request is run: each must give the same result. */
    enum Mode {
        SYNC, ASYNC, PIPELINE
    }

    @BeforeAll
    final void startSharedServer() throws Exception {
        server = startServer();
        resp2 = builder().build();
        resp3 = builder().protocol(3).build();
    }

    @AfterAll
    final void stopSharedServer() {
        for (AutoCloseable c : new AutoCloseable[] {resp2, resp3, server}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    final void flushAll() {
        resp2.flushAll();
    }

    private KvClient.Builder builder() {
        return KvClient.builder().address(server.address()).transport(transport())
                .transportConfig(TransportConfig.builder().build()).timeout(Duration.ofSeconds(HANG_SECONDS));
    }

    static Stream<Arguments> protocolsAndModes() {
        List<Arguments> all = new ArrayList<>();
        for (int protocol : new int[] {2, 3}) {
            for (Mode mode : Mode.values()) {
                all.add(Arguments.of(protocol, mode));
            }
        }
        return all.stream();
    }

    /** Runs requests on one client in one mode. */
    private final class Runner {
        private final KvClient client;
        private final Mode mode;

        Runner(int protocol, Mode mode) {
            this.client = protocol == 3 ? resp3 : resp2;
            this.mode = mode;
        }

        <T> T run(Request<T> request) {
            switch (mode) {
                case SYNC:
                    return client.execute(request);
                case ASYNC:
                    return await(client.async().execute(request));
                default:
                    Pipeline p = client.pipeline();
                    CompletableFuture<T> f = p.execute(request);
                    p.sync();
                    return await(f);
            }
        }

        private <T> T await(CompletableFuture<T> f) {
            try {
                return f.get(HANG_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new CompletionException(e.getCause());
            } catch (InterruptedException | TimeoutException e) {
                throw new IllegalStateException(request(f) + " did not complete", e);
            }
        }

        private String request(CompletableFuture<?> f) {
            return "a " + mode + " request (" + f + ")";
        }

        /** Asserts that {@code request} on a key of the wrong type fails with WRONGTYPE. */
        void assertWrongType(Request<?> request) {
            KvServerException e = assertThrows(KvServerException.class, () -> run(request));
            assertEquals("WRONGTYPE", e.code(), e.getMessage());
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- hashes ----

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("protocolsAndModes")
    void hashes_everyCommandReturnsWhatRedisReplies(int protocol, Mode mode) {
        Runner r = new Runner(protocol, mode);
        assertEquals(1L, r.run(HashRequests.hset("h", "a", "1")));
        assertEquals(0L, r.run(HashRequests.hset("h", "a", "1")));
        Map<String, String> more = new LinkedHashMap<>();
        more.put("b", "2");
        more.put("c", "x\u00e9");
        assertEquals(2L, r.run(HashRequests.hset("h", more)));
        assertFalse(r.run(HashRequests.hsetNx("h", "a", "9")));
        assertTrue(r.run(HashRequests.hsetNx("h", "d", "4")));
        assertEquals("x\u00e9", r.run(HashRequests.hget("h", "c")));
        assertNull(r.run(HashRequests.hget("h", "missing")));
        assertNull(r.run(HashRequests.hget("absent", "a")));
        assertEquals(Arrays.asList("1", null, "4"), r.run(HashRequests.hmget("h", "a", "missing", "d")));
        assertTrue(r.run(HashRequests.hexists("h", "a")));
        assertFalse(r.run(HashRequests.hexists("h", "missing")));
        assertEquals(4L, r.run(HashRequests.hlen("h")));
        assertEquals(0L, r.run(HashRequests.hlen("absent")));
        assertEquals(3L, r.run(HashRequests.hstrlen("h", "c")));
        assertEquals(List.of("a", "b", "c", "d"), r.run(HashRequests.hkeys("h")));
        assertEquals(List.of("1", "2", "x\u00e9", "4"), r.run(HashRequests.hvals("h")));
        Map<String, String> all = r.run(HashRequests.hgetAll("h"));
        assertEquals(List.of("a", "b", "c", "d"), new ArrayList<>(all.keySet()), "the server's order");
        assertEquals("x\u00e9", all.get("c"));
        assertEquals(Map.of(), r.run(HashRequests.hgetAll("absent")));
        assertEquals(11L, r.run(HashRequests.hincrBy("h", "a", 10)));
        assertEquals(-5L, r.run(HashRequests.hincrBy("h", "new", -5)));
        assertEquals(3.5, r.run(HashRequests.hincrByFloat("h", "b", 1.5)));
        assertTrue(r.run(HashRequests.hkeys("h")).contains(r.run(HashRequests.hrandField("h"))));
        assertNull(r.run(HashRequests.hrandField("absent")));
        assertEquals(7, r.run(HashRequests.hrandField("h", -7)).size(), "a negative count repeats fields");
        assertEquals(5, new HashSet<>(r.run(HashRequests.hrandField("h", 50))).size());
        List<Map.Entry<String, String>> pairs = r.run(HashRequests.hrandFieldWithValues("h", 5));
        assertEquals(5, pairs.size());
        for (Map.Entry<String, String> e : pairs) {
            assertEquals(r.run(HashRequests.hget("h", e.getKey())), e.getValue());
        }
        assertEquals(3, r.run(HashRequests.hrandFieldWithValues("h", -3)).size());
        Map<String, String> scanned = new LinkedHashMap<>();
        long cursor = 0;
        do {
            ScanPage<Map.Entry<String, String>> page = r.run(HashRequests.hscan("h", cursor, "*", 2));
            for (Map.Entry<String, String> e : page.items()) {
                scanned.put(e.getKey(), e.getValue());
            }
            cursor = page.cursor();
        } while (cursor != 0);
        assertEquals(r.run(HashRequests.hgetAll("h")), scanned);
        assertEquals(Set.of("a"), keysOf(r.run(HashRequests.hscan("h", 0, "a", 0)).items()));
        assertEquals(2L, r.run(HashRequests.hdel("h", "a", "b", "missing")));
        resp2.set("text", "v");
        r.assertWrongType(HashRequests.hget("text", "a"));
        r.assertWrongType(HashRequests.hgetAll("text"));
    }

    private static Set<String> keysOf(List<Map.Entry<String, String>> entries) {
        Set<String> keys = new HashSet<>();
        for (Map.Entry<String, String> e : entries) {
            keys.add(e.getKey());
        }
        return keys;
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("protocolsAndModes")
    void hashes_binaryFieldsAndValues_comeBackIntact(int protocol, Mode mode) {
        Runner r = new Runner(protocol, mode);
        byte[] key = b("hb");
        assertEquals(1L, r.run(HashRequests.hset(key, NOT_UTF8, NOT_UTF8_TOO)));
        Map<byte[], byte[]> more = new LinkedHashMap<>();
        more.put(NOT_UTF8_TOO, NOT_UTF8);
        more.put(b("plain"), new byte[0]);
        assertEquals(2L, r.run(HashRequests.hset(key, more)));
        assertArrayEquals(NOT_UTF8_TOO, r.run(HashRequests.hget(key, NOT_UTF8)));
        Map<byte[], byte[]> all = r.run(HashRequests.hgetAll(key));
        assertEquals(3, all.size());
        assertArrayEquals(NOT_UTF8_TOO, all.get(NOT_UTF8.clone()), "looked up by content");
        assertArrayEquals(NOT_UTF8, all.get(NOT_UTF8_TOO.clone()));
        assertArrayEquals(new byte[0], all.get(b("plain")));
        List<byte[]> values = r.run(HashRequests.hmget(key, NOT_UTF8, b("missing")));
        assertArrayEquals(NOT_UTF8_TOO, values.get(0));
        assertNull(values.get(1));
        assertEquals(3, r.run(HashRequests.hkeys(key)).size());
        List<Map.Entry<byte[], byte[]>> scanned = r.run(HashRequests.hscan(key, 0, null, 0)).items();
        assertEquals(3, scanned.size());
        for (Map.Entry<byte[], byte[]> e : scanned) {
            assertArrayEquals(all.get(e.getKey()), e.getValue());
        }
        assertEquals(1L, r.run(HashRequests.hdel(key, NOT_UTF8)));
    }

    // ---- lists ----

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("protocolsAndModes")
    void lists_everyCommandReturnsWhatRedisReplies(int protocol, Mode mode) {
        Runner r = new Runner(protocol, mode);
        assertEquals(0L, r.run(ListRequests.lpushX("l", "x")));
        assertEquals(0L, r.run(ListRequests.rpushX("l", "x")));
        assertEquals(3L, r.run(ListRequests.rpush("l", "b", "c", "d")));
        assertEquals(5L, r.run(ListRequests.lpush("l", "z", "a")));
        assertEquals(6L, r.run(ListRequests.lpushX("l", "y")));
        assertEquals(7L, r.run(ListRequests.rpushX("l", "e")));
        assertEquals(List.of("y", "a", "z", "b", "c", "d", "e"), r.run(ListRequests.lrange("l", 0, -1)));
        assertEquals(List.of(), r.run(ListRequests.lrange("absent", 0, -1)));
        assertEquals(7L, r.run(ListRequests.llen("l")));
        assertEquals("z", r.run(ListRequests.lindex("l", 2)));
        assertEquals("e", r.run(ListRequests.lindex("l", -1)));
        assertNull(r.run(ListRequests.lindex("l", 99)));
        assertNull(r.run(ListRequests.lset("l", 2, "Z")));
        KvServerException range = assertThrows(KvServerException.class, () -> r.run(ListRequests.lset("l", 99, "q")));
        assertEquals("ERR index out of range", range.getMessage());
        assertEquals(8L, r.run(ListRequests.linsertBefore("l", "b", "b0")));
        assertEquals(9L, r.run(ListRequests.linsertAfter("l", "b", "b1")));
        assertEquals(-1L, r.run(ListRequests.linsertAfter("l", "missing", "q")));
        assertEquals(0L, r.run(ListRequests.linsertAfter("absent", "b", "q")));
        assertEquals(List.of("y", "a", "Z", "b0", "b", "b1", "c", "d", "e"), r.run(ListRequests.lrange("l", 0, -1)));
        assertEquals(12L, r.run(ListRequests.rpush("l", "b", "x", "b")));
        assertEquals(4L, r.run(ListRequests.lpos("l", "b")));
        assertNull(r.run(ListRequests.lpos("l", "missing")));
        assertEquals(11L, r.run(ListRequests.lpos("l", "b", -1, 0)));
        assertNull(r.run(ListRequests.lpos("l", "b", 1, 3)), "MAXLEN stops the search");
        assertEquals(List.of(4L, 9L, 11L), r.run(ListRequests.lposAll("l", "b", 1, 0, 0)));
        assertEquals(List.of(9L), r.run(ListRequests.lposAll("l", "b", 2, 1, 0)));
        assertEquals(List.of(), r.run(ListRequests.lposAll("l", "missing", 1, 0, 0)));
        assertEquals(2L, r.run(ListRequests.lrem("l", -2, "b")));
        assertEquals(10L, r.run(ListRequests.llen("l")));
        assertNull(r.run(ListRequests.ltrim("l", 1, -2)));
        assertEquals(List.of("a", "Z", "b0", "b", "b1", "c", "d", "e"), r.run(ListRequests.lrange("l", 0, -1)));
        assertEquals("a", r.run(ListRequests.lpop("l")));
        assertEquals("e", r.run(ListRequests.rpop("l")));
        assertEquals(List.of("Z", "b0"), r.run(ListRequests.lpop("l", 2)));
        assertEquals(List.of("d", "c"), r.run(ListRequests.rpop("l", 2)));
        assertNull(r.run(ListRequests.lpop("absent")));
        assertNull(r.run(ListRequests.rpop("absent")));
        assertEquals(List.of(), r.run(ListRequests.lpop("absent", 3)));
        assertEquals(List.of(), r.run(ListRequests.rpop("absent", 3)));
        assertEquals("b", r.run(ListRequests.lmove("l", "m", ListEnd.LEFT, ListEnd.RIGHT)));
        assertNull(r.run(ListRequests.lmove("absent", "m", ListEnd.LEFT, ListEnd.RIGHT)));
        assertEquals("b1", r.run(ListRequests.rpoplpush("l", "m")));
        assertNull(r.run(ListRequests.rpoplpush("absent", "m")));
        assertEquals(List.of("b1", "b"), r.run(ListRequests.lrange("m", 0, -1)));
        KeyedList<String> popped = r.run(ListRequests.lmpop(ListEnd.RIGHT, 5, "absent", "m"));
        assertEquals("m", popped.key());
        assertEquals(List.of("b", "b1"), popped.elements());
        assertNull(r.run(ListRequests.lmpop(ListEnd.LEFT, 1, "absent", "m")));
        resp2.set("text", "v");
        r.assertWrongType(ListRequests.lpush("text", "a"));
        r.assertWrongType(ListRequests.lrange("text", 0, -1));
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("protocolsAndModes")
    void lists_binaryElements_comeBackIntact(int protocol, Mode mode) {
        Runner r = new Runner(protocol, mode);
        byte[] key = b("lb");
        assertEquals(2L, r.run(ListRequests.rpush(key, NOT_UTF8, NOT_UTF8_TOO)));
        List<byte[]> all = r.run(ListRequests.lrange(key, 0, -1));
        assertArrayEquals(NOT_UTF8, all.get(0));
        assertArrayEquals(NOT_UTF8_TOO, all.get(1));
        assertEquals(1L, r.run(ListRequests.lpos(key, NOT_UTF8_TOO)));
        KeyedList<byte[]> popped = r.run(ListRequests.lmpop(ListEnd.LEFT, 1, key));
        assertArrayEquals(key, popped.key());
        assertArrayEquals(NOT_UTF8, popped.elements().get(0));
        assertArrayEquals(NOT_UTF8_TOO, r.run(ListRequests.rpop(key)));
    }

    // ---- sets ----

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("protocolsAndModes")
    void sets_everyCommandReturnsWhatRedisReplies(int protocol, Mode mode) {
        Runner r = new Runner(protocol, mode);
        assertEquals(3L, r.run(SetRequests.sadd("s", "a", "b", "c")));
        assertEquals(1L, r.run(SetRequests.sadd("s", "a", "d")));
        assertEquals(Set.of("a", "b", "c", "d"), r.run(SetRequests.smembers("s")));
        assertEquals(Set.of(), r.run(SetRequests.smembers("absent")));
        assertTrue(r.run(SetRequests.sisMember("s", "a")));
        assertFalse(r.run(SetRequests.sisMember("s", "q")));
        assertEquals(List.of(true, false, true), r.run(SetRequests.smisMember("s", "a", "q", "d")));
        assertEquals(4L, r.run(SetRequests.scard("s")));
        assertEquals(1L, r.run(SetRequests.srem("s", "d", "q")));
        assertTrue(Set.of("a", "b", "c").contains(r.run(SetRequests.srandMember("s"))));
        assertNull(r.run(SetRequests.srandMember("absent")));
        assertEquals(3, new HashSet<>(r.run(SetRequests.srandMember("s", 10))).size());
        assertEquals(6, r.run(SetRequests.srandMember("s", -6)).size(), "a negative count repeats members");
        assertEquals(List.of(), r.run(SetRequests.srandMember("absent", 2)));
        assertEquals(3L, r.run(SetRequests.sadd("t", "b", "c", "e")));
        assertEquals(Set.of("b", "c"), r.run(SetRequests.sinter("s", "t")));
        assertEquals(Set.of(), r.run(SetRequests.sinter("s", "absent")));
        assertEquals(2L, r.run(SetRequests.sinterCard(0, "s", "t")));
        assertEquals(1L, r.run(SetRequests.sinterCard(1, "s", "t")));
        assertEquals(2L, r.run(SetRequests.sinterStore("st", "s", "t")));
        assertEquals(Set.of("a", "b", "c", "e"), r.run(SetRequests.sunion("s", "t")));
        assertEquals(4L, r.run(SetRequests.sunionStore("su", "s", "t")));
        assertEquals(Set.of("a"), r.run(SetRequests.sdiff("s", "t")));
        assertEquals(1L, r.run(SetRequests.sdiffStore("sd", "s", "t")));
        assertEquals(Set.of("a"), r.run(SetRequests.smembers("sd")));
        assertTrue(r.run(SetRequests.smove("s", "t", "a")));
        assertFalse(r.run(SetRequests.smove("s", "t", "a")));
        Set<String> scanned = new HashSet<>();
        long cursor = 0;
        do {
            ScanPage<String> page = r.run(SetRequests.sscan("t", cursor, null, 1));
            scanned.addAll(page.items());
            cursor = page.cursor();
        } while (cursor != 0);
        assertEquals(Set.of("a", "b", "c", "e"), scanned);
        String popped = r.run(SetRequests.spop("t"));
        assertTrue(Set.of("a", "b", "c", "e").contains(popped));
        Set<String> rest = r.run(SetRequests.spop("t", 10));
        assertEquals(3, rest.size());
        assertFalse(rest.contains(popped));
        assertNull(r.run(SetRequests.spop("t")));
        assertEquals(Set.of(), r.run(SetRequests.spop("t", 2)));
        resp2.set("text", "v");
        r.assertWrongType(SetRequests.sadd("text", "a"));
        r.assertWrongType(SetRequests.smembers("text"));
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("protocolsAndModes")
    void sets_binaryMembers_comeBackIntactAndCompareByContent(int protocol, Mode mode) {
        Runner r = new Runner(protocol, mode);
        byte[] key = b("sb");
        assertEquals(3L, r.run(SetRequests.sadd(key, NOT_UTF8, NOT_UTF8_TOO, b("a"))));
        Set<byte[]> members = r.run(SetRequests.smembers(key));
        assertEquals(3, members.size());
        assertTrue(members.contains(NOT_UTF8.clone()));
        assertTrue(members.contains(NOT_UTF8_TOO.clone()));
        assertTrue(r.run(SetRequests.sinter(key, key)).contains(NOT_UTF8.clone()));
        assertEquals(List.of(true, false), r.run(SetRequests.smisMember(key, NOT_UTF8, b("q"))));
        Set<byte[]> popped = r.run(SetRequests.spop(key, 3));
        assertTrue(popped.contains(NOT_UTF8.clone()));
        assertTrue(popped.contains(b("a")));
    }

    // ---- sorted sets ----

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("protocolsAndModes")
    void sortedSets_addScoreRankAndCount(int protocol, Mode mode) {
        Runner r = new Runner(protocol, mode);
        assertEquals(1L, r.run(SortedSetRequests.zadd("z", 1, "a")));
        Map<String, Double> more = new LinkedHashMap<>();
        more.put("b", 2.0);
        more.put("c", 3.5);
        more.put("a", 1.0);
        assertEquals(2L, r.run(SortedSetRequests.zadd("z", ZAddOptions.NONE, more)));
        assertEquals(0L, r.run(SortedSetRequests.zadd("z", ZAddOptions.NONE.onlyAdd(), 9, "a")));
        assertEquals(1L, r.run(SortedSetRequests.zadd("z", ZAddOptions.NONE.onlyUpdate().countChanged(), 1.5, "a")));
        assertEquals(0L, r.run(SortedSetRequests.zadd("z", ZAddOptions.NONE.onlyUpdate(), 7, "new")));
        assertEquals(0L, r.run(SortedSetRequests.zadd("z", ZAddOptions.NONE.greaterThan().countChanged(), 1, "a")));
        KvServerException conflict = assertThrows(KvServerException.class, () -> r.run(
                SortedSetRequests.zadd("z", ZAddOptions.NONE.onlyAdd().greaterThan(), 1, "a")));
        assertEquals("ERR GT, LT, and/or NX options at the same time are not compatible", conflict.getMessage());
        assertEquals(1.5, r.run(SortedSetRequests.zscore("z", "a")));
        assertNull(r.run(SortedSetRequests.zscore("z", "missing")));
        assertEquals(4.0, r.run(SortedSetRequests.zaddIncr("z", ZAddOptions.NONE, 2.5, "a")));
        assertNull(r.run(SortedSetRequests.zaddIncr("z", ZAddOptions.NONE.onlyAdd(), 1, "a")), "NX stopped it");
        assertEquals(-0.5, r.run(SortedSetRequests.zincrBy("z", -0.5, "new")));
        assertEquals(Arrays.asList(4.0, null, 2.0), r.run(SortedSetRequests.zmscore("z", "a", "missing", "b")));
        assertEquals(1L, r.run(SortedSetRequests.zadd("z", Double.POSITIVE_INFINITY, "top")));
        assertEquals(Double.POSITIVE_INFINITY, r.run(SortedSetRequests.zscore("z", "top")));
        assertEquals(1L, r.run(SortedSetRequests.zadd("z", Double.NEGATIVE_INFINITY, "bottom")));
        assertEquals(6L, r.run(SortedSetRequests.zcard("z")));
        assertEquals(0L, r.run(SortedSetRequests.zcard("absent")));
        assertEquals(4L, r.run(SortedSetRequests.zcount("z", ScoreBound.inclusive(2), ScoreBound.POSITIVE_INFINITY)));
        assertEquals(1L, r.run(SortedSetRequests.zcount("z", ScoreBound.exclusive(2), ScoreBound.exclusive(4))));
        assertEquals(6L, r.run(SortedSetRequests.zcount("z", ScoreBound.NEGATIVE_INFINITY,
                ScoreBound.POSITIVE_INFINITY)));
        assertEquals(0L, r.run(SortedSetRequests.zrank("z", "bottom")));
        assertEquals(4L, r.run(SortedSetRequests.zrank("z", "a")));
        assertEquals(0L, r.run(SortedSetRequests.zrevRank("z", "top")));
        assertNull(r.run(SortedSetRequests.zrank("z", "missing")));
        assertNull(r.run(SortedSetRequests.zrevRank("absent", "a")));
        assertEquals(1L, r.run(SortedSetRequests.zrem("z", "bottom", "missing")));
        resp2.set("text", "v");
        r.assertWrongType(SortedSetRequests.zadd("text", 1, "a"));
        r.assertWrongType(SortedSetRequests.zscore("text", "a"));
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("protocolsAndModes")
    void sortedSets_rangesPopsAndRemovals(int protocol, Mode mode) {
        Runner r = new Runner(protocol, mode);
        Map<String, Double> members = new LinkedHashMap<>();
        members.put("a", 1.0);
        members.put("b", 2.0);
        members.put("c", 3.0);
        members.put("d", 4.0);
        members.put("e", 5.0);
        assertEquals(5L, r.run(SortedSetRequests.zadd("z", ZAddOptions.NONE, members)));
        assertEquals(List.of("a", "b", "c", "d", "e"), r.run(SortedSetRequests.zrange("z", ZRange.byRank(0, -1))));
        assertEquals(List.of("e", "d"), r.run(SortedSetRequests.zrange("z", ZRange.byRank(0, 1).reversed())));
        assertEquals(List.of(new ScoredMember<>("b", 2.0), new ScoredMember<>("c", 3.0)),
                r.run(SortedSetRequests.zrangeWithScores("z", ZRange.byRank(1, 2))));
        assertEquals(List.of("d", "c"), r.run(SortedSetRequests.zrange("z",
                ZRange.byScore(ScoreBound.exclusive(2), ScoreBound.inclusive(4)).reversed().limit(0, 2))));
        assertEquals(List.of("c", "d", "e"), r.run(SortedSetRequests.zrange("z",
                ZRange.byScore(ScoreBound.inclusive(3), ScoreBound.POSITIVE_INFINITY))));
        assertEquals(List.of("d", "e"), r.run(SortedSetRequests.zrange("z",
                ZRange.byScore(ScoreBound.NEGATIVE_INFINITY, ScoreBound.POSITIVE_INFINITY).limit(3, -1))));
        assertEquals(List.of(), r.run(SortedSetRequests.zrange("absent", ZRange.byRank(0, -1))));
        assertEquals(2L, r.run(SortedSetRequests.zadd("lex", ZAddOptions.NONE, Map.of("x", 0.0, "y", 0.0))));
        assertEquals(1L, r.run(SortedSetRequests.zadd("lex", 0, "z")));
        assertEquals(List.of("y", "z"), r.run(SortedSetRequests.zrange("lex",
                ZRange.byLex(LexBound.exclusive("x"), LexBound.MAX))));
        assertEquals(List.of("z", "y", "x"), r.run(SortedSetRequests.zrange("lex",
                ZRange.byLex(LexBound.MIN, LexBound.inclusive("z")).reversed())));
        assertEquals(3L, r.run(SortedSetRequests.zrangeStore("dst", "z",
                ZRange.byScore(ScoreBound.inclusive(2), ScoreBound.inclusive(4)))));
        assertEquals(List.of(new ScoredMember<>("b", 2.0), new ScoredMember<>("c", 3.0), new ScoredMember<>("d", 4.0)),
                r.run(SortedSetRequests.zrangeWithScores("dst", ZRange.byRank(0, -1))));
        assertEquals(new ScoredMember<>("a", 1.0), r.run(SortedSetRequests.zpopMin("z")));
        assertEquals(new ScoredMember<>("e", 5.0), r.run(SortedSetRequests.zpopMax("z")));
        assertEquals(List.of(new ScoredMember<>("b", 2.0), new ScoredMember<>("c", 3.0)),
                r.run(SortedSetRequests.zpopMin("z", 2)));
        assertEquals(List.of(new ScoredMember<>("d", 4.0)), r.run(SortedSetRequests.zpopMax("z", 5)));
        assertNull(r.run(SortedSetRequests.zpopMin("z")));
        assertNull(r.run(SortedSetRequests.zpopMax("absent")));
        assertEquals(List.of(), r.run(SortedSetRequests.zpopMin("absent", 3)));
        assertEquals(5L, r.run(SortedSetRequests.zadd("z", ZAddOptions.NONE, members)));
        assertEquals(2L, r.run(SortedSetRequests.zremRangeByRank("z", 0, 1)));
        assertEquals(1L, r.run(SortedSetRequests.zremRangeByScore("z", ScoreBound.exclusive(3),
                ScoreBound.inclusive(4))));
        assertEquals(2L, r.run(SortedSetRequests.zremRangeByLex("lex", LexBound.MIN, LexBound.exclusive("z"))));
        assertEquals(List.of("c", "e"), r.run(SortedSetRequests.zrange("z", ZRange.byRank(0, -1))));
        Map<String, ScoredMember<String>> scanned = new LinkedHashMap<>();
        long cursor = 0;
        do {
            ScanPage<ScoredMember<String>> page = r.run(SortedSetRequests.zscan("z", cursor, null, 1));
            for (ScoredMember<String> m : page.items()) {
                scanned.put(m.member(), m);
            }
            cursor = page.cursor();
        } while (cursor != 0);
        assertEquals(Map.of("c", new ScoredMember<>("c", 3.0), "e", new ScoredMember<>("e", 5.0)), scanned);
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("protocolsAndModes")
    void sortedSets_unionInterDiffWithWeightsAndAggregates(int protocol, Mode mode) {
        Runner r = new Runner(protocol, mode);
        r.run(SortedSetRequests.zadd("z1", ZAddOptions.NONE, Map.of("a", 1.0, "b", 2.0, "c", 3.0)));
        r.run(SortedSetRequests.zadd("z2", ZAddOptions.NONE, Map.of("b", 10.0, "c", 1.0, "d", 4.0)));
        r.run(SetRequests.sadd("plain", "c", "e"));
        assertEquals(List.of("a", "c", "d", "b"), r.run(SortedSetRequests.zunion(ZAggregation.SUM, "z1", "z2")));
        assertEquals(List.of(new ScoredMember<>("a", 2.0), new ScoredMember<>("c", 9.0),
                new ScoredMember<>("d", 12.0), new ScoredMember<>("b", 34.0)),
                r.run(SortedSetRequests.zunionWithScores(ZAggregation.SUM.weights(2, 3), "z1", "z2")));
        assertEquals(List.of(new ScoredMember<>("c", 3.0)),
                r.run(SortedSetRequests.zinterWithScores(ZAggregation.MAX, "plain", "z1")), "a set's members score 1");
        assertEquals(5L, r.run(SortedSetRequests.zunionStore("u", ZAggregation.MIN, "z1", "z2", "plain")));
        assertEquals(List.of(new ScoredMember<>("a", 1.0), new ScoredMember<>("c", 1.0), new ScoredMember<>("e", 1.0),
                new ScoredMember<>("b", 2.0), new ScoredMember<>("d", 4.0)),
                r.run(SortedSetRequests.zrangeWithScores("u", ZRange.byRank(0, -1))));
        assertEquals(List.of("c", "b"), r.run(SortedSetRequests.zinter(ZAggregation.SUM, "z1", "z2")));
        assertEquals(List.of(new ScoredMember<>("c", 3.0), new ScoredMember<>("b", 10.0)),
                r.run(SortedSetRequests.zinterWithScores(ZAggregation.MAX, "z1", "z2")));
        assertEquals(List.of(new ScoredMember<>("c", 5.0)),
                r.run(SortedSetRequests.zinterWithScores(ZAggregation.SUM, "z1", "z2", "plain")));
        assertEquals(2L, r.run(SortedSetRequests.zinterStore("i", ZAggregation.MIN.weights(1, 0.5), "z1", "z2")));
        assertEquals(List.of(new ScoredMember<>("c", 0.5), new ScoredMember<>("b", 2.0)),
                r.run(SortedSetRequests.zrangeWithScores("i", ZRange.byRank(0, -1))));
        assertEquals(2L, r.run(SortedSetRequests.zinterCard(0, "z1", "z2")));
        assertEquals(1L, r.run(SortedSetRequests.zinterCard(1, "z1", "z2")));
        assertEquals(List.of("a"), r.run(SortedSetRequests.zdiff("z1", "z2")));
        assertEquals(List.of(new ScoredMember<>("a", 1.0), new ScoredMember<>("b", 2.0)),
                r.run(SortedSetRequests.zdiffWithScores("z1", "plain")));
        assertEquals(1L, r.run(SortedSetRequests.zdiffStore("d", "z2", "z1")));
        assertEquals(List.of("d"), r.run(SortedSetRequests.zrange("d", ZRange.byRank(0, -1))));
        assertThrows(IllegalArgumentException.class,
                () -> SortedSetRequests.zunion(ZAggregation.SUM.weights(1), "z1", "z2"), "one weight per key");
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("protocolsAndModes")
    void sortedSets_binaryMembers_comeBackIntact(int protocol, Mode mode) {
        Runner r = new Runner(protocol, mode);
        byte[] key = b("zb");
        Map<byte[], Double> members = new LinkedHashMap<>();
        members.put(NOT_UTF8, 1.0);
        members.put(NOT_UTF8_TOO, 2.0);
        assertEquals(2L, r.run(SortedSetRequests.zadd(key, ZAddOptions.NONE, members)));
        List<ScoredMember<byte[]>> all = r.run(SortedSetRequests.zrangeWithScores(key, ZRange.byRank(0, -1)));
        assertArrayEquals(NOT_UTF8, all.get(0).member());
        assertEquals(2.0, all.get(1).score());
        assertEquals(2.0, r.run(SortedSetRequests.zscore(key, NOT_UTF8_TOO)));
        List<byte[]> above = r.run(SortedSetRequests.zrange(key,
                ZRange.byScore(ScoreBound.exclusive(1), ScoreBound.POSITIVE_INFINITY)));
        assertEquals(1, above.size());
        assertArrayEquals(NOT_UTF8_TOO, above.get(0));
        byte[] lex = b("zlex");
        r.run(SortedSetRequests.zadd(lex, 0, NOT_UTF8));
        r.run(SortedSetRequests.zadd(lex, 0, NOT_UTF8_TOO));
        List<byte[]> afterToo = r.run(SortedSetRequests.zrange(lex,
                ZRange.byLex(LexBound.exclusive(NOT_UTF8_TOO), LexBound.MAX)));
        assertEquals(1, afterToo.size());
        assertArrayEquals(NOT_UTF8, afterToo.get(0), "0xff sorts after 0xfe");
        assertEquals(1L, r.run(SortedSetRequests.zremRangeByLex(lex, LexBound.inclusive(NOT_UTF8), LexBound.MAX)));
        ScoredMember<byte[]> popped = r.run(SortedSetRequests.zpopMax(key));
        assertArrayEquals(NOT_UTF8_TOO, popped.member());
        assertArrayEquals(NOT_UTF8, r.run(SortedSetRequests.zscan(key, 0, null, 0)).items().get(0).member());
    }

    // ---- bitmaps ----

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("protocolsAndModes")
    void bitmaps_setGetCountPositionAndOperations(int protocol, Mode mode) {
        Runner r = new Runner(protocol, mode);
        assertFalse(r.run(BitmapRequests.setBit("bits", 1, true)));
        assertTrue(r.run(BitmapRequests.setBit("bits", 1, true)));
        assertFalse(r.run(BitmapRequests.setBit("bits", 14, true)));
        assertTrue(r.run(BitmapRequests.getBit("bits", 1)));
        assertFalse(r.run(BitmapRequests.getBit("bits", 2)));
        assertFalse(r.run(BitmapRequests.getBit("bits", 1000)));
        assertArrayEquals(new byte[] {0x40, 0x02}, resp2.get(b("bits")));
        assertEquals(2L, r.run(BitmapRequests.bitCount("bits")));
        assertEquals(1L, r.run(BitmapRequests.bitCount("bits", 1, 1, BitUnit.BYTE)));
        assertEquals(1L, r.run(BitmapRequests.bitCount("bits", 0, 7, BitUnit.BIT)));
        assertEquals(0L, r.run(BitmapRequests.bitCount("absent")));
        assertEquals(1L, r.run(BitmapRequests.bitPos("bits", true)));
        assertEquals(0L, r.run(BitmapRequests.bitPos("bits", false)));
        assertEquals(14L, r.run(BitmapRequests.bitPos("bits", true, 2, -1, BitUnit.BIT)));
        assertEquals(-1L, r.run(BitmapRequests.bitPos("bits", true, 15, 15, BitUnit.BIT)));
        resp2.set(b("other"), new byte[] {(byte) 0xff});
        assertEquals(2L, r.run(BitmapRequests.bitOp(BitOperation.AND, "and", "bits", "other")));
        assertArrayEquals(new byte[] {0x40, 0}, resp2.get(b("and")));
        assertEquals(2L, r.run(BitmapRequests.bitOp(BitOperation.XOR, b("xor"), b("bits"), b("other"))));
        assertArrayEquals(new byte[] {(byte) 0xbf, 0x02}, resp2.get(b("xor")));
        assertEquals(2L, r.run(BitmapRequests.bitOp(BitOperation.NOT, "not", "bits")));
        assertArrayEquals(new byte[] {(byte) 0xbf, (byte) 0xfd}, resp2.get(b("not")));
        assertEquals(1L, r.run(BitmapRequests.bitOp(BitOperation.OR, "or", "other", "absent")));
        assertTrue(r.run(BitmapRequests.getBit(b("or"), 7)));
        assertEquals(1L, r.run(BitmapRequests.bitCount(b("and"))));
        assertEquals(14L, r.run(BitmapRequests.bitPos(b("bits"), true, 1, 1, BitUnit.BYTE)));
        r.run(HashRequests.hset("hash", "f", "v"));
        r.assertWrongType(BitmapRequests.setBit("hash", 0, true));
    }

    // ---- requests themselves ----

    @Test
    void request_reusedAcrossModes_givesTheSameReplyEachTime() {
        resp2.execute(ListRequests.rpush("l", "a", "b"));
        Request<List<String>> range = ListRequests.lrange("l", 0, -1);
        Pipeline p = resp3.pipeline();
        CompletableFuture<List<String>> first = p.execute(range);
        CompletableFuture<List<String>> second = p.execute(range);
        p.sync();
        assertEquals(List.of("a", "b"), resp2.execute(range));
        assertEquals(List.of("a", "b"), resp3.async().execute(range).join());
        assertEquals(first.join(), second.join());
        assertEquals("LRANGE", range.name());
        assertEquals("LRANGE l 0 -1", range.toString());
    }
}
