package org.kvlab.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.protocol.Collector.bytes;
import static org.kvlab.protocol.Collector.command;
import static org.kvlab.protocol.Collector.parseAll;
import static org.kvlab.protocol.Collector.parseChunks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class RespParserTest {

    private static final ProtocolLimits LIMITS = ProtocolLimits.DEFAULTS;

    private static String error(ProtocolLimits limits, String input) {
        RespParser parser = new RespParser(limits);
        return assertThrows(ProtocolException.class,
                () -> parser.parse(ByteBuffer.wrap(bytes(input)), new Collector())).getMessage();
    }

    private static String error(String input) {
        return error(LIMITS, input);
    }

    /** Every split of input into two chunks gives the expected commands. */
    private static void assertEverySplitParses(String input, List<List<String>> expected) throws Exception {
        byte[] all = bytes(input);
        for (int cut = 0; cut <= all.length; cut++) {
            byte[] first = java.util.Arrays.copyOfRange(all, 0, cut);
            byte[] second = java.util.Arrays.copyOfRange(all, cut, all.length);
            RespParser parser = new RespParser(LIMITS);
            assertEquals(expected, parseChunks(parser, first, second), "cut at " + cut);
            assertFalse(parser.hasPartialCommand());
        }
    }

    @Test
    void parse_multibulkCommand_deliversArguments() throws Exception {
        assertEquals(List.of(command("SET", "key", "value")),
                parseAll("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"));
    }

    @Test
    void parse_pipelinedCommands_deliversEachInOrder() throws Exception {
        assertEquals(List.of(command("PING"), command("GET", "a"), command("echo", "")),
                parseAll("*1\r\n$4\r\nPING\r\nGET a\r\n*2\r\n$4\r\necho\r\n$0\r\n\r\n"));
    }

    @Test
    void parse_binaryBulk_keepsEveryByte() throws Exception {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        List<byte[]> got = new ArrayList<>();
        RespParser parser = new RespParser(LIMITS);
        ByteBuffer in = ByteBuffer.allocate(300);
        in.put(bytes("*1\r\n$256\r\n")).put(value).put(bytes("\r\n")).flip();
        parser.parse(in, (args, argc) -> got.add(args[0]));
        assertEquals(1, got.size());
        assertArrayEquals(value, got.get(0));
    }

    @Test
    void parse_everySplitOfEachConstruct_givesTheSameCommands() throws Exception {
        assertEverySplitParses("*2\r\n$4\r\nECHO\r\n$12\r\nhello\r\nworld\r\n",
                List.of(command("ECHO", "hello\r\nworld")));
        assertEverySplitParses("*1\r\n$0\r\n\r\n", List.of(command("")));
        assertEverySplitParses("*0\r\n*-1\r\n*1\r\n$1\r\nx\r\n", List.of(command("x")));
    }

    @Test
    void parse_everySplitOfInlineCommands_givesTheSameCommands() throws Exception {
        assertEverySplitParses("set \"a b\\x41\\n\" 'c\\'d'\r\n\r\n\nPING\n  get\tk  \r\n",
                List.of(command("set", "a bA\n", "c'd"), command("PING"), command("get", "k")));
    }

    @Test
    void parse_inlineQuoting_followsSdssplitargs() throws Exception {
        assertEquals(List.of(command("ab c", "c\td", "\u0001\r\u0007\b", "x", "", "q\"")),
                parseAll("a\"b c\" \"c\\td\" \"\\x01\\r\\a\\b\" x \"\" 'q\"'\n"));
        assertEquals(List.of(command("foobar baz")), parseAll("foo\"bar baz\"\n"));
        assertEquals(List.of(command("xzz")), parseAll("\"\\xzz\"\n"));
    }

    @Test
    void parse_inlineWithNul_stopsTheWordListAtTheNul() throws Exception {
        assertEquals(List.of(command("get", "k")), parseAll("get k\u0000 ignored\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"set \"a\r\n", "set 'a\n", "set \"a\"b\n", "set 'a'b\r\n", "\"\\\"\n"})
    void parse_unbalancedQuotes_isAnError(String input) {
        assertEquals("unbalanced quotes in request", error(input));
    }

    @Test
    void parse_commandsBeforeAnError_areDeliveredFirst() {
        Collector sink = new Collector();
        RespParser parser = new RespParser(LIMITS);
        ByteBuffer in = ByteBuffer.wrap(bytes("PING\r\n*1\r\n$4\r\nECHO\r\n*1\r\n$x\r\n*1\r\n$4\r\nLOST\r\n"));
        ProtocolException e = assertThrows(ProtocolException.class, () -> parser.parse(in, sink));
        assertEquals("invalid bulk length", e.getMessage());
        assertEquals(List.of(command("PING"), command("ECHO")), sink.commands);
        assertFalse(parser.hasPartialCommand());
        assertEquals(0, parser.bufferedBytes());
    }

    @Test
    void parse_afterAnError_startsAfresh() throws Exception {
        RespParser bad = new RespParser(LIMITS);
        bad.parse(ByteBuffer.wrap(bytes("*2\r\n$3\r\nGET\r\n")), new Collector());
        assertThrows(ProtocolException.class, () -> bad.parse(ByteBuffer.wrap(bytes("x\r\n")), new Collector()));
        assertEquals(List.of(command("PING")), parseChunks(bad, bytes("PING\r\n")));
    }

    @Test
    void parse_sinkReturningFalse_stopsJustAfterThatCommand() throws Exception {
        String input = "*1\r\n$1\r\na\r\nb\r\n*1\r\n$1\r\nc\r\n";
        ByteBuffer in = ByteBuffer.wrap(bytes(input));
        RespParser parser = new RespParser(LIMITS);
        Collector sink = new Collector(1);
        parser.parse(in, sink);
        assertEquals(11, in.position());
        assertEquals(List.of(command("a")), sink.commands);
        parser.parse(in, sink);
        assertEquals(14, in.position());
        parser.parse(in, new Collector());
        assertFalse(in.hasRemaining());
    }

    @Test
    void parse_argsArray_isClearedAfterDelivery() throws Exception {
        RespParser parser = new RespParser(LIMITS);
        byte[][][] seen = new byte[1][][];
        parser.parse(ByteBuffer.wrap(bytes("*2\r\n$1\r\na\r\n$1\r\nb\r\n")), (args, argc) -> {
            seen[0] = args;
            return true;
        });
        assertNull(seen[0][0]);
        assertNull(seen[0][1]);
    }

    @Test
    void parse_tenMegabyteBulkInSixteenKilobyteReads_arrivesIntact() throws Exception {
        byte[] value = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(value);
        byte[] header = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + value.length + "\r\n");
        ByteBuffer all = ByteBuffer.allocate(header.length + value.length + 2);
        all.put(header).put(value).put(bytes("\r\n")).flip();
        RespParser parser = new RespParser(LIMITS);
        List<byte[]> got = new ArrayList<>();
        ByteBuffer read = ByteBuffer.allocateDirect(16 * 1024);
        long before = 0;
        while (all.hasRemaining()) {
            read.clear();
            ByteBuffer slice = all.slice();
            slice.limit(Math.min(read.capacity(), slice.remaining()));
            read.put(slice).flip();
            all.position(all.position() + read.limit());
            parser.parse(read, (args, argc) -> got.add(args[2]));
            if (all.hasRemaining()) {
                assertTrue(parser.hasPartialCommand());
                assertTrue(parser.bufferedBytes() > before);
                before = parser.bufferedBytes();
            }
        }
        assertEquals(1, got.size());
        assertArrayEquals(value, got.get(0));
        assertFalse(parser.hasPartialCommand());
        assertEquals(0, parser.bufferedBytes());
    }

    @Test
    void parse_partialCommand_reportsItsStartAndSize() throws Exception {
        RespParser parser = new RespParser(LIMITS);
        assertEquals(-1, parser.partialCommandStartNanos());
        long before = System.nanoTime();
        parser.parse(ByteBuffer.wrap(bytes("*1\r\n$4\r\nPI")), new Collector());
        long start = parser.partialCommandStartNanos();
        assertTrue(start - before >= 0);
        assertEquals(10, parser.bufferedBytes());
        parser.parse(ByteBuffer.wrap(bytes("N")), new Collector());
        assertEquals(start, parser.partialCommandStartNanos());
        assertEquals(11, parser.bufferedBytes());
        assertEquals(List.of(command("PING")), parseChunks(parser, bytes("G\r\n")));
        assertEquals(-1, parser.partialCommandStartNanos());
        assertEquals(0, parser.bufferedBytes());
    }

    @Test
    void parse_hugeClaimedLengths_allocateOnlyWhatArrives() throws Exception {
        RespParser parser = new RespParser(LIMITS);
        parser.parse(ByteBuffer.wrap(bytes("*2147483647\r\n$536870912\r\nabc")), new Collector());
        assertTrue(parser.hasPartialCommand());
        assertEquals(28, parser.bufferedBytes());
    }

    @Test
    void parse_bulkWithoutCheckingItsTrailer_asRedis() throws Exception {
        assertEquals(List.of(command("ab"), command("c")), parseAll("*1\r\n$2\r\nabXY*1\r\n$1\r\ncZZ"));
    }

    @Test
    void parse_headerByteAfterCarriageReturn_isNotChecked() throws Exception {
        assertEquals(List.of(command("ab")), parseAll("*1\rX$2\rYab\r\n"));
    }

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                Arguments.of("*x\r\n", "invalid multibulk length"),
                Arguments.of("*\r\n", "invalid multibulk length"),
                Arguments.of("*01\r\n", "invalid multibulk length"),
                Arguments.of("*+1\r\n", "invalid multibulk length"),
                Arguments.of("*-0\r\n", "invalid multibulk length"),
                Arguments.of("*1 \r\n", "invalid multibulk length"),
                Arguments.of("*2147483648\r\n", "invalid multibulk length"),
                Arguments.of("*99999999999999999999\r\n", "invalid multibulk length"),
                Arguments.of("*1\r\n$-1\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$01\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$536870913\r\n", "invalid bulk length"),
                Arguments.of("*1\r\nfoo\r\n", "expected '$', got 'f'"),
                Arguments.of("*1\r\n\r\n", "expected '$', got ' '"),
                Arguments.of("*1\r\n:1\r\n", "expected '$', got ':'"));
    }

    @ParameterizedTest
    @MethodSource("badHeaders")
    void parse_badHeader_isTheRedisError(String input, String message) {
        assertEquals(message, error(input));
    }

    @Test
    void parse_overlongLines_areTooBig() {
        ProtocolLimits small = LIMITS.withMaxInlineLength(8);
        assertEquals("too big inline request", error(small, "123456789"));
        assertEquals("too big mbulk count string", error(small, "*12345678"));
        assertEquals("too big bulk count string", error(small, "*1\r\n$12345678"));
        assertEquals("too big inline request", error("x".repeat(64 * 1024 + 1)));
        assertEquals("too big mbulk count string", error("*" + "1".repeat(64 * 1024)));
    }

    @Test
    void parse_wholeHeaderOverlong_isTooBigAsWhenSplit() throws Exception {
        ProtocolLimits small = LIMITS.withMaxInlineLength(8);
        assertEquals("too big mbulk count string", error(small, "*123456789\r\n$1\r\nx\r\n"));
        assertEquals("too big mbulk count string", error(small.withMaxMultibulkLength(5), "*000000001\r\n"));
        assertEquals("too big bulk count string", error(small, "*1\r\n$000000001\r\nx\r\n"));
        assertEquals("too big bulk count string", error(small.withMaxBulkLength(Integer.MAX_VALUE),
                "*1\r\n$123456789\r\n" + "x".repeat(123) + "\r\n"));
        assertEquals(List.of(command("x".repeat(1234567))),
                parseChunks(new RespParser(small), bytes("*1\r\n$1234567\r\n" + "x".repeat(1234567) + "\r\n")));
    }

    @Test
    void parse_bulkLengthsOfNineAndTenDigits_areRead() throws Exception {
        RespParser parser = new RespParser(LIMITS.withMaxBulkLength(Integer.MAX_VALUE - 8));
        String ten = "*2\r\n$1\r\na\r\n$1000000000\r\nab";
        parser.parse(ByteBuffer.wrap(bytes(ten)), new Collector());
        assertEquals(ten.length(), parser.bufferedBytes());
        RespParser nine = new RespParser(LIMITS);
        String nineDigits = "*1\r\n$100000000\r\nab";
        nine.parse(ByteBuffer.wrap(bytes(nineDigits)), new Collector());
        assertEquals(nineDigits.length(), nine.bufferedBytes());
    }

    @Test
    void parse_linesOfExactlyTheLimit_areAccepted() throws Exception {
        ProtocolLimits small = LIMITS.withMaxInlineLength(8);
        RespParser parser = new RespParser(small);
        assertEquals(List.of(command("12345678"), command("x")),
                parseChunks(parser, bytes("1234"), bytes("5678\n*1\r\n$1\r\nx\r\n")));
    }

    @Test
    void parse_unauthenticated_limitsCountAndLength() throws Exception {
        RespParser parser = new RespParser(LIMITS);
        parser.setAuthenticated(false);
        assertEquals(List.of(command("A".repeat(16384))),
                parseChunks(parser, bytes("*1\r\n$16384\r\n" + "A".repeat(16384) + "\r\n")));
        assertEquals("unauthenticated multibulk length", assertThrows(ProtocolException.class,
                () -> parser.parse(ByteBuffer.wrap(bytes("*11\r\n")), new Collector())).getMessage());
        assertEquals("unauthenticated bulk length", assertThrows(ProtocolException.class,
                () -> parser.parse(ByteBuffer.wrap(bytes("*1\r\n$16385\r\n")), new Collector())).getMessage());
        parser.setAuthenticated(true);
        parser.parse(ByteBuffer.wrap(bytes("*11\r\n$16385\r\n")), new Collector());
        assertTrue(parser.hasPartialCommand());
    }

    @Test
    void parse_unfinishedCommandOverTheQueryBufferLimit_isAnError() throws Exception {
        ProtocolLimits limits = LIMITS.withMaxQueryBufferLength(100);
        RespParser parser = new RespParser(limits);
        parser.parse(ByteBuffer.wrap(bytes("*2\r\n$1000\r\n" + "a".repeat(80))), new Collector());
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> parser.parse(ByteBuffer.wrap(bytes("a".repeat(20))), new Collector()));
        assertEquals("query buffer limit exceeded", e.getMessage());
        assertEquals(0, parser.bufferedBytes());
    }

    @Test
    void parse_commandsWithinTheQueryBufferLimit_pass() throws Exception {
        RespParser parser = new RespParser(LIMITS.withMaxQueryBufferLength(30));
        assertEquals(List.of(command("abcdefghij"), command("abcdefghij")),
                parseChunks(parser, bytes("*1\r\n$10\r\nabcdefghij\r\n*1\r\n$10\r\nabcdefghij\r\n")));
    }

    @Test
    void parse_directBuffer_parsesLikeAHeapBuffer() throws Exception {
        byte[] input = bytes("*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nPING\r\n");
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length + 4);
        direct.position(2);
        direct.put(input).flip().position(2);
        Collector sink = new Collector();
        new RespParser(LIMITS).parse(direct, sink);
        assertEquals(List.of(command("ECHO", "hi"), command("PING")), sink.commands);
        assertFalse(direct.hasRemaining());
    }

    @Test
    void limits_nonPositiveValue_isRejectedWithWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LIMITS.withMaxBulkLength(-1));
        assertEquals("maxBulkLength: -1 (expected: > 0)", e.getMessage());
    }

    @Test
    void limits_defaults_areRedis7s() {
        assertEquals(65536, LIMITS.maxInlineLength());
        assertEquals(512L * 1024 * 1024, LIMITS.maxBulkLength());
        assertEquals(Integer.MAX_VALUE, LIMITS.maxMultibulkLength());
        assertEquals(1024L * 1024 * 1024, LIMITS.maxQueryBufferLength());
        assertEquals(10, LIMITS.unauthenticatedMaxMultibulk());
        assertEquals(16384, LIMITS.unauthenticatedMaxBulk());
    }
}
