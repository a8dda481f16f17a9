package org.kvlab.client;

/**
 * The options of {@code ZADD}: {@code NX} or {@code XX}, {@code GT} or {@code LT}, and {@code CH}. Immutable; each
 * method returns a copy with one more option. Combinations Redis refuses (e.g. {@code NX} with {@code GT}) are
 * sent as given and fail with the server's error.
 */
public final class ZAddOptions {

    /** No option: add new members and update the scores of existing ones. */
    public static final ZAddOptions NONE = new ZAddOptions(null, null, false);

    private final String condition;
    private final String comparison;
    private final boolean changed;

    private ZAddOptions(String condition, String comparison, boolean changed) {
        this.condition = condition;
        this.comparison = comparison;
        this.changed = changed;
    }

    /** {@code NX}: only add new members, never update an existing one. */
    public ZAddOptions onlyAdd() {
        return new ZAddOptions("NX", comparison, changed);
    }

    /** {@code XX}: only update existing members, never add one. */
    public ZAddOptions onlyUpdate() {
        return new ZAddOptions("XX", comparison, changed);
    }

    /** {@code GT}: update an existing member only if the new score is greater. */
    public ZAddOptions greaterThan() {
        return new ZAddOptions(condition, "GT", changed);
    }

    /** {@code LT}: update an existing member only if the new score is less. */
    public ZAddOptions lessThan() {
        return new ZAddOptions(condition, "LT", changed);
    }

    /** {@code CH}: reply with the members added or changed, not only those added. */
    public ZAddOptions countChanged() {
        return new ZAddOptions(condition, comparison, true);
    }

    /** Appends the options in Redis's order. */
    void appendTo(ArgList args) {
        if (condition != null) {
            args.add(condition);
        }
        if (comparison != null) {
            args.add(comparison);
        }
        if (changed) {
            args.add("CH");
        }
    }

    /** Returns the options as Redis reads them, e.g. {@code XX GT CH}; empty for {@link #NONE}. */
    @Override
    public String toString() {
        ArgList args = new ArgList(3);
        appendTo(args);
        return args.toString();
    }
}
