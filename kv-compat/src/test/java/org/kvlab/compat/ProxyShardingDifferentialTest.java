package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.compat.Gen.b;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.kvlab.server.KvServer;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;
import org.kvlab.testsuite.client.RedisServerProcess;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Sharding through twemproxy: three kvlab servers behind one {@code nutcracker} (ketama over fnv1a_64, hash tag
 * {@code {}}) reply, through it, what three redis-servers reply through another {@code nutcracker} configured alike —
 * random sequences of the commands twemproxy forwards, as raw RESP, and a Jedis session with a pipeline — and every
 * key lands on the node {@link Ketama} names, on both pools.
 *
 * <p>Both proxies name their servers {@code shard0} to {@code shard2}, so they place every key alike: a command over
 * keys of several shards that twemproxy sends whole to its first key's node (SINTER, SMOVE, RPOPLPUSH, COPY, …)
 * meets the same data on both sides. A command twemproxy does not forward, or forwards only at the arity it knows
 * ({@code EXPIRE k 10 NX}), makes it close the connection: that is compared too (closed on both sides), and the
 * test connects again; {@link #commandsTwemproxyDoesNotForward_closeTheConnection_inBothPools} names those the
 * documentation says a proxy does not give (transactions, pub/sub, blocking pops, keyspace walks, server commands).
 */
@RequiresRedis
@RequiresNutcracker
final class ProxyShardingDifferentialTest {

    private static final int NODES = 3;

    /**
     * The commands twemproxy 0.5.0 forwards to a node, as its {@code docs/notes/redis.md} lists them, with those its
     * parser also takes (UNLINK, TOUCH, COPY, HSTRLEN, HRANDFIELD); the generators' others are left out.
     */
    static final Set<String> FORWARDED = Set.of(
            "del", "unlink", "touch", "dump", "exists", "expire", "expireat", "persist", "pexpire", "pexpireat",
            "pttl", "restore", "sort", "ttl", "type", "copy",
            "append", "bitcount", "bitfield", "bitpos", "decr", "decrby", "get", "getbit", "getdel", "getex",
            "getrange", "getset", "incr", "incrby", "incrbyfloat", "mget", "mset", "psetex", "set", "setbit", "setex",
            "setnx", "setrange", "strlen",
            "hdel", "hexists", "hget", "hgetall", "hincrby", "hincrbyfloat", "hkeys", "hlen", "hmget", "hmset",
            "hset", "hsetnx", "hvals", "hscan", "hstrlen", "hrandfield",
            "lindex", "linsert", "llen", "lmove", "lpop", "lpos", "lpush", "lpushx", "lrange", "lrem", "lset", "ltrim",
            "rpop", "rpoplpush", "rpush", "rpushx",
            "sadd", "scard", "sdiff", "sdiffstore", "sinter", "sinterstore", "sismember", "smembers", "smismember",
            "smove", "spop", "srandmember", "srem", "sscan", "sunion", "sunionstore",
            "zadd", "zcard", "zcount", "zdiff", "zdiffstore", "zincrby", "zinter", "zinterstore", "zlexcount",
            "zmscore", "zpopmax", "zpopmin", "zrandmember", "zrange", "zrangebylex", "zrangebyscore", "zrangestore",
            "zrank", "zrem", "zremrangebylex", "zremrangebyrank", "zremrangebyscore", "zrevrange", "zrevrangebylex",
            "zrevrangebyscore", "zrevrank", "zscan", "zscore", "zunion", "zunionstore");

    private static final Ketama KETAMA = new Ketama(NODES, Nutcracker.HASH_TAG);

    private static final List<RedisServerProcess> redisNodes = new ArrayList<>();
    private static final List<KvStore> kvlabStores = new ArrayList<>();
    private static final List<KvServer> kvlabNodes = new ArrayList<>();
    /** A direct connection to each node, pool by pool: Redis's nodes, then kvlab's. */
    private static final List<List<Differential.Side>> direct = List.of(new ArrayList<>(), new ArrayList<>());
    private static final List<Nutcracker> proxies = new ArrayList<>();

    @BeforeContainer
    static void startPools() throws IOException, InterruptedException {
        List<InetSocketAddress> redisAddresses = new ArrayList<>();
        List<InetSocketAddress> kvlabAddresses = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            RedisServerProcess redis = RedisServerProcess.start(null);
            redisNodes.add(redis);
            redisAddresses.add(redis.address());
            KvStore store = KvStore.inMemory();
            kvlabStores.add(store);
            KvServer kvlab = KvServer.builder().store(store).transport("nio")
                    .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
            kvlabNodes.add(kvlab);
            kvlabAddresses.add(kvlab.start());
        }
        for (int i = 0; i < NODES; i++) {
            direct.get(0).add(new Differential.Side(redisAddresses.get(i)));
            direct.get(1).add(new Differential.Side(kvlabAddresses.get(i)));
        }
        proxies.add(Nutcracker.start(redisAddresses));
        proxies.add(Nutcracker.start(kvlabAddresses));
    }

    @AfterContainer
    static void stopPools() {
        proxies.forEach(Nutcracker::close);
        direct.forEach(pool -> pool.forEach(Differential.Side::close));
        kvlabNodes.forEach(KvServer::close);
        kvlabStores.forEach(KvStore::close);
        redisNodes.forEach(RedisServerProcess::close);
    }

    @Property(tries = 150)
    void forwardedCommands_throughTheProxy_replyAsThroughItToRedis(@ForAll("commands") List<Cmd> commands) {
        flushNodes();
        try (Proxied proxied = new Proxied()) {
            for (Cmd c : commands) {
                proxied.check(c);
            }
        }
        for (byte[] key : Gen.KEY_NAMES) {
            assertPlaced(key);
        }
    }

    @Example
    void keys_landOnTheNodeKetamaNames_inBothPools() {
        flushNodes();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add(b("key:" + i));
            keys.add(b("{user" + i % 7 + "}:" + i)); // only "user0" to "user6" is hashed: seven places in all
            keys.add(new byte[] {(byte) 0xe9, 'k', (byte) i}); // bytes past 0x7f: hashed as C's signed chars
        }
        for (Nutcracker proxy : proxies) {
            try (Differential.Side side = connect(proxy)) {
                for (byte[] key : keys) {
                    side.write(b("SET"), key, b("v"));
                }
                for (byte[] key : keys) {
                    assertEquals("+OK\\r\\n", side.read().toString());
                }
            }
        }
        for (int pool = 0; pool < 2; pool++) {
            for (int node = 0; node < NODES; node++) {
                Set<String> expected = new TreeSet<>();
                for (byte[] key : keys) {
                    if (KETAMA.serverOf(key) == node) {
                        expected.add(new String(key, StandardCharsets.ISO_8859_1));
                    }
                }
                Reply stored = direct.get(pool).get(node).call(b("KEYS"), b("*"));
                Set<String> actual = new TreeSet<>();
                stored.elements.forEach(element -> actual.add(bulk(element)));
                assertTrue(!expected.isEmpty(), "ketama gives node " + node + " a share");
                assertEquals(expected, actual, (pool == 0 ? "redis" : "kvlab") + " node " + node + "'s keys");
            }
        }
    }

    @Example
    void jedis_throughTheProxy_readsWhatItReadsThroughItFromRedis() {
        flushNodes();
        List<List<Object>> results = new ArrayList<>();
        for (Nutcracker proxy : proxies) {
            // twemproxy closes a connection that sends CLIENT SETINFO, so Jedis is told not to
            DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                    .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).socketTimeoutMillis(20_000).build();
            try (Jedis jedis = new Jedis(new HostAndPort(proxy.address().getHostString(), proxy.address().getPort()),
                    config)) {
                results.add(session(jedis));
            }
        }
        assertEquals(results.get(0), results.get(1));
        for (int i = 0; i < 40; i++) {
            assertPlaced(b("user:" + i));
        }
    }

    @Example
    void commandsTwemproxyDoesNotForward_closeTheConnection_inBothPools() {
        List<byte[][]> refused = List.of(Differential.args("MULTI"), Differential.args("WATCH", "k1"),
                Differential.args("SUBSCRIBE", "ch"), Differential.args("PUBLISH", "ch", "m"),
                Differential.args("BLPOP", "k1", "1"), Differential.args("KEYS", "*"), Differential.args("SCAN", "0"),
                Differential.args("RENAME", "k1", "k2"), Differential.args("SELECT", "1"), Differential.args("INFO"),
                Differential.args("FLUSHALL"), Differential.args("HELLO", "3"),
                Differential.args("EXPIRE", "k1", "10", "NX"));
        for (Nutcracker proxy : proxies) {
            for (byte[][] command : refused) {
                try (Differential.Side side = connect(proxy)) {
                    side.write(command);
                    assertThrows(UncheckedIOException.class, side::read,
                            new Cmd(command) + ": the proxy closes the connection");
                }
            }
        }
    }

    /** What a Jedis application does through a proxy: one call of each type's, keys on every shard, a pipeline. */
    private static List<Object> session(Jedis jedis) {
        List<Object> seen = new ArrayList<>();
        List<Function<Jedis, Object>> calls = List.of(
                j -> j.mset("user:1", "ann", "user:2", "bob", "user:3", "cy", "user:4", "di"),
                j -> j.mget("user:1", "user:2", "user:3", "user:4", "user:5"),
                j -> j.exists("user:1", "user:2", "user:5"),
                j -> j.incr("user:10"),
                j -> j.incrByFloat("user:10", 2.5),
                j -> j.append("user:1", "-x"),
                j -> j.getrange("user:1", 1, -1),
                j -> j.setex("user:11", 100, "t"),
                j -> j.ttl("user:11"),
                j -> j.hset("user:20", Map.of("name", "ann", "age", "30", "city", "oslo")),
                j -> j.hgetAll("user:20"),
                j -> j.hincrBy("user:20", "age", 1),
                j -> j.hmget("user:20", "name", "none", "age"),
                j -> j.hkeys("user:20"),
                j -> j.rpush("user:21", "a", "b", "c", "b"),
                j -> j.lpos("user:21", "b"),
                j -> j.lrange("user:21", 0, -1),
                j -> j.lpop("user:21", 2),
                j -> j.sadd("{team}:a", "1", "2", "3"),
                j -> j.sadd("{team}:b", "2", "3", "4"),
                j -> j.sinter("{team}:a", "{team}:b"),
                j -> j.sunionstore("{team}:u", "{team}:a", "{team}:b"),
                j -> j.smembers("{team}:u"),
                j -> j.zadd("user:22", Map.of("ann", 1.5, "bob", -2.0, "cy", 1e10)),
                j -> j.zincrby("user:22", 3, "bob"),
                j -> j.zrangeWithScores("user:22", 0, -1),
                j -> j.zrank("user:22", "cy"),
                j -> j.zrangeByScore("user:22", "-inf", "2"),
                j -> j.incr("user:20"),
                j -> j.del("user:1", "user:2", "user:3", "user:4", "user:5", "user:21"),
                j -> j.type("user:22"));
        for (Function<Jedis, Object> call : calls) {
            try {
                seen.add(call.apply(jedis));
            } catch (JedisDataException e) {
                seen.add("error: " + e.getMessage());
            }
        }
        Pipeline pipeline = jedis.pipelined();
        for (int i = 30; i < 40; i++) {
            pipeline.set("user:" + i, "p" + i);
            pipeline.get("user:" + (i - 1));
            pipeline.hset("user:20", "f" + i, Integer.toString(i));
        }
        pipeline.mget("user:30", "user:35", "user:39");
        seen.addAll(pipeline.syncAndReturnAll());
        return seen;
    }

    @Provide
    Arbitrary<List<Cmd>> commands() {
        return Arbitraries.oneOf(
                KeyspaceDifferentialTest.anyCommand(),
                HashDifferentialTest.hashCommand(),
                ListDifferentialTest.listCommand(),
                SetDifferentialTest.setCommand(),
                SortedSetDifferentialTest.anyCommand(),
                BitmapDifferentialTest.anyCommand())
                .filter(c -> FORWARDED.contains(name(c)))
                .list().ofMinSize(5).ofMaxSize(40);
    }

    private static String name(Cmd c) {
        return new String(c.args[0], StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    }

    /** Asserts {@code key} is on no node but the one ketama names, in either pool, with the same type in both. */
    private static void assertPlaced(byte[] key) {
        int owner = KETAMA.serverOf(key);
        String what = new Cmd(new byte[][] {key}).toString();
        for (int node = 0; node < NODES; node++) {
            String redisType = direct.get(0).get(node).call(b("TYPE"), key).toString();
            String kvlabType = direct.get(1).get(node).call(b("TYPE"), key).toString();
            assertEquals(redisType, kvlabType, "the type of " + what + " on node " + node);
            if (node != owner) {
                assertEquals("+none\\r\\n", kvlabType, what + " belongs on node " + owner + ", found on node " + node);
            }
        }
    }

    /** Empties every node of both pools, straight, not through a proxy (which forwards no FLUSHALL). */
    private static void flushNodes() {
        for (List<Differential.Side> pool : direct) {
            for (Differential.Side node : pool) {
                assertEquals("+OK\\r\\n", node.call(b("FLUSHALL")).toString());
            }
        }
    }

    private static Differential.Side connect(Nutcracker proxy) {
        try {
            return new Differential.Side(proxy.address());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a bulk string reply, as ISO-8859-1. */
    private static String bulk(Reply reply) {
        String text = reply.text();
        int start = text.indexOf('\n') + 1;
        return text.substring(start, text.length() - 2);
    }

    /** One client connection through each proxy, Redis's pool first, opened again after the proxy closes it. */
    private static final class Proxied implements AutoCloseable {

        private final Differential.Side[] sides = new Differential.Side[2];

        Proxied() {
            for (int pool = 0; pool < 2; pool++) {
                sides[pool] = connect(proxies.get(pool));
            }
        }

        /** Sends {@code c} through both proxies and asserts the replies are alike, or both connections closed. */
        void check(Cmd c) {
            Reply[] replies = new Reply[2];
            for (int pool = 0; pool < 2; pool++) {
                try {
                    replies[pool] = sides[pool].call(c.args);
                } catch (UncheckedIOException e) {
                    replies[pool] = null;
                    sides[pool].close();
                    sides[pool] = connect(proxies.get(pool));
                }
            }
            if (replies[0] == null || replies[1] == null) {
                assertEquals(replies[0] == null, replies[1] == null, c + ": the proxy closed the connection to "
                        + (replies[0] == null ? "redis's pool only: kvlab's replied " + replies[1]
                                : "kvlab's pool only: redis's replied " + replies[0]));
                return;
            }
            Differential.check(replies, c.args);
        }

        @Override
        public void close() {
            for (Differential.Side side : sides) {
                side.close();
            }
        }
    }
}
