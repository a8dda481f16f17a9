package org.kvlab.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ReplyParserTest {

    private final List<Object> replies = new ArrayList<>();
    private final ReplyParser parser = new ReplyParser(replies::add);

    private Object parseOne(String wire) {
        parser.feed(ByteBuffer.wrap(wire.getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, replies.size(), "replies of " + wire);
        return replies.get(0);
    }

    @Test
    void simpleString_ok_isTheSharedConstant() {
        assertSame("OK", parseOne("+OK\r\n"));
    }

    @Test
    void simpleString_other_isText() {
        assertEquals("PONG", parseOne("+PONG\r\n"));
    }

    @Test
    void error_becomesServerExceptionWithCode() {
        KvServerException e = assertInstanceOf(KvServerException.class,
                parseOne("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"));
        assertEquals("WRONGTYPE", e.code());
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", e.getMessage());
    }

    @Test
    void error_withoutUpperCaseCode_hasCodeErr() {
        assertEquals("ERR", ((KvServerException) parseOne("-something odd\r\n")).code());
    }

    @Test
    void integer_extremes_parse() {
        assertEquals(Long.MIN_VALUE, parseOne(":" + Long.MIN_VALUE + "\r\n"));
        replies.clear();
        assertEquals(Long.MAX_VALUE, parseOne(":" + Long.MAX_VALUE + "\r\n"));
    }

    @Test
    void integer_overflow_isProtocolError() {
        assertThrows(ReplyParser.ReplyProtocolException.class,
                () -> parser.feed(ByteBuffer.wrap(":9223372036854775808\r\n".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void bulk_isBinarySafe() {
        assertArrayEquals("a\r\nb".getBytes(StandardCharsets.US_ASCII), (byte[]) parseOne("$4\r\na\r\nb\r\n"));
    }

    @Test
    void bulk_empty_isEmptyArray() {
        assertArrayEquals(new byte[0], (byte[]) parseOne("$0\r\n\r\n"));
    }

    @Test
    void nulls_ofBothProtocols_areNull() {
        parser.feed(ByteBuffer.wrap("$-1\r\n*-1\r\n_\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Arrays.asList(null, null, null), replies);
    }

    @Test
    void array_nested_withErrorElement() {
        List<?> list = (List<?>) parseOne("*3\r\n:1\r\n*2\r\n+a\r\n$-1\r\n-ERR inner\r\n");
        assertEquals(1L, list.get(0));
        assertEquals(Arrays.asList("a", null), list.get(1));
        assertEquals("ERR inner", ((KvServerException) list.get(2)).getMessage());
    }

    @Test
    void array_empty_isEmptyList() {
        assertEquals(List.of(), parseOne("*0\r\n"));
    }

    @Test
    void map_bulkKeysBecomeStrings_inOrder() {
        Map<?, ?> map = (Map<?, ?>) parseOne("%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n+proto\r\n:3\r\n");
        assertEquals(List.of("server", "proto"), new ArrayList<>(map.keySet()));
        assertArrayEquals("redis".getBytes(StandardCharsets.US_ASCII), (byte[]) map.get("server"));
        assertEquals(3L, map.get("proto"));
    }

    @Test
    void set_bulkMembersBecomeStrings() {
        assertEquals(Set.of("a", "b"), parseOne("~3\r\n$1\r\na\r\n$1\r\nb\r\n+a\r\n"));
    }

    @Test
    void double_specialValues() {
        parser.feed(ByteBuffer.wrap(",1.5\r\n,inf\r\n,-inf\r\n,nan\r\n,-2e10\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -2e10), replies);
    }

    @Test
    void boolean_trueAndFalse() {
        parser.feed(ByteBuffer.wrap("#t\r\n#f\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(true, false), replies);
    }

    @Test
    void bigNumber_isBigInteger() {
        assertEquals(new BigInteger("-3492890328409238509324850943850943825024385"),
                parseOne("(-3492890328409238509324850943850943825024385\r\n"));
    }

    @Test
    void verbatim_isTextWithoutFormat() {
        assertEquals("Some string", parseOne("=15\r\ntxt:Some string\r\n"));
    }

    @Test
    void blobError_becomesServerException() {
        KvServerException e = assertInstanceOf(KvServerException.class, parseOne("!21\r\nSYNTAX invalid syntax\r\n"));
        assertEquals("SYNTAX", e.code());
    }

    @Test
    void push_atTopLevel_isNotAReply_andGoesToOnPush() {
        List<List<Object>> pushes = new ArrayList<>();
        ReplyParser withPushes = new ReplyParser(new ReplyParser.Sink() {
            @Override
            public void onReply(Object reply) {
                replies.add(reply);
            }

            @Override
            public void onPush(List<Object> push) {
                pushes.add(push);
            }
        });
        withPushes.feed(ByteBuffer.wrap(">2\r\n+message\r\n$2\r\nhi\r\n:7\r\n>0\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(7L), replies);
        assertEquals(2, pushes.size());
        assertEquals("message", pushes.get(0).get(0));
        assertEquals("hi", new String((byte[]) pushes.get(0).get(1), StandardCharsets.US_ASCII));
        assertEquals(List.of(), pushes.get(1));
    }

    @Test
    void push_atTopLevel_isDroppedBySinksThatTakeNone() {
        parser.feed(ByteBuffer.wrap(">2\r\n+message\r\n$2\r\nhi\r\n:7\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(7L), replies);
    }

    @Test
    void attribute_beforeReplyAndInsideArray_isDropped() {
        parser.feed(ByteBuffer.wrap(("|1\r\n+ttl\r\n:3600\r\n*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n:2\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(List.of(1L, 2L)), replies);
    }

    @Test
    void splitAtEveryByte_givesTheSameReplies() {
        byte[] wire = "+OK\r\n$5\r\nhello\r\n*2\r\n:1\r\n%1\r\n+k\r\n,2.5\r\n-ERR x\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (byte b : wire) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        assertEquals(4, replies.size());
        assertEquals("OK", replies.get(0));
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), (byte[]) replies.get(1));
        assertEquals(List.of(1L, Map.of("k", 2.5)), replies.get(2));
        assertInstanceOf(KvServerException.class, replies.get(3));
    }

    @Test
    void directBuffer_withOffsetPosition_parses() {
        ByteBuffer direct = ByteBuffer.allocateDirect(32);
        direct.put("xx:42\r\n".getBytes(StandardCharsets.US_ASCII)).flip().position(2);
        parser.feed(direct);
        assertEquals(List.of(42L), replies);
        assertTrue(!direct.hasRemaining());
    }

    @Test
    void unknownTypeByte_isProtocolError() {
        assertThrows(ReplyParser.ReplyProtocolException.class,
                () -> parser.feed(ByteBuffer.wrap("?1\r\n".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void lineWithoutCarriageReturn_isProtocolError() {
        assertThrows(ReplyParser.ReplyProtocolException.class,
                () -> parser.feed(ByteBuffer.wrap(":1\n".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void bulkLongerThanLimit_isRefusedBeforeAllocating() {
        assertThrows(ReplyParser.ReplyProtocolException.class, () -> parser.feed(ByteBuffer.wrap(
                ("$" + (ReplyParser.MAX_BULK + 1) + "\r\n").getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void bulkWithoutTrailingCrlf_isProtocolError() {
        assertThrows(ReplyParser.ReplyProtocolException.class,
                () -> parser.feed(ByteBuffer.wrap("$1\r\nab\r\n".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void endlessLine_isRefusedAtTheLimit() {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        chunk[0] = '+';
        parser.feed(ByteBuffer.wrap(chunk));
        chunk[0] = 'a';
        assertThrows(ReplyParser.ReplyProtocolException.class, () -> {
            for (int i = 0; i < ReplyParser.MAX_LINE / chunk.length + 1; i++) {
                parser.feed(ByteBuffer.wrap(chunk));
            }
        });
    }

    @Test
    void nestingDeeperThanLimit_isProtocolError() {
        String deep = "*1\r\n".repeat(ReplyParser.MAX_DEPTH + 1);
        assertThrows(ReplyParser.ReplyProtocolException.class,
                () -> parser.feed(ByteBuffer.wrap(deep.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void negativeAggregateLength_isProtocolError() {
        assertThrows(ReplyParser.ReplyProtocolException.class,
                () -> parser.feed(ByteBuffer.wrap("%-1\r\n".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void nullWithContent_isProtocolError() {
        assertThrows(ReplyParser.ReplyProtocolException.class,
                () -> parser.feed(ByteBuffer.wrap("_x\r\n".getBytes(StandardCharsets.US_ASCII))));
    }
}
