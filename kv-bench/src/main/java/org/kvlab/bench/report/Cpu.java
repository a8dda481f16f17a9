package org.kvlab.bench.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;

/**
 * The CPU time and scheduling of one side of a run over the measured window, as {@code /proc} counts them for the
 * process (user and system time, voluntary and involuntary context switches). Immutable.
 *
 * @param userSeconds user CPU time, in seconds
 * @param systemSeconds system (kernel) CPU time, in seconds
 * @param voluntarySwitches times a thread gave up the CPU to wait: it blocked or slept
 * @param involuntarySwitches times a thread was preempted
 * @param requests the requests of the window, for the per-request figures; 0 when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"user_us_per_request", "system_us_per_request", "user_s", "system_s",
        "voluntary_context_switches", "involuntary_context_switches"})
public record Cpu(
        @JsonProperty("user_s") double userSeconds,
        @JsonProperty("system_s") double systemSeconds,
        @JsonProperty("voluntary_context_switches") long voluntarySwitches,
        @JsonProperty("involuntary_context_switches") long involuntarySwitches,
        @JsonIgnore long requests) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if a figure is negative
     */
    public Cpu {
        if (userSeconds < 0 || systemSeconds < 0 || voluntarySwitches < 0 || involuntarySwitches < 0 || requests < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "cpu: user %s s, system %s s, "
                    + "switches %d + %d, requests %d (expected: none negative)", userSeconds, systemSeconds,
                    voluntarySwitches, involuntarySwitches, requests));
        }
    }

    /** Returns user CPU microseconds per request, or {@code null} when no request was made. */
    @JsonProperty("user_us_per_request")
    public Double userUsPerRequest() {
        return requests == 0 ? null : round(userSeconds * 1e6 / requests);
    }

    /** Returns system CPU microseconds per request, or {@code null} when no request was made. */
    @JsonProperty("system_us_per_request")
    public Double systemUsPerRequest() {
        return requests == 0 ? null : round(systemSeconds * 1e6 / requests);
    }

    /** Returns user plus system CPU microseconds per request, or {@code null} when no request was made. */
    public Double usPerRequest() {
        return requests == 0 ? null : round((userSeconds + systemSeconds) * 1e6 / requests);
    }

    /** Returns voluntary plus involuntary context switches. */
    public long contextSwitches() {
        return voluntarySwitches + involuntarySwitches;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
