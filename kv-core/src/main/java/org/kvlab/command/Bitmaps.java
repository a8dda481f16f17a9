package org.kvlab.command;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bit arithmetic on strings as Redis's {@code bitops.c} does it: bit 0 is the most significant bit of the first byte,
 * a string reads as zeros past its end, ranges are inclusive and count from the end when negative.
 */
final class Bitmaps {

    /** {@code OVERFLOW WRAP}: an overflowing value wraps around. */
    static final int WRAP = 0;
    /** {@code OVERFLOW SAT}: an overflowing value stays at the type's minimum or maximum. */
    static final int SAT = 1;
    /** {@code OVERFLOW FAIL}: an overflowing operation does nothing and replies nil. */
    static final int FAIL = 2;

    /** {@code BITOP AND}. */
    static final int AND = 0;
    /** {@code BITOP OR}. */
    static final int OR = 1;
    /** {@code BITOP XOR}. */
    static final int XOR = 2;
    /** {@code BITOP NOT}. */
    static final int NOT = 3;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bitmaps() {
    }

    /** Returns the number of set bits in {@code p[from..to)}. */
    static long popcount(byte[] p, int from, int to) {
        long bits = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            bits += Long.bitCount((long) LONGS.get(p, i));
        }
        for (; i < to; i++) {
            bits += Integer.bitCount(p[i] & 0xFF);
        }
        return bits;
    }

    /**
     * Returns the number of set bits between {@code start} and {@code end} inclusive, byte or bit positions
     * ({@code isBit}), negative ones counted from the end, as {@code BITCOUNT key start end [BYTE|BIT]}.
     */
    static long count(byte[] p, long start, long end, boolean isBit) {
        if (start < 0 && end < 0 && start > end) {
            return 0;
        }
        long total = isBit ? (long) p.length << 3 : p.length;
        long[] range = clamp(start, end, total);
        if (range[0] > range[1]) {
            return 0;
        }
        if (!isBit) {
            return popcount(p, (int) range[0], (int) range[1] + 1);
        }
        long first = range[0];
        long last = range[1];
        int firstByte = (int) (first >>> 3);
        int lastByte = (int) (last >>> 3);
        long bits = popcount(p, firstByte, lastByte + 1);
        // leave out the bits of the edge bytes that are outside the range
        bits -= Integer.bitCount((p[firstByte] & 0xFF) >>> (8 - (first & 7)));
        bits -= Integer.bitCount(p[lastByte] & ((1 << (7 - (last & 7))) - 1));
        return bits;
    }

    /**
     * Returns the position of the first bit equal to {@code bit} between {@code start} and {@code end} inclusive,
     * byte or bit positions ({@code isBit}), negative ones counted from the end, as
     * {@code BITPOS key bit start [end [BYTE|BIT]]}: -1 if there is none, except that a clear bit is looked for
     * past the end of the string when {@code end} was not given ({@code endGiven}).
     */
    static long position(byte[] p, int bit, long start, long end, boolean endGiven, boolean isBit) {
        long total = isBit ? (long) p.length << 3 : p.length;
        long[] range = clamp(start, end, total);
        if (range[0] > range[1]) {
            return -1;
        }
        long first = isBit ? range[0] : range[0] << 3;
        long last = isBit ? range[1] : (range[1] << 3) | 7;
        long found = find(p, bit, first, last);
        if (found >= 0) {
            return found;
        }
        return bit == 0 && !endGiven ? last + 1 : -1;
    }

    /** Returns the first position in {@code [first, last]} of a bit equal to {@code bit}, or -1. */
    private static long find(byte[] p, int bit, long first, long last) {
        int skip = bit == 1 ? 0 : 0xFF;
        long pos = first;
        while (pos <= last) {
            int index = (int) (pos >>> 3);
            int b = p[index] & 0xFF;
            if ((pos & 7) == 0 && last - pos >= 7 && b == skip) {
                pos += 8;
                continue;
            }
            if (((b >>> (7 - (pos & 7))) & 1) == bit) {
                return pos;
            }
            pos++;
        }
        return -1;
    }

    /** Turns an inclusive range with negative positions into {@code [start, end]} within {@code [0, total)}. */
    private static long[] clamp(long start, long end, long total) {
        if (start < 0) {
            start += total;
        }
        if (end < 0) {
            end += total;
        }
        start = Math.max(0, start);
        end = Math.max(0, end);
        if (end >= total) {
            end = total - 1;
        }
        return new long[] {start, end};
    }

    /** Returns bit {@code offset} of {@code p}, 0 past its end. */
    static int bit(byte[] p, long offset) {
        long index = offset >>> 3;
        return index < p.length ? (p[(int) index] >>> (7 - (offset & 7))) & 1 : 0;
    }

    /** Sets bit {@code offset} of {@code p}, which must be long enough, to {@code value} (0 or 1). */
    static void setBit(byte[] p, long offset, int value) {
        int index = (int) (offset >>> 3);
        int mask = 1 << (7 - (offset & 7));
        p[index] = (byte) (value == 0 ? p[index] & ~mask : p[index] | mask);
    }

    /** Returns the {@code bits}-bit unsigned integer at bit {@code offset}, reading zeros past the end of {@code p}. */
    static long getUnsigned(byte[] p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++) {
            value = (value << 1) | bit(p, offset + j);
        }
        return value;
    }

    /** Returns the {@code bits}-bit two's complement integer at bit {@code offset}, zeros past the end of {@code p}. */
    static long getSigned(byte[] p, long offset, int bits) {
        long value = getUnsigned(p, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
            value |= -1L << bits;
        }
        return value;
    }

    /** Writes the low {@code bits} bits of {@code value} at bit {@code offset} of {@code p}, which is long enough. */
    static void setBits(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            setBit(p, offset + j, (int) (value >>> (bits - 1 - j)) & 1);
        }
    }

    /**
     * Checks whether {@code value + incr} fits a {@code bits}-bit unsigned integer ({@code value} read as unsigned),
     * as Redis's {@code checkUnsignedBitfieldOverflow}: returns 0 if it does, 1 on overflow, -1 on underflow, and then
     * stores in {@code limit[0]} the result {@code overflow} calls for ({@link #WRAP} or {@link #SAT}).
     */
    static int checkUnsigned(long value, long incr, int bits, int overflow, long[] limit) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
            if (overflow == WRAP) {
                limit[0] = (value + incr) & ~(-1L << bits);
            } else if (overflow == SAT) {
                limit[0] = max;
            }
            return 1;
        }
        if (incr < 0 && incr < minIncr) {
            if (overflow == WRAP) {
                limit[0] = (value + incr) & ~(-1L << bits);
            } else if (overflow == SAT) {
                limit[0] = 0;
            }
            return -1;
        }
        return 0;
    }

    /**
     * Checks whether {@code value + incr} fits a {@code bits}-bit signed integer, as Redis's
     * {@code checkSignedBitfieldOverflow} (its wrapping arithmetic included): returns 0 if it does, 1 on overflow,
     * -1 on underflow, and then stores in {@code limit[0]} the result {@code overflow} calls for.
     */
    static int checkSigned(long value, long incr, int bits, int overflow, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncr = max - value;
        long minIncr = min - value;
        int result;
        if (value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr)) {
            result = 1;
        } else if (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr)) {
            result = -1;
        } else {
            return 0;
        }
        if (overflow == WRAP) {
            long c = value + incr;
            if (bits < 64) {
                long mask = -1L << bits;
                c = (c & (1L << (bits - 1))) != 0 ? c | mask : c & ~mask;
            }
            limit[0] = c;
        } else if (overflow == SAT) {
            limit[0] = result > 0 ? max : min;
        }
        return result;
    }

    /**
     * Returns {@code op} ({@link #AND}, {@link #OR}, {@link #XOR}, {@link #NOT}) over {@code sources} ({@code null}
     * for an absent key, an empty string), as long as the longest, shorter ones read as zero-padded; {@code null}
     * when every source is empty.
     */
    static byte[] op(int op, byte[][] sources) {
        int length = 0;
        for (byte[] s : sources) {
            if (s != null) {
                length = Math.max(length, s.length);
            }
        }
        if (length == 0) {
            return null;
        }
        byte[] result = new byte[length];
        byte[] first = sources[0];
        if (first != null) {
            System.arraycopy(first, 0, result, 0, first.length);
        }
        if (op == NOT) {
            for (int i = 0; i < length; i++) {
                result[i] = (byte) ~result[i];
            }
            return result;
        }
        for (int k = 1; k < sources.length; k++) {
            byte[] s = sources[k];
            int n = s == null ? 0 : s.length;
            for (int i = 0; i < n; i++) {
                if (op == AND) {
                    result[i] &= s[i];
                } else if (op == OR) {
                    result[i] |= s[i];
                } else {
                    result[i] ^= s[i];
                }
            }
            if (op == AND) {
                for (int i = n; i < length; i++) {
                    result[i] = 0;
                }
            }
        }
        return result;
    }
}
