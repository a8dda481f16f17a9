package org.kvlab.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class KeySequenceTest {

    private static final int KEYS = 100_000;

    @Test
    void uniform_staysInRange_andCoversMostKeys() {
        KeySequence sequence = KeySequence.uniform(KEYS, 1);
        boolean[] seen = new boolean[KEYS];
        int distinct = 0;
        for (int i = 0; i < KeySequence.LENGTH; i++) {
            int index = sequence.next();
            assertTrue(index >= 0 && index < KEYS, "index " + index);
            if (!seen[index]) {
                seen[index] = true;
                distinct++;
            }
        }
        // 65,536 uniform draws over 100,000 keys hit about 48,000 distinct keys
        assertTrue(distinct > 40_000, "distinct keys: " + distinct);
    }

    @Test
    void zipf_concentratesOnFewKeys() {
        KeySequence sequence = KeySequence.zipf(KEYS, 1);
        int[] counts = new int[KEYS];
        for (int i = 0; i < KeySequence.LENGTH; i++) {
            counts[sequence.next()]++;
        }
        int max = 0;
        int distinct = 0;
        for (int count : counts) {
            max = Math.max(max, count);
            distinct += count > 0 ? 1 : 0;
        }
        // rank 1 of Zipf(0.99) over 100,000 keys has probability about 1/12.5, so about 5,000 of 65,536 draws
        assertTrue(max > 3_000, "most frequent key drawn " + max + " times");
        assertTrue(distinct < 25_000, "distinct keys: " + distinct);
    }

    @Test
    void next_wrapsAroundAfterLength() {
        KeySequence sequence = KeySequence.uniform(KEYS, 7);
        int first = sequence.next();
        for (int i = 1; i < KeySequence.LENGTH; i++) {
            sequence.next();
        }
        assertEquals(first, sequence.next());
    }

    @Test
    void of_unknownDistribution_saysWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeySequence.of("gauss", KEYS, 1));
        assertEquals("distribution: gauss (expected: uniform or zipf)", e.getMessage());
    }

    @Test
    void key_isPrefixAndSixDigits() {
        assertArrayEquals("key:000042".getBytes(StandardCharsets.US_ASCII), KeySequence.key("key:", 42));
    }
}
