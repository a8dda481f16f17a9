package org.kvlab.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.kvlab.client.KvClient;
import org.kvlab.client.ListRequests;

/**
 * A test of {@code redis-benchmark}'s default suite that {@code kv-bench load -t} runs: the command, keys and
 * values redis-benchmark 7.0 sends for it ({@code src/redis-benchmark.c}), so that a run compares with
 * {@code redis-benchmark -r KEYSPACE -d SIZE -t NAME}. In an argument, {@value #RANDOM} is a 12-digit number drawn
 * uniformly from the key space for every request (each occurrence its own draw, as {@code -r} does); values are
 * {@link #value(int) redis-benchmark's payload} of {@code --value-size} bytes. Declared in the order
 * redis-benchmark runs its tests, which is the order {@link #parse} returns whatever order they are named in: the
 * pops follow the pushes that fill their keys.
 */
public enum BenchmarkTest {

    /** {@code PING} as a multibulk (kv-bench sends every request as an array, so there is no inline PING). */
    PING_MBULK("ping_mbulk", "PING_MBULK", "PING"),
    /** {@code SET key:__rand_int__ VALUE}. */
    SET("set", "SET", "SET", "key:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE),
    /** {@code GET key:__rand_int__}. */
    GET("get", "GET", "GET", "key:" + BenchmarkTest.RANDOM),
    /** {@code INCR counter:__rand_int__}. */
    INCR("incr", "INCR", "INCR", "counter:" + BenchmarkTest.RANDOM),
    /** {@code LPUSH mylist VALUE}. */
    LPUSH("lpush", "LPUSH", "LPUSH", BenchmarkTest.LIST, BenchmarkTest.VALUE),
    /** {@code RPUSH mylist VALUE}. */
    RPUSH("rpush", "RPUSH", "RPUSH", BenchmarkTest.LIST, BenchmarkTest.VALUE),
    /** {@code LPOP mylist}. */
    LPOP("lpop", "LPOP", "LPOP", BenchmarkTest.LIST),
    /** {@code RPOP mylist}. */
    RPOP("rpop", "RPOP", "RPOP", BenchmarkTest.LIST),
    /** {@code SADD myset element:__rand_int__}. */
    SADD("sadd", "SADD", "SADD", "myset", "element:" + BenchmarkTest.RANDOM),
    /** {@code HSET myhash element:__rand_int__ VALUE}. */
    HSET("hset", "HSET", "HSET", "myhash", "element:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE),
    /** {@code SPOP myset}. */
    SPOP("spop", "SPOP", "SPOP", "myset"),
    /** {@code ZADD myzset __rand_int__ element:__rand_int__}: a random score and member, as with {@code -r}. */
    ZADD("zadd", "ZADD", "ZADD", "myzset", BenchmarkTest.RANDOM, "element:" + BenchmarkTest.RANDOM),
    /** {@code ZPOPMIN myzset}. */
    ZPOPMIN("zpopmin", "ZPOPMIN", "ZPOPMIN", "myzset"),
    /** {@code LRANGE mylist 0 99}, the list first filled to {@value #LRANGE_FILL} elements. */
    LRANGE_100("lrange_100", "LRANGE_100 (first 100 elements)", "LRANGE", BenchmarkTest.LIST, "0", "99"),
    /** {@code LRANGE mylist 0 299}, the list first filled to {@value #LRANGE_FILL} elements. */
    LRANGE_300("lrange_300", "LRANGE_300 (first 300 elements)", "LRANGE", BenchmarkTest.LIST, "0", "299"),
    /** {@code LRANGE mylist 0 499}, the list first filled to {@value #LRANGE_FILL} elements. */
    LRANGE_500("lrange_500", "LRANGE_500 (first 500 elements)", "LRANGE", BenchmarkTest.LIST, "0", "499"),
    /** {@code LRANGE mylist 0 599}, the list first filled to {@value #LRANGE_FILL} elements. */
    LRANGE_600("lrange_600", "LRANGE_600 (first 600 elements)", "LRANGE", BenchmarkTest.LIST, "0", "599"),
    /** {@code MSET} of 10 keys {@code key:__rand_int__}, each with the value. */
    MSET("mset", "MSET (10 keys)", "MSET",
            "key:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE, "key:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE,
            "key:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE, "key:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE,
            "key:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE, "key:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE,
            "key:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE, "key:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE,
            "key:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE, "key:" + BenchmarkTest.RANDOM, BenchmarkTest.VALUE);

    /** The placeholder redis-benchmark replaces with a random 12-digit number in every request. */
    public static final String RANDOM = "__rand_int__";

    /** How many elements the LRANGE tests' list holds at least before they run. */
    public static final int LRANGE_FILL = 600;

    /** The template argument that stands for the value; not a valid argument itself. */
    static final String VALUE = "\u0000value";

    private static final String LIST = "mylist";

    private final String testName;
    private final String title;
    private final String[] template;

    BenchmarkTest(String testName, String title, String... template) {
        this.testName = testName;
        this.title = title;
        this.template = template;
    }

    /** Returns the name {@code -t} takes, e.g. {@code lrange_600}, as redis-benchmark spells it. */
    public String testName() {
        return testName;
    }

    /** Returns the name redis-benchmark prints for the test, e.g. {@code LRANGE_600 (first 600 elements)}. */
    public String title() {
        return title;
    }

    /**
     * Returns the command's arguments with the value in place and {@value #RANDOM} still in the arguments that
     * hold a random number; the value array is shared by every argument that holds it.
     */
    byte[][] command(byte[] value) {
        byte[][] args = new byte[template.length][];
        for (int i = 0; i < template.length; i++) {
            args[i] = VALUE.equals(template[i]) ? value : template[i].getBytes(StandardCharsets.US_ASCII);
        }
        return args;
    }

    /**
     * Prepares the server before the test runs: the LRANGE tests push {@code value} onto {@code mylist} until it
     * holds {@value #LRANGE_FILL} elements (redis-benchmark pushes as many as its request count before them, with
     * the same command); the other tests need nothing.
     *
     * @throws org.kvlab.api.KvException if the server cannot be reached or refuses the commands
     */
    void prepare(KvClient client, byte[] value) {
        if (!"LRANGE".equals(template[0])) {
            return;
        }
        byte[] key = LIST.getBytes(StandardCharsets.US_ASCII);
        long missing = LRANGE_FILL - client.execute(ListRequests.llen(key));
        if (missing > 0) {
            byte[][] values = new byte[(int) missing][];
            Arrays.fill(values, value);
            client.execute(ListRequests.lpush(key, values));
        }
    }

    /**
     * Returns {@code size} bytes of redis-benchmark's payload: since Redis 6.2 it fills values with characters
     * {@code '0' + (state >> 16 & 63)} of a linear congruential generator seeded with 1234
     * ({@code genBenchmarkRandomData}), the same bytes in every run.
     */
    public static byte[] value(int size) {
        byte[] data = new byte[size];
        int state = 1234;
        for (int i = 0; i < size; i++) {
            state = state * 1103515245 + 12345;
            data[i] = (byte) ('0' + ((state >>> 16) & 63));
        }
        return data;
    }

    /**
     * Parses a {@code -t} list: test names separated by commas, in any case, as redis-benchmark takes them, plus
     * {@code lrange} for the four LRANGE tests. Returns each test once, in the order redis-benchmark runs them.
     *
     * @throws IllegalArgumentException naming the unknown test and the known ones
     */
    public static List<BenchmarkTest> parse(String list) {
        Set<BenchmarkTest> chosen = EnumSet.noneOf(BenchmarkTest.class);
        for (String part : (list == null ? "" : list).split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("lrange")) {
                chosen.addAll(EnumSet.of(LRANGE_100, LRANGE_300, LRANGE_500, LRANGE_600));
                continue;
            }
            BenchmarkTest test = byName(name);
            if (test == null) {
                throw new IllegalArgumentException("tests: unknown test '" + part.trim() + "' (expected: a comma-"
                        + "separated list of " + String.join(", ", names()) + ", lrange)");
            }
            chosen.add(test);
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("tests: '" + list + "' names no test (expected: e.g. get,set,lpush)");
        }
        return new ArrayList<>(chosen);
    }

    private static BenchmarkTest byName(String name) {
        for (BenchmarkTest t : values()) {
            if (t.testName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (BenchmarkTest t : values()) {
            names.add(t.testName);
        }
        return names;
    }
}
