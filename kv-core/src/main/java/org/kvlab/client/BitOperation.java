package org.kvlab.client;

/** The operation of {@code BITOP}; {@code NOT} takes exactly one source key. */
public enum BitOperation {
    /** Bitwise AND of the sources. */
    AND,
    /** Bitwise OR of the sources. */
    OR,
    /** Bitwise XOR of the sources. */
    XOR,
    /** Bitwise NOT of the one source. */
    NOT
}
