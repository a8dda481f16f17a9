package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.SYNTAX;
import static org.kvlab.command.Replies.array;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.bulks;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sorted-set commands, with the exact replies redis-server 7.0.15 gives. */
final class SortedSetCommandsTest {

    private static final String WRONGTYPE = error("WRONGTYPE Operation against a key holding the wrong kind of value");

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    private void fill() {
        assertEquals(integer(7), c.call("ZADD", "z", "0.1", "a", "1e20", "b", "3.0", "c", "-0.0", "d",
                "0.333333333333333333", "e", "inf", "f", "-inf", "g"));
    }

    @Test
    void zrange_withScores_printsScoresAsPercent17g() {
        fill();
        assertEquals(bulks("g", "-inf", "d", "0", "a", "0.10000000000000001", "e", "0.33333333333333331", "c", "3",
                "b", "1e+20", "f", "inf"), c.call("ZRANGE", "z", "0", "-1", "WITHSCORES"));
    }

    @Test
    void zadd_incrOfNegativeZero_repliesMinusZeroAndStoresZeroInAListpack() {
        assertEquals(bulk("-0"), c.call("ZADD", "z", "INCR", "-0", "new"));
        assertEquals(bulk("0"), c.call("ZSCORE", "z", "new"));
    }

    @Test
    void zadd_negativeZeroInASkiplist_keepsItsSign() {
        wire.store.encodingLimits().set("zset-max-listpack-entries", "0");
        c.call("ZADD", "z", "-0", "a");
        assertEquals(bulk("-0"), c.call("ZSCORE", "z", "a"));
        assertEquals(integer(0), c.call("ZADD", "z", "CH", "0", "a"));
        assertEquals(bulk("-0"), c.call("ZSCORE", "z", "a"));
    }

    @Test
    void zadd_options_followRedisRules() {
        fill();
        assertEquals(integer(2), c.call("ZADD", "z", "CH", "GT", "5", "a", "0", "b", "7", "x"));
        assertEquals(NIL, c.call("ZADD", "z", "XX", "INCR", "1", "nope"));
        assertEquals(NIL, c.call("ZADD", "z", "NX", "INCR", "1", "a"));
        assertEquals(integer(1), c.call("ZADD", "z", "1", "y", "2", "y"));
        assertEquals(bulk("2"), c.call("ZSCORE", "z", "y"));
        assertEquals(integer(0), c.call("ZADD", "absent", "XX", "1", "a"));
        assertEquals(integer(0), c.call("EXISTS", "absent"));
    }

    @Test
    void zadd_aMemberNamedTwice_seesItsFirstScoreAsRedisDoes() {
        assertEquals(integer(3), c.call("ZADD", "z", "CH", "1", "p", "2", "q", "3", "p"));
        assertEquals(integer(1), c.call("ZADD", "z", "GT", "4", "r", "0", "r"));
        assertEquals(array(bulk("q"), bulk("2"), bulk("p"), bulk("3"), bulk("r"), bulk("4")),
                c.call("ZRANGE", "z", "0", "-1", "WITHSCORES"));
    }

    @Test
    void zadd_badArguments_giveRedisErrorsInRedisOrder() {
        assertEquals(SYNTAX, c.call("ZADD", "z", "NX", "1"));
        assertEquals(error("ERR XX and NX options at the same time are not compatible"),
                c.call("ZADD", "z", "XX", "NX", "x", "a"));
        assertEquals(error("ERR GT, LT, and/or NX options at the same time are not compatible"),
                c.call("ZADD", "z", "GT", "LT", "1", "a"));
        assertEquals(error("ERR INCR option supports a single increment-element pair"),
                c.call("ZADD", "z", "INCR", "1", "a", "2", "b"));
        for (String bad : new String[] {"nan", "x", "", " 1", "1e400", "1e-400", "(1"}) {
            assertEquals(error("ERR value is not a valid float"), c.call("ZADD", "z", bad, "a"), bad);
        }
        assertEquals(integer(0), c.call("EXISTS", "z"));
        c.call("SET", "s", "x");
        assertEquals(WRONGTYPE, c.call("ZADD", "s", "1", "a"));
    }

    @Test
    void zadd_acceptsWhatStrtodAccepts() {
        assertEquals(integer(4), c.call("ZADD", "z", "0x10", "hex", "+inf", "i", "1e-320", "tiny", ".5", "half"));
        assertEquals(bulk("16"), c.call("ZSCORE", "z", "hex"));
        assertEquals(bulk("9.9998886718268301e-321"), c.call("ZSCORE", "z", "tiny"));
        assertEquals(bulk("0.5"), c.call("ZSCORE", "z", "half"));
    }

    @Test
    void zincrby_toNaN_isAnErrorAndChangesNothing() {
        fill();
        assertEquals(bulk("inf"), c.call("ZINCRBY", "z", "inf", "f"));
        assertEquals(error("ERR resulting score is not a number (NaN)"), c.call("ZINCRBY", "z", "-inf", "f"));
        assertEquals(bulk("inf"), c.call("ZSCORE", "z", "f"));
    }

    @Test
    void rangesByScore_honourExclusionLimitAndReverse() {
        fill();
        c.call("ZADD", "z", "5", "a", "7", "x");
        assertEquals(bulks("c", "3", "a", "5"), c.call("ZRANGEBYSCORE", "z", "(0.1", "+inf", "LIMIT", "1", "2",
                "WITHSCORES"));
        assertEquals(bulks("f", "b", "x", "a", "c", "e"), c.call("ZREVRANGEBYSCORE", "z", "+inf", "(0.1", "LIMIT",
                "0", "-5"));
        assertEquals("*0\r\n", c.call("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "2"));
        assertEquals("*0\r\n", c.call("ZRANGE", "z", "(1", "5", "BYSCORE", "REV"));
        assertEquals(bulks("a", "c"), c.call("ZRANGE", "z", "5", "(1", "BYSCORE", "REV"));
        assertEquals(integer(6), c.call("ZCOUNT", "z", "(0", "+inf"));
        assertEquals(integer(2), c.call("ZCOUNT", "z", " 3", "5\u0000junk"));
    }

    @Test
    void rangeArguments_badOnes_giveRedisErrors() {
        fill();
        assertEquals(error("ERR min or max is not a float"), c.call("ZCOUNT", "z", "x", "1"));
        assertEquals(error("ERR min or max is not a float"), c.call("ZRANGEBYSCORE", "z", "(nan", "1"));
        assertEquals(error("ERR min or max not valid string range item"), c.call("ZLEXCOUNT", "z", "a", "b"));
        assertEquals(error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"),
                c.call("ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"));
        assertEquals(error("ERR syntax error, WITHSCORES not supported in combination with BYLEX"),
                c.call("ZRANGEBYLEX", "z", "-", "+", "WITHSCORES"));
        assertEquals(SYNTAX, c.call("ZRANGE", "z", "0", "1", "REV", "REV"));
        assertEquals(SYNTAX, c.call("ZRANGEBYSCORE", "z", "0", "1", "BYSCORE"));
        assertEquals(error("ERR value is not an integer or out of range"), c.call("ZRANGE", "z", "a", "1"));
    }

    @Test
    void rankAndScoreQueries_replyNilForAbsentMembers() {
        fill();
        assertEquals(integer(4), c.call("ZRANK", "z", "c"));
        assertEquals(integer(2), c.call("ZREVRANK", "z", "c"));
        assertEquals(NIL, c.call("ZRANK", "z", "zz"));
        assertEquals(array(bulk("0.10000000000000001"), NIL, bulk("3")), c.call("ZMSCORE", "z", "a", "zz", "c"));
        assertEquals(array(NIL), c.call("ZMSCORE", "nokey", "a"));
        assertEquals(NIL, c.call("ZSCORE", "nokey", "a"));
        assertEquals(integer(7), c.call("ZCARD", "z"));
    }

    @Test
    void pops_removeFromTheEndsAndDeleteTheEmptiedKey() {
        fill();
        assertEquals(bulks("g", "-inf", "d", "0"), c.call("ZPOPMIN", "z", "2"));
        assertEquals(bulks("f", "inf"), c.call("ZPOPMAX", "z"));
        assertEquals("*0\r\n", c.call("ZPOPMAX", "z", "0"));
        assertEquals(error("ERR value is out of range, must be positive"), c.call("ZPOPMIN", "z", "-1"));
        assertEquals(error("ERR value is out of range, must be positive"), c.call("ZPOPMIN", "z", "x"));
        assertEquals(SYNTAX, c.call("ZPOPMIN", "z", "1", "2"));
        assertEquals(bulks("a", "0.10000000000000001", "e", "0.33333333333333331", "c", "3", "b", "1e+20"),
                c.call("ZPOPMIN", "z", "100"));
        assertEquals(integer(0), c.call("EXISTS", "z"));
    }

    @Test
    void zmpop_popsFromTheFirstExistingKey() {
        c.call("ZADD", "z", "1", "a", "2", "b");
        assertEquals(array(bulk("z"), array(bulks("b", "2"), bulks("a", "1"))),
                c.call("ZMPOP", "2", "nokey", "z", "MAX", "COUNT", "10"));
        assertEquals("*-1\r\n", c.call("ZMPOP", "1", "nokey", "MIN"));
        assertEquals(error("ERR numkeys should be greater than 0"), c.call("ZMPOP", "0", "z", "MIN"));
        assertEquals(error("ERR count should be greater than 0"), c.call("ZMPOP", "1", "z", "MIN", "COUNT", "0"));
        assertEquals(SYNTAX, c.call("ZMPOP", "1", "z", "FOO"));
        assertEquals(SYNTAX, c.call("ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1"));
    }

    @Test
    void setOperations_weightAggregateAndStore() {
        fill();
        c.call("ZADD", "z", "CH", "GT", "5", "a", "0", "b", "7", "x");
        c.call("ZRANGESTORE", "dst", "z", "1", "2");
        assertEquals(bulks("d", "0", "e", "0.33333333333333331"), c.call("ZRANGE", "dst", "0", "-1", "WITHSCORES"));
        assertEquals(bulks("g", "-inf", "d", "-0", "e", "0.33333333333333331", "c", "3", "a", "5", "x", "7", "b",
                "1e+20", "f", "inf"),
                c.call("ZUNION", "2", "z", "dst", "WITHSCORES", "WEIGHTS", "1", "-1", "AGGREGATE", "MAX"));
        c.call("ZADD", "w", "5", "x");
        assertEquals(bulks("x", "0"), c.call("ZUNION", "2", "w", "w", "WITHSCORES", "WEIGHTS", "inf", "-inf"));
        assertEquals(bulks("d", "0", "e", "0.66666666666666663"), c.call("ZINTER", "2", "z", "dst", "WITHSCORES"));
        assertEquals(integer(1), c.call("ZINTERCARD", "2", "z", "dst", "LIMIT", "1"));
        assertEquals(integer(8), c.call("ZUNIONSTORE", "out", "2", "z", "dst", "WEIGHTS", "2", "0"));
        assertEquals(bulks("g", "-inf", "d", "0", "e", "0.66666666666666663", "c", "6", "a", "10", "x", "14", "b",
                "2e+20", "f", "inf"), c.call("ZRANGE", "out", "0", "-1", "WITHSCORES"));
        assertEquals(integer(0), c.call("ZDIFFSTORE", "out", "2", "dst", "z"));
        assertEquals(integer(0), c.call("EXISTS", "out"));
    }

    @Test
    void setOperations_checkKeyTypesBeforeOptions() {
        c.call("SET", "s", "x");
        assertEquals(WRONGTYPE, c.call("ZUNION", "1", "s", "WEIGHTS", "x"));
        assertEquals(error("ERR weight value is not a float"), c.call("ZUNION", "1", "z", "WEIGHTS", "x"));
        assertEquals(error("ERR at least 1 input key is needed for 'zunionstore' command"),
                c.call("ZUNIONSTORE", "d", "0", "z"));
        assertEquals(SYNTAX, c.call("ZUNION", "2", "z"));
        assertEquals(SYNTAX, c.call("ZDIFF", "1", "z", "WEIGHTS", "1"));
        assertEquals(error("ERR LIMIT can't be negative"), c.call("ZINTERCARD", "1", "z", "LIMIT", "-1"));
        assertEquals(SYNTAX, c.call("ZUNIONSTORE", "d", "1", "z", "WITHSCORES"));
    }

    @Test
    void lexRanges_selectAndRemoveByMember() {
        c.call("ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d");
        assertEquals(bulks("b", "c"), c.call("ZRANGEBYLEX", "lex", "[b", "(d"));
        assertEquals(bulks("c"), c.call("ZREVRANGEBYLEX", "lex", "+", "-", "LIMIT", "1", "1"));
        assertEquals(integer(3), c.call("ZLEXCOUNT", "lex", "(a", "+"));
        assertEquals(integer(2), c.call("ZREMRANGEBYLEX", "lex", "-", "[b"));
        assertEquals(bulks("c", "d"), c.call("ZRANGE", "lex", "0", "-1"));
    }

    @Test
    void lexRanges_inAListpackWithMixedScores_scanLinearlyAsRedis() {
        c.call("ZADD", "z", "0", "b", "1", "a", "2", "c");
        assertEquals(bulks("b", "a", "c"), c.call("ZRANGEBYLEX", "z", "[b", "+"));
        assertEquals(integer(2), c.call("ZLEXCOUNT", "z", "[a", "[b"));
        assertEquals(bulks("c"), c.call("ZREVRANGEBYLEX", "z", "+", "[b"));
    }

    @Test
    void removeRanges_byRankAndScore() {
        fill();
        assertEquals(integer(1), c.call("ZREMRANGEBYRANK", "z", "0", "0"));
        assertEquals(integer(3), c.call("ZREMRANGEBYSCORE", "z", "(1", "inf"));
        assertEquals(integer(0), c.call("ZREMRANGEBYRANK", "z", "5", "1"));
        assertEquals(bulks("d", "a", "e"), c.call("ZRANGE", "z", "0", "-1"));
    }

    @Test
    void zrandmember_countsAndErrors() {
        c.call("ZADD", "z", "1", "a", "2", "b");
        assertEquals(bulks("b", "a"), c.call("ZRANDMEMBER", "z", "9223372036854775807"));
        assertEquals(bulks("b", "2", "a", "1"), c.call("ZRANDMEMBER", "z", "5", "WITHSCORES"));
        assertEquals("*3\r\n", c.call("ZRANDMEMBER", "z", "-3").substring(0, 4));
        assertEquals(NIL, c.call("ZRANDMEMBER", "nokey"));
        assertEquals("*0\r\n", c.call("ZRANDMEMBER", "nokey", "3"));
        assertEquals(error("ERR value is out of range, value must between -9223372036854775807 and "
                + "9223372036854775807"), c.call("ZRANDMEMBER", "z", "-9223372036854775808"));
        assertEquals(error("ERR value is out of range"), c.call("ZRANDMEMBER", "z", "4611686018427387904",
                "WITHSCORES"));
        assertEquals(SYNTAX, c.call("ZRANDMEMBER", "z", "1", "x"));
    }

    @Test
    void zscan_ofAListpack_returnsEverythingWithScoresAsStored() {
        c.call("ZADD", "z", "123456789012345678", "a", "0.5", "b");
        assertEquals(array(bulk("0"), bulks("b", "0.5", "a", "123456789012345680")), c.call("ZSCAN", "z", "0"));
        assertEquals(array(bulk("0"), bulks("a", "123456789012345680")), c.call("ZSCAN", "z", "0", "MATCH", "a"));
        assertEquals(array(bulk("0"), "*0\r\n"), c.call("ZSCAN", "nokey", "0", "FOO"));
        assertEquals(error("ERR invalid cursor"), c.call("ZSCAN", "z", " 1"));
        assertEquals(SYNTAX, c.call("ZSCAN", "z", "0", "COUNT", "0"));
        assertEquals(SYNTAX, c.call("ZSCAN", "z", "0", "TYPE", "zset"));
    }

    @Test
    void zscan_ofASkiplist_coversEveryMemberAcrossCalls() {
        for (int i = 0; i < 300; i++) {
            c.call("ZADD", "z", Integer.toString(i), "m" + i);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = "0";
        do {
            String reply = c.call("ZSCAN", "z", cursor, "COUNT", "7");
            String[] lines = reply.split("\r\n");
            cursor = lines[2];
            for (int i = 5; i < lines.length; i += 4) {
                seen.add(lines[i] + "=" + lines[i + 2]);
            }
        } while (!cursor.equals("0"));
        assertEquals(300, seen.size());
        assertEquals(true, seen.contains("m299=299"));
    }

    @Test
    void resp3_scoresAreDoublesAndPairsNest() {
        c.call("ZADD", "dst", "0", "new", "0.333333333333333333", "e");
        c.call("ZADD", "out", "2e20", "b");
        c.call("HELLO", "3");
        assertEquals(array(array(bulk("new"), ",0\r\n"), array(bulk("e"), ",0.33333333333333331\r\n")),
                c.call("ZRANGE", "dst", "0", "-1", "WITHSCORES"));
        assertEquals("_\r\n", c.call("ZSCORE", "dst", "b"));
        assertEquals("_\r\n", c.call("ZRANK", "dst", "b"));
        assertEquals(array(bulk("new"), ",0\r\n"), c.call("ZPOPMIN", "dst"));
        assertEquals(array(array(bulk("e"), ",0.33333333333333331\r\n")), c.call("ZPOPMIN", "dst", "1"));
        assertEquals(array(bulk("out"), array(array(bulk("b"), ",2e+20\r\n"))), c.call("ZMPOP", "1", "out", "MAX"));
        assertEquals("_\r\n", c.call("ZMPOP", "1", "out", "MAX"));
    }

    @Test
    void writes_onOtherTypes_areWrongType_andStoresReplaceAnyType() {
        c.call("SET", "s", "x");
        c.call("ZADD", "z", "1", "a");
        assertEquals(WRONGTYPE, c.call("ZRANGE", "s", "0", "-1"));
        assertEquals(WRONGTYPE, c.call("ZSCAN", "s", "0", "FOO"));
        assertEquals(integer(1), c.call("ZRANGESTORE", "s", "z", "0", "-1"));
        assertEquals("+zset\r\n", c.call("TYPE", "s"));
        assertEquals(OK, c.call("SET", "t", "x", "EX", "100"));
        assertEquals(integer(1), c.call("ZUNIONSTORE", "t", "1", "z"));
        assertEquals(integer(-1), c.call("TTL", "t"));
    }
}
