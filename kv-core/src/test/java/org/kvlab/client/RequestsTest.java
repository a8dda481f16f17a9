package org.kvlab.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The arguments typed requests send, and how their decoders read RESP2 and RESP3 replies. */
final class RequestsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses one reply from its wire form; {@code \xff} in the text stands for the byte 0xff. */
    private static Object reply(String wire) {
        List<Object> replies = new ArrayList<>();
        byte[] bytes = wire.replace("\\xff", "\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        new ReplyParser(replies::add).feed(ByteBuffer.wrap(bytes));
        assertEquals(1, replies.size(), "replies of " + wire);
        return replies.get(0);
    }

    private static <T> T decode(Request<T> request, String wire) {
        return request.decoder().decode(reply(wire));
    }

    // ---- arguments ----

    @Test
    void hashRequests_sendRedisArgumentsInOrder() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("f1", "v1");
        entries.put("f2", "v2");
        assertEquals("HSET h f1 v1 f2 v2", HashRequests.hset("h", entries).toString());
        assertEquals("HINCRBYFLOAT h f 1.5", HashRequests.hincrByFloat("h", "f", 1.5).toString());
        assertEquals("HINCRBYFLOAT h f 3", HashRequests.hincrByFloat("h", "f", 3.0).toString());
        assertEquals("HRANDFIELD h -3 WITHVALUES", HashRequests.hrandFieldWithValues("h", -3).toString());
        assertEquals("HSCAN h 18446744073709551615 MATCH a* COUNT 5", HashRequests.hscan("h", -1, "a*", 5).toString());
        assertEquals("HSCAN h 0", HashRequests.hscan("h", 0, null, 0).toString());
    }

    @Test
    void byteRequests_sendTheArraysGiven() {
        byte[] key = {(byte) 0xff, 0};
        Request<Long> request = HashRequests.hset(key, b("f"), b("v"));
        assertEquals("HSET", request.name());
        assertTrue(request.args()[1] == key, "the key array itself, not a copy");
    }

    @Test
    void listRequests_sendRedisArgumentsInOrder() {
        assertEquals("LPOS l x RANK -1 MAXLEN 10", ListRequests.lpos("l", "x", -1, 10).toString());
        assertEquals("LPOS l x RANK 1 COUNT 0 MAXLEN 0", ListRequests.lposAll("l", "x", 1, 0, 0).toString());
        assertEquals("LMOVE a b RIGHT LEFT", ListRequests.lmove("a", "b", ListEnd.RIGHT, ListEnd.LEFT).toString());
        assertEquals("LMPOP 2 a b LEFT COUNT 3", ListRequests.lmpop(ListEnd.LEFT, 3, "a", "b").toString());
        assertEquals("LINSERT l BEFORE p e", ListRequests.linsertBefore("l", "p", "e").toString());
    }

    @Test
    void sortedSetRequests_sendOptionsAndBoundsAsRedisReadsThem() {
        ZAddOptions options = ZAddOptions.NONE.onlyUpdate().greaterThan().countChanged();
        assertEquals("ZADD z XX GT CH 1.5 m", SortedSetRequests.zadd("z", options, 1.5, "m").toString());
        assertEquals("ZADD z NX INCR -inf m",
                SortedSetRequests.zaddIncr("z", ZAddOptions.NONE.onlyAdd(), Double.NEGATIVE_INFINITY, "m").toString());
        assertEquals("ZCOUNT z (1 +inf", SortedSetRequests.zcount("z", ScoreBound.exclusive(1),
                ScoreBound.POSITIVE_INFINITY).toString());
        assertEquals("ZUNIONSTORE d 2 a b WEIGHTS 2 0.5 AGGREGATE MAX",
                SortedSetRequests.zunionStore("d", ZAggregation.MAX.weights(2, 0.5), "a", "b").toString());
        assertEquals("ZINTER 2 a b WITHSCORES",
                SortedSetRequests.zinterWithScores(ZAggregation.SUM, "a", "b").toString());
        assertEquals("ZDIFFSTORE d 2 a b", SortedSetRequests.zdiffStore("d", "a", "b").toString());
        assertEquals("ZREMRANGEBYLEX z [a (c", SortedSetRequests.zremRangeByLex("z", LexBound.inclusive("a"),
                LexBound.exclusive("c")).toString());
    }

    @Test
    void zrange_reversedScoreAndLexRanges_sendTheHighBoundFirst() {
        assertEquals("0 -1", ZRange.byRank(0, -1).toString());
        assertEquals("0 2 REV", ZRange.byRank(0, 2).reversed().toString(), "ranks keep their order");
        assertEquals("(1 5 BYSCORE LIMIT 2 -1",
                ZRange.byScore(ScoreBound.exclusive(1), ScoreBound.inclusive(5)).limit(2, -1).toString());
        assertEquals("5 (1 BYSCORE REV LIMIT 0 3",
                ZRange.byScore(ScoreBound.exclusive(1), ScoreBound.inclusive(5)).reversed().limit(0, 3).toString());
        assertEquals("+ [a BYLEX REV", ZRange.byLex(LexBound.inclusive("a"), LexBound.MAX).reversed().toString());
        assertEquals("ZRANGE z 0 -1 WITHSCORES",
                SortedSetRequests.zrangeWithScores("z", ZRange.byRank(0, -1)).toString());
        assertThrows(IllegalStateException.class, () -> ZRange.byRank(0, 1).limit(0, 1));
    }

    @Test
    void lexBound_bytes_prefixTheMemberWithoutCopyingItsMeaning() {
        Request<Long> request = SortedSetRequests.zremRangeByLex(b("z"), LexBound.exclusive(new byte[] {(byte) 0xff}),
                LexBound.MAX);
        assertArrayEquals(new byte[] {'(', (byte) 0xff}, (byte[]) request.args()[2]);
        assertEquals("+", request.args()[3]);
    }

    @Test
    void bitmapRequests_sendBitsAndUnits() {
        assertEquals("SETBIT k 7 1", BitmapRequests.setBit("k", 7, true).toString());
        assertEquals("BITCOUNT k 0 -1 BIT", BitmapRequests.bitCount("k", 0, -1, BitUnit.BIT).toString());
        assertEquals("BITPOS k 0 1 2 BYTE", BitmapRequests.bitPos("k", false, 1, 2, BitUnit.BYTE).toString());
        assertEquals("BITOP NOT d s", BitmapRequests.bitOp(BitOperation.NOT, "d", "s").toString());
    }

    @Test
    void badArguments_areRefusedWhenTheRequestIsBuilt() {
        assertEquals("HDEL: no fields (expected: at least one)",
                assertThrows(IllegalArgumentException.class, () -> HashRequests.hdel("h")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SetRequests.sinter(new String[0]));
        assertThrows(IllegalArgumentException.class, () -> HashRequests.hset("h", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SortedSetRequests.zadd("z", ZAddOptions.NONE, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SortedSetRequests.zadd("z", Double.NaN, "m"));
        assertThrows(IllegalArgumentException.class,
                () -> SortedSetRequests.zinter(ZAggregation.SUM.weights(1, 2, 3), "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> SetRequests.sscan("s", 0, null, -1));
        assertThrows(NullPointerException.class, () -> HashRequests.hget("h", (String) null));
        assertThrows(NullPointerException.class, () -> ListRequests.rpush("l", "a", null));
    }

    // ---- replies ----

    @Test
    void hgetAll_resp2FlatArrayAndResp3Map_giveTheSameMapInServerOrder() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("b", "2");
        expected.put("a", "1");
        assertEquals(expected, decode(HashRequests.hgetAll("h"), "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n"));
        Map<String, String> fromMap = decode(HashRequests.hgetAll("h"), "%2\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n");
        assertEquals(expected, fromMap);
        assertEquals(List.of("b", "a"), new ArrayList<>(fromMap.keySet()));
    }

    @Test
    void hgetAll_bytesFromResp3Map_keepsKeysThatAreNotUtf8AndLooksThemUpByContent() {
        Map<byte[], byte[]> map = decode(HashRequests.hgetAll(b("h")),
                "%2\r\n$1\r\n\\xff\r\n$1\r\nx\r\n$2\r\n\\xff\\xff\r\n$1\r\ny\r\n");
        assertArrayEquals(b("x"), map.get(new byte[] {(byte) 0xff}));
        assertArrayEquals(b("y"), map.get(new byte[] {(byte) 0xff, (byte) 0xff}));
        assertEquals(2, map.size());
    }

    @Test
    void rawResp3Map_stillReadsAsAMapWithStringKeys() {
        Object map = reply("%1\r\n$1\r\nk\r\n:1\r\n");
        assertEquals(Map.of("k", 1L), map);
        Object set = reply("~2\r\n$1\r\na\r\n$1\r\na\r\n");
        assertEquals(Set.of("a"), set);
    }

    @Test
    void smembers_bytesFromResp3Set_containsByContent() {
        Set<byte[]> members = decode(SetRequests.smembers(b("s")), "~2\r\n$1\r\n\\xff\r\n$1\r\na\r\n");
        assertTrue(members.contains(new byte[] {(byte) 0xff}));
        assertTrue(members.contains(b("a")));
    }

    @Test
    void zrangeWithScores_resp2FlatAndResp3Pairs_giveTheSameMembers() {
        List<ScoredMember<String>> expected = List.of(new ScoredMember<>("a", 1.5),
                new ScoredMember<>("b", Double.POSITIVE_INFINITY));
        Request<List<ScoredMember<String>>> request = SortedSetRequests.zrangeWithScores("z", ZRange.byRank(0, -1));
        assertEquals(expected, decode(request, "*4\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\nb\r\n$3\r\ninf\r\n"));
        assertEquals(expected, decode(request, "*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\nb\r\n,inf\r\n"));
        assertEquals(List.of(), decode(request, "*0\r\n"));
    }

    @Test
    void zpopMin_withoutCount_flatPairInBothProtocols_orNullWhenEmpty() {
        Request<ScoredMember<String>> request = SortedSetRequests.zpopMin("z");
        assertEquals(new ScoredMember<>("a", -2.0), decode(request, "*2\r\n$1\r\na\r\n$2\r\n-2\r\n"));
        assertEquals(new ScoredMember<>("a", -2.0), decode(request, "*2\r\n$1\r\na\r\n,-2\r\n"));
        assertNull(decode(request, "*0\r\n"));
    }

    @Test
    void scores_resp2BulkAndResp3Double_includingInfinitiesAndNull() {
        assertEquals(Double.NEGATIVE_INFINITY, decode(SortedSetRequests.zscore("z", "m"), "$4\r\n-inf\r\n"));
        assertEquals(2.5, decode(SortedSetRequests.zscore("z", "m"), ",2.5\r\n"));
        assertNull(decode(SortedSetRequests.zscore("z", "m"), "$-1\r\n"));
        assertNull(decode(SortedSetRequests.zaddIncr("z", ZAddOptions.NONE.onlyAdd(), 1, "m"), "_\r\n"));
        assertEquals(java.util.Arrays.asList(1.0, null),
                decode(SortedSetRequests.zmscore("z", "a", "b"), "*2\r\n,1\r\n_\r\n"));
    }

    @Test
    void hrandFieldWithValues_resp3NestedPairs_mayRepeat() {
        List<Map.Entry<String, String>> pairs = decode(HashRequests.hrandFieldWithValues("h", -2),
                "*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        assertEquals(List.of(Map.entry("a", "1"), Map.entry("a", "1")), pairs);
    }

    @Test
    void scans_cursorAndItems() {
        ScanPage<ScoredMember<String>> page = decode(SortedSetRequests.zscan("z", 0, null, 0),
                "*2\r\n$2\r\n17\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        assertEquals(17, page.cursor());
        assertEquals(List.of(new ScoredMember<>("a", 1.0)), page.items());
        ScanPage<String> members = decode(SetRequests.sscan("s", 0, null, 0), "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nx\r\n");
        assertEquals(List.of("x"), members.items());
    }

    @Test
    void popsWithCount_nilForAnAbsentKey_isAnEmptyList() {
        assertEquals(List.of(), decode(ListRequests.lpop("l", 2), "*-1\r\n"));
        assertEquals(List.of(), decode(ListRequests.rpop("l", 2), "_\r\n"));
        assertNull(decode(ListRequests.lmpop(ListEnd.LEFT, 1, "l"), "*-1\r\n"));
        KeyedList<String> popped = decode(ListRequests.lmpop(ListEnd.LEFT, 1, "l"),
                "*2\r\n$1\r\nl\r\n*1\r\n$1\r\nv\r\n");
        assertEquals(new KeyedList<>("l", List.of("v")), popped);
    }

    @Test
    void smisMember_integersOrResp3Booleans() {
        assertEquals(List.of(true, false), decode(SetRequests.smisMember("s", "a", "b"), "*2\r\n:1\r\n:0\r\n"));
        assertEquals(List.of(true, false), decode(SetRequests.smisMember("s", "a", "b"), "*2\r\n#t\r\n#f\r\n"));
    }

    @Test
    void unexpectedShapes_areRefused() {
        assertThrows(IllegalStateException.class,
                () -> decode(HashRequests.hgetAll("h"), "*3\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n"));
        assertThrows(IllegalStateException.class, () -> decode(SortedSetRequests.zpopMin("z"),
                "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"));
        assertThrows(IllegalStateException.class, () -> decode(SetRequests.sscan("s", 0, null, 0), "*1\r\n$1\r\n0\r\n"));
    }
}
