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

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The set commands, reply bytes as Redis 7.0.15 sends them (RESP2, and RESP3 where they differ). */
final class SetCommandsTest {

    private static final String WRONGTYPE =
            error("WRONGTYPE Operation against a key holding the wrong kind of value");
    private static final String EMPTY = "*0\r\n";
    private static final String EMPTY_SCAN = "*2\r\n$1\r\n0\r\n*0\r\n";

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    private static String set3(String... members) {
        StringBuilder sb = new StringBuilder("~").append(members.length).append("\r\n");
        for (String m : members) {
            sb.append(bulk(m));
        }
        return sb.toString();
    }

    private static String scan(String cursor, String... members) {
        return array(bulk(cursor), bulks(members));
    }

    /** Returns the bulk strings of a flat reply, as a set. */
    private static Set<String> members(String reply) {
        Set<String> out = new HashSet<>();
        String[] lines = reply.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith("$")) {
                out.add(lines[++i]);
            }
        }
        return out;
    }

    @Test
    void sadd_countsNewMembers_andSmembersOfAnIntsetIsAscending() {
        assertEquals(integer(4), c.call("SADD", "s", "10", "-1", "3", "3", "2"));
        assertEquals(integer(0), c.call("sadd", "s", "2"));
        assertEquals(bulks("-1", "2", "3", "10"), c.call("SMEMBERS", "s"));
        assertEquals("+set\r\n", c.call("TYPE", "s"));
        assertEquals("intset", wire.store.encoding(Args.bytes("s")));
    }

    @Test
    void sadd_ofANonInteger_convertsToHashtable() {
        c.call("SADD", "s", "1", "2");
        assertEquals(integer(1), c.call("SADD", "s", "01"));
        assertEquals("hashtable", wire.store.encoding(Args.bytes("s")));
        assertEquals(Set.of("1", "2", "01"), members(c.call("SMEMBERS", "s")));
    }

    @Test
    void sadd_pastSetMaxIntsetEntries_convertsToHashtable() {
        assertEquals(OK, c.call("CONFIG", "SET", "set-max-intset-entries", "3"));
        c.call("SADD", "s", "1", "2", "3");
        assertEquals("intset", wire.store.encoding(Args.bytes("s")));
        c.call("SADD", "s", "4");
        assertEquals("hashtable", wire.store.encoding(Args.bytes("s")));
    }

    @Test
    void wrongArity_andWrongType_areRedisErrors() {
        assertEquals(error("ERR wrong number of arguments for 'sadd' command"), c.call("SADD", "s"));
        assertEquals(error("ERR wrong number of arguments for 'smembers' command"), c.call("SMEMBERS", "a", "b"));
        c.call("SET", "str", "v");
        for (String[] command : new String[][] {{"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SMEMBERS", "str"},
            {"SISMEMBER", "str", "a"}, {"SMISMEMBER", "str", "a"}, {"SCARD", "str"}, {"SPOP", "str"},
            {"SPOP", "str", "0"}, {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "0"}, {"SINTER", "nokey", "str"},
            {"SINTERCARD", "2", "nokey", "str"}, {"SUNION", "str"}, {"SDIFF", "nokey", "str"},
            {"SINTERSTORE", "d", "nokey", "str"}, {"SSCAN", "str", "0"}, {"SSCAN", "str", "0", "bad"},
            {"SMOVE", "str", "s", "a"}}) {
            assertEquals(WRONGTYPE, c.call(command), String.join(" ", command));
        }
    }

    @Test
    void srem_removesAndDeletesAnEmptiedSet() {
        c.call("SADD", "s", "a", "b");
        assertEquals(integer(1), c.call("SREM", "s", "a", "a", "z"));
        assertEquals(integer(1), c.call("SREM", "s", "b"));
        assertEquals(integer(0), c.call("EXISTS", "s"));
        assertEquals(integer(0), c.call("SREM", "nokey", "a"));
    }

    @Test
    void sismemberAndSmismemberAndScard() {
        c.call("SADD", "s", "a", "1");
        assertEquals(integer(1), c.call("SISMEMBER", "s", "1"));
        assertEquals(integer(0), c.call("SISMEMBER", "s", "01"));
        assertEquals(integer(0), c.call("SISMEMBER", "nokey", "a"));
        assertEquals(array(integer(1), integer(0), integer(1)), c.call("SMISMEMBER", "s", "a", "b", "1"));
        assertEquals(array(integer(0)), c.call("SMISMEMBER", "nokey", "a"));
        assertEquals(integer(2), c.call("SCARD", "s"));
        assertEquals(integer(0), c.call("SCARD", "nokey"));
    }

    @Test
    void spop_withoutCount_returnsAMemberAndRemovesIt() {
        assertEquals(NIL, c.call("SPOP", "nokey"));
        c.call("SADD", "s", "only");
        assertEquals(bulk("only"), c.call("SPOP", "s"));
        assertEquals(integer(0), c.call("EXISTS", "s"));
    }

    @Test
    void spop_withCount_checksTheCountFirst_andRepliesASet() {
        assertEquals(error("ERR value is out of range, must be positive"), c.call("SPOP", "nokey", "-1"));
        assertEquals(error("ERR value is out of range, must be positive"), c.call("SPOP", "nokey", "x"));
        assertEquals(SYNTAX, c.call("SPOP", "nokey", "1", "2"));
        assertEquals(EMPTY, c.call("SPOP", "nokey", "3"));
        c.call("SADD", "s", "3", "1", "2");
        assertEquals(EMPTY, c.call("SPOP", "s", "0"));
        String two = c.call("SPOP", "s", "2");
        assertTrue(two.startsWith("*2\r\n"), two);
        assertEquals(integer(1), c.call("SCARD", "s"));
        c.call("SADD", "s", "1", "2", "3");
        assertEquals(bulks("1", "2", "3"), c.call("SPOP", "s", "10"), "all of an intset, ascending");
        assertEquals(integer(0), c.call("EXISTS", "s"));
    }

    @Test
    void srandmember_countSemantics() {
        assertEquals(NIL, c.call("SRANDMEMBER", "nokey"));
        assertEquals(EMPTY, c.call("SRANDMEMBER", "nokey", "5"));
        assertEquals(NOT_INTEGER, c.call("SRANDMEMBER", "nokey", "x"));
        assertEquals(error("ERR value is out of range, value must between -9223372036854775807 and "
                + "9223372036854775807"), c.call("SRANDMEMBER", "nokey", "-9223372036854775808"));
        assertEquals(SYNTAX, c.call("SRANDMEMBER", "s", "1", "2"));
        c.call("SADD", "s", "3", "1", "2");
        assertEquals(EMPTY, c.call("SRANDMEMBER", "s", "0"));
        assertEquals(bulks("1", "2", "3"), c.call("SRANDMEMBER", "s", "3"), "all of an intset, ascending");
        assertEquals(bulks("1", "2", "3"), c.call("SRANDMEMBER", "s", "100"));
        String repeated = c.call("SRANDMEMBER", "s", "-7");
        assertTrue(repeated.startsWith("*7\r\n"), repeated);
        assertTrue(Set.of("1", "2", "3").containsAll(members(repeated)));
        String two = c.call("SRANDMEMBER", "s", "2");
        assertTrue(two.startsWith("*2\r\n") && members(two).size() == 2, two);
        assertEquals(error("ERR value is out of range, value must between -2147483639 and 9223372036854775807"),
                c.call("SRANDMEMBER", "s", "-9223372036854775807"));
        assertEquals(integer(3), c.call("SCARD", "s"));
    }

    @Test
    void smove_movesAtomically_andChecksTypesAsRedis() {
        c.call("SADD", "src", "a", "b");
        assertEquals(integer(1), c.call("SMOVE", "src", "dst", "a"));
        assertEquals(integer(0), c.call("SMOVE", "src", "dst", "a"));
        assertEquals(bulks("a"), c.call("SMEMBERS", "dst"));
        assertEquals(integer(1), c.call("SMOVE", "src", "src", "b"));
        assertEquals(integer(0), c.call("SMOVE", "src", "src", "z"));
        assertEquals(integer(1), c.call("SMOVE", "src", "dst", "b"));
        assertEquals(integer(0), c.call("EXISTS", "src"));
        c.call("SET", "str", "v");
        assertEquals(integer(0), c.call("SMOVE", "nokey", "str", "a"));
        assertEquals(WRONGTYPE, c.call("SMOVE", "dst", "str", "zzz"));
    }

    @Test
    void sinterSunionSdiff_followRedis() {
        c.call("SADD", "a", "1", "2", "3");
        c.call("SADD", "b", "2", "3", "4");
        assertEquals(bulks("2", "3"), c.call("SINTER", "a", "b"));
        assertEquals(EMPTY, c.call("SINTER", "a", "nokey"));
        assertEquals(bulks("1", "2", "3", "4"), c.call("SUNION", "a", "b", "nokey"));
        assertEquals(bulks("1"), c.call("SDIFF", "a", "b"));
        assertEquals(EMPTY, c.call("SDIFF", "a", "a"));
        assertEquals(EMPTY, c.call("SDIFF", "nokey", "a"));
    }

    @Test
    void sintercard_optionsAndLimit() {
        c.call("SADD", "a", "1", "2", "3");
        c.call("SADD", "b", "1", "2", "3", "4");
        assertEquals(integer(3), c.call("SINTERCARD", "2", "a", "b"));
        assertEquals(integer(2), c.call("SINTERCARD", "2", "a", "b", "LIMIT", "2"));
        assertEquals(integer(3), c.call("SINTERCARD", "2", "a", "b", "limit", "0"));
        assertEquals(integer(1), c.call("SINTERCARD", "1", "a", "LIMIT", "5", "LIMIT", "1"));
        assertEquals(integer(0), c.call("SINTERCARD", "2", "a", "nokey"));
        String numkeys = error("ERR numkeys should be greater than 0");
        assertEquals(numkeys, c.call("SINTERCARD", "0", "a"));
        assertEquals(numkeys, c.call("SINTERCARD", "x", "a"));
        assertEquals(error("ERR Number of keys can't be greater than number of args"),
                c.call("SINTERCARD", "3", "a", "b"));
        assertEquals(SYNTAX, c.call("SINTERCARD", "1", "a", "LIMIT"));
        assertEquals(SYNTAX, c.call("SINTERCARD", "1", "a", "foo"));
        assertEquals(error("ERR LIMIT can't be negative"), c.call("SINTERCARD", "1", "nokey", "LIMIT", "-1"));
        assertEquals(error("ERR LIMIT can't be negative"), c.call("SINTERCARD", "1", "a", "LIMIT", "x"));
    }

    @Test
    void storeCommands_replaceTheDestination_andDeleteItWhenEmpty() {
        c.call("SADD", "a", "1", "2", "3");
        c.call("SADD", "b", "2", "3", "x");
        c.call("SET", "d", "string");
        c.call("EXPIRE", "d", "100");
        assertEquals(integer(2), c.call("SINTERSTORE", "d", "a", "b"));
        assertEquals(bulks("2", "3"), c.call("SMEMBERS", "d"));
        assertEquals(integer(-1), c.call("TTL", "d"));
        assertEquals(integer(4), c.call("SUNIONSTORE", "d", "a", "b"));
        assertEquals("hashtable", wire.store.encoding(Args.bytes("d")));
        assertEquals(integer(1), c.call("SDIFFSTORE", "d", "a", "b"));
        assertEquals(bulks("1"), c.call("SMEMBERS", "d"));
        assertEquals(integer(0), c.call("SINTERSTORE", "d", "a", "nokey"));
        assertEquals(integer(0), c.call("EXISTS", "d"));
        assertEquals(integer(0), c.call("SUNIONSTORE", "d", "nokey"));
        assertEquals(integer(0), c.call("SDIFFSTORE", "d", "a", "a"));
    }

    @Test
    void sscan_ofAnIntset_returnsEverythingAtOnce() {
        c.call("SADD", "s", "3", "1", "2");
        assertEquals(scan("0", "1", "2", "3"), c.call("SSCAN", "s", "0"));
        assertEquals(scan("0", "1", "2", "3"), c.call("SSCAN", "s", "-1", "COUNT", "1"));
        assertEquals(scan("0", "2"), c.call("SSCAN", "s", "0", "MATCH", "2"));
        assertEquals(scan("0", "1", "2", "3"), c.call("SSCAN", "s", "0", "MATCH", "*"));
    }

    @Test
    void sscan_ofAHashtable_iteratesWithACursor() {
        for (int i = 0; i < 100; i++) {
            c.call("SADD", "s", "m" + i);
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int steps = 0;
        do {
            String reply = c.call("SSCAN", "s", cursor, "COUNT", "5");
            String[] lines = reply.split("\r\n");
            cursor = lines[2];
            Set<String> step = members(reply);
            step.remove(cursor);
            seen.addAll(step);
            steps++;
        } while (!cursor.equals("0"));
        assertEquals(100, seen.size());
        assertTrue(steps > 5, "steps: " + steps);
    }

    @Test
    void sscan_errors_inRedisOrder() {
        c.call("SADD", "s", "1");
        assertEquals(error("ERR invalid cursor"), c.call("SSCAN", "nokey", "x"));
        assertEquals(error("ERR invalid cursor"), c.call("SSCAN", "s", "18446744073709551616"));
        assertEquals(EMPTY_SCAN, c.call("SSCAN", "nokey", "0", "bad"));
        assertEquals(EMPTY_SCAN, c.call("SSCAN", "nokey", "0"));
        assertEquals(SYNTAX, c.call("SSCAN", "s", "0", "bad"));
        assertEquals(SYNTAX, c.call("SSCAN", "s", "0", "COUNT", "0"));
        assertEquals(SYNTAX, c.call("SSCAN", "s", "0", "MATCH"));
        assertEquals(SYNTAX, c.call("SSCAN", "s", "0", "TYPE", "set"));
        assertEquals(NOT_INTEGER, c.call("SSCAN", "s", "0", "COUNT", "x"));
    }

    @Test
    void resp3_setRepliesAreSets_srandmemberIsAnArray() {
        c.call("HELLO", "3");
        c.call("SADD", "s", "3", "1", "2");
        c.call("SADD", "t", "2");
        assertEquals(set3("1", "2", "3"), c.call("SMEMBERS", "s"));
        assertEquals("~0\r\n", c.call("SMEMBERS", "nokey"));
        assertEquals(set3("2"), c.call("SINTER", "s", "t"));
        assertEquals("~0\r\n", c.call("SINTER", "s", "nokey"));
        assertEquals(set3("1", "2", "3"), c.call("SUNION", "s", "t"));
        assertEquals(set3("1", "3"), c.call("SDIFF", "s", "t"));
        assertEquals("_\r\n", c.call("SPOP", "nokey"));
        assertEquals("~0\r\n", c.call("SPOP", "nokey", "2"));
        assertEquals("_\r\n", c.call("SRANDMEMBER", "nokey"));
        assertEquals(EMPTY, c.call("SRANDMEMBER", "nokey", "2"));
        assertEquals(bulks("1", "2", "3"), c.call("SRANDMEMBER", "s", "5"));
        assertEquals(EMPTY_SCAN, c.call("SSCAN", "nokey", "0"));
        assertEquals(set3("2"), c.call("SPOP", "t", "1"));
    }

    @Test
    void commandInfo_describesTheSetGroup() {
        String info = c.call("COMMAND", "INFO", "sintercard", "smove");
        assertTrue(info.contains("$10\r\nsintercard\r\n:-3\r\n*2\r\n+readonly\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n"),
                info);
        assertTrue(info.contains("$5\r\nsmove\r\n:4\r\n*2\r\n+write\r\n+fast\r\n:1\r\n:2\r\n:1\r\n"), info);
    }
}
