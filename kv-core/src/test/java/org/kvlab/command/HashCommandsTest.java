package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.NOT_INTEGER;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.SYNTAX;
import static org.kvlab.command.Replies.array;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.bulks;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class HashCommandsTest {

    private static final String WRONGTYPE = error("WRONGTYPE Operation against a key holding the wrong kind of value");
    private static final String EMPTY_SCAN = array(bulk("0"), "*0\r\n");

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    private String encoding(String key) {
        return wire.store.encoding(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hset_countsNewFields_updatesKeepTheirPlace() {
        assertEquals(integer(2), c.call("HSET", "h", "a", "1", "b", "2"));
        assertEquals(integer(1), c.call("HSET", "h", "a", "3", "c", "4"));
        assertEquals(integer(1), c.call("HSET", "h", "d", "5", "d", "6"));
        assertEquals(bulks("a", "3", "b", "2", "c", "4", "d", "6"), c.call("HGETALL", "h"));
        assertEquals("listpack", encoding("h"));
    }

    @Test
    void hset_oddArguments_isWrongNumberOfArguments() {
        assertEquals(error("ERR wrong number of arguments for 'hset' command"), c.call("HSET", "h", "a", "1", "b"));
        assertEquals(error("ERR wrong number of arguments for 'hmset' command"), c.call("HMSET", "h", "a", "1", "b"));
        assertEquals(error("ERR wrong number of arguments for 'hset' command"), c.call("HSET", "h", "a"));
        assertEquals(integer(0), c.call("EXISTS", "h"));
    }

    @Test
    void hmset_repliesOk() {
        assertEquals(OK, c.call("HMSET", "h", "a", "1", "b", "2"));
        assertEquals(bulks("1", "2", null), c.call("HMGET", "h", "a", "b", "c"));
    }

    @Test
    void hsetnx_setsOnlyAnAbsentField() {
        assertEquals(integer(1), c.call("HSETNX", "h", "a", "1"));
        assertEquals(integer(0), c.call("HSETNX", "h", "a", "2"));
        assertEquals(bulk("1"), c.call("HGET", "h", "a"));
    }

    @Test
    void hget_absentKeyOrField_isNil_wrongTypeIsAnError() {
        assertEquals(NIL, c.call("HGET", "h", "a"));
        c.call("HSET", "h", "a", "1");
        assertEquals(NIL, c.call("HGET", "h", "b"));
        c.call("SET", "s", "v");
        assertEquals(WRONGTYPE, c.call("HGET", "s", "a"));
        assertEquals(WRONGTYPE, c.call("HSET", "s", "a", "1"));
        assertEquals(error("ERR wrong number of arguments for 'hset' command"), c.call("HSET", "s", "a", "1", "b"));
    }

    @Test
    void hmget_absentKey_isAllNils() {
        assertEquals(bulks(null, null), c.call("HMGET", "h", "a", "b"));
    }

    @Test
    void hdel_countsDistinctExistingFields_andRemovesTheEmptiedHash() {
        c.call("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertEquals(integer(2), c.call("HDEL", "h", "a", "a", "b", "x"));
        assertEquals(bulks("c", "3"), c.call("HGETALL", "h"));
        assertEquals(integer(1), c.call("HDEL", "h", "c", "c"));
        assertEquals(integer(0), c.call("EXISTS", "h"));
        assertEquals(integer(0), c.call("HDEL", "h", "c"));
    }

    @Test
    void hexistsHlenHstrlen_countOnlyWhatExists() {
        assertEquals(integer(0), c.call("HEXISTS", "h", "a"));
        assertEquals(integer(0), c.call("HLEN", "h"));
        assertEquals(integer(0), c.call("HSTRLEN", "h", "a"));
        c.call("HSET", "h", "a", "hello", "b", "");
        assertEquals(integer(1), c.call("HEXISTS", "h", "a"));
        assertEquals(integer(0), c.call("HEXISTS", "h", "x"));
        assertEquals(integer(2), c.call("HLEN", "h"));
        assertEquals(integer(5), c.call("HSTRLEN", "h", "a"));
        assertEquals(integer(0), c.call("HSTRLEN", "h", "b"));
        assertEquals(integer(0), c.call("HSTRLEN", "h", "x"));
    }

    @Test
    void hkeysHvalsHgetall_inInsertionOrder_emptyForAnAbsentKey() {
        assertEquals("*0\r\n", c.call("HKEYS", "h"));
        assertEquals("*0\r\n", c.call("HVALS", "h"));
        assertEquals("*0\r\n", c.call("HGETALL", "h"));
        c.call("HSET", "h", "z", "1", "a", "2");
        assertEquals(bulks("z", "a"), c.call("HKEYS", "h"));
        assertEquals(bulks("1", "2"), c.call("HVALS", "h"));
    }

    @Test
    void hgetall_resp3_isAMap() {
        c.call("HELLO", "3");
        assertEquals("%0\r\n", c.call("HGETALL", "h"));
        c.call("HSET", "h", "a", "1", "b", "2");
        assertEquals("%2\r\n" + bulk("a") + bulk("1") + bulk("b") + bulk("2"), c.call("HGETALL", "h"));
        assertEquals(bulks("a", "b"), c.call("HKEYS", "h"));
    }

    @Test
    void hincrby_addsToAnIntegerValue_refusesOverflowAndNonIntegers() {
        assertEquals(integer(5), c.call("HINCRBY", "h", "n", "5"));
        assertEquals(integer(-2), c.call("HINCRBY", "h", "n", "-7"));
        assertEquals(NOT_INTEGER, c.call("HINCRBY", "h", "n", "1.5"));
        c.call("HSET", "h", "max", "9223372036854775807", "word", "x", "padded", "01");
        assertEquals(error("ERR increment or decrement would overflow"), c.call("HINCRBY", "h", "max", "1"));
        assertEquals(error("ERR hash value is not an integer"), c.call("HINCRBY", "h", "word", "1"));
        assertEquals(error("ERR hash value is not an integer"), c.call("HINCRBY", "h", "padded", "1"));
        assertEquals(bulk("9223372036854775807"), c.call("HGET", "h", "max"));
    }

    @Test
    void hincrbyfloat_computesInExtendedPrecision_asRedisOnX86() {
        assertEquals(bulk("0.1"), c.call("HINCRBYFLOAT", "h", "f", "0.1"));
        assertEquals(bulk("0.3"), c.call("HINCRBYFLOAT", "h", "f", "0.2"));
        c.call("HSET", "h", "big", "3");
        assertEquals(bulk("9223372036854775810"), c.call("HINCRBYFLOAT", "h", "big", "9223372036854775807"));
        assertEquals(bulk("9223372036854775812"), c.call("HINCRBYFLOAT", "h", "big", "1.5"));
        assertEquals(bulk("16"), c.call("HINCRBYFLOAT", "h", "hex", "0x10"));
        assertEquals(bulk("0"), c.call("HINCRBYFLOAT", "h", "tiny", "-0.000000000000000001"));
    }

    @Test
    void hincrbyfloat_largeValuesPrintAllTheirDigits() {
        String reply = c.call("HINCRBYFLOAT", "h", "huge", "1e400");
        assertTrue(reply.startsWith("$401\r\n1000000000000000000028188068394758651458645343362905203862591069353968"),
                reply);
    }

    @Test
    void hincrbyfloat_errors_asRedis() {
        assertEquals(error("ERR value is NaN or Infinity"), c.call("HINCRBYFLOAT", "h", "f", "inf"));
        assertEquals(error("ERR value is NaN or Infinity"), c.call("HINCRBYFLOAT", "h", "f", "-Infinity"));
        assertEquals(error("ERR value is not a valid float"), c.call("HINCRBYFLOAT", "h", "f", "nan"));
        assertEquals(error("ERR value is not a valid float"), c.call("HINCRBYFLOAT", "h", "f", "1e5000"));
        assertEquals(error("ERR value is not a valid float"), c.call("HINCRBYFLOAT", "h", "f", "1e-5000"));
        assertEquals(error("ERR value is not a valid float"), c.call("HINCRBYFLOAT", "h", "f", " 1"));
        assertEquals(error("ERR value is not a valid float"), c.call("HINCRBYFLOAT", "h", "f", "1e"));
        assertEquals(error("ERR value is not a valid float"), c.call("HINCRBYFLOAT", "h", "f", ""));
        c.call("HSET", "h", "inf", "inf", "word", "x");
        assertEquals(error("ERR increment would produce NaN or Infinity"), c.call("HINCRBYFLOAT", "h", "inf", "1"));
        assertEquals(error("ERR hash value is not a float"), c.call("HINCRBYFLOAT", "h", "word", "1"));
        c.call("SET", "s", "v");
        assertEquals(error("ERR value is not a valid float"), c.call("HINCRBYFLOAT", "s", "f", "x"));
        assertEquals(WRONGTYPE, c.call("HINCRBYFLOAT", "s", "f", "1"));
    }

    @Test
    void hrandfield_withoutCount_isOneFieldOrNil() {
        assertEquals(NIL, c.call("HRANDFIELD", "h"));
        c.call("HSET", "h", "a", "1", "b", "2");
        String reply = c.call("HRANDFIELD", "h");
        assertTrue(reply.equals(bulk("a")) || reply.equals(bulk("b")), reply);
        c.call("HELLO", "3");
        assertEquals("_\r\n", c.call("HRANDFIELD", "x"));
    }

    @Test
    void hrandfield_countAtLeastTheSize_isEveryFieldInOrder() {
        assertEquals("*0\r\n", c.call("HRANDFIELD", "h", "5"));
        c.call("HSET", "h", "a", "1", "b", "2");
        assertEquals(bulks("a", "b"), c.call("HRANDFIELD", "h", "5"));
        assertEquals(bulks("a", "1", "b", "2"), c.call("HRANDFIELD", "h", "2", "WITHVALUES"));
        assertEquals("*0\r\n", c.call("HRANDFIELD", "h", "0"));
        c.call("HELLO", "3");
        assertEquals(array(bulks("a", "1"), bulks("b", "2")), c.call("HRANDFIELD", "h", "9", "withvalues"));
    }

    @Test
    void hrandfield_negativeCount_repeats_positiveCount_isDistinct() {
        c.call("HSET", "h", "a", "1");
        assertEquals(bulks("a", "a", "a"), c.call("HRANDFIELD", "h", "-3"));
        assertEquals(bulks("a", "1", "a", "1"), c.call("HRANDFIELD", "h", "-2", "WITHVALUES"));
        c.call("HSET", "h", "b", "2", "c", "3", "d", "4");
        Set<String> fields = new HashSet<>();
        Matcher m = Pattern.compile("\\$1\r\n(.)\r\n").matcher(c.call("HRANDFIELD", "h", "3"));
        while (m.find()) {
            fields.add(m.group(1));
        }
        assertEquals(3, fields.size(), fields.toString());
    }

    @Test
    void hrandfield_badCounts_areRefusedBeforeTheKeyIsRead() {
        c.call("SET", "s", "v");
        assertEquals(error("ERR value is out of range, value must between -9223372036854775807 and "
                + "9223372036854775807"), c.call("HRANDFIELD", "s", "-9223372036854775808"));
        assertEquals(NOT_INTEGER, c.call("HRANDFIELD", "s", "1.5"));
        assertEquals(SYNTAX, c.call("HRANDFIELD", "s", "1", "WITHSCORES"));
        assertEquals(SYNTAX, c.call("HRANDFIELD", "s", "1", "WITHVALUES", "x"));
        assertEquals(error("ERR value is out of range"),
                c.call("HRANDFIELD", "s", "-4611686018427387904", "WITHVALUES"));
        assertEquals(WRONGTYPE, c.call("HRANDFIELD", "s", "-4611686018427387903", "WITHVALUES"));
        assertEquals("*0\r\n", c.call("HRANDFIELD", "absent", "-9223372036854775807"));
    }

    @Test
    void hscan_listpack_returnsEverythingAtOnce_filteredByMatch() {
        c.call("HSET", "h", "a1", "1", "b1", "2", "a2", "3");
        assertEquals(array(bulk("0"), bulks("a1", "1", "b1", "2", "a2", "3")), c.call("HSCAN", "h", "0", "COUNT", "1"));
        assertEquals(array(bulk("0"), bulks("a1", "1", "a2", "3")), c.call("HSCAN", "h", "7", "MATCH", "a*"));
        assertEquals(array(bulk("0"), bulks("b1", "2")), c.call("HSCAN", "h", "0", "match", "b?", "count", "5"));
    }

    @Test
    void hscan_errors_cursorFirst_thenTheKey_thenTheOptions() {
        assertEquals(error("ERR invalid cursor"), c.call("HSCAN", "h", "x"));
        assertEquals(EMPTY_SCAN, c.call("HSCAN", "h", "0", "BAD"));
        c.call("SET", "s", "v");
        assertEquals(WRONGTYPE, c.call("HSCAN", "s", "0", "COUNT", "0"));
        c.call("HSET", "h", "a", "1");
        assertEquals(SYNTAX, c.call("HSCAN", "h", "0", "COUNT", "0"));
        assertEquals(NOT_INTEGER, c.call("HSCAN", "h", "0", "COUNT", "x"));
        assertEquals(SYNTAX, c.call("HSCAN", "h", "0", "TYPE", "hash"));
        assertEquals(SYNTAX, c.call("HSCAN", "h", "0", "MATCH"));
    }

    @Test
    void hscan_emptyCursor_isZero_asStrtoulReadsIt() {
        c.call("HSET", "h", "a", "1");
        assertEquals(array(bulk("0"), bulks("a", "1")), c.call("HSCAN", "h", ""));
        assertEquals(error("ERR invalid cursor"), c.call("HSCAN", "h", "-"));
        assertEquals(array(bulk("0"), bulks("h")), c.call("SCAN", ""));
    }

    @Test
    void hscan_hashtable_visitsEveryFieldOverSeveralCalls() {
        for (int i = 0; i < 300; i++) {
            c.call("HSET", "h", "f" + i, "v" + i);
        }
        assertEquals("hashtable", encoding("h"));
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        Pattern pair = Pattern.compile("\\$\\d+\r\n(f\\d+)\r\n\\$\\d+\r\n(v\\d+)\r\n");
        do {
            String reply = c.call("HSCAN", "h", cursor, "COUNT", "7");
            Matcher cm = Pattern.compile("^\\*2\r\n\\$\\d+\r\n(\\d+)\r\n").matcher(reply);
            assertTrue(cm.find(), reply);
            cursor = cm.group(1);
            Matcher m = pair.matcher(reply);
            while (m.find()) {
                assertEquals(m.group(1).substring(1), m.group(2).substring(1));
                seen.add(m.group(1));
            }
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(300, seen.size());
        assertTrue(calls > 10, "calls: " + calls);
    }

    @Test
    void conversion_pastTheEntryLimit_toHashtable_neverBack() {
        assertEquals(OK, c.call("CONFIG", "SET", "hash-max-listpack-entries", "2"));
        c.call("HSET", "h", "a", "1", "b", "2");
        assertEquals("listpack", encoding("h"));
        c.call("HSET", "h", "c", "3");
        assertEquals("hashtable", encoding("h"));
        c.call("HDEL", "h", "a", "b");
        assertEquals("hashtable", encoding("h"));
        assertEquals(bulks("c", "3"), c.call("HGETALL", "h"));
    }

    @Test
    void conversion_ofALongFieldOrValue_toHashtable() {
        String long65 = "x".repeat(65);
        c.call("HSET", "v", "a", "x".repeat(64));
        assertEquals("listpack", encoding("v"));
        c.call("HSET", "v", "a", long65);
        assertEquals("hashtable", encoding("v"));
        c.call("HSET", "f", long65, "1");
        assertEquals("hashtable", encoding("f"));
        c.call("HSETNX", "n", "a", "1");
        c.call("HSETNX", "n", "a", long65);
        assertEquals("listpack", encoding("n"));
        c.call("HINCRBY", "n", long65, "1");
        assertEquals("hashtable", encoding("n"));
        assertEquals(bulk("1"), c.call("HGET", "n", long65));
    }
}
