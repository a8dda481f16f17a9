package org.kvlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kvlab.protocol.Collector.bytes;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of Redis's {@code tests/unit/protocol.tcl}, at the parser's level: input bytes to the commands parsed
 * (the tcl test then checks the server answers PING) or to the protocol error. "Generic wrong number of args" is a
 * command-table case; here it checks only that the command arrives whole.
 */
final class RedisProtocolTclTest {

    static Stream<Arguments> cases() {
        String payload = "payload".repeat(64 * 1024 / 7 + 1);
        return Stream.of(
                commands("Handle an empty query", "\r\n*1\r\n$4\r\nPING\r\n", List.of(List.of("PING"))),
                commands("Negative multibulk length", "*-10\r\n*1\r\n$4\r\nPING\r\n", List.of(List.of("PING"))),
                error("Out of range multibulk length", "*3000000000\r\n", "invalid multibulk length"),
                error("Wrong multibulk payload header", "*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n",
                        "expected '$', got 'f'"),
                error("Negative multibulk payload length", "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$-10\r\n",
                        "invalid bulk length"),
                error("Out of range multibulk payload length", "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$2000000000\r\n",
                        "invalid bulk length"),
                error("Non-number multibulk payload length", "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$blabla\r\n",
                        "invalid bulk length"),
                error("Multi bulk request not followed by bulk arguments", "*1\r\nfoo\r\n",
                        "expected '$', got 'f'"),
                commands("Generic wrong number of args", "*4\r\n$4\r\nping\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n",
                        List.of(List.of("ping", "x", "y", "z"))),
                error("Unbalanced number of quotes", "set \"\"\"test-key\"\"\" test-value\r\nping\r\n",
                        "unbalanced quotes in request"),
                error("Protocol desync regression test #1", "\u0000" + payload, "too big inline request"),
                error("Protocol desync regression test #2", "*\u0000" + payload, "too big mbulk count string"),
                error("Protocol desync regression test #3", "$\u0000" + payload, "too big inline request"));
    }

    /** Inputs sent to redis-server 7.0 on loopback, with what it did: the commands it ran or the error it sent. */
    static Stream<Arguments> observedOnRedis7() {
        return Stream.of(
                commands("bulk trailer not checked", "*1\r\n$4\r\nPINGXY", List.of(List.of("PING"))),
                commands("byte after a header's CR not checked", "*1\rX$4\rXPING\r\n", List.of(List.of("PING"))),
                commands("blank inline line skipped", "\t\r\n*1\r\n$4\r\nPING\r\n", List.of(List.of("PING"))),
                commands("bad hex escape is a plain x", "echo \"a\\x4\"\r\n", List.of(List.of("echo", "ax4"))),
                commands("escapes in quotes", "echo 'a\\'b' \"\\q\"\r\n", List.of(List.of("echo", "a'b", "q"))),
                commands("NUL in a bulk", "*2\r\n$4\r\necho\r\n$3\r\na\u0000b\r\n",
                        List.of(List.of("echo", "a\u0000b"))),
                error("minus zero count", "*-0\r\n", "invalid multibulk length"),
                error("minus zero length", "*1\r\n$-0\r\n", "invalid bulk length"),
                error("plus sign length", "*1\r\n$+1\r\n", "invalid bulk length"),
                error("LF for a bulk header", "*1\r\n\n\r\n", "expected '$', got ' '"),
                error("closing quote followed by a letter", "set \"a\"b\r\n", "unbalanced quotes in request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("observedOnRedis7")
    void parse_inputObservedOnRedis7_behavesTheSame(String name, String input, List<List<String>> expected,
                                                    String message) throws Exception {
        parse_protocolTclCase_behavesAsRedis(name, input, expected, message);
    }

    private static Arguments commands(String name, String input, List<List<String>> expected) {
        return Arguments.of(name, input, expected, null);
    }

    private static Arguments error(String name, String input, String message) {
        return Arguments.of(name, input, null, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parse_protocolTclCase_behavesAsRedis(String name, String input, List<List<String>> expected,
                                              String message) throws Exception {
        if (message == null) {
            assertEquals(expected, Collector.parseAll(input));
        } else {
            RespParser parser = new RespParser(ProtocolLimits.DEFAULTS);
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> parser.parse(ByteBuffer.wrap(bytes(input)), new Collector()));
            assertEquals(message, e.getMessage());
        }
    }
}
