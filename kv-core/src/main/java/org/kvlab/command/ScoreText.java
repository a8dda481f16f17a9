package org.kvlab.command;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Sorted-set scores as text, the way Redis 7.0 reads and writes them: parsed with C's {@code strtod} (decimal, hex,
 * {@code inf}, {@code infinity}, {@code nan}) and printed with {@code %.17g}.
 */
final class ScoreText {

    private static final MathContext DIGITS17 = new MathContext(17, RoundingMode.HALF_EVEN);
    /** The largest magnitude Redis's listpack keeps as an integer ({@code LLONG_MAX / 2}, as a double 2^62). */
    private static final double LISTPACK_INTEGER_MAX = 0x1p62;

    private ScoreText() {
    }

    /**
     * Parses a score as Redis's {@code string2d}: the whole argument must be a number, without leading space, not
     * NaN, not overflowing to infinity nor underflowing to zero.
     *
     * @return the value, or NaN if it is not valid
     */
    static double strict(byte[] b) {
        if (b.length == 0 || isSpace(b[0])) {
            return Double.NaN;
        }
        int signed = b[0] == '-' || b[0] == '+' ? 1 : 0;
        if (b.length > signed && b.length - signed <= 15) { // an integer under 10^15 is exact as a double
            long n = 0;
            int i = signed;
            for (; i < b.length && b[i] >= '0' && b[i] <= '9'; i++) {
                n = n * 10 + b[i] - '0';
            }
            if (i == b.length) {
                return b[0] == '-' ? -(double) n : n;
            }
        }
        double[] out = new double[2];
        int end = strtod(b, 0, b.length, out);
        return end != b.length || out[1] != 0 ? Double.NaN : out[0];
    }

    /**
     * Parses a score range end from {@code b[from..]} as Redis's {@code zslParseRange} reads it with {@code strtod}:
     * leading space allowed, read up to the first NUL byte, which the number must reach; an empty text is 0. NaN is
     * not valid.
     *
     * @return the value, or NaN if it is not valid
     */
    static double lenient(byte[] b, int from) {
        int to = from;
        while (to < b.length && b[to] != 0) {
            to++;
        }
        double[] out = new double[2];
        int end = strtod(b, from, to, out);
        return end == to ? out[0] : Double.NaN;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /**
     * C's {@code strtod} over {@code b[from, to)}: stores the value in {@code out[0]} and 1 in {@code out[1]} if it
     * overflowed or underflowed to zero ({@code ERANGE}).
     *
     * @return the index after the number, or {@code from} if there is none
     */
    private static int strtod(byte[] b, int from, int to, double[] out) {
        int i = from;
        while (i < to && isSpace(b[i])) {
            i++;
        }
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        if (word(b, i, to, "infinity") || word(b, i, to, "inf")) {
            out[0] = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return i + (word(b, i, to, "infinity") ? 8 : 3);
        }
        if (word(b, i, to, "nan")) {
            out[0] = Double.NaN;
            int j = i + 3;
            if (j < to && b[j] == '(') {
                int k = j + 1;
                while (k < to && (Character.isLetterOrDigit(b[k]) || b[k] == '_')) {
                    k++;
                }
                if (k < to && b[k] == ')') {
                    return k + 1;
                }
            }
            return j;
        }
        boolean hex = i + 1 < to && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')
                && i + 2 < to && (hexDigit(b[i + 2]) || b[i + 2] == '.' && i + 3 < to && hexDigit(b[i + 3]));
        int mantissa = hex ? i + 2 : i;
        int j = mantissa;
        int digits = 0;
        boolean nonZero = false;
        boolean dot = false;
        for (; j < to; j++) {
            if (b[j] == '.' && !dot) {
                dot = true;
            } else if (hex ? hexDigit(b[j]) : b[j] >= '0' && b[j] <= '9') {
                digits++;
                nonZero |= b[j] != '0';
            } else {
                break;
            }
        }
        if (digits == 0) {
            out[0] = 0;
            return from;
        }
        if (!hex && !dot && digits <= 15 && !(j < to && (b[j] | 0x20) == 'e')) {
            // an integer under 10^15: exact as a double, so it needs no text for Double.parseDouble
            long n = 0;
            for (int k = mantissa; k < j; k++) {
                n = n * 10 + b[k] - '0';
            }
            out[0] = negative ? -(double) n : n;
            out[1] = 0;
            return j;
        }
        String text = new String(b, mantissa, j - mantissa, StandardCharsets.US_ASCII);
        String exponent = "";
        char e = hex ? 'p' : 'e';
        if (j < to && (b[j] | 0x20) == e) {
            int k = j + 1;
            if (k < to && (b[k] == '+' || b[k] == '-')) {
                k++;
            }
            int expStart = k;
            while (k < to && b[k] >= '0' && b[k] <= '9') {
                k++;
            }
            if (k > expStart) {
                exponent = new String(b, j + 1, k - j - 1, StandardCharsets.US_ASCII);
                j = k;
            }
        }
        double v = hex ? Double.parseDouble("0x" + (text.startsWith(".") ? "0" : "") + text + "p"
                + (exponent.isEmpty() ? "0" : exponent)) : Double.parseDouble(exponent.isEmpty() ? text : text + "e"
                + exponent);
        out[0] = negative ? -v : v;
        out[1] = Double.isInfinite(v) || (v == 0 && nonZero) ? 1 : 0;
        return j;
    }

    private static boolean hexDigit(byte c) {
        return c >= '0' && c <= '9' || (c | 0x20) >= 'a' && (c | 0x20) <= 'f';
    }

    /** Returns whether {@code b[i, to)} starts with the lower-case ASCII {@code w}, ignoring case. */
    private static boolean word(byte[] b, int i, int to, String w) {
        if (to - i < w.length()) {
            return false;
        }
        for (int k = 0; k < w.length(); k++) {
            if ((b[i + k] | 0x20) != w.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Formats {@code d} as C's {@code printf("%.17g")}, with Redis's {@code inf} and {@code -inf}. */
    static String format(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal v = new BigDecimal(d).round(DIGITS17);
        String digits = v.unscaledValue().abs().toString();
        int exponent = v.precision() - v.scale() - 1;
        int last = digits.length();
        while (last > 1 && digits.charAt(last - 1) == '0') {
            last--;
        }
        digits = digits.substring(0, last);
        StringBuilder sb = new StringBuilder(24);
        if (d < 0) {
            sb.append('-');
        }
        if (exponent < -4 || exponent >= 17) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                sb.append('0');
            }
            sb.append(abs);
        } else if (exponent < 0) {
            sb.append("0.");
            for (int k = -1; k > exponent; k--) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (digits.length() <= exponent + 1) {
            sb.append(digits);
            for (int k = digits.length(); k <= exponent; k++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return sb.toString();
    }

    /**
     * Formats {@code d} as Redis's listpack holds it, which {@code ZSCAN} of a small set prints: an integral score of
     * magnitude up to 2^62 as an integer, any other as {@link #format}.
     */
    static String listpack(double d) {
        if (d == Math.rint(d) && Math.abs(d) <= LISTPACK_INTEGER_MAX) {
            return Long.toString((long) d);
        }
        return format(d);
    }
}
