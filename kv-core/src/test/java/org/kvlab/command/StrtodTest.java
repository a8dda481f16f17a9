package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What Redis 7.0.15's SORT accepted and refused on this machine (glibc 2.36), value by value. */
final class StrtodTest {

    private static double parse(String s) {
        return Strtod.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|0", "' 1'|1", "'\t3'|3", "'\u000b3'|3", "+5|5", ".5|0.5", "5.|5", "-0|-0.0", "1E5|100000",
        "'  -.5e-2'|-0.005", "0x10|16", "0x1.8p1|3", "0X1P3|8", "0x.8|0.5", "0x8.|8", "inf|Infinity",
        "-inf|-Infinity", "infinity|Infinity", "INF|Infinity", "1e308|1e308",
        "1.7976931348623158e308|1.7976931348623157e308", "1.797693134862315807e308|1.7976931348623157e308",
        "2.2250738585072014e-308|2.2250738585072014e-308", "0x1p-1030|0x1p-1030", "0x1p-1074|0x1p-1074",
        "0e-99999999999|0", "'1\u0000x'|1", "'\u0000abc'|0", "07|7"})
    void accepted(String text, double expected) {
        assertEquals(expected, parse(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 ", "nan", "-nan", "1e", "1e+", "0x", "  ", "-", "1_0", "1e309", "1e400",
        "1.7976931348623159e308", "1e-310", "4.9e-324", "1e-400", "2.2250738585072011e-308", "1e-99999999999",
        "0x1.0000000000001p-1030", "0x1p-1075", "0x3p-1075", "0x1.8p-1074", "0x1p99999999999",
        "0x1p-99999999999", "0X.P1", "0x1p", "infinit", "inf x", "\u0661", "1d", "1f", "0x1g", "--1"})
    void refused(String text) {
        assertTrue(Double.isNaN(parse(text)), text);
    }
}
