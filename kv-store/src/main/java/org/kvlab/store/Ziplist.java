package org.kvlab.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redis's ziplist ({@code ziplist.c}), the compact encoding of files written before Redis 7.0: a 4-byte total length,
 * a 4-byte offset of the last entry, a 2-byte count (65535: unknown), all little-endian, the entries, then
 * {@code 0xFF}. An entry is the previous entry's length (1 byte, or {@code 0xFE} and 4 bytes), an encoding (a string
 * of 6-, 14- or 32-bit length, or an 8-, 16-, 24-, 32- or 64-bit integer, or 0-12 in the encoding byte itself) and its
 * data. Read only: kvlab writes listpacks. Stateless, thread-safe.
 */
final class Ziplist {

    private static final int HEADER = 10;
    private static final int END = 0xFF;
    private static final int BIG_PREVIOUS_LENGTH = 0xFE;

    private Ziplist() {
    }

    /**
     * Returns the elements of {@code ziplist}, integers as their decimal text.
     *
     * @throws IllegalArgumentException if it is not a well-formed ziplist
     */
    static byte[][] decode(byte[] ziplist) {
        if (ziplist.length < HEADER + 1) {
            throw new IllegalArgumentException("ziplist of " + ziplist.length + " bytes (expected: >= 11)");
        }
        long total = Rdb.getLe(ziplist, 0, 4);
        if (total != ziplist.length) {
            throw new IllegalArgumentException("ziplist header says " + total + " bytes, blob has " + ziplist.length);
        }
        int declared = (int) Rdb.getLe(ziplist, 8, 2);
        List<byte[]> elements = new ArrayList<>();
        int p = HEADER;
        int previous = 0;
        while (true) {
            need(ziplist, p, 1);
            if ((ziplist[p] & 0xFF) == END) {
                break;
            }
            int start = p;
            long previousLength;
            if ((ziplist[p] & 0xFF) == BIG_PREVIOUS_LENGTH) {
                need(ziplist, p, 5);
                previousLength = Rdb.getLe(ziplist, p + 1, 4);
                p += 5;
            } else {
                previousLength = ziplist[p] & 0xFF;
                p += 1;
            }
            if (previousLength != previous) {
                throw new IllegalArgumentException("ziplist entry at offset " + start + " says the previous one has "
                        + previousLength + " bytes, it has " + previous);
            }
            need(ziplist, p, 1);
            int b = ziplist[p] & 0xFF;
            byte[] element;
            switch (b >>> 6) {
                case 0: {
                    int length = b & 0x3F;
                    element = slice(ziplist, p + 1, length);
                    p += 1 + length;
                    break;
                }
                case 1: {
                    need(ziplist, p, 2);
                    int length = (b & 0x3F) << 8 | (ziplist[p + 1] & 0xFF);
                    element = slice(ziplist, p + 2, length);
                    p += 2 + length;
                    break;
                }
                case 2: {
                    need(ziplist, p, 5);
                    long length = (ziplist[p + 1] & 0xFFL) << 24 | (ziplist[p + 2] & 0xFF) << 16
                            | (ziplist[p + 3] & 0xFF) << 8 | (ziplist[p + 4] & 0xFF);
                    if (b != 0x80 || length > ziplist.length) {
                        throw new IllegalArgumentException("ziplist entry at offset " + start + ": bad string "
                                + "encoding 0x" + Integer.toHexString(b) + " of length " + length);
                    }
                    element = slice(ziplist, p + 5, (int) length);
                    p += 5 + (int) length;
                    break;
                }
                default: {
                    int width;
                    if (b == 0xC0) {
                        width = 2;
                    } else if (b == 0xD0) {
                        width = 4;
                    } else if (b == 0xE0) {
                        width = 8;
                    } else if (b == 0xF0) {
                        width = 3;
                    } else if (b == 0xFE) {
                        width = 1;
                    } else if (b >= 0xF1 && b <= 0xFD) {
                        width = 0;
                    } else {
                        throw new IllegalArgumentException("ziplist entry at offset " + start
                                + " has the unknown encoding 0x" + Integer.toHexString(b));
                    }
                    need(ziplist, p, 1 + width);
                    if (width == 0) {
                        element = Rdb.decimal((b & 0x0F) - 1);
                    } else {
                        int unused = 64 - 8 * width;
                        element = Rdb.decimal(Rdb.getLe(ziplist, p + 1, width) << unused >> unused);
                    }
                    p += 1 + width;
                }
            }
            previous = p - start;
            elements.add(element);
        }
        if (p != ziplist.length - 1) {
            throw new IllegalArgumentException("ziplist end byte at offset " + p + " of " + ziplist.length);
        }
        if (declared != 65535 && declared != elements.size()) {
            throw new IllegalArgumentException("ziplist header says " + declared + " elements, it holds "
                    + elements.size());
        }
        return elements.toArray(new byte[0][]);
    }

    private static void need(byte[] ziplist, int p, int bytes) {
        if (p + bytes > ziplist.length) {
            throw new IllegalArgumentException("ziplist entry at offset " + p + " runs past the end");
        }
    }

    private static byte[] slice(byte[] ziplist, int from, int length) {
        need(ziplist, from, length + 1);
        return Arrays.copyOfRange(ziplist, from, from + length);
    }
}
