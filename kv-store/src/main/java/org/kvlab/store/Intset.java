package org.kvlab.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Redis's intset ({@code intset.c}), a small set of integers: the width of each (2, 4 or 8 bytes) and the count, both
 * 4-byte little-endian, then the integers in ascending order, little-endian. Stateless, thread-safe.
 */
final class Intset {

    private static final int HEADER = 8;

    private Intset() {
    }

    /**
     * Returns the intset of {@code members}, each the decimal text of an integer.
     *
     * @throws IllegalArgumentException if a member is not a canonical decimal integer
     */
    static byte[] encode(byte[][] members) {
        long[] values = new long[members.length];
        long min = 0;
        long max = 0;
        for (int i = 0; i < members.length; i++) {
            if (!Rdb.isCanonicalLong(members[i])) {
                throw new IllegalArgumentException("intset member is not an integer");
            }
            values[i] = Long.parseLong(new String(members[i], StandardCharsets.US_ASCII));
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        Arrays.sort(values);
        int width = min >= Short.MIN_VALUE && max <= Short.MAX_VALUE ? 2
                : min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE ? 4 : 8;
        byte[] out = new byte[HEADER + width * values.length];
        Rdb.putIntLe(out, 0, width);
        Rdb.putIntLe(out, 4, values.length);
        for (int i = 0; i < values.length; i++) {
            Rdb.putLe(out, HEADER + i * width, values[i], width);
        }
        return out;
    }

    /**
     * Returns the members of {@code intset} as decimal text.
     *
     * @throws IllegalArgumentException if it is not a well-formed intset
     */
    static byte[][] decode(byte[] intset) {
        if (intset.length < HEADER) {
            throw new IllegalArgumentException("intset of " + intset.length + " bytes (expected: >= 8)");
        }
        long width = Rdb.getLe(intset, 0, 4);
        long count = Rdb.getLe(intset, 4, 4);
        if (width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("intset of width " + width + " (expected: 2, 4 or 8)");
        }
        if (HEADER + width * count != intset.length) {
            throw new IllegalArgumentException("intset of " + count + " members of " + width + " bytes in "
                    + intset.length + " bytes");
        }
        byte[][] members = new byte[(int) count][];
        int unused = 64 - 8 * (int) width;
        long previous = 0;
        for (int i = 0; i < count; i++) {
            long v = Rdb.getLe(intset, HEADER + i * (int) width, (int) width) << unused >> unused;
            if (i > 0 && v <= previous) {
                throw new IllegalArgumentException("intset members out of order at index " + i);
            }
            previous = v;
            members[i] = Rdb.decimal(v);
        }
        return members;
    }
}
