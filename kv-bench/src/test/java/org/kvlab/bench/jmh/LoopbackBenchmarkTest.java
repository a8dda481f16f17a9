package org.kvlab.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class LoopbackBenchmarkTest {

    @ParameterizedTest
    @CsvSource({"blocking,1", "nio,16", "epoll,16", "iouring,1"})
    void roundTrip_readsExactlyTheRepliesOfEachBatch(String transport, int pipeline) throws IOException {
        LoopbackBenchmark.Loopback state = new LoopbackBenchmark.Loopback();
        state.transport = transport;
        state.pipeline = pipeline;
        state.setUp();
        try {
            assertEquals(transport, state.server.transportName());
            LoopbackBenchmark benchmark = new LoopbackBenchmark();
            for (int i = 0; i < 100; i++) {
                assertEquals('\n', benchmark.roundTrip(state));
            }
            assertEquals(pipeline, state.replyLength / "$3\r\nxxx\r\n".length());
            assertEquals(("$3\r\nxxx\r\n").repeat(pipeline), new String(state.reply, StandardCharsets.US_ASCII));
            assertEquals(101L * pipeline, state.server.totalCommandsProcessed());
        } finally {
            state.tearDown();
        }
    }
}
