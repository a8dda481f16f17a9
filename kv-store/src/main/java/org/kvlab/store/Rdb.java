package org.kvlab.store;

import java.nio.charset.StandardCharsets;

/**
 * Redis's RDB file format, version 10 (Redis 7.0, {@code rdb.h}): the opcodes and value types, and the little helpers
 * {@link RdbWriter}, {@link RdbReader} and the compact encodings share. Stateless.
 */
final class Rdb {

    /** The version kvlab writes; it reads this one and every earlier one. */
    static final int VERSION = 10;
    /** The file name Redis saves to and loads from ({@code dbfilename}). */
    static final String DEFAULT_FILE_NAME = "dump.rdb";

    static final int TYPE_STRING = 0;
    static final int TYPE_LIST = 1;
    static final int TYPE_SET = 2;
    static final int TYPE_ZSET = 3;
    static final int TYPE_HASH = 4;
    static final int TYPE_ZSET_2 = 5;
    static final int TYPE_MODULE = 6;
    static final int TYPE_MODULE_2 = 7;
    static final int TYPE_HASH_ZIPMAP = 9;
    static final int TYPE_LIST_ZIPLIST = 10;
    static final int TYPE_SET_INTSET = 11;
    static final int TYPE_ZSET_ZIPLIST = 12;
    static final int TYPE_HASH_ZIPLIST = 13;
    static final int TYPE_LIST_QUICKLIST = 14;
    static final int TYPE_STREAM_LISTPACKS = 15;
    static final int TYPE_HASH_LISTPACK = 16;
    static final int TYPE_ZSET_LISTPACK = 17;
    static final int TYPE_LIST_QUICKLIST_2 = 18;
    static final int TYPE_STREAM_LISTPACKS_2 = 19;
    /** Redis 7.2's small sets; read, never written (version 10 has no such type). */
    static final int TYPE_SET_LISTPACK = 20;
    /** Redis 7.2's streams; refused like the older stream types. */
    static final int TYPE_STREAM_LISTPACKS_3 = 21;

    static final int OPCODE_FUNCTION2 = 245;
    /** The function libraries of Redis 7.0's release candidates. */
    static final int OPCODE_FUNCTION = 246;
    static final int OPCODE_MODULE_AUX = 247;
    static final int OPCODE_IDLE = 248;
    static final int OPCODE_FREQ = 249;
    static final int OPCODE_AUX = 250;
    static final int OPCODE_RESIZEDB = 251;
    static final int OPCODE_EXPIRETIME_MS = 252;
    static final int OPCODE_EXPIRETIME = 253;
    static final int OPCODE_SELECTDB = 254;
    static final int OPCODE_EOF = 255;

    /** A quicklist node holding one element as is, not in a listpack ({@code QUICKLIST_NODE_CONTAINER_PLAIN}). */
    static final int QUICKLIST_NODE_PLAIN = 1;
    /** A quicklist node holding a listpack ({@code QUICKLIST_NODE_CONTAINER_PACKED}). */
    static final int QUICKLIST_NODE_PACKED = 2;

    private Rdb() {
    }

    /**
     * Returns whether {@code s} is the decimal text Redis turns into an integer ({@code string2ll}): an optional minus
     * sign, no leading zero, no plus sign, no space, no {@code -0}, within a signed 64-bit integer.
     */
    static boolean isCanonicalLong(byte[] s) {
        return isCanonicalLong(s, 0, s.length);
    }

    /** Returns whether {@code s[offset..offset+n)} is the decimal text of an integer, as {@link #isCanonicalLong}. */
    static boolean isCanonicalLong(byte[] s, int offset, int n) {
        if (n == 0 || n > 20) {
            return false;
        }
        int i = s[offset] == '-' ? 1 : 0;
        if (i == n || s[offset + i] < '0' || s[offset + i] > '9' || (s[offset + i] == '0' && n > 1)) {
            return false;
        }
        for (int j = i + 1; j < n; j++) {
            if (s[offset + j] < '0' || s[offset + j] > '9') {
                return false;
            }
        }
        if (n - i < 19) {
            return true;
        }
        try {
            Long.parseLong(new String(s, offset, n, StandardCharsets.US_ASCII));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Returns the integer {@code s[offset..offset+n)} holds; it must be {@linkplain #isCanonicalLong canonical}. */
    static long parseCanonicalLong(byte[] s, int offset, int n) {
        boolean negative = s[offset] == '-';
        long v = 0;
        for (int j = negative ? 1 : 0; j < n; j++) {
            v = v * 10 - (s[offset + j] - '0'); // accumulated negative: Long.MIN_VALUE fits
        }
        return negative ? v : -v;
    }

    /** Returns the decimal text of {@code v}. */
    static byte[] decimal(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes the low {@code width} bytes of {@code v} little-endian at {@code out[at..)}; returns {@code width}. */
    static int putLe(byte[] out, int at, long v, int width) {
        for (int i = 0; i < width; i++) {
            out[at + i] = (byte) (v >>> (8 * i));
        }
        return width;
    }

    /** Writes {@code v} as 4 bytes little-endian at {@code out[at..)}. */
    static void putIntLe(byte[] out, int at, int v) {
        putLe(out, at, v, 4);
    }

    /** Reads {@code width} bytes little-endian from {@code in[at..)}, unsigned (8 bytes: all 64 bits). */
    static long getLe(byte[] in, int at, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = v << 8 | (in[at + i] & 0xFF);
        }
        return v;
    }
}
