package org.kvlab.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} as Redis's {@code SORT} uses it to turn an element or weight into a score: the text up to its
 * first NUL byte, after leading white space, must be all of a decimal or hexadecimal float, {@code inf} or
 * {@code infinity} (any case, signed); the empty text is 0. The result must not be NaN nor out of range
 * ({@code ERANGE}: a finite text beyond the largest double, or one that rounds to zero or a subnormal and is not
 * exact), as glibc reports.
 */
final class Strtod {

    private Strtod() {
    }

    /** Returns the score of {@code s}, or NaN if Redis's SORT refuses it. */
    static double parse(byte[] s) {
        int end = 0;
        while (end < s.length && s[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        int i = 0;
        while (i < end && isSpace(s[i])) {
            i++;
        }
        int start = i;
        boolean negative = false;
        if (i < end && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (word(s, i, end, "infinity") || word(s, i, end, "inf")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (i + 1 < end && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            return hex(s, i + 2, end, negative);
        }
        return decimal(s, start, i, end);
    }

    /** Whether {@code s[from..end)} is exactly {@code word} in any case. */
    private static boolean word(byte[] s, int from, int end, String word) {
        if (end - from != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((s[from + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static double decimal(byte[] s, int start, int digits, int end) {
        int i = digits;
        int mantissa = 0;
        boolean nonZero = false;
        while (i < end && isDigit(s[i])) {
            nonZero |= s[i] != '0';
            mantissa++;
            i++;
        }
        if (i < end && s[i] == '.') {
            i++;
            while (i < end && isDigit(s[i])) {
                nonZero |= s[i] != '0';
                mantissa++;
                i++;
            }
        }
        if (mantissa == 0) {
            return Double.NaN;
        }
        i = exponent(s, i, end);
        if (i != end) {
            return Double.NaN;
        }
        String text = new String(s, start, end - start, StandardCharsets.US_ASCII).trim();
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            return Double.NaN;
        }
        if (nonZero && Math.abs(d) < Double.MIN_NORMAL) {
            try {
                if (new BigDecimal(d).compareTo(new BigDecimal(text)) != 0) {
                    return Double.NaN;
                }
            } catch (NumberFormatException e) {
                return Double.NaN; // an exponent beyond an int: far below the smallest double
            }
        }
        return d;
    }

    private static double hex(byte[] s, int from, int end, boolean negative) {
        BigInteger mantissa = BigInteger.ZERO;
        int digits = 0;
        int fraction = 0;
        int i = from;
        boolean point = false;
        while (i < end) {
            int v = Character.digit(s[i], 16);
            if (v >= 0) {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(v));
                digits++;
                if (point) {
                    fraction++;
                }
            } else if (s[i] == '.' && !point) {
                point = true;
            } else {
                break;
            }
            i++;
        }
        if (digits == 0) {
            return Double.NaN; // "0x" without digits: strtod stops after the 0
        }
        long exponent = 0;
        int e = i;
        if (e + 1 < end && (s[e] == 'p' || s[e] == 'P')) {
            int j = e + 1;
            boolean minus = false;
            if (s[j] == '+' || s[j] == '-') {
                minus = s[j] == '-';
                j++;
            }
            if (j < end && isDigit(s[j])) {
                while (j < end && isDigit(s[j])) {
                    exponent = Math.min(exponent * 10 + (s[j] - '0'), 1L << 40);
                    j++;
                }
                exponent = minus ? -exponent : exponent;
                i = j;
            }
        }
        if (i != end) {
            return Double.NaN;
        }
        if (mantissa.signum() == 0) {
            return negative ? -0.0 : 0.0;
        }
        // the value is mantissa * 2^scale: its highest bit is 2^top, its lowest 2^low
        long scale = exponent - 4L * fraction;
        long top = scale + mantissa.bitLength() - 1;
        long low = scale + mantissa.getLowestSetBit();
        double d;
        if (top < Double.MIN_EXPONENT) {
            if (low < -1074) {
                return Double.NaN; // below the normal range and not exact
            }
            d = Math.scalb(mantissa.shiftRight(mantissa.getLowestSetBit()).doubleValue(), (int) low);
        } else if (top > Double.MAX_EXPONENT) {
            return Double.NaN;
        } else {
            // keep 64 bits and a sticky bit for the rest, so rounding to 53 bits rounds as the exact value would
            int shift = Math.max(0, mantissa.bitLength() - 64);
            BigInteger kept = mantissa.shiftRight(shift);
            if (mantissa.getLowestSetBit() < shift) {
                kept = kept.setBit(0);
            }
            d = Math.scalb(kept.doubleValue(), (int) (scale + shift));
            if (Double.isInfinite(d)) {
                return Double.NaN;
            }
        }
        return negative ? -d : d;
    }

    /** Returns the index after an exponent {@code e[+-]digits} at {@code i}, or {@code i} if there is none. */
    private static int exponent(byte[] s, int i, int end) {
        if (i >= end || (s[i] | 0x20) != 'e') {
            return i;
        }
        int j = i + 1;
        if (j < end && (s[j] == '+' || s[j] == '-')) {
            j++;
        }
        if (j >= end || !isDigit(s[j])) {
            return i;
        }
        while (j < end && isDigit(s[j])) {
            j++;
        }
        return j;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** C's {@code isspace} in the C locale. */
    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}
