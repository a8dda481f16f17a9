package org.kvlab.command;

import java.nio.charset.StandardCharsets;

/** Parsing of command arguments the way Redis's {@code string2ll} and {@code strcasecmp} do. */
final class Args {

    private Args() {
    }

    /** Parses a strict decimal {@code long} (no sign {@code +}, no leading zeros, no spaces) or throws. */
    static long toLong(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 20) {
            throw CommandException.NOT_INTEGER;
        }
        if (n == 1 && b[0] == '0') {
            return 0;
        }
        boolean negative = b[0] == '-';
        int i = negative ? 1 : 0;
        if (i >= n || b[i] < '1' || b[i] > '9') {
            throw CommandException.NOT_INTEGER;
        }
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multmin = limit / 10;
        long v = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v < multmin) {
                throw CommandException.NOT_INTEGER;
            }
            v *= 10;
            if (v < limit + d) {
                throw CommandException.NOT_INTEGER;
            }
            v -= d;
        }
        return negative ? v : -v;
    }

    /** Parses an integer argument that must fit an {@code int}. */
    static int toInt(byte[] b) {
        long v = toLong(b);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw CommandException.NOT_INTEGER;
        }
        return (int) v;
    }

    /** Returns whether {@code b} equals the lower-case ASCII {@code word}, ignoring case. */
    static boolean is(byte[] b, String word) {
        if (b.length != word.length()) {
            return false;
        }
        for (int i = 0; i < b.length; i++) {
            int c = b[i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Decodes {@code b} as UTF-8. */
    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Encodes {@code s} as UTF-8. */
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
