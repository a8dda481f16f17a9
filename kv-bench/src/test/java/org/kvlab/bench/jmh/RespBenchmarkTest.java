package org.kvlab.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvlab.protocol.ProtocolException;
import org.openjdk.jmh.infra.Blackhole;

final class RespBenchmarkTest {

    private static final Blackhole BLACKHOLE = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void pipelinedSets_encodesCommandsOfTheDocumentedSize() {
        byte[] bytes = RespBenchmark.pipelinedSets(2);
        assertEquals(2 * RespBenchmark.COMMAND_BYTES, bytes.length);
        assertEquals("*3\r\n$3\r\nSET\r\n$10\r\nkey:000001\r\n$5\r\nvalue\r\n",
                new String(bytes, RespBenchmark.COMMAND_BYTES, RespBenchmark.COMMAND_BYTES,
                        StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct"})
    void parse_deliversEveryCommandOfTheBufferEachTime(String buffer) throws ProtocolException {
        RespBenchmark.Parse state = new RespBenchmark.Parse();
        state.buffer = buffer;
        state.setUp(BLACKHOLE);
        RespBenchmark benchmark = new RespBenchmark();
        assertEquals(2 * RespBenchmark.COMMANDS, benchmark.parse(state));
        assertEquals(3 * RespBenchmark.COMMANDS, benchmark.parse(state));
    }

    @Test
    void encode_writesTheRepliesRedisSends() {
        RespBenchmark.Encode state = new RespBenchmark.Encode();
        state.setUp();
        RespBenchmark benchmark = new RespBenchmark();
        assertEquals("+OK\r\n".length(), benchmark.encodeOk(state));
        assertEquals("$3\r\nxxx\r\n".length(), benchmark.encodeBulk3(state));
        assertEquals("$100\r\n".length() + 100 + 2, benchmark.encodeBulk100(state));
        assertEquals(":1234567\r\n".length(), benchmark.encodeInteger(state));
        assertEquals("*10\r\n".length() + 10 * ("$100\r\n".length() + 100 + 2), benchmark.encodeArray10(state));
        assertEquals(0, state.out.size());
    }
}
