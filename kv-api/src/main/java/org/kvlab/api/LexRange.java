package org.kvlab.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * An interval of members in byte order (unsigned, then shorter first), as the {@code min} and {@code max} of
 * Redis's {@code ZRANGEBYLEX}: {@code [a} inclusive, {@code (a} exclusive, {@code -} below every member, {@code +}
 * above every member. Meaningful on sorted sets whose members all have the same score.
 *
 * @param min the lower end
 * @param max the upper end
 */
public record LexRange(Bound min, Bound max) {

    /** Every member: {@code - +}. */
    public static final LexRange ALL = new LexRange(Bound.MINUS, Bound.PLUS);

    /**
     * Validates the ends.
     *
     * @throws NullPointerException if an end is {@code null}
     */
    public LexRange {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
    }

    /** Returns whether {@code member} is at or above the lower end. */
    public boolean aboveMin(byte[] member) {
        int c = min.compareTo(member);
        return min.exclusive ? c < 0 : c <= 0;
    }

    /** Returns whether {@code member} is at or below the upper end. */
    public boolean belowMax(byte[] member) {
        int c = max.compareTo(member);
        return max.exclusive ? c > 0 : c >= 0;
    }

    /** Returns whether {@code member} is inside the interval. */
    public boolean contains(byte[] member) {
        return aboveMin(member) && belowMax(member);
    }

    /** Returns whether no member can be inside, as Redis decides it: {@code min > max}, or equal with one exclusive. */
    public boolean isEmpty() {
        int c = min.compareTo(max);
        return c > 0 || (c == 0 && (min.exclusive || max.exclusive));
    }

    /**
     * One end of a {@link LexRange}: a member value, inclusive or exclusive, or one of the infinite ends
     * {@link #MINUS} and {@link #PLUS} (which count as exclusive).
     *
     * @param value the member value, {@code null} for an infinite end
     * @param exclusive whether a member equal to {@code value} is outside
     * @param infinity -1 for {@code -}, 1 for {@code +}, 0 for a value
     */
    public record Bound(byte[] value, boolean exclusive, int infinity) {

        /** {@code -}: below every member. */
        public static final Bound MINUS = new Bound(null, true, -1);
        /** {@code +}: above every member. */
        public static final Bound PLUS = new Bound(null, true, 1);

        /**
         * Validates the fields.
         *
         * @throws IllegalArgumentException unless {@code value} is {@code null} exactly when {@code infinity} is -1
         *     or 1 (and then {@code exclusive})
         */
        public Bound {
            if (infinity < -1 || infinity > 1 || (value == null) != (infinity != 0) || (infinity != 0 && !exclusive)) {
                throw new IllegalArgumentException(
                        "infinity: " + infinity + " (expected: -1 or 1 without a value, exclusive, 0 with one)");
            }
        }

        /** Returns the inclusive end {@code [value}. */
        public static Bound inclusive(byte[] value) {
            return new Bound(Objects.requireNonNull(value, "value"), false, 0);
        }

        /** Returns the exclusive end {@code (value}. */
        public static Bound exclusive(byte[] value) {
            return new Bound(Objects.requireNonNull(value, "value"), true, 0);
        }

        /** Compares this end's position with {@code member}'s, ignoring exclusiveness: negative if below it. */
        public int compareTo(byte[] member) {
            return infinity != 0 ? infinity : Arrays.compareUnsigned(value, member);
        }

        /** Compares this end's position with {@code other}'s, ignoring exclusiveness. */
        public int compareTo(Bound other) {
            if (infinity != 0 || other.infinity != 0) {
                return infinity == other.infinity ? 0 : infinity != 0 ? infinity : -other.infinity;
            }
            return Arrays.compareUnsigned(value, other.value);
        }
    }
}
