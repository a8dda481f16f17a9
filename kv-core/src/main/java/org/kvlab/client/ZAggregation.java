package org.kvlab.client;

/**
 * How {@code ZUNION} and {@code ZINTER} (and their {@code STORE} forms) combine scores: each source's scores
 * multiplied by its weight ({@code WEIGHTS}, 1 by default), then summed, or the least or greatest taken
 * ({@code AGGREGATE}). Immutable.
 */
public final class ZAggregation {

    /** The default: weights of 1, scores summed. */
    public static final ZAggregation SUM = new ZAggregation("SUM", null);

    /** The least score of a member among the sources. */
    public static final ZAggregation MIN = new ZAggregation("MIN", null);

    /** The greatest score of a member among the sources. */
    public static final ZAggregation MAX = new ZAggregation("MAX", null);

    private final String function;
    private final double[] weights;

    private ZAggregation(String function, double[] weights) {
        this.function = function;
        this.weights = weights;
    }

    /**
     * Returns this aggregation with a weight per source key, in the order the keys are given.
     *
     * @throws IllegalArgumentException if a weight is NaN
     */
    public ZAggregation weights(double... perKey) {
        double[] copy = perKey.clone();
        for (double w : copy) {
            ArgList.number(w);
        }
        return new ZAggregation(function, copy);
    }

    /**
     * Appends {@code [WEIGHTS w...] [AGGREGATE MIN|MAX]}.
     *
     * @throws IllegalArgumentException if there are weights, but not one per key
     */
    void appendTo(ArgList args, int keys) {
        if (weights != null) {
            if (weights.length != keys) {
                throw new IllegalArgumentException("weights: " + weights.length + " (expected: one per key, "
                        + keys + ")");
            }
            args.add("WEIGHTS");
            for (double w : weights) {
                args.add(w);
            }
        }
        if (!"SUM".equals(function)) {
            args.add("AGGREGATE").add(function);
        }
    }

    /** Returns the aggregation as Redis reads it, without the key count check, e.g. {@code WEIGHTS 2 1}. */
    @Override
    public String toString() {
        ArgList args = new ArgList(4);
        appendTo(args, weights == null ? 0 : weights.length);
        return args.toString();
    }
}
