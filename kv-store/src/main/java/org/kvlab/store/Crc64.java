package org.kvlab.store;

/**
 * The CRC-64 an RDB file ends with: Redis's {@code crc64.c}, the Jones polynomial ({@code 0xad93d23594c935a9}),
 * reflected input and output, initial value 0, no final xor. Its check value, the CRC of {@code "123456789"}, is
 * {@code 0xe9c6d914c4b8d9ca}. Stateless; {@link #update} is thread-safe.
 */
final class Crc64 {

    /** The Jones polynomial bit-reversed, as a reflected CRC shifts right. */
    private static final long REFLECTED_POLYNOMIAL = 0x95ac9329ac4bc9b5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int b = 0; b < 256; b++) {
            long crc = b;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
            }
            TABLE[b] = crc;
        }
    }

    private Crc64() {
    }

    /** Returns {@code crc} extended over {@code bytes[offset..offset+length)}. */
    static long update(long crc, byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            crc = TABLE[(int) (crc ^ bytes[i]) & 0xFF] ^ (crc >>> 8);
        }
        return crc;
    }
}
