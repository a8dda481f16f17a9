package org.kvlab.client;

/**
 * One end of a score range ({@code ZCOUNT}, {@code ZREMRANGEBYSCORE}, {@link ZRange#byScore}): a score, included
 * or not, or an infinity. Immutable.
 */
public final class ScoreBound {

    /** Below every score: {@code -inf}. */
    public static final ScoreBound NEGATIVE_INFINITY = new ScoreBound("-inf");

    /** Above every score: {@code +inf}. */
    public static final ScoreBound POSITIVE_INFINITY = new ScoreBound("+inf");

    private final String text;

    private ScoreBound(String text) {
        this.text = text;
    }

    /**
     * Returns the bound that includes {@code score}.
     *
     * @throws IllegalArgumentException if {@code score} is NaN
     */
    public static ScoreBound inclusive(double score) {
        return new ScoreBound(ArgList.number(score));
    }

    /**
     * Returns the bound that excludes {@code score}, Redis's {@code (score}.
     *
     * @throws IllegalArgumentException if {@code score} is NaN
     */
    public static ScoreBound exclusive(double score) {
        return new ScoreBound("(" + ArgList.number(score));
    }

    /** Returns the bound as Redis reads it, e.g. {@code 1.5}, {@code (1.5} or {@code -inf}. */
    @Override
    public String toString() {
        return text;
    }
}
