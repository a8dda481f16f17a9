package org.kvlab.api;

/** How {@code ZUNION} and {@code ZINTER} combine the weighted scores of a member found in several inputs. */
public enum Aggregate {
    /** The sum; {@code +inf} plus {@code -inf} gives 0. */
    SUM,
    /** The least. */
    MIN,
    /** The greatest. */
    MAX;

    /** Combines {@code a}, the score so far, with {@code b}, as Redis's {@code zunionInterAggregate}. */
    public double apply(double a, double b) {
        switch (this) {
            case MIN:
                return b < a ? b : a;
            case MAX:
                return b > a ? b : a;
            default:
                double sum = a + b;
                return Double.isNaN(sum) ? 0.0 : sum;
        }
    }
}
