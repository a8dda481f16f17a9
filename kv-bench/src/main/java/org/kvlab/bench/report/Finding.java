package org.kvlab.bench.report;

import java.util.Objects;

/**
 * One pattern of the seed's tables that holds for a run, with every figure computed from the run. Immutable.
 *
 * @param pattern the pattern as the seed names it, e.g. {@code read() ≫ write()}; never {@code null}
 * @param meaning what the numbers show, quoting them; never {@code null}
 * @param fix what to change; never {@code null}
 */
public record Finding(String pattern, String meaning, String fix) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if any is {@code null}
     */
    public Finding {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(meaning, "meaning");
        Objects.requireNonNull(fix, "fix");
    }
}
