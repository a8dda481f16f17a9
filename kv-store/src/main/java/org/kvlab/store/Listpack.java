package org.kvlab.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redis's listpack ({@code listpack.c}), as RDB holds small hashes and sorted sets and the nodes of a list: a 4-byte
 * total length and a 2-byte element count (65535: unknown), both little-endian, the entries, then {@code 0xFF}. An
 * entry is an encoding byte (a 7-bit unsigned integer, a 13-, 16-, 24-, 32- or 64-bit signed integer, or a string of
 * 6-, 12- or 32-bit length), its data, then its own length written backwards in 7-bit groups. An element that is a
 * canonical decimal integer is stored as an integer, as Redis does. Stateless, thread-safe.
 */
final class Listpack {

    private static final int HEADER = 6;
    private static final int END = 0xFF;
    private static final int UNKNOWN_COUNT = 65535;

    private Listpack() {
    }

    /** Returns the listpack holding {@code elements[from..to)}. */
    static byte[] encode(byte[][] elements, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < HEADER; i++) {
            out.write(0);
        }
        byte[] entry = new byte[16];
        for (int i = from; i < to; i++) {
            byte[] element = elements[i];
            int length;
            if (Rdb.isCanonicalLong(element)) {
                length = encodeInteger(Long.parseLong(new String(element, StandardCharsets.US_ASCII)), entry);
                out.write(entry, 0, length);
            } else {
                length = encodeStringHeader(element.length, entry);
                out.write(entry, 0, length);
                out.write(element, 0, element.length);
                length += element.length;
            }
            int back = encodeBacklen(length, entry);
            out.write(entry, 0, back);
        }
        out.write(END);
        byte[] listpack = out.toByteArray();
        int count = to - from;
        Rdb.putIntLe(listpack, 0, listpack.length);
        listpack[4] = (byte) Math.min(count, UNKNOWN_COUNT);
        listpack[5] = (byte) (Math.min(count, UNKNOWN_COUNT) >>> 8);
        return listpack;
    }

    /** Returns the size of a listpack whose entries take {@code entryBytes} bytes: header and end byte added. */
    static int framedSize(int entryBytes) {
        return HEADER + entryBytes + 1;
    }

    /**
     * Writes into {@code into} the listpack of {@code count} encoded entries {@code entries[from..to)}: its header,
     * the entries, the end byte; {@code into} must hold {@link #framedSize} bytes.
     */
    static void frame(byte[] entries, int from, int to, int count, byte[] into) {
        int size = framedSize(to - from);
        Rdb.putIntLe(into, 0, size);
        into[4] = (byte) Math.min(count, UNKNOWN_COUNT);
        into[5] = (byte) (Math.min(count, UNKNOWN_COUNT) >>> 8);
        System.arraycopy(entries, from, into, HEADER, to - from);
        into[size - 1] = (byte) END;
    }

    private static int encodeInteger(long v, byte[] out) {
        if (v >= 0 && v <= 127) {
            out[0] = (byte) v;
            return 1;
        } else if (v >= -4096 && v <= 4095) {
            out[0] = (byte) (0xC0 | ((v >> 8) & 0x1F));
            out[1] = (byte) v;
            return 2;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            out[0] = (byte) 0xF1;
            return 1 + Rdb.putLe(out, 1, v, 2);
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            out[0] = (byte) 0xF2;
            return 1 + Rdb.putLe(out, 1, v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out[0] = (byte) 0xF3;
            return 1 + Rdb.putLe(out, 1, v, 4);
        } else {
            out[0] = (byte) 0xF4;
            return 1 + Rdb.putLe(out, 1, v, 8);
        }
    }

    private static int encodeStringHeader(int length, byte[] out) {
        if (length < 64) {
            out[0] = (byte) (0x80 | length);
            return 1;
        } else if (length < 4096) {
            out[0] = (byte) (0xE0 | (length >>> 8));
            out[1] = (byte) length;
            return 2;
        } else {
            out[0] = (byte) 0xF0;
            return 1 + Rdb.putLe(out, 1, length, 4);
        }
    }

    /** Writes {@code length} as listpack's backwards length (as {@code lpEncodeBacklen}); returns its size. */
    private static int encodeBacklen(long length, byte[] out) {
        int size = length <= 127 ? 1 : length < 16383 ? 2 : length < 2097151 ? 3 : length < 268435455 ? 4 : 5;
        for (int i = 0; i < size; i++) {
            int shift = 7 * (size - 1 - i);
            out[i] = (byte) (((length >>> shift) & 127) | (i == 0 ? 0 : 128));
        }
        return size;
    }

    /**
     * Returns the elements of {@code listpack}, integers as their decimal text.
     *
     * @throws IllegalArgumentException if it is not a well-formed listpack
     */
    static byte[][] decode(byte[] listpack) {
        if (listpack.length < HEADER + 1) {
            throw new IllegalArgumentException("listpack of " + listpack.length + " bytes (expected: >= 7)");
        }
        long total = Rdb.getLe(listpack, 0, 4);
        if (total != listpack.length) {
            throw new IllegalArgumentException("listpack header says " + total + " bytes, blob has "
                    + listpack.length);
        }
        int declared = (int) Rdb.getLe(listpack, 4, 2);
        List<byte[]> elements = new ArrayList<>(declared == UNKNOWN_COUNT ? 16 : declared);
        int p = HEADER;
        while (true) {
            if (p >= listpack.length) {
                throw new IllegalArgumentException("listpack has no end byte");
            }
            int b = listpack[p] & 0xFF;
            if (b == END) {
                break;
            }
            int start = p;
            byte[] element;
            if ((b & 0x80) == 0) {
                element = Rdb.decimal(b);
                p += 1;
            } else if ((b & 0xC0) == 0x80) {
                int length = b & 0x3F;
                element = slice(listpack, p + 1, length);
                p += 1 + length;
            } else if ((b & 0xE0) == 0xC0) {
                need(listpack, p, 2);
                int raw = ((b & 0x1F) << 8) | (listpack[p + 1] & 0xFF);
                element = Rdb.decimal(raw >= 1 << 12 ? raw - (1 << 13) : raw);
                p += 2;
            } else if ((b & 0xF0) == 0xE0) {
                need(listpack, p, 2);
                int length = ((b & 0x0F) << 8) | (listpack[p + 1] & 0xFF);
                element = slice(listpack, p + 2, length);
                p += 2 + length;
            } else if (b == 0xF0) {
                need(listpack, p, 5);
                long length = Rdb.getLe(listpack, p + 1, 4);
                if (length > listpack.length) {
                    throw new IllegalArgumentException("listpack string of " + length + " bytes at offset " + p
                            + " in a listpack of " + listpack.length);
                }
                element = slice(listpack, p + 5, (int) length);
                p += 5 + (int) length;
            } else if (b >= 0xF1 && b <= 0xF4) {
                int width = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
                need(listpack, p, 1 + width);
                long raw = Rdb.getLe(listpack, p + 1, width);
                int unused = 64 - 8 * width;
                element = Rdb.decimal(raw << unused >> unused);
                p += 1 + width;
            } else {
                throw new IllegalArgumentException("listpack entry at offset " + p + " has the unknown encoding 0x"
                        + Integer.toHexString(b));
            }
            int length = p - start;
            byte[] back = new byte[5];
            int backSize = encodeBacklen(length, back);
            need(listpack, p, backSize + 1);
            for (int i = 0; i < backSize; i++) {
                if (listpack[p + i] != back[i]) {
                    throw new IllegalArgumentException("listpack entry at offset " + start
                            + " has a bad backwards length");
                }
            }
            p += backSize;
            elements.add(element);
        }
        if (p != listpack.length - 1) {
            throw new IllegalArgumentException("listpack end byte at offset " + p + " of " + listpack.length);
        }
        if (declared != UNKNOWN_COUNT && declared != elements.size()) {
            throw new IllegalArgumentException("listpack header says " + declared + " elements, it holds "
                    + elements.size());
        }
        return elements.toArray(new byte[0][]);
    }

    private static void need(byte[] listpack, int p, int bytes) {
        if (p + bytes > listpack.length) {
            throw new IllegalArgumentException("listpack entry at offset " + p + " runs past the end");
        }
    }

    private static byte[] slice(byte[] listpack, int from, int length) {
        need(listpack, from, length + 1);
        return Arrays.copyOfRange(listpack, from, from + length);
    }
}
