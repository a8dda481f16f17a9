package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.bulks;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.EvictionPolicy;

/** The memory settings over the wire: CONFIG of maxmemory and its policy, the OOM error, OBJECT FREQ, INFO fields. */
final class EvictionCommandsTest {

    private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    private static String text(String info, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":([^\r]*)\r\n").matcher(info);
        assertTrue(m.find(), name + " in " + info);
        return m.group(1);
    }

    private static long field(String info, String name) {
        return Long.parseLong(text(info, name));
    }

    @Test
    void configSet_memorySettings_applyToTheStoreAtOnce() {
        assertEquals(OK, c.call("CONFIG", "SET", "maxmemory", "100mb", "maxmemory-policy", "ALLKEYS-LFU",
                "maxmemory-samples", "10", "lfu-log-factor", "20", "lfu-decay-time", "0"));
        assertEquals(bulks("maxmemory", "104857600"), c.call("CONFIG", "GET", "maxmemory"));
        assertEquals(bulks("maxmemory-policy", "allkeys-lfu"), c.call("CONFIG", "GET", "maxmemory-policy"));
        assertEquals(bulks("lfu-log-factor", "20", "lfu-decay-time", "0"),
                c.call("CONFIG", "GET", "lfu-*"));
        assertEquals(104_857_600, wire.store.memoryLimits().maxMemory());
        assertEquals(EvictionPolicy.ALLKEYS_LFU, wire.store.memoryLimits().policy());
        assertEquals(10, wire.store.memoryLimits().samples());
        assertEquals(OK, c.call("CONFIG", "SET", "maxmemory", "10K"));
        assertEquals(bulks("maxmemory", "10000"), c.call("CONFIG", "GET", "maxmemory"));
    }

    @Test
    void configSet_badMemorySettings_getRedisReasons() {
        String prefix = "ERR CONFIG SET failed (possibly related to argument '";
        assertEquals(error(prefix + "maxmemory') - argument must be a memory value"),
                c.call("CONFIG", "SET", "maxmemory", "1.5gb"));
        assertEquals(error(prefix + "maxmemory') - argument must be a memory value"),
                c.call("CONFIG", "SET", "maxmemory", "-1"));
        assertEquals(error(prefix + "maxmemory-policy') - argument(s) must be one of the following: volatile-lru, "
                + "volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction"),
                c.call("CONFIG", "SET", "maxmemory-policy", "bogus"));
        assertEquals(error(prefix + "maxmemory-samples') - argument must be between 1 and 2147483647 inclusive"),
                c.call("CONFIG", "SET", "maxmemory-samples", "0"));
        assertEquals(error(prefix + "lfu-log-factor') - argument couldn't be parsed into an integer"),
                c.call("CONFIG", "SET", "lfu-log-factor", "abc"));
    }

    @Test
    void write_pastMaxmemory_underNoeviction_getsOom_andEvictsUnderAPolicy() {
        for (int i = 0; i < 50; i++) {
            c.call("SET", "key:" + i, "x".repeat(100));
        }
        long used = wire.store.usedMemory();
        assertEquals(OK, c.call("CONFIG", "SET", "maxmemory", Long.toString(used / 2)));
        assertEquals(error(OOM), c.call("SET", "one-more", "x"));
        assertEquals(OK, c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random"));
        assertEquals(OK, c.call("SET", "one-more", "x"));
        assertTrue(wire.store.usedMemory() <= used / 2);
        assertTrue(field(c.call("INFO", "stats"), "evicted_keys") >= 25);
    }

    @Test
    void objectFreq_answersUnderLfuOnly_andIdletimeOtherwise() {
        c.call("SET", "k", "v");
        assertEquals(error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
                + "that when switching between policies at runtime LRU and LFU data will take some time to adjust."),
                c.call("OBJECT", "FREQ", "k"));
        assertEquals(integer(0), c.call("OBJECT", "IDLETIME", "k"));
        assertEquals(OK, c.call("CONFIG", "SET", "maxmemory-policy", "volatile-lfu"));
        assertEquals(error("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
                + "switching between policies at runtime LRU and LFU data will take some time to adjust."),
                c.call("OBJECT", "IDLETIME", "k"));
        c.call("SET", "fresh", "v");
        assertEquals(integer(5), c.call("OBJECT", "FREQ", "fresh"));
        c.call("GET", "fresh");
        assertEquals(integer(6), c.call("OBJECT", "FREQ", "fresh"));
        assertEquals(Replies.NIL, c.call("OBJECT", "FREQ", "nokey"));
    }

    @Test
    void info_showsKeyspaceCountersAndMemoryPolicy_andResetstatClearsThem() {
        c.call("SET", "a", "1");
        c.call("GET", "a");
        c.call("GET", "b");
        c.call("SET", "t", "1", "PX", "10");
        wire.clock.advance(20);
        assertEquals(Replies.NIL, c.call("GET", "t"));
        String stats = c.call("INFO", "stats");
        assertEquals(1, field(stats, "keyspace_hits"), stats);
        assertEquals(2, field(stats, "keyspace_misses"), stats);
        assertEquals(1, field(stats, "expired_keys"), stats);
        assertEquals(0, field(stats, "evicted_keys"), stats);
        assertEquals(OK, c.call("CONFIG", "SET", "maxmemory", "1gb", "maxmemory-policy", "allkeys-lru"));
        String memory = c.call("INFO", "memory");
        assertEquals("1073741824", text(memory, "maxmemory"));
        assertEquals("1.00G", text(memory, "maxmemory_human"));
        assertEquals("allkeys-lru", text(memory, "maxmemory_policy"));
        assertEquals(OK, c.call("CONFIG", "RESETSTAT"));
        stats = c.call("INFO", "stats");
        for (String name : new String[] {"keyspace_hits", "keyspace_misses", "expired_keys", "evicted_keys"}) {
            assertEquals(0, field(stats, name), name + " in " + stats);
        }
        assertTrue(c.call("CONFIG", "GET", "maxmemory").contains(bulk("1073741824")));
    }
}
