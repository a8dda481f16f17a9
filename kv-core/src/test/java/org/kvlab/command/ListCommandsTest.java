package org.kvlab.command;

import static java.nio.charset.StandardCharsets.UTF_8;
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

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class ListCommandsTest {

    private static final String WRONGTYPE = error("WRONGTYPE Operation against a key holding the wrong kind of value");
    private static final String EMPTY = "*0\r\n";
    private static final String NULL_ARRAY = "*-1\r\n";
    private static final String RESP3_NULL = "_\r\n";

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    private void resp3() {
        assertTrue(c.call("HELLO", "3").startsWith("%"));
    }

    @Test
    void lpushAndRpush_replyTheLength_andKeepRedisOrder() {
        assertEquals(integer(3), c.call("LPUSH", "k", "a", "b", "c"));
        assertEquals(integer(5), c.call("RPUSH", "k", "d", "e"));
        assertEquals(bulks("c", "b", "a", "d", "e"), c.call("LRANGE", "k", "0", "-1"));
        assertEquals("+list\r\n", c.call("TYPE", "k"));
        assertEquals("quicklist", wire.store.encoding("k".getBytes(UTF_8)));
    }

    @Test
    void pushes_areBinarySafe_andKeepNumbersAsWritten() {
        c.call("RPUSH", "k", "v\r\n\u0000x", "", "007", "-0", "12", "-9223372036854775808");
        assertEquals(bulks("v\r\n\u0000x", "", "007", "-0", "12", "-9223372036854775808"),
                c.call("LRANGE", "k", "0", "-1"));
    }

    @Test
    void lpushxAndRpushx_onAMissingKey_replyZeroAndCreateNothing() {
        assertEquals(integer(0), c.call("LPUSHX", "k", "a"));
        assertEquals(integer(0), c.call("RPUSHX", "k", "a", "b"));
        assertEquals(integer(0), c.call("EXISTS", "k"));
        c.call("RPUSH", "k", "x");
        assertEquals(integer(3), c.call("LPUSHX", "k", "a", "b"));
        assertEquals(integer(4), c.call("RPUSHX", "k", "z"));
        assertEquals(bulks("b", "a", "x", "z"), c.call("LRANGE", "k", "0", "-1"));
    }

    @Test
    void listCommands_onAString_replyWrongType() {
        c.call("SET", "s", "v");
        for (String[] command : new String[][] {{"LPUSH", "s", "a"}, {"RPUSHX", "s", "a"}, {"LPOP", "s"},
            {"RPOP", "s", "2"}, {"LLEN", "s"}, {"LRANGE", "s", "0", "1"}, {"LINDEX", "s", "0"},
            {"LSET", "s", "0", "x"}, {"LINSERT", "s", "BEFORE", "a", "b"}, {"LREM", "s", "0", "a"},
            {"LTRIM", "s", "0", "1"}, {"LPOS", "s", "a"}, {"LMOVE", "s", "d", "LEFT", "LEFT"},
            {"RPOPLPUSH", "s", "d"}, {"LMPOP", "1", "s", "LEFT"}}) {
            assertEquals(WRONGTYPE, c.call(command), String.join(" ", command));
        }
        assertEquals(bulk("v"), c.call("GET", "s"));
    }

    @Test
    void lpop_withoutCount_repliesOneElement_orNullOnAMissingKey() {
        assertEquals(NIL, c.call("LPOP", "k"));
        c.call("RPUSH", "k", "a", "b");
        assertEquals(bulk("a"), c.call("LPOP", "k"));
        assertEquals(bulk("b"), c.call("RPOP", "k"));
        assertEquals(integer(0), c.call("EXISTS", "k"), "the emptied list is removed");
    }

    @Test
    void lpop_withCount_repliesAnArray_orANullArrayOnAMissingKey() {
        assertEquals(NULL_ARRAY, c.call("LPOP", "k", "2"));
        assertEquals(NULL_ARRAY, c.call("RPOP", "k", "0"));
        c.call("RPUSH", "k", "a", "b", "c", "d");
        assertEquals(EMPTY, c.call("LPOP", "k", "0"));
        assertEquals(bulks("a", "b"), c.call("LPOP", "k", "2"));
        assertEquals(bulks("d", "c"), c.call("RPOP", "k", "100"));
        assertEquals(integer(0), c.call("EXISTS", "k"));
    }

    @Test
    void lpop_inResp3_repliesNullForAMissingKeyWithAndWithoutCount() {
        resp3();
        assertEquals(RESP3_NULL, c.call("LPOP", "k"));
        assertEquals(RESP3_NULL, c.call("RPOP", "k", "3"));
    }

    @Test
    void lpop_badCount_isOutOfRange_beforeTheTypeIsChecked() {
        c.call("SET", "s", "v");
        String outOfRange = error("ERR value is out of range, must be positive");
        assertEquals(outOfRange, c.call("LPOP", "s", "-1"));
        assertEquals(outOfRange, c.call("RPOP", "nokey", "x"));
        assertEquals(error("ERR wrong number of arguments for 'lpop' command"), c.call("LPOP", "k", "1", "2"));
        assertEquals(error("ERR wrong number of arguments for 'rpop' command"), c.call("RPOP", "k", "1", "2"));
    }

    @Test
    void llen_countsElements_zeroForAMissingKey() {
        assertEquals(integer(0), c.call("LLEN", "k"));
        c.call("RPUSH", "k", "a", "b", "c");
        assertEquals(integer(3), c.call("LLEN", "k"));
    }

    @Test
    void lrange_writesIntegersAndStrings_acrossManyPacks() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String element = i % 3 == 0 ? Long.toString(-7_000_000_000L + i) : i % 3 == 1 ? "e" + i : "x".repeat(i % 90);
            expected.add(element);
            c.call("RPUSH", "k", element);
        }
        assertEquals(bulks(expected.toArray(new String[0])), c.call("LRANGE", "k", "0", "-1"));
        assertEquals(bulks(expected.subList(1000, 2501).toArray(new String[0])), c.call("LRANGE", "k", "1000", "2500"));
    }

    @Test
    void lrange_readsNegativeAndOutOfRangeIndexesAsRedis() {
        c.call("RPUSH", "k", "a", "b", "c", "d");
        assertEquals(bulks("b", "c"), c.call("LRANGE", "k", "1", "2"));
        assertEquals(bulks("c", "d"), c.call("LRANGE", "k", "-2", "-1"));
        assertEquals(bulks("a", "b", "c", "d"), c.call("LRANGE", "k", "-100", "100"));
        assertEquals(EMPTY, c.call("LRANGE", "k", "3", "1"));
        assertEquals(EMPTY, c.call("LRANGE", "k", "4", "10"));
        assertEquals(EMPTY, c.call("LRANGE", "k", "0", "-5"));
        assertEquals(bulks("a"), c.call("LRANGE", "k", "-9223372036854775808", "0"));
        assertEquals(EMPTY, c.call("LRANGE", "nokey", "0", "-1"));
        assertEquals(NOT_INTEGER, c.call("LRANGE", "nokey", "0", "x"));
    }

    @Test
    void lindex_readsFromEitherEnd_nullPastThem() {
        c.call("RPUSH", "k", "a", "b", "c");
        assertEquals(bulk("a"), c.call("LINDEX", "k", "0"));
        assertEquals(bulk("c"), c.call("LINDEX", "k", "-1"));
        assertEquals(bulk("a"), c.call("LINDEX", "k", "-3"));
        assertEquals(NIL, c.call("LINDEX", "k", "3"));
        assertEquals(NIL, c.call("LINDEX", "k", "-4"));
        assertEquals(NIL, c.call("LINDEX", "k", "-9223372036854775808"));
        assertEquals(NIL, c.call("LINDEX", "nokey", "0"));
    }

    @Test
    void lindex_looksTheKeyUpBeforeParsingTheIndex() {
        c.call("RPUSH", "k", "a");
        c.call("SET", "s", "v");
        assertEquals(NIL, c.call("LINDEX", "nokey", "x"));
        assertEquals(WRONGTYPE, c.call("LINDEX", "s", "x"));
        assertEquals(NOT_INTEGER, c.call("LINDEX", "k", "x"));
        resp3();
        assertEquals(RESP3_NULL, c.call("LINDEX", "nokey", "x"));
        assertEquals(RESP3_NULL, c.call("LINDEX", "k", "5"));
    }

    @Test
    void lset_replacesAnElement_orSaysWhyNot() {
        assertEquals(error("ERR no such key"), c.call("LSET", "k", "0", "x"));
        assertEquals(error("ERR no such key"), c.call("LSET", "k", "x", "x"));
        c.call("RPUSH", "k", "a", "b", "c");
        assertEquals(OK, c.call("LSET", "k", "-1", "z"));
        assertEquals(OK, c.call("LSET", "k", "0", "y"));
        assertEquals(error("ERR index out of range"), c.call("LSET", "k", "3", "x"));
        assertEquals(error("ERR index out of range"), c.call("LSET", "k", "-4", "x"));
        assertEquals(NOT_INTEGER, c.call("LSET", "k", "x", "x"));
        assertEquals(bulks("y", "b", "z"), c.call("LRANGE", "k", "0", "-1"));
    }

    @Test
    void linsert_beforeOrAfterTheFirstPivot_minusOneWithoutIt_zeroWithoutAList() {
        assertEquals(integer(0), c.call("LINSERT", "k", "BEFORE", "a", "x"));
        c.call("RPUSH", "k", "a", "b", "a");
        assertEquals(integer(4), c.call("LINSERT", "k", "before", "a", "x"));
        assertEquals(integer(5), c.call("LINSERT", "k", "AFTER", "a", "y"));
        assertEquals(integer(6), c.call("LINSERT", "k", "after", "a", "z"));
        assertEquals(integer(-1), c.call("LINSERT", "k", "AFTER", "nope", "w"));
        assertEquals(bulks("x", "a", "z", "y", "b", "a"), c.call("LRANGE", "k", "0", "-1"));
        assertEquals(SYNTAX, c.call("LINSERT", "k", "MIDDLE", "a", "w"));
        c.call("SET", "s", "v");
        assertEquals(SYNTAX, c.call("LINSERT", "s", "MIDDLE", "a", "w"), "the position is parsed first");
    }

    @Test
    void lrem_countSelectsHowManyAndFromWhichEnd() {
        c.call("RPUSH", "k", "a", "b", "a", "c", "a", "a");
        assertEquals(integer(2), c.call("LREM", "k", "2", "a"));
        assertEquals(bulks("b", "c", "a", "a"), c.call("LRANGE", "k", "0", "-1"));
        assertEquals(integer(1), c.call("LREM", "k", "-1", "a"));
        assertEquals(bulks("b", "c", "a"), c.call("LRANGE", "k", "0", "-1"));
        assertEquals(integer(0), c.call("LREM", "k", "0", "nope"));
        assertEquals(integer(1), c.call("LREM", "k", "-9223372036854775808", "a"));
        assertEquals(integer(1), c.call("LREM", "k", "0", "b"));
        assertEquals(integer(1), c.call("LREM", "k", "0", "c"));
        assertEquals(integer(0), c.call("EXISTS", "k"));
        assertEquals(integer(0), c.call("LREM", "k", "0", "c"));
        assertEquals(NOT_INTEGER, c.call("LREM", "k", "x", "c"));
    }

    @Test
    void ltrim_keepsTheRange_andAnEmptyRangeRemovesTheList() {
        assertEquals(OK, c.call("LTRIM", "k", "0", "1"));
        c.call("RPUSH", "k", "a", "b", "c", "d", "e");
        assertEquals(OK, c.call("LTRIM", "k", "1", "-2"));
        assertEquals(bulks("b", "c", "d"), c.call("LRANGE", "k", "0", "-1"));
        assertEquals(OK, c.call("LTRIM", "k", "-100", "100"));
        assertEquals(integer(3), c.call("LLEN", "k"));
        assertEquals(OK, c.call("LTRIM", "k", "2", "1"));
        assertEquals(integer(0), c.call("EXISTS", "k"));
        assertEquals(NOT_INTEGER, c.call("LTRIM", "k", "0", "x"));
    }

    @Test
    void lpos_findsByRankCountAndMaxlen() {
        c.call("RPUSH", "k", "a", "b", "c", "1", "2", "3", "c", "c");
        assertEquals(integer(2), c.call("LPOS", "k", "c"));
        assertEquals(integer(6), c.call("LPOS", "k", "c", "RANK", "2"));
        assertEquals(integer(7), c.call("LPOS", "k", "c", "RANK", "-1"));
        assertEquals(array(integer(2), integer(6)), c.call("LPOS", "k", "c", "COUNT", "2"));
        assertEquals(array(integer(2), integer(6), integer(7)), c.call("LPOS", "k", "c", "COUNT", "0"));
        assertEquals(array(integer(6), integer(2)), c.call("LPOS", "k", "c", "RANK", "-2", "COUNT", "0"));
        assertEquals(array(integer(2)), c.call("LPOS", "k", "c", "COUNT", "0", "MAXLEN", "6"));
        assertEquals(NIL, c.call("LPOS", "k", "c", "RANK", "2", "MAXLEN", "6"));
        assertEquals(integer(3), c.call("LPOS", "k", "1"));
        assertEquals(NIL, c.call("LPOS", "k", "nope"));
        assertEquals(EMPTY, c.call("LPOS", "k", "nope", "COUNT", "1"));
        assertEquals(NIL, c.call("LPOS", "nokey", "c"));
        assertEquals(EMPTY, c.call("LPOS", "nokey", "c", "COUNT", "3"));
        assertEquals(integer(6), c.call("LPOS", "k", "c", "RANK", "1", "RANK", "2"), "the last option counts");
    }

    @Test
    void lpos_rankOfLongMinValue_actsAsRedisOverflowingNegation() {
        c.call("RPUSH", "k", "a", "b", "a", "c");
        assertEquals(integer(2), c.call("LPOS", "k", "a", "RANK", "-9223372036854775808"));
        assertEquals(array(integer(2), integer(0)),
                c.call("LPOS", "k", "a", "RANK", "-9223372036854775808", "COUNT", "1"));
    }

    @Test
    void lpos_badOptions_replyRedisErrors_beforeTheKeyIsRead() {
        c.call("SET", "s", "v");
        assertEquals(error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or "
                + "use negative to start from the end of the list"), c.call("LPOS", "s", "a", "RANK", "0"));
        assertEquals(error("ERR COUNT can't be negative"), c.call("LPOS", "s", "a", "COUNT", "-1"));
        assertEquals(error("ERR COUNT can't be negative"), c.call("LPOS", "s", "a", "COUNT", "x"));
        assertEquals(error("ERR MAXLEN can't be negative"), c.call("LPOS", "s", "a", "MAXLEN", "-1"));
        assertEquals(NOT_INTEGER, c.call("LPOS", "s", "a", "RANK", "x"));
        assertEquals(SYNTAX, c.call("LPOS", "s", "a", "COUNT"));
        assertEquals(SYNTAX, c.call("LPOS", "s", "a", "BOGUS", "1"));
        assertEquals(WRONGTYPE, c.call("LPOS", "s", "a", "COUNT", "1"));
    }

    @Test
    void lpos_inResp3_repliesNullWithoutAMatch() {
        resp3();
        assertEquals(RESP3_NULL, c.call("LPOS", "k", "a"));
        assertEquals(EMPTY, c.call("LPOS", "k", "a", "COUNT", "0"));
    }

    @Test
    void lmove_betweenKeys_createsTheDestination() {
        c.call("RPUSH", "src", "a", "b", "c");
        assertEquals(bulk("a"), c.call("LMOVE", "src", "dst", "LEFT", "RIGHT"));
        assertEquals(bulk("c"), c.call("LMOVE", "src", "dst", "right", "left"));
        assertEquals(bulks("c", "a"), c.call("LRANGE", "dst", "0", "-1"));
        assertEquals(bulk("b"), c.call("RPOPLPUSH", "src", "dst"));
        assertEquals(integer(0), c.call("EXISTS", "src"));
        assertEquals(bulks("b", "c", "a"), c.call("LRANGE", "dst", "0", "-1"));
        assertEquals(NIL, c.call("RPOPLPUSH", "src", "dst"));
        assertEquals(NIL, c.call("LMOVE", "src", "dst", "LEFT", "LEFT"));
    }

    @Test
    void lmove_onTheSameKey_rotatesAndKeepsTheExpiry() {
        c.call("RPUSH", "k", "a", "b", "c");
        c.call("EXPIRE", "k", "100");
        assertEquals(bulk("c"), c.call("RPOPLPUSH", "k", "k"));
        assertEquals(bulks("c", "a", "b"), c.call("LRANGE", "k", "0", "-1"));
        assertEquals(bulk("c"), c.call("LMOVE", "k", "k", "LEFT", "RIGHT"));
        assertEquals(bulk("a"), c.call("LMOVE", "k", "k", "LEFT", "LEFT"));
        assertEquals(bulks("a", "b", "c"), c.call("LRANGE", "k", "0", "-1"));
        c.call("DEL", "one");
        c.call("RPUSH", "one", "x");
        c.call("EXPIRE", "one", "100");
        assertEquals(bulk("x"), c.call("RPOPLPUSH", "one", "one"));
        assertEquals(integer(100), c.call("TTL", "one"), "a single element rotates in place");
        assertEquals(integer(100), c.call("TTL", "k"));
    }

    @Test
    void lmove_checksTheDestinationType_onlyWhenTheSourceExists() {
        c.call("SET", "s", "v");
        assertEquals(NIL, c.call("LMOVE", "nokey", "s", "LEFT", "LEFT"));
        c.call("RPUSH", "k", "a");
        assertEquals(WRONGTYPE, c.call("LMOVE", "k", "s", "LEFT", "LEFT"));
        assertEquals(bulks("a"), c.call("LRANGE", "k", "0", "-1"), "nothing moved");
        assertEquals(SYNTAX, c.call("LMOVE", "s", "k", "UP", "LEFT"), "the ends are parsed first");
        assertEquals(SYNTAX, c.call("LMOVE", "k", "k", "LEFT", "DOWN"));
        resp3();
        assertEquals(RESP3_NULL, c.call("LMOVE", "nokey", "k", "LEFT", "LEFT"));
    }

    @Test
    void lmpop_popsFromTheFirstNonEmptyList() {
        c.call("RPUSH", "b", "1", "2", "3");
        c.call("RPUSH", "c", "x");
        assertEquals(array(bulk("b"), bulks("1")), c.call("LMPOP", "3", "a", "b", "c", "LEFT"));
        assertEquals(array(bulk("b"), bulks("3", "2")), c.call("LMPOP", "2", "b", "c", "RIGHT", "COUNT", "10"));
        assertEquals(array(bulk("c"), bulks("x")), c.call("LMPOP", "2", "b", "c", "left", "count", "1"));
        assertEquals(NULL_ARRAY, c.call("LMPOP", "2", "b", "c", "LEFT"));
        resp3();
        assertEquals(RESP3_NULL, c.call("LMPOP", "1", "b", "LEFT"));
    }

    @Test
    void lmpop_checksTypesInKeyOrder_upToTheFirstList() {
        c.call("SET", "s", "v");
        c.call("RPUSH", "k", "a", "b");
        assertEquals(WRONGTYPE, c.call("LMPOP", "2", "s", "k", "LEFT"));
        assertEquals(array(bulk("k"), bulks("a")), c.call("LMPOP", "2", "k", "s", "LEFT"));
    }

    @Test
    void lmpop_badArguments_replyRedisErrors() {
        String numkeys = error("ERR numkeys should be greater than 0");
        assertEquals(numkeys, c.call("LMPOP", "0", "k", "LEFT"));
        assertEquals(numkeys, c.call("LMPOP", "x", "k", "LEFT"));
        assertEquals(numkeys, c.call("LMPOP", "-1", "k", "LEFT"));
        assertEquals(SYNTAX, c.call("LMPOP", "2", "k", "LEFT"));
        assertEquals(SYNTAX, c.call("LMPOP", "9223372036854775807", "k", "LEFT"));
        assertEquals(SYNTAX, c.call("LMPOP", "1", "k", "MIDDLE"));
        assertEquals(SYNTAX, c.call("LMPOP", "1", "k", "LEFT", "COUNT"));
        assertEquals(SYNTAX, c.call("LMPOP", "1", "k", "LEFT", "COUNT", "1", "COUNT", "1"));
        assertEquals(SYNTAX, c.call("LMPOP", "1", "k", "LEFT", "EXTRA"));
        String count = error("ERR count should be greater than 0");
        assertEquals(count, c.call("LMPOP", "1", "k", "LEFT", "COUNT", "0"));
        assertEquals(count, c.call("LMPOP", "1", "k", "LEFT", "COUNT", "x"));
        assertEquals(error("ERR wrong number of arguments for 'lmpop' command"), c.call("LMPOP", "1", "k"));
    }

    @Test
    void smallNodeBound_crossesNodesWithFewElements_sameReplies() {
        assertEquals(OK, c.call("CONFIG", "SET", "list-max-listpack-size", "2"));
        c.call("RPUSH", "k", "a", "b", "c", "d", "e", "f", "g");
        assertEquals(integer(8), c.call("LINSERT", "k", "AFTER", "c", "x"));
        assertEquals(OK, c.call("LSET", "k", "4", "y"));
        assertEquals(integer(1), c.call("LREM", "k", "0", "e"));
        assertEquals(bulks("a", "b", "c", "x", "y", "f", "g"), c.call("LRANGE", "k", "0", "-1"));
        assertEquals(bulk("y"), c.call("LINDEX", "k", "-3"));
        assertEquals(OK, c.call("LTRIM", "k", "1", "-2"));
        assertEquals(bulks("b", "c", "x", "y", "f"), c.call("LRANGE", "k", "0", "-1"));
        assertEquals(array(integer(2)), c.call("LPOS", "k", "x", "COUNT", "0"));
    }

    @Test
    void listCompressDepth_shrinksMemoryUsage_andKeepsEveryElement() {
        String[] elements = new String[20000];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = "element " + i % 100;
        }
        long[] usage = new long[2];
        for (int depth = 0; depth <= 1; depth++) {
            assertEquals(OK, c.call("CONFIG", "SET", "list-compress-depth", Integer.toString(depth)));
            String key = "k" + depth;
            String[] args = new String[elements.length + 2];
            args[0] = "RPUSH";
            args[1] = key;
            System.arraycopy(elements, 0, args, 2, elements.length);
            assertEquals(integer(elements.length), c.call(args));
            assertEquals(bulk("quicklist"), c.call("OBJECT", "ENCODING", key));
            usage[depth] = Long.parseLong(c.call("MEMORY", "USAGE", key).replaceAll("[^0-9]", ""));
            assertEquals(bulks(elements), c.call("LRANGE", key, "0", "-1"));
            assertEquals(bulk("element 57"), c.call("LINDEX", key, "10057"));
        }
        assertTrue(usage[1] * 4 < usage[0], "compressed " + usage[1] + " bytes, raw " + usage[0]);
    }

    @Test
    void commandInfo_marksLmpopAsMovablekeys() {
        String info = c.call("COMMAND", "INFO", "lmpop");
        assertTrue(info.contains("movablekeys"), info);
    }
}
