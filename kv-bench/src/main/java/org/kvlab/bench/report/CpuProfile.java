package org.kvlab.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a server's CPU samples went while async-profiler recorded it, and the flame graph it wrote, as in {@code
 * report.json}'s {@code cpu_profile}. Immutable.
 *
 * @param file the flame graph's file name, beside the report; never {@code null}
 * @param event the event sampled: {@code cpu} (perf events, Java and kernel frames) or {@code itimer} (Java frames
 *     only); never {@code null}
 * @param samples every sample
 * @param kernel samples whose running frame is the kernel's
 * @param gc samples of the garbage collector's threads
 * @param jit samples of the JIT compiler's threads
 * @param topFrames the running frames with the most samples, most first, frame to samples; never {@code null}
 * @param note what was not recorded and why, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"file", "event", "samples", "kernel", "gc", "jit", "java", "top_frames", "note"})
public record CpuProfile(@JsonProperty("file") String file, @JsonProperty("event") String event,
        @JsonProperty("samples") long samples, @JsonProperty("kernel") long kernel, @JsonProperty("gc") long gc,
        @JsonProperty("jit") long jit, @JsonProperty("top_frames") Map<String, Long> topFrames,
        @JsonProperty("note") String note) {

    /**
     * Checks and copies the fields.
     *
     * @throws NullPointerException if a field documented as never {@code null} is
     */
    public CpuProfile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(event, "event");
        topFrames = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(topFrames, "topFrames")));
    }

    /** Returns the samples that are neither kernel, GC nor JIT: the application's and the JVM's own code. */
    @JsonProperty("java")
    public long java() {
        return samples - kernel - gc - jit;
    }

    /** Returns {@code part} as a percentage of every sample (0 when there is none). */
    public double percent(long part) {
        return samples == 0 ? 0 : 100.0 * part / samples;
    }
}
