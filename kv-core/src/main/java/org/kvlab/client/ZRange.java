package org.kvlab.client;

import java.util.Objects;

/**
 * Which members of a sorted set {@code ZRANGE} and {@code ZRANGESTORE} take: by rank, by score or by member
 * (lexicographically), in ascending or, {@link #reversed()}, descending order, optionally a {@link #limit window}
 * of a score or lexicographical range. Immutable.
 *
 * <pre>{@code
 * ZRange.byRank(0, -1)                                                       // every member, lowest score first
 * ZRange.byScore(ScoreBound.exclusive(1), ScoreBound.POSITIVE_INFINITY).reversed().limit(0, 10)
 * }</pre>
 */
public final class ZRange {

    private enum By { RANK, SCORE, LEX }

    private final By by;
    /** The lower end (for ranks, the start), as sent. */
    private final Object low;
    /** The upper end (for ranks, the stop), as sent. */
    private final Object high;
    private final boolean reversed;
    private final long offset;
    /** The most members taken, or -1 for no {@code LIMIT}. */
    private final long count;

    private ZRange(By by, Object low, Object high, boolean reversed, long offset, long count) {
        this.by = by;
        this.low = low;
        this.high = high;
        this.reversed = reversed;
        this.offset = offset;
        this.count = count;
    }

    /**
     * Returns the members from rank {@code start} to rank {@code stop}, both included; negative ranks count from
     * the end (-1 is the last). Reversed, ranks count from the highest score.
     */
    public static ZRange byRank(long start, long stop) {
        return new ZRange(By.RANK, Long.toString(start), Long.toString(stop), false, 0, -1);
    }

    /** Returns the members whose score lies between {@code min} and {@code max}. */
    public static ZRange byScore(ScoreBound min, ScoreBound max) {
        return new ZRange(By.SCORE, Objects.requireNonNull(min, "min").toString(),
                Objects.requireNonNull(max, "max").toString(), false, 0, -1);
    }

    /**
     * Returns the members between {@code min} and {@code max} in byte order; meaningful when every member has the
     * same score, as Redis documents for {@code BYLEX}.
     */
    public static ZRange byLex(LexBound min, LexBound max) {
        return new ZRange(By.LEX, Objects.requireNonNull(min, "min").arg(), Objects.requireNonNull(max, "max").arg(),
                false, 0, -1);
    }

    /** Returns this range in descending order ({@code REV}); score and member bounds keep their meaning. */
    public ZRange reversed() {
        return new ZRange(by, low, high, true, offset, count);
    }

    /**
     * Returns this range limited to {@code count} members after skipping {@code offset} ({@code LIMIT}); a
     * negative {@code count} takes every member after the offset.
     *
     * @throws IllegalStateException if this is a range by rank, which Redis does not limit
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    public ZRange limit(long offset, long count) {
        if (by == By.RANK) {
            throw new IllegalStateException("LIMIT applies to ranges by score or by member only, not by rank");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        return new ZRange(by, low, high, reversed, offset, count < 0 ? Long.MAX_VALUE : count);
    }

    /** Appends {@code start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count]} in Redis's order. */
    void appendTo(ArgList args) {
        boolean swap = reversed && by != By.RANK;
        args.add(swap ? high : low).add(swap ? low : high);
        if (by == By.SCORE) {
            args.add("BYSCORE");
        } else if (by == By.LEX) {
            args.add("BYLEX");
        }
        if (reversed) {
            args.add("REV");
        }
        if (count >= 0) {
            args.add("LIMIT").add(offset).add(count == Long.MAX_VALUE ? -1 : count);
        }
    }

    /** Returns the range as the arguments Redis reads, e.g. {@code 0 -1} or {@code +inf (1 BYSCORE REV}. */
    @Override
    public String toString() {
        ArgList args = new ArgList(8);
        appendTo(args);
        return args.toString();
    }
}
