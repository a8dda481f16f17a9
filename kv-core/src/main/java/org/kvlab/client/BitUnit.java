package org.kvlab.client;

/** What the {@code start} and {@code end} of {@code BITCOUNT} and {@code BITPOS} count (Redis 7.0 and later). */
public enum BitUnit {
    /** Bytes, the default. */
    BYTE,
    /** Bits. */
    BIT
}
