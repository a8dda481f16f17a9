package org.kvlab.store;

/**
 * Redis's canonical decimal integers ({@code string2ll}, listpack's {@code lpStringToInt64}): the strings a
 * listpack entry or an intset holds as a {@code long} and gives back as the same bytes.
 */
final class Decimal {

    private Decimal() {
    }

    /**
     * Returns whether {@code e} is a {@code long} in canonical decimal — no sign {@code +}, no leading zeros, not
     * {@code -0} — which an entry holds as an integer and gives back as the same bytes (listpack's
     * {@code lpStringToInt64}).
     */
    static boolean isInteger(byte[] e) {
        int n = e.length;
        if (n == 0 || n > 20) {
            return false;
        }
        if (n == 1 && e[0] == '0') {
            return true;
        }
        int i = e[0] == '-' ? 1 : 0;
        if (i == n || e[i] < '1' || e[i] > '9') {
            return false;
        }
        long limit = i == 1 ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long v = 0;
        for (; i < n; i++) {
            int d = e[i] - '0';
            if (d < 0 || d > 9 || v < limit / 10) {
                return false;
            }
            v *= 10;
            if (v < limit + d) {
                return false;
            }
            v -= d;
        }
        return true;
    }

    /** Returns the value of {@code e}, which {@link #isInteger} accepted. */
    static long toLong(byte[] e) {
        boolean negative = e[0] == '-';
        long v = 0;
        for (int i = negative ? 1 : 0; i < e.length; i++) {
            v = v * 10 - (e[i] - '0');
        }
        return negative ? v : -v;
    }
}
