package org.kvlab.api;

/**
 * The options of Redis's {@code SET}: a condition, an expiry and whether to return the previous value.
 *
 * @param condition when to write
 * @param expiryMillis the absolute expiry in epoch ms, {@link Keyspace#NO_EXPIRY} for none, ignored when
 *     {@code keepTtl}
 * @param keepTtl keep the key's current expiry ({@code KEEPTTL})
 * @param returnPrevious return the value before the write ({@code GET})
 */
public record SetOptions(Condition condition, long expiryMillis, boolean keepTtl, boolean returnPrevious) {

    /** Plain {@code SET}: always write, no expiry, return nothing. */
    public static final SetOptions DEFAULT = new SetOptions(Condition.ALWAYS, Keyspace.NO_EXPIRY, false, false);

    /** When a {@code SET} writes. */
    public enum Condition {
        /** Always. */
        ALWAYS,
        /** Only if the key does not exist ({@code NX}). */
        IF_ABSENT,
        /** Only if the key exists ({@code XX}). */
        IF_PRESENT
    }

    /** Validates the fields. */
    public SetOptions {
        if (condition == null) {
            throw new NullPointerException("condition");
        }
        if (expiryMillis < 0 && expiryMillis != Keyspace.NO_EXPIRY) {
            throw new IllegalArgumentException("expiryMillis: " + expiryMillis + " (expected: >= 0 or NO_EXPIRY)");
        }
    }
}
