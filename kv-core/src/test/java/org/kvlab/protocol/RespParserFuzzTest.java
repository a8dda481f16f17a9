package org.kvlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.protocol.RespParserPropertiesTest.parseInChunks;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.kvlab.protocol.RespParserPropertiesTest.Outcome;

/**
 * Jazzer fuzz test. In a normal build it runs in regression mode, replaying the saved inputs under
 * {@code src/test/resources/org/kvlab/protocol/RespParserFuzzTestInputs/<method>/}; to fuzz, run it with
 * {@code JAZZER_FUZZ=1} (for example {@code JAZZER_FUZZ=1 ./mvnw -pl kv-core test -Dtest=RespParserFuzzTest}) and
 * copy any crashing input the fuzzer reports into that directory.
 */
final class RespParserFuzzTest {

    private static final ProtocolLimits LIMITS = new ProtocolLimits(64, 256, 16, 1024, 4, 32);

    @FuzzTest(maxDuration = "30s")
    void parse_fuzzedBytesInFuzzedChunks_yieldOnlyCommandsOrProtocolErrors(FuzzedDataProvider data) {
        boolean authenticated = data.consumeBoolean();
        BufferKind kind = data.pickValue(BufferKind.values());
        List<Integer> cuts = new ArrayList<>();
        int cutCount = data.consumeInt(0, 8);
        for (int i = 0; i < cutCount; i++) {
            cuts.add(data.consumeInt(0, 4096));
        }
        byte[] input = data.consumeRemainingAsBytes();

        RespParser whole = new RespParser(LIMITS);
        whole.setAuthenticated(authenticated);
        Outcome once = parseInChunks(whole, LIMITS, input, List.of(), BufferKind.HEAP);
        RespParser split = new RespParser(LIMITS);
        split.setAuthenticated(authenticated);
        Outcome chunked = parseInChunks(split, LIMITS, input, cuts, kind);

        assertEquals(once, chunked);
        for (List<String> command : once.commands()) {
            assertFalse(command.isEmpty());
            assertTrue(command.size() <= Math.max(LIMITS.maxMultibulkLength(), LIMITS.maxInlineLength()));
            for (String arg : command) {
                assertTrue(arg.length() <= Math.max(LIMITS.maxBulkLength(), LIMITS.maxInlineLength()));
            }
        }
        assertTrue(split.bufferedBytes() <= LIMITS.maxQueryBufferLength());
    }
}
