package org.kvlab.api;

/**
 * An interval of scores, each end inclusive or exclusive, as the {@code min} and {@code max} of Redis's
 * {@code ZRANGEBYSCORE} ({@code 1}, {@code (1}, {@code -inf}, {@code +inf}). An interval whose {@code min} is above
 * its {@code max} is empty.
 *
 * @param min the lower end, {@link Double#NEGATIVE_INFINITY} for none; never NaN
 * @param minExclusive whether a score equal to {@code min} is outside
 * @param max the upper end, {@link Double#POSITIVE_INFINITY} for none; never NaN
 * @param maxExclusive whether a score equal to {@code max} is outside
 */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {

    /** Every score: {@code -inf +inf}. */
    public static final ScoreRange ALL = new ScoreRange(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY,
            false);

    /**
     * Validates the ends.
     *
     * @throws IllegalArgumentException if an end is NaN
     */
    public ScoreRange {
        if (Double.isNaN(min) || Double.isNaN(max)) {
            throw new IllegalArgumentException("min, max: " + min + ", " + max + " (expected: not NaN)");
        }
    }

    /** Returns the interval {@code [min, max]}, both ends inclusive. */
    public static ScoreRange closed(double min, double max) {
        return new ScoreRange(min, false, max, false);
    }

    /** Returns whether {@code score} is at or above the lower end. */
    public boolean aboveMin(double score) {
        return minExclusive ? score > min : score >= min;
    }

    /** Returns whether {@code score} is at or below the upper end. */
    public boolean belowMax(double score) {
        return maxExclusive ? score < max : score <= max;
    }

    /** Returns whether {@code score} is inside the interval. */
    public boolean contains(double score) {
        return aboveMin(score) && belowMax(score);
    }

    /** Returns whether no score can be inside: {@code min > max}, or equal ends with one exclusive. */
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }
}
