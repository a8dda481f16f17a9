package org.kvlab.api;

import java.util.Objects;

/**
 * Which members of a sorted set a {@code ZRANGE} selects: by rank ({@link #byRank}), score ({@link #byScore}) or
 * member ({@link #byLex}), in ascending or descending order ({@link #reversed()}), with a {@code LIMIT} for score and
 * member ranges ({@link #limit}). Immutable.
 *
 * @param kind how members are selected
 * @param start the first rank, for {@link Kind#RANK}: negative counts from the end (-1 the last)
 * @param stop the last rank, inclusive, for {@link Kind#RANK}: negative counts from the end
 * @param scores the score interval, for {@link Kind#SCORE}, else {@code null}
 * @param lex the member interval, for {@link Kind#LEX}, else {@code null}
 * @param reverse whether to walk from the highest rank down (ranks then count from the highest score)
 * @param offset how many members in range to skip first; a negative offset selects nothing
 * @param count how many members to return at most, negative for all
 */
public record SortedSetRange(Kind kind, long start, long stop, ScoreRange scores, LexRange lex, boolean reverse,
        long offset, long count) {

    /** How a {@link SortedSetRange} selects members. */
    public enum Kind {
        /** By position in score order. */
        RANK,
        /** By score. */
        SCORE,
        /** By member bytes (among members of equal scores). */
        LEX
    }

    /**
     * Validates the fields.
     *
     * @throws NullPointerException if {@code kind}, or the interval {@code kind} needs, is {@code null}
     */
    public SortedSetRange {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.SCORE) {
            Objects.requireNonNull(scores, "scores");
        } else if (kind == Kind.LEX) {
            Objects.requireNonNull(lex, "lex");
        }
    }

    /** Returns the members of ranks {@code start} to {@code stop}, inclusive, in ascending order. */
    public static SortedSetRange byRank(long start, long stop) {
        return new SortedSetRange(Kind.RANK, start, stop, null, null, false, 0, -1);
    }

    /** Returns the members whose scores are in {@code scores}, in ascending order. */
    public static SortedSetRange byScore(ScoreRange scores) {
        return new SortedSetRange(Kind.SCORE, 0, 0, scores, null, false, 0, -1);
    }

    /** Returns the members in {@code lex}, in ascending order. */
    public static SortedSetRange byLex(LexRange lex) {
        return new SortedSetRange(Kind.LEX, 0, 0, null, lex, false, 0, -1);
    }

    /** Returns this range walked from the highest rank down ({@code REV}). */
    public SortedSetRange reversed() {
        return new SortedSetRange(kind, start, stop, scores, lex, true, offset, count);
    }

    /** Returns this range with a {@code LIMIT offset count}; a negative count means all. */
    public SortedSetRange limit(long offset, long count) {
        return new SortedSetRange(kind, start, stop, scores, lex, reverse, offset, count);
    }
}
