package org.kvlab.bench.report;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a run's syscall counts come from. */
public enum Source {
    /** {@code perf stat} syscall tracepoints: every syscall the process made. */
    PERF("perf"),
    /** The transports' own {@code IoCounters}: the I/O calls kvlab made, where perf could not run. */
    IO_COUNTERS("io-counters");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    /** Returns the JSON name: {@code perf} or {@code io-counters}. */
    @JsonValue
    public String label() {
        return label;
    }
}
