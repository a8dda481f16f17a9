package org.kvlab.api;

import java.util.Objects;

/**
 * A member of a sorted set and its score.
 *
 * @param member the member's bytes; not {@code null}, not to be modified
 * @param score its score, never NaN
 */
public record ScoredMember(byte[] member, double score) {

    /**
     * Validates the fields.
     *
     * @throws NullPointerException if {@code member} is {@code null}
     * @throws IllegalArgumentException if {@code score} is NaN
     */
    public ScoredMember {
        Objects.requireNonNull(member, "member");
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score: NaN (expected: a number)");
        }
    }
}
