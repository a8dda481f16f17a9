package org.kvlab.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * C's {@code long double} as Redis uses it on x86-64: the x87 80-bit format (a 64-bit significand, binary exponents
 * down to -16445 for subnormals, overflow at 2^16384), read by {@code strtold} and written by
 * {@code printf("%.17Lf")}. Values are kept as exact {@link BigDecimal}s on that format's grid. Shared by the store
 * ({@code INCRBYFLOAT}, {@code HINCRBYFLOAT}) and the server (the timeouts of blocking commands), so that both read
 * numbers exactly as Redis does. Stateless and thread-safe.
 */
public final class LongDouble {

    /** Redis's {@code MAX_LONG_DOUBLE_CHARS}: a text this long or longer is refused before parsing. */
    private static final int MAX_CHARS = 5 * 1024;
    private static final int SIGNIFICAND_BITS = 64;
    /** The exponent of the least significant bit of the smallest subnormal: 2^-16445. */
    private static final int MIN_EXPONENT = -16445;
    /** The largest exponent of the least significant bit of a finite value: (2^64 - 1) * 2^16320 < 2^16384. */
    private static final int MAX_EXPONENT = 16384 - SIGNIFICAND_BITS;
    /** A decimal or binary exponent past which any nonzero significand of at most {@link #MAX_CHARS} digits is out. */
    private static final long EXPONENT_BOUND = 40_000;

    private LongDouble() {
    }

    /** A text {@code strtold} reads as infinity. */
    public static final class InfiniteException extends Exception {

        private static final long serialVersionUID = 1L;

        /** Creates the exception; it carries no stack trace. */
        public InfiniteException() {
            super("infinite", null, false, false);
        }
    }

    /**
     * Reads {@code text} as Redis's {@code string2ld} does: all of it must be a {@code strtold} number (decimal or
     * {@code 0x} hexadecimal, optional sign and exponent; no spaces), neither NaN nor out of range.
     *
     * @return the value, rounded to the {@code long double} grid
     * @throws NumberFormatException if it is not such a number
     * @throws InfiniteException if it reads as infinity
     */
    public static BigDecimal parse(byte[] text) throws InfiniteException {
        int n = text.length;
        if (n == 0 || n >= MAX_CHARS) {
            throw new NumberFormatException();
        }
        int i = 0;
        boolean negative = false;
        if (text[0] == '+' || text[0] == '-') {
            negative = text[0] == '-';
            i++;
        }
        if (isWord(text, i, "infinity") || isWord(text, i, "inf")) {
            throw new InfiniteException();
        }
        BigDecimal v = n - i > 2 && text[i] == '0' && (text[i + 1] | 0x20) == 'x' && hexDigit(text[i + 2]) >= 0
                || n - i > 3 && text[i] == '0' && (text[i + 1] | 0x20) == 'x' && text[i + 2] == '.'
                        && hexDigit(text[i + 3]) >= 0
                ? hex(text, i + 2) : decimal(text, i);
        BigDecimal rounded = round(negative ? v.negate() : v);
        if (rounded == null || rounded.signum() == 0 && v.signum() != 0) {
            throw new NumberFormatException(); // ERANGE: overflow, or underflow to zero
        }
        return rounded;
    }

    /**
     * Returns {@code a + b} rounded to the grid.
     *
     * @throws ArithmeticException if the sum overflows to infinity
     */
    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        BigDecimal sum = round(a.add(b));
        if (sum == null) {
            throw new ArithmeticException("overflow");
        }
        return sum;
    }

    /** Writes {@code v} as Redis's {@code ld2string(LD_STR_HUMAN)}: 17 decimals, trailing zeros cut, never -0. */
    public static byte[] format(BigDecimal v) {
        String s = v.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        return (s.equals("-0") ? "0" : s).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Rounds {@code v} to the nearest {@code long double}, ties to even, or returns {@code null} if it overflows.
     */
    public static BigDecimal round(BigDecimal v) {
        if (v.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigInteger num = v.unscaledValue().abs();
        BigInteger den = BigInteger.ONE;
        if (v.scale() > 0) {
            den = BigInteger.TEN.pow(v.scale());
        } else if (v.scale() < 0) {
            num = num.multiply(BigInteger.TEN.pow(-v.scale()));
        }
        // |v| = num / den; find the exponent e of the significand's last bit: 2^63 <= |v| / 2^e < 2^64
        int e = num.bitLength() - den.bitLength() - (SIGNIFICAND_BITS - 1);
        BigInteger[] qr;
        while (true) {
            int exponent = Math.max(e, MIN_EXPONENT);
            qr = (exponent < 0 ? num.shiftLeft(-exponent) : num).divideAndRemainder(
                    exponent > 0 ? den.shiftLeft(exponent) : den);
            int bits = qr[0].bitLength();
            if (bits > SIGNIFICAND_BITS) {
                e++;
            } else if (bits < SIGNIFICAND_BITS && e > MIN_EXPONENT) {
                e--;
            } else {
                e = exponent;
                break;
            }
        }
        BigInteger q = qr[0];
        BigInteger divisor = e > 0 ? den.shiftLeft(e) : den;
        int half = qr[1].shiftLeft(1).compareTo(divisor);
        if (half > 0 || half == 0 && q.testBit(0)) {
            q = q.add(BigInteger.ONE);
            if (q.bitLength() > SIGNIFICAND_BITS) {
                q = q.shiftRight(1);
                e++;
            }
        }
        if (e > MAX_EXPONENT) {
            return null;
        }
        if (v.signum() < 0) {
            q = q.negate();
        }
        return e >= 0 ? new BigDecimal(q.shiftLeft(e)) : new BigDecimal(q.multiply(BigInteger.valueOf(5).pow(-e)), -e);
    }

    /** Reads decimal digits, an optional point and an optional exponent from {@code i} to the end, exactly. */
    private static BigDecimal decimal(byte[] t, int i) {
        int n = t.length;
        StringBuilder digits = new StringBuilder();
        int fraction = 0;
        boolean point = false;
        for (; i < n; i++) {
            byte c = t[i];
            if (c >= '0' && c <= '9') {
                digits.append((char) c);
                if (point) {
                    fraction++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits.length() == 0) {
            throw new NumberFormatException();
        }
        long exponent = i < n && (t[i] | 0x20) == 'e' ? exponent(t, i + 1) : 0;
        if (i < n && (t[i] | 0x20) != 'e') {
            throw new NumberFormatException();
        }
        BigInteger unscaled = new BigInteger(digits.toString());
        return scaled(unscaled, exponent - fraction, false);
    }

    /** Reads hexadecimal digits, an optional point and an optional binary exponent {@code p} from {@code i}. */
    private static BigDecimal hex(byte[] t, int i) {
        int n = t.length;
        BigInteger m = BigInteger.ZERO;
        int fraction = 0;
        boolean point = false;
        for (; i < n; i++) {
            byte c = t[i];
            int d = hexDigit(c);
            if (d >= 0) {
                m = m.shiftLeft(4).or(BigInteger.valueOf(d));
                if (point) {
                    fraction++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        long exponent = i < n && (t[i] | 0x20) == 'p' ? exponent(t, i + 1) : 0;
        if (i < n && (t[i] | 0x20) != 'p') {
            throw new NumberFormatException();
        }
        return scaled(m, exponent - 4L * fraction, true);
    }

    /** Returns {@code m * 10^exp} (or {@code 2^exp} when {@code binary}), cut short when far out of range. */
    private static BigDecimal scaled(BigInteger m, long exp, boolean binary) {
        if (m.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (exp > EXPONENT_BOUND) {
            return BigDecimal.TEN.pow(5000); // overflows for sure
        }
        if (exp < -EXPONENT_BOUND - 4L * MAX_CHARS) {
            return new BigDecimal(BigInteger.ONE, 20_000); // underflows to zero for sure
        }
        int e = (int) exp;
        if (!binary) {
            return new BigDecimal(m, -e);
        }
        return e >= 0 ? new BigDecimal(m.shiftLeft(e)) : new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-e)), -e);
    }

    /** Reads the exponent after an {@code e} or {@code p} at {@code i}, which must run to the end, saturated. */
    private static long exponent(byte[] t, int i) {
        int n = t.length;
        boolean negative = false;
        if (i < n && (t[i] == '+' || t[i] == '-')) {
            negative = t[i] == '-';
            i++;
        }
        if (i >= n) {
            throw new NumberFormatException();
        }
        long e = 0;
        for (; i < n; i++) {
            if (t[i] < '0' || t[i] > '9') {
                throw new NumberFormatException();
            }
            e = Math.min(e * 10 + (t[i] - '0'), 1L << 40);
        }
        return negative ? -e : e;
    }

    private static boolean isWord(byte[] t, int i, String word) {
        if (t.length - i != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((t[i + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Returns the value of the ASCII hexadecimal digit {@code c}, or -1. */
    private static int hexDigit(byte c) {
        int lower = c | 0x20;
        return c >= '0' && c <= '9' ? c - '0' : lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
