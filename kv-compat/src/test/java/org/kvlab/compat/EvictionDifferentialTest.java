package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import net.jqwik.api.Example;

/**
 * The memory settings against redis-server: {@code CONFIG GET}/{@code SET} of {@code maxmemory} and its policy reply
 * byte for byte as Redis's, and so do the OOM error, the OBJECT FREQ and IDLETIME errors; the INFO fields of eviction
 * and of the keyspace counters are present on both (their values differ: each server counts its own memory).
 */
@RequiresRedis
final class EvictionDifferentialTest {

    @Example
    void memoryConfig_getAndSet_replyAsRedis() {
        Differential d = Differential.shared();
        d.reset();
        try {
            for (String name : new String[] {"maxmemory", "maxmemory-policy", "maxmemory-samples", "lfu-log-factor",
                "lfu-decay-time"}) {
                d.check("CONFIG", "GET", name);
            }
            d.check("CONFIG", "SET", "maxmemory", "100mb");
            d.check("CONFIG", "GET", "maxmemory");
            d.check("CONFIG", "SET", "maxmemory", "10K");
            d.check("CONFIG", "GET", "maxmemory");
            d.check("CONFIG", "SET", "maxmemory", "2GB");
            d.check("CONFIG", "GET", "maxmemory");
            for (String bad : new String[] {"1.5gb", "-1", "abc", "10kk", "5 ", "+5", "", "B"}) {
                d.check("CONFIG", "SET", "maxmemory", bad);
            }
            for (String policy : new String[] {"allkeys-lru", "ALLKEYS-LFU", "allkeys-random", "volatile-lru",
                "volatile-lfu", "volatile-random", "volatile-ttl", "noeviction", "bogus", "lru"}) {
                d.check("CONFIG", "SET", "maxmemory-policy", policy);
                d.check("CONFIG", "GET", "maxmemory-policy");
            }
            for (String samples : new String[] {"0", "1", "64", "65", "-3", "many"}) {
                d.check("CONFIG", "SET", "maxmemory-samples", samples);
                d.check("CONFIG", "GET", "maxmemory-samples");
            }
            for (String value : new String[] {"0", "20", "-1", "x"}) {
                d.check("CONFIG", "SET", "lfu-log-factor", value);
                d.check("CONFIG", "SET", "lfu-decay-time", value);
                d.check("CONFIG", "GET", "lfu-log-factor");
                d.check("CONFIG", "GET", "lfu-decay-time");
            }
        } finally {
            restoreDefaults(d);
        }
    }

    @Example
    void writeOverMaxmemory_underNoeviction_getsRedisOomError() {
        Differential d = Differential.shared();
        d.reset();
        try {
            // Redis's used memory is never 0: give kvlab's a few bytes too, so that both are over the limit
            d.check("SET", "k", "v");
            d.check("CONFIG", "SET", "maxmemory", "1");
            d.check("SET", "k", "w");
            d.check("RPUSH", "l", "a");
            d.check("HSET", "h", "f", "v");
            d.check("GET", "k");
            d.check("DEL", "k");
        } finally {
            restoreDefaults(d);
        }
    }

    @Example
    void objectFreqAndIdletime_errorsFollowThePolicy() {
        Differential d = Differential.shared();
        d.reset();
        try {
            d.check("SET", "k", "v");
            d.check("OBJECT", "FREQ", "k");
            d.check("OBJECT", "FREQ", "nokey");
            d.check("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
            d.check("OBJECT", "IDLETIME", "k");
            d.check("OBJECT", "FREQ", "nokey");
            d.check("SET", "fresh", "v");
            d.check("OBJECT", "FREQ", "fresh");
            d.check("GET", "fresh");
            d.check("OBJECT", "FREQ", "fresh");
        } finally {
            restoreDefaults(d);
        }
    }

    @Example
    void info_hasRedisEvictionAndKeyspaceFields() {
        Differential d = Differential.shared();
        d.reset();
        try {
            d.check("CONFIG", "SET", "maxmemory", "1gb", "maxmemory-policy", "volatile-ttl");
            Reply[] stats = d.call(Differential.args("INFO", "stats"));
            for (String field : new String[] {"expired_keys", "evicted_keys", "keyspace_hits", "keyspace_misses"}) {
                assertHasField(stats, field, "\\d+");
            }
            Reply[] memory = d.call(Differential.args("INFO", "memory"));
            assertHasField(memory, "maxmemory", "1073741824");
            assertHasField(memory, "maxmemory_human", "1\\.00G");
            assertHasField(memory, "maxmemory_policy", "volatile-ttl");
            assertHasField(memory, "used_memory_human", "[0-9.]+[BKMGTPE]");
            d.check("CONFIG", "RESETSTAT");
            stats = d.call(Differential.args("INFO", "stats"));
            for (String field : new String[] {"expired_keys", "evicted_keys", "keyspace_hits", "keyspace_misses"}) {
                assertHasField(stats, field, "0");
            }
        } finally {
            restoreDefaults(d);
        }
    }

    private static void assertHasField(Reply[] replies, String field, String valuePattern) {
        Pattern line = Pattern.compile("(?m)^" + field + ":" + valuePattern + "\r\n");
        String[] sides = {"redis-server", "kvlab"};
        for (int i = 0; i < 2; i++) {
            String text = replies[i].text();
            assertTrue(line.matcher(text).find(), sides[i] + " has no " + field + ":" + valuePattern + " in " + text);
        }
    }

    private static void restoreDefaults(Differential d) {
        d.check("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction", "maxmemory-samples", "5",
                "lfu-log-factor", "10", "lfu-decay-time", "1");
    }
}
