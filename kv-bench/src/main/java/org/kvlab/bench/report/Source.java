package org.kvlab.bench.report;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a run's syscall counts come from. */
public enum Source {
    /** {@code perf stat} syscall tracepoints: every syscall the process made. */
    PERF("perf"),
    /** The transports' own {@code IoCounters}: the I/O calls kvlab made, where perf could not run. */
    IO_COUNTERS("io-counters"),
    /**
     * A server that runs elsewhere ({@code profile --connect}): only what its INFO says — requests, bytes, and a
     * kvlab server's transport I/O counters; no syscalls of its own otherwise.
     */
    INFO("info");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    /** Returns the JSON name: {@code perf}, {@code io-counters} or {@code info}. */
    @JsonValue
    public String label() {
        return label;
    }
}
