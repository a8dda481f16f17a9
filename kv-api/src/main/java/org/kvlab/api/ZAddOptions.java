package org.kvlab.api;

/**
 * The options of Redis's {@code ZADD}: which members it may add or update, and what it counts.
 *
 * @param condition which members to touch: all, only new ones ({@code NX}) or only existing ones ({@code XX})
 * @param comparison update an existing member only if its new score is greater ({@code GT}) or less ({@code LT})
 * @param countChanged count the members whose score changed as well as those added ({@code CH})
 */
public record ZAddOptions(Condition condition, Comparison comparison, boolean countChanged) {

    /** Plain {@code ZADD}: add or update every member, count the added ones. */
    public static final ZAddOptions DEFAULT = new ZAddOptions(Condition.ALWAYS, Comparison.ANY, false);

    /** Which members a {@code ZADD} touches. */
    public enum Condition {
        /** Every member. */
        ALWAYS,
        /** Only members not in the set: add, never update ({@code NX}). */
        IF_ABSENT,
        /** Only members in the set: update, never add ({@code XX}). */
        IF_PRESENT
    }

    /** When a {@code ZADD} updates the score of an existing member. */
    public enum Comparison {
        /** Always. */
        ANY,
        /** Only if the new score is greater ({@code GT}). */
        GREATER,
        /** Only if the new score is less ({@code LT}). */
        LESS
    }

    /**
     * Validates the combination, as Redis does.
     *
     * @throws NullPointerException if {@code condition} or {@code comparison} is {@code null}
     * @throws IllegalArgumentException if {@code GT} or {@code LT} comes with {@code NX}
     */
    public ZAddOptions {
        if (condition == null || comparison == null) {
            throw new NullPointerException("condition, comparison");
        }
        if (condition == Condition.IF_ABSENT && comparison != Comparison.ANY) {
            throw new IllegalArgumentException("comparison: " + comparison + " (expected: ANY with IF_ABSENT)");
        }
    }
}
