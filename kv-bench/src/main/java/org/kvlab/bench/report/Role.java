package org.kvlab.bench.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which side of the connection a run's counts belong to. */
public enum Role {
    /** The process that accepts connections and answers requests. */
    SERVER,
    /** The process that connects and sends requests (the load generator). */
    CLIENT;

    /** Returns the JSON and command-line name: {@code server} or {@code client}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
