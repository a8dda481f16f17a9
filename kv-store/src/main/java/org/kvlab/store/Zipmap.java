package org.kvlab.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redis's zipmap ({@code zipmap.c}), the small-hash encoding of files written before Redis 2.6: a count byte, then
 * per entry the field's length (1 byte, or {@code 254} and 4 bytes little-endian), the field, the value's length, a
 * byte of free space after the value, the value and that free space; then {@code 0xFF}. Read only. Stateless.
 */
final class Zipmap {

    private static final int BIG_LENGTH = 254;
    private static final int END = 0xFF;

    private Zipmap() {
    }

    /**
     * Returns field then value for each entry of {@code zipmap}.
     *
     * @throws IllegalArgumentException if it is not a well-formed zipmap
     */
    static byte[][] decode(byte[] zipmap) {
        List<byte[]> out = new ArrayList<>();
        int[] p = {1};
        need(zipmap, 0, 1);
        while (true) {
            need(zipmap, p[0], 1);
            if ((zipmap[p[0]] & 0xFF) == END) {
                break;
            }
            int fieldLength = length(zipmap, p);
            out.add(slice(zipmap, p[0], fieldLength));
            p[0] += fieldLength;
            int valueLength = length(zipmap, p);
            need(zipmap, p[0], 1);
            int free = zipmap[p[0]] & 0xFF;
            p[0]++;
            out.add(slice(zipmap, p[0], valueLength));
            p[0] += valueLength + free;
        }
        if (p[0] != zipmap.length - 1) {
            throw new IllegalArgumentException("zipmap end byte at offset " + p[0] + " of " + zipmap.length);
        }
        return out.toArray(new byte[0][]);
    }

    private static int length(byte[] zipmap, int[] p) {
        need(zipmap, p[0], 1);
        int b = zipmap[p[0]] & 0xFF;
        if (b < BIG_LENGTH) {
            p[0]++;
            return b;
        }
        need(zipmap, p[0], 5);
        long length = Rdb.getLe(zipmap, p[0] + 1, 4);
        if (b != BIG_LENGTH || length > zipmap.length) {
            throw new IllegalArgumentException("zipmap length at offset " + p[0] + " is bad");
        }
        p[0] += 5;
        return (int) length;
    }

    private static void need(byte[] zipmap, int p, int bytes) {
        if (p + bytes > zipmap.length) {
            throw new IllegalArgumentException("zipmap entry at offset " + p + " runs past the end");
        }
    }

    private static byte[] slice(byte[] zipmap, int from, int length) {
        need(zipmap, from, length);
        return Arrays.copyOfRange(zipmap, from, from + length);
    }
}
