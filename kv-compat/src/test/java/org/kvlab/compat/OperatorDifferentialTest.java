package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Example;

/**
 * The operator commands MEMORY, DEBUG and {@code CONFIG SET appendfsync|appendonly} reply as redis-server does: byte
 * for byte where the reply is deterministic (help, errors, a missing key, OK), and where it holds figures of each
 * server's own memory by shape — the same reply types, the same field names in the same order. {@code DEBUG OBJECT}'s
 * encoding and serialized length are compared exactly, its address, LRU clock and idle time by form; Redis adds
 * {@code ql_*} fields for a list, which kvlab leaves out.
 */
@RequiresRedis
final class OperatorDifferentialTest {

    private static final Pattern DEBUG_OBJECT = Pattern.compile("^\\+Value at:0x[0-9a-f]+ refcount:\\d+ "
            + "encoding:(\\S+) serializedlength:(\\d+) lru:\\d+ lru_seconds_idle:\\d+( ql_.*)?\\\\r\\\\n$");

    private final Differential d = Differential.shared();

    @Example
    void memoryHelpErrorsAndMissingKeys_replyAsRedis() {
        d.reset();
        d.check("SET", "k", "v");
        d.check("MEMORY", "HELP");
        d.check("MEMORY", "USAGE", "nokey");
        d.check("MEMORY", "USAGE", "k", "SAMPLES", "-1");
        d.check("MEMORY", "USAGE", "k", "SAMPLES", "x");
        d.check("MEMORY", "USAGE", "k", "SAMPLES");
        d.check("MEMORY", "USAGE", "k", "foo");
        d.check("MEMORY", "USAGE");
        d.check("MEMORY", "STATS", "x");
        d.check("MEMORY", "PURGE");
        d.check("MEMORY", "foo");
        d.check("MEMORY");
        Reply[] usage = d.call(Differential.args("MEMORY", "USAGE", "k", "SAMPLES", "0"));
        assertEquals(':', usage[0].type, usage[0].toString());
        assertEquals(':', usage[1].type, "an integer, as Redis: " + usage[1]);
    }

    @Example
    void memoryStatsDoctorAndMallocStats_haveRedisShape_inResp2AndResp3() {
        d.reset();
        d.check("SET", "k", "v");
        d.check("SELECT", "2");
        d.check("SET", "k2", "v");
        d.check("SELECT", "0");
        for (String protocol : new String[] {"2", "3"}) {
            d.call(Differential.args("HELLO", protocol));
            Reply[] stats = d.call(Differential.args("MEMORY", "STATS"));
            assertEquals(shape(stats[0]), shape(stats[1]), "MEMORY STATS in RESP" + protocol);
            for (String sub : new String[] {"DOCTOR", "MALLOC-STATS"}) {
                Reply[] text = d.call(Differential.args("MEMORY", sub));
                assertEquals(text[0].type, text[1].type, "MEMORY " + sub + " in RESP" + protocol + ": " + text[1]);
            }
        }
    }

    @Example
    void debugObject_hasRedisEncodingAndSerializedLength() {
        d.reset();
        d.check("SET", "small", "v");
        d.check("SET", "number", "123");
        d.check("SET", "sentence", "hello world");
        d.check("RPUSH", "list", "a", "b", "c");
        d.check("HSET", "hash", "f", "v");
        d.check("SADD", "ints", "1", "2", "3");
        d.check("ZADD", "zset", "1", "a", "2", "b");
        for (String key : new String[] {"small", "number", "sentence", "list", "hash", "ints", "zset"}) {
            Reply[] replies = d.call(Differential.args("DEBUG", "OBJECT", key));
            Matcher redis = DEBUG_OBJECT.matcher(replies[0].toString());
            Matcher kvlab = DEBUG_OBJECT.matcher(replies[1].toString());
            assertTrue(redis.matches(), "redis " + replies[0]);
            assertTrue(kvlab.matches(), "kvlab " + replies[1]);
            assertEquals(redis.group(1) + " " + redis.group(2), kvlab.group(1) + " " + kvlab.group(2), key);
        }
    }

    @Example
    void debugSubcommandsAndErrors_replyAsRedis() {
        d.reset();
        d.check("DEBUG", "OBJECT", "nokey");
        d.check("DEBUG", "OBJECT");
        d.check("DEBUG", "OBJECT", "a", "b");
        d.check("DEBUG", "foo");
        d.check("DEBUG");
        d.check("DEBUG", "SLEEP", "0");
        d.check("DEBUG", "SLEEP", "0.01");
        d.check("DEBUG", "SLEEP", "x");
        d.check("DEBUG", "SLEEP");
        d.check("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        d.check("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        d.check("DEBUG", "SET-ACTIVE-EXPIRE");
        d.check("DEBUG", "RELOAD", "foo");
    }

    @Example
    void configSetAppendfsyncAndAppendonly_replyAsRedis() {
        d.reset();
        d.check("CONFIG", "SET", "appendfsync", "sometimes");
        d.check("CONFIG", "SET", "appendfsync", "ALWAYS");
        d.check("CONFIG", "GET", "appendfsync");
        d.check("CONFIG", "SET", "appendfsync", "no");
        d.check("CONFIG", "GET", "appendfsync");
        d.check("CONFIG", "SET", "appendfsync", "everysec");
        d.check("CONFIG", "GET", "appendfsync");
        d.check("CONFIG", "SET", "appendonly", "maybe");
        d.check("CONFIG", "SET", "appendonly", "no");
    }

    /** Returns the reply's types, with the names of a map's (or a RESP2 field list's) fields, and no values. */
    private static String shape(Reply reply) {
        if (reply.elements == null) {
            return String.valueOf((char) reply.type);
        }
        StringBuilder sb = new StringBuilder().append((char) reply.type).append('[');
        for (int i = 0; i < reply.elements.size(); i++) {
            Reply element = reply.elements.get(i);
            sb.append(i % 2 == 0 ? element.toString() : shape(element)).append(' ');
        }
        return sb.append(']').toString();
    }
}
