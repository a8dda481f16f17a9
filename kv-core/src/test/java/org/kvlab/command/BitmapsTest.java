package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

final class BitmapsTest {

    private static final byte[] FOOBAR = "foobar".getBytes(StandardCharsets.US_ASCII);

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void popcount_countsEveryByteOfTheRange_pastEightByteWords() {
        byte[] p = new byte[21];
        java.util.Arrays.fill(p, (byte) 0xFF);
        assertEquals(168, Bitmaps.popcount(p, 0, 21));
        assertEquals(8 * 19, Bitmaps.popcount(p, 1, 20));
        assertEquals(26, Bitmaps.popcount(FOOBAR, 0, 6));
    }

    @Test
    void count_byteRanges_asRedisBitcount() {
        assertEquals(4, Bitmaps.count(FOOBAR, 0, 0, false));
        assertEquals(6, Bitmaps.count(FOOBAR, 1, 1, false));
        assertEquals(7, Bitmaps.count(FOOBAR, -2, -1, false));
        assertEquals(4, Bitmaps.count(FOOBAR, -100, -50, false), "both clamp to byte 0");
        assertEquals(0, Bitmaps.count(FOOBAR, -1, -2, false));
        assertEquals(0, Bitmaps.count(FOOBAR, 4, 2, false));
        assertEquals(0, Bitmaps.count(new byte[0], 0, -1, false));
    }

    @Test
    void count_bitRanges_leaveOutTheEdgeBytesOtherBits() {
        assertEquals(1, Bitmaps.count(FOOBAR, 1, 1, true));
        assertEquals(17, Bitmaps.count(FOOBAR, 5, 30, true));
        assertEquals(26, Bitmaps.count(FOOBAR, 0, -1, true));
        assertEquals(2, Bitmaps.count(bytes(0b0110_0000), 1, 2, true), "one byte, both edges");
        assertEquals(0, Bitmaps.count(bytes(0b1001_1111), 1, 2, true));
    }

    @Property
    void count_inBits_isTheNumberOfSetBitsInTheRange(@ForAll @Size(max = 20) byte[] p,
            @ForAll @IntRange(min = -200, max = 200) int start, @ForAll @IntRange(min = -200, max = 200) int end) {
        long total = p.length * 8L;
        long from = Math.max(0, start < 0 ? start + total : start);
        long to = Math.min(total - 1, Math.max(0, end < 0 ? end + total : end));
        long expected = 0;
        if (!(start < 0 && end < 0 && start > end)) {
            for (long i = from; i <= to; i++) {
                expected += Bitmaps.bit(p, i);
            }
        }
        assertEquals(expected, Bitmaps.count(p, start, end, true));
    }

    @Test
    void position_findsTheFirstBitInTheRange() {
        byte[] m = bytes(0xFF, 0xF0);
        assertEquals(12, Bitmaps.position(m, 0, 0, -1, false, false));
        assertEquals(-1, Bitmaps.position(m, 1, 2, -1, false, false), "start past the end");
        assertEquals(7, Bitmaps.position(m, 1, 7, 15, true, true));
        assertEquals(0, Bitmaps.position(bytes(0x00, 0x01), 0, 0, -1, true, false));
        assertEquals(15, Bitmaps.position(bytes(0x00, 0x01), 1, 0, -1, true, false));
        assertEquals(-1, Bitmaps.position(bytes(0x00, 0x01), 1, 0, 14, true, true));
    }

    @Test
    void position_ofAClearBit_looksPastTheEnd_onlyWithoutAnEnd() {
        byte[] ones = bytes(0xFF, 0xFF);
        assertEquals(16, Bitmaps.position(ones, 0, 0, -1, false, false));
        assertEquals(-1, Bitmaps.position(ones, 0, 0, -1, true, false));
        assertEquals(-1, Bitmaps.position(ones, 0, 0, -1, true, true));
        assertEquals(-1, Bitmaps.position(new byte[0], 0, 0, -1, false, false), "an empty string has no range");
    }

    @Test
    void unsignedAndSignedFields_readMostSignificantBitFirst_zerosPastTheEnd() {
        byte[] p = bytes(0b1101_0100);
        assertEquals(0b1101, Bitmaps.getUnsigned(p, 0, 4));
        assertEquals(-3, Bitmaps.getSigned(p, 0, 4));
        assertEquals(0b0100_0000, Bitmaps.getUnsigned(p, 4, 8), "the missing byte reads as zeros");
        assertEquals(-44, Bitmaps.getSigned(p, 0, 8));
        assertEquals(Long.MIN_VALUE, Bitmaps.getSigned(bytes(0x80, 0, 0, 0, 0, 0, 0, 0), 0, 64));
    }

    @Test
    void setBits_writesTheLowBitsAtAnyOffset() {
        byte[] p = new byte[2];
        Bitmaps.setBits(p, 7, 5, 23);
        assertArrayEquals(bytes(0b0000_0001, 0b0111_0000), p);
        Bitmaps.setBits(p, 0, 3, -1);
        assertEquals(0b1110_0001, p[0] & 0xFF);
    }

    @Test
    void checkUnsigned_overflowsPastTheWidth_wrapsOrSaturates() {
        long[] limit = new long[1];
        assertEquals(0, Bitmaps.checkUnsigned(200, 55, 8, Bitmaps.WRAP, limit));
        assertEquals(1, Bitmaps.checkUnsigned(200, 56, 8, Bitmaps.WRAP, limit));
        assertEquals(0, limit[0]);
        assertEquals(1, Bitmaps.checkUnsigned(200, 56, 8, Bitmaps.SAT, limit));
        assertEquals(255, limit[0]);
        assertEquals(-1, Bitmaps.checkUnsigned(3, -4, 8, Bitmaps.SAT, limit));
        assertEquals(0, limit[0]);
        assertEquals(-1, Bitmaps.checkUnsigned(3, -4, 8, Bitmaps.WRAP, limit));
        assertEquals(255, limit[0]);
        assertEquals(1, Bitmaps.checkUnsigned(-1, 0, 8, Bitmaps.SAT, limit), "SET of -1 is 2^64-1 unsigned");
        assertEquals(255, limit[0]);
        assertEquals(1, Bitmaps.checkUnsigned(Long.MAX_VALUE, 1, 63, Bitmaps.WRAP, limit));
        assertEquals(0, limit[0]);
    }

    @Test
    void checkSigned_overflowsPastTheWidth_includingI64() {
        long[] limit = new long[1];
        assertEquals(0, Bitmaps.checkSigned(-100, -28, 8, Bitmaps.WRAP, limit));
        assertEquals(-1, Bitmaps.checkSigned(-100, -100, 8, Bitmaps.WRAP, limit));
        assertEquals(56, limit[0]);
        assertEquals(1, Bitmaps.checkSigned(Long.MAX_VALUE, 1, 64, Bitmaps.SAT, limit));
        assertEquals(Long.MAX_VALUE, limit[0]);
        assertEquals(-1, Bitmaps.checkSigned(Long.MIN_VALUE, -1, 64, Bitmaps.WRAP, limit));
        assertEquals(Long.MAX_VALUE, limit[0]);
        assertEquals(1, Bitmaps.checkSigned(200, 0, 8, Bitmaps.WRAP, limit));
        assertEquals(-56, limit[0]);
    }

    @Test
    void checkSigned_keepsRedisWrappingArithmetic_aHugeNegativeSetSaturatesToTheMaximum() {
        long[] limit = new long[1];
        assertEquals(1, Bitmaps.checkSigned(Long.MIN_VALUE, 0, 8, Bitmaps.SAT, limit));
        assertEquals(127, limit[0]);
    }

    @Test
    void op_padsShorterSourcesWithZeros() {
        byte[] a = bytes(0xF0, 0x0F);
        byte[] b = bytes(0x3C);
        assertArrayEquals(bytes(0x30, 0x00), Bitmaps.op(Bitmaps.AND, new byte[][] {a, b}));
        assertArrayEquals(bytes(0xFC, 0x0F), Bitmaps.op(Bitmaps.OR, new byte[][] {a, b}));
        assertArrayEquals(bytes(0xCC, 0x0F), Bitmaps.op(Bitmaps.XOR, new byte[][] {a, b}));
        assertArrayEquals(bytes(0x00, 0x00), Bitmaps.op(Bitmaps.AND, new byte[][] {a, null}));
        assertArrayEquals(bytes(0x0F, 0xF0), Bitmaps.op(Bitmaps.NOT, new byte[][] {a}));
        assertNull(Bitmaps.op(Bitmaps.OR, new byte[][] {null, new byte[0]}));
    }
}
