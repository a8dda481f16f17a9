package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.NOT_INTEGER;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.SYNTAX;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class KeyCommandsTest {

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    @Test
    void del_andUnlink_countRemovedKeys() {
        c.call("MSET", "a", "1", "b", "2", "c", "3");
        assertEquals(integer(2), c.call("DEL", "a", "b", "x"));
        assertEquals(integer(1), c.call("UNLINK", "c", "a"));
        assertEquals(integer(0), c.call("DBSIZE"));
    }

    @Test
    void exists_countsRepeatedKeysEachTime() {
        c.call("SET", "a", "1");
        assertEquals(integer(2), c.call("EXISTS", "a", "a", "b"));
        assertEquals(error("ERR wrong number of arguments for 'exists' command"), c.call("EXISTS"));
    }

    @Test
    void touch_countsExistingKeys() {
        c.call("SET", "a", "1");
        assertEquals(integer(1), c.call("TOUCH", "a", "b"));
    }

    @Test
    void objectIdletime_countsSecondsSinceTheLastAccess_andTouchResetsIt() {
        c.call("SET", "a", "1");
        wire.clock.advance(5_000);
        assertEquals(integer(5), c.call("OBJECT", "IDLETIME", "a"));
        assertEquals(integer(5), c.call("OBJECT", "IDLETIME", "a"), "asking is no access");
        wire.clock.advance(2_000);
        assertEquals(integer(7), c.call("OBJECT", "IDLETIME", "a"));
        assertEquals(NIL, c.call("OBJECT", "IDLETIME", "missing"));
    }

    @Test
    void objectEncodingAndRefcount_followRedisForStrings() {
        c.call("MSET", "small", "42", "big", "12345", "text", "hello", "long", "x".repeat(45));
        assertEquals(bulk("int"), c.call("OBJECT", "ENCODING", "small"));
        assertEquals(bulk("embstr"), c.call("OBJECT", "ENCODING", "text"));
        assertEquals(bulk("raw"), c.call("OBJECT", "ENCODING", "long"));
        assertEquals(integer(Integer.MAX_VALUE), c.call("OBJECT", "REFCOUNT", "small"), "a shared integer");
        assertEquals(integer(1), c.call("OBJECT", "REFCOUNT", "big"));
        assertEquals(NIL, c.call("OBJECT", "ENCODING", "missing"));
    }

    @Test
    void objectSubcommandErrors_areRedis() {
        assertEquals(error("ERR unknown subcommand 'foo'. Try OBJECT HELP."), c.call("OBJECT", "foo", "k"));
        assertEquals(error("ERR wrong number of arguments for 'object|encoding' command"),
                c.call("OBJECT", "ENCODING"));
        c.call("SET", "a", "1");
        assertEquals(error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
                + "that when switching between policies at runtime LRU and LFU data will take some time to adjust."),
                c.call("OBJECT", "FREQ", "a"));
    }

    @Test
    void type_namesStringOrNone() {
        c.call("SET", "a", "1");
        assertEquals("+string\r\n", c.call("TYPE", "a"));
        assertEquals("+none\r\n", c.call("TYPE", "b"));
    }

    @Test
    void rename_movesValueAndTtl() {
        c.call("SET", "a", "1", "EX", "50");
        c.call("SET", "b", "old");
        assertEquals(OK, c.call("RENAME", "a", "b"));
        assertEquals(bulk("1"), c.call("GET", "b"));
        assertEquals(integer(50), c.call("TTL", "b"));
        assertEquals(integer(0), c.call("EXISTS", "a"));
        assertEquals(error("ERR no such key"), c.call("RENAME", "a", "c"));
    }

    @Test
    void renamenx_refusesExistingTarget() {
        c.call("MSET", "a", "1", "b", "2");
        assertEquals(integer(0), c.call("RENAMENX", "a", "b"));
        assertEquals(integer(1), c.call("RENAMENX", "a", "c"));
        assertEquals(bulk("1"), c.call("GET", "c"));
        assertEquals(error("ERR no such key"), c.call("RENAMENX", "zz", "y"));
    }

    @Test
    void copy_withinAndAcrossDatabases() {
        c.call("SET", "a", "1");
        assertEquals(integer(1), c.call("COPY", "a", "b"));
        c.call("SET", "a", "2");
        assertEquals(integer(0), c.call("COPY", "a", "b"));
        assertEquals(integer(1), c.call("COPY", "a", "b", "REPLACE"));
        assertEquals(bulk("2"), c.call("GET", "b"));
        assertEquals(integer(1), c.call("COPY", "a", "a", "DB", "3"));
        assertEquals(integer(0), c.call("COPY", "missing", "x"));
        assertEquals(error("ERR source and destination objects are the same"), c.call("COPY", "a", "a"));
        assertEquals(error("ERR DB index is out of range"), c.call("COPY", "a", "x", "DB", "16"));
        assertEquals(NOT_INTEGER, c.call("COPY", "a", "x", "DB", "one"));
        assertEquals(SYNTAX, c.call("COPY", "a", "x", "FOO"));
        c.call("SELECT", "3");
        assertEquals(bulk("2"), c.call("GET", "a"));
    }

    @Test
    void keys_matchesGlobPatterns() {
        c.call("MSET", "hello", "1", "hallo", "2", "hxllo", "3", "hllo", "4", "heeello", "5", "h*llo", "6");
        assertEquals(Set.of("hello", "hallo", "hxllo", "h*llo"), keys(c.call("KEYS", "h?llo")));
        assertEquals(Set.of("hello", "hallo", "hxllo", "hllo", "heeello", "h*llo"), keys(c.call("KEYS", "h*llo")));
        assertEquals(Set.of("hello", "hallo"), keys(c.call("KEYS", "h[ae]llo")));
        assertEquals(Set.of("hallo", "hxllo", "h*llo"), keys(c.call("KEYS", "h[^e]llo")));
        assertEquals(Set.of("hallo", "hello"), keys(c.call("KEYS", "h[a-e]llo")));
        assertEquals(Set.of("h*llo"), keys(c.call("KEYS", "h\\*llo")));
        assertEquals(6, keys(c.call("KEYS", "*")).size());
        assertEquals("*0\r\n", c.call("KEYS", "nothing*"));
    }

    @Test
    void scan_visitsEveryKeyOnce_andFilters() {
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < 200; i++) {
            c.call("SET", "key:" + i, "v");
            expected.add("key:" + i);
        }
        c.call("SET", "other", "v");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            String reply = c.call("SCAN", cursor, "MATCH", "key:*", "COUNT", "25", "TYPE", "string");
            Matcher m = Pattern.compile("^\\*2\r\n\\$\\d+\r\n(\\d+)\r\n").matcher(reply);
            assertTrue(m.find(), reply);
            cursor = m.group(1);
            seen.addAll(keys(reply.substring(m.end())));
        } while (!cursor.equals("0"));
        assertEquals(expected, new TreeSet<>(seen));
    }

    @Test
    void scan_badArguments_areRejected() {
        assertEquals(error("ERR invalid cursor"), c.call("SCAN", "abc"));
        assertEquals(error("ERR invalid cursor"), c.call("SCAN", "1x"));
        assertEquals(error("ERR invalid cursor"), c.call("SCAN", "18446744073709551616"));
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", c.call("SCAN", "-1"));
        assertEquals(SYNTAX, c.call("SCAN", "0", "COUNT", "0"));
        assertEquals(NOT_INTEGER, c.call("SCAN", "0", "COUNT", "x"));
        assertEquals(SYNTAX, c.call("SCAN", "0", "FOO", "x"));
        c.call("SET", "s", "v");
        assertTrue(c.call("SCAN", "0", "COUNT", "1000", "TYPE", "list").endsWith("\r\n*0\r\n"));
    }

    @Test
    void randomkey_returnsAKeyOrNil() {
        assertEquals(NIL, c.call("RANDOMKEY"));
        c.call("SET", "only", "1");
        assertEquals(bulk("only"), c.call("RANDOMKEY"));
    }

    @Test
    void dbsize_countsCurrentDatabase() {
        c.call("MSET", "a", "1", "b", "2");
        assertEquals(integer(2), c.call("DBSIZE"));
        c.call("SELECT", "1");
        assertEquals(integer(0), c.call("DBSIZE"));
    }

    @Test
    void expire_family_setsTtl_andExpiredKeysVanish() {
        c.call("MSET", "a", "1", "b", "2", "c", "3", "d", "4");
        assertEquals(integer(1), c.call("EXPIRE", "a", "10"));
        assertEquals(integer(1), c.call("PEXPIRE", "b", "2500"));
        assertEquals(integer(1), c.call("EXPIREAT", "c", Long.toString(Wire.START / 1000 + 7)));
        assertEquals(integer(1), c.call("PEXPIREAT", "d", Long.toString(Wire.START + 900)));
        assertEquals(integer(10), c.call("TTL", "a"));
        assertEquals(integer(3), c.call("TTL", "b"));
        assertEquals(integer(2500), c.call("PTTL", "b"));
        assertEquals(integer(7000), c.call("PTTL", "c"));
        assertEquals(integer(Wire.START / 1000 + 7), c.call("EXPIRETIME", "c"));
        assertEquals(integer(Wire.START + 900), c.call("PEXPIRETIME", "d"));
        wire.clock.advance(1000);
        assertEquals(NIL, c.call("GET", "d"));
        assertEquals(integer(-2), c.call("TTL", "d"));
        assertEquals(integer(0), c.call("EXPIRE", "d", "10"));
    }

    @Test
    void expire_inThePast_deletesKey() {
        c.call("SET", "a", "1");
        assertEquals(integer(1), c.call("EXPIRE", "a", "-1"));
        assertEquals(integer(0), c.call("EXISTS", "a"));
    }

    @Test
    void expire_conditions_followNxXxGtLt() {
        c.call("SET", "a", "1");
        assertEquals(integer(0), c.call("EXPIRE", "a", "100", "XX"));
        assertEquals(integer(0), c.call("EXPIRE", "a", "100", "GT"));
        assertEquals(integer(1), c.call("EXPIRE", "a", "100", "NX"));
        assertEquals(integer(0), c.call("EXPIRE", "a", "200", "NX"));
        assertEquals(integer(1), c.call("EXPIRE", "a", "200", "GT"));
        assertEquals(integer(0), c.call("EXPIRE", "a", "300", "LT"));
        assertEquals(integer(1), c.call("EXPIRE", "a", "50", "XX", "LT"));
        assertEquals(integer(50), c.call("TTL", "a"));
    }

    @Test
    void expire_badOptions_areRejected() {
        c.call("SET", "a", "1");
        assertEquals(error("ERR NX and XX, GT or LT options at the same time are not compatible"),
                c.call("EXPIRE", "a", "10", "NX", "XX"));
        assertEquals(error("ERR GT and LT options at the same time are not compatible"),
                c.call("EXPIRE", "a", "10", "GT", "LT"));
        assertEquals(error("ERR Unsupported option FOO"), c.call("EXPIRE", "a", "10", "FOO"));
        assertEquals(NOT_INTEGER, c.call("EXPIRE", "a", "ten"));
        assertEquals(error("ERR invalid expire time in 'expire' command"),
                c.call("EXPIRE", "a", "9223372036854775807"));
        assertEquals(error("ERR invalid expire time in 'pexpire' command"),
                c.call("PEXPIRE", "a", "9223372036854775807"));
        assertEquals(integer(-1), c.call("TTL", "a"));
    }

    @Test
    void ttl_ofMissingAndPersistentKeys() {
        assertEquals(integer(-2), c.call("TTL", "x"));
        assertEquals(integer(-2), c.call("PTTL", "x"));
        assertEquals(integer(-2), c.call("EXPIRETIME", "x"));
        assertEquals(integer(-2), c.call("PEXPIRETIME", "x"));
        c.call("SET", "x", "1");
        assertEquals(integer(-1), c.call("TTL", "x"));
        assertEquals(integer(-1), c.call("PTTL", "x"));
        assertEquals(integer(-1), c.call("EXPIRETIME", "x"));
        assertEquals(integer(-1), c.call("PEXPIRETIME", "x"));
    }

    @Test
    void ttl_roundsToNearestSecond() {
        c.call("SET", "a", "1", "PX", "1499");
        assertEquals(integer(1), c.call("TTL", "a"));
        c.call("SET", "a", "1", "PX", "1500");
        assertEquals(integer(2), c.call("TTL", "a"));
    }

    @Test
    void persist_removesExpiry() {
        c.call("SET", "a", "1", "EX", "10");
        assertEquals(integer(1), c.call("PERSIST", "a"));
        assertEquals(integer(0), c.call("PERSIST", "a"));
        assertEquals(integer(0), c.call("PERSIST", "nope"));
        assertEquals(integer(-1), c.call("TTL", "a"));
    }

    /** Reads the bulk strings of a flat array reply. */
    static Set<String> keys(String reply) {
        Set<String> keys = new HashSet<>();
        Matcher m = Pattern.compile("\\$(\\d+)\r\n").matcher(reply);
        int from = reply.indexOf("\r\n") + 2;
        while (m.find(from)) {
            int length = Integer.parseInt(m.group(1));
            keys.add(reply.substring(m.end(), m.end() + length));
            from = m.end() + length + 2;
        }
        return keys;
    }
}
