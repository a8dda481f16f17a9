package org.kvlab.api;

/** When {@link Keyspace#expire} may change an expiry: the {@code NX XX GT LT} options of Redis's {@code EXPIRE}. */
public enum ExpireCondition {
    /** Always. */
    ALWAYS,
    /** Only if the key has no expiry. */
    NX,
    /** Only if the key has an expiry. */
    XX,
    /** Only if the new expiry is later than the current one (no expiry counts as infinitely late). */
    GT,
    /** Only if the new expiry is earlier than the current one (no expiry counts as infinitely late). */
    LT
}
