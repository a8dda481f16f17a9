package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Scores read as ZADD reads them: integers short enough to be exact take a path of their own, with the same result. */
final class ScoreTextTest {

    private static double strict(String s) {
        return ScoreText.strict(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Property
    void strict_anIntegerWrittenAnyWay_isWhatParseDoubleReads(
            @ForAll @LongRange(min = -999_999_999_999_999_999L, max = 999_999_999_999_999_999L) long n,
            @ForAll @IntRange(min = 0, max = 3) int zeros, @ForAll boolean plus) {
        String digits = "0".repeat(zeros) + Math.abs(n);
        String text = (n < 0 ? "-" : plus ? "+" : "") + digits;

        assertEquals(Double.parseDouble(text), strict(text), text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|0.0", "-0|-0.0", "+0|0.0", "007|7", "999999999999999|999999999999999",
        "1234567890123456789|1234567890123456789", "1e5|100000", "12E2|1200", "1.5|1.5", "5.|5", "0x10|16",
        "inf|Infinity", "-inf|-Infinity"})
    void strict_reads(String text, double expected) {
        assertEquals(expected, strict(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "1e", "12x", "1e400", "nan", "-", "--1"})
    void strict_refuses(String text) {
        assertTrue(Double.isNaN(strict(text)), text);
    }
}
