package org.kvlab.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The commands each redis-benchmark test sends, as redis-benchmark 7.0 sends them, and the {@code -t} list. */
final class BenchmarkTestTest {

    /** What redis-benchmark sends per test: {@code V} stands for the value, {@code #} for 12 random digits. */
    private static final Map<BenchmarkTest, String> EXPECTED = new EnumMap<>(BenchmarkTest.class);

    static {
        EXPECTED.put(BenchmarkTest.PING_MBULK, "PING");
        EXPECTED.put(BenchmarkTest.SET, "SET key:# V");
        EXPECTED.put(BenchmarkTest.GET, "GET key:#");
        EXPECTED.put(BenchmarkTest.INCR, "INCR counter:#");
        EXPECTED.put(BenchmarkTest.LPUSH, "LPUSH mylist V");
        EXPECTED.put(BenchmarkTest.RPUSH, "RPUSH mylist V");
        EXPECTED.put(BenchmarkTest.LPOP, "LPOP mylist");
        EXPECTED.put(BenchmarkTest.RPOP, "RPOP mylist");
        EXPECTED.put(BenchmarkTest.SADD, "SADD myset element:#");
        EXPECTED.put(BenchmarkTest.HSET, "HSET myhash element:# V");
        EXPECTED.put(BenchmarkTest.SPOP, "SPOP myset");
        EXPECTED.put(BenchmarkTest.ZADD, "ZADD myzset # element:#");
        EXPECTED.put(BenchmarkTest.ZPOPMIN, "ZPOPMIN myzset");
        EXPECTED.put(BenchmarkTest.LRANGE_100, "LRANGE mylist 0 99");
        EXPECTED.put(BenchmarkTest.LRANGE_300, "LRANGE mylist 0 299");
        EXPECTED.put(BenchmarkTest.LRANGE_500, "LRANGE mylist 0 499");
        EXPECTED.put(BenchmarkTest.LRANGE_600, "LRANGE mylist 0 599");
        EXPECTED.put(BenchmarkTest.MSET, "MSET" + " key:# V".repeat(10));
    }

    @ParameterizedTest
    @EnumSource(BenchmarkTest.class)
    void requestMix_eachTest_sendsRedisBenchmarksCommandWithNumbersInTheKeyspace(BenchmarkTest test) {
        byte[] value = BenchmarkTest.value(7);
        RequestMix mix = RequestMix.of(test, 1_000, 7, 99, 4);

        for (int round = 0; round < 3; round++) {
            List<byte[][]> batch = mix.next(4);
            assertEquals(4, batch.size());
            for (byte[][] command : batch) {
                String[] words = EXPECTED.get(test).split(" ");
                assertEquals(words.length, command.length, test + ": " + text(command));
                for (int i = 0; i < words.length; i++) {
                    if (words[i].equals("V")) {
                        assertSame(command[i], batch.get(0)[i], "the value is one shared array");
                        assertArrayEquals(value, command[i]);
                    } else {
                        String pattern = words[i].replace("#", "\\d{12}");
                        String arg = ascii(command[i]);
                        assertTrue(arg.matches(pattern), test + " argument " + i + ": " + arg);
                        if (words[i].contains("#")) {
                            String digits = arg.substring(arg.length() - 12);
                            assertTrue(Long.parseLong(digits) < 1_000, arg);
                        }
                    }
                }
            }
        }
    }

    @Test
    void requestMix_zaddAndMset_drawEachNumberOnItsOwn() {
        byte[][] zadd = RequestMix.of(BenchmarkTest.ZADD, 1_000_000_000, 3, 5, 1).next(1).get(0);
        assertNotEquals(ascii(zadd[2]), ascii(zadd[3]).substring("element:".length()));
        byte[][] mset = RequestMix.of(BenchmarkTest.MSET, 1_000_000_000, 3, 5, 1).next(1).get(0);
        Set<String> keys = new HashSet<>();
        for (int i = 1; i < mset.length; i += 2) {
            keys.add(ascii(mset[i]));
        }
        assertEquals(10, keys.size());
    }

    @Test
    void requestMix_batchSlots_ownTheirNumberedArguments() {
        List<byte[][]> batch = RequestMix.of(BenchmarkTest.HSET, 1_000_000, 3, 5, 2).next(2);
        assertTrue(batch.get(0)[2] != batch.get(1)[2], "each slot rewrites its own field array");
        assertSame(batch.get(0)[1], batch.get(1)[1], "constant arguments are shared");
    }

    @Test
    void value_isRedisBenchmarksPayload() {
        assertEquals("VXKeHogKgJ", ascii(BenchmarkTest.value(10)), "what redis-benchmark -d 10 sends");
        assertEquals("VXK", ascii(BenchmarkTest.value(3)));
        assertEquals(0, BenchmarkTest.value(0).length);
    }

    @Test
    void parse_anyOrderAndCase_givesRedisBenchmarksOrderOnce() {
        assertEquals(List.of(BenchmarkTest.SET, BenchmarkTest.GET, BenchmarkTest.LPUSH, BenchmarkTest.ZPOPMIN),
                BenchmarkTest.parse("zpopmin, LPUSH,get,set,get"));
        assertEquals(List.of(BenchmarkTest.LRANGE_100, BenchmarkTest.LRANGE_300, BenchmarkTest.LRANGE_500,
                BenchmarkTest.LRANGE_600, BenchmarkTest.MSET), BenchmarkTest.parse("mset,lrange,lrange_300"));
    }

    @Test
    void parse_unknownOrEmpty_saysWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkTest.parse("get,xadd"));
        assertTrue(e.getMessage().startsWith("tests: unknown test 'xadd' (expected: a comma-separated list of "
                + "ping_mbulk, set, get,"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchmarkTest.parse(" , "));
    }

    @Test
    void testNames_areRedisBenchmarksLowerCaseNames() {
        List<String> names = new ArrayList<>();
        for (BenchmarkTest t : BenchmarkTest.values()) {
            names.add(t.testName());
        }
        assertEquals(List.of("ping_mbulk", "set", "get", "incr", "lpush", "rpush", "lpop", "rpop", "sadd", "hset",
                "spop", "zadd", "zpopmin", "lrange_100", "lrange_300", "lrange_500", "lrange_600", "mset"), names);
        assertEquals("LRANGE_600 (first 600 elements)", BenchmarkTest.LRANGE_600.title());
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String text(byte[][] command) {
        List<String> words = new ArrayList<>();
        for (byte[] arg : command) {
            words.add(ascii(arg));
        }
        return String.join(" ", words);
    }
}
