package org.kvlab.bench.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A profile report, as written to {@code report.json}: the runs, then what they ran on. Immutable.
 *
 * @param runs one per transport and role, in order; never {@code null}
 * @param machine the machine the runs ran on; never {@code null}
 * @param workload the workload's settings (e.g. {@code clients}, {@code pipeline}, {@code duration_s}), in order;
 *     never {@code null}
 * @param timestamp when the report was made, ISO-8601 UTC; never {@code null}
 */
@JsonPropertyOrder({"runs", "machine", "workload", "timestamp"})
public record Report(
        @JsonProperty("runs") List<Run> runs,
        @JsonProperty("machine") Machine machine,
        @JsonProperty("workload") Map<String, Object> workload,
        @JsonProperty("timestamp") String timestamp) {

    /**
     * Checks and copies the fields.
     *
     * @throws NullPointerException if any is {@code null}
     */
    public Report {
        runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
        Objects.requireNonNull(machine, "machine");
        workload = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(workload, "workload")));
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * A report made now, on this machine.
     *
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Report now(List<Run> runs, Map<String, Object> workload) {
        return new Report(runs, Machine.current(), workload, Instant.now().toString());
    }

    /**
     * The machine the runs ran on.
     *
     * @param cores available processors
     * @param kernel the kernel ({@code os.name} and {@code os.version}, e.g. {@code Linux 6.1.0})
     * @param java the Java runtime ({@code java.vm.name} and {@code java.runtime.version})
     */
    @JsonPropertyOrder({"cores", "kernel", "java"})
    public record Machine(@JsonProperty("cores") int cores, @JsonProperty("kernel") String kernel,
            @JsonProperty("java") String java) {

        /** Describes the machine this JVM runs on. */
        public static Machine current() {
            String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version");
            try {
                Path release = Path.of("/proc/sys/kernel/osrelease");
                if (Files.isReadable(release)) {
                    kernel = System.getProperty("os.name") + " "
                            + Files.readString(release, StandardCharsets.US_ASCII).trim();
                }
            } catch (IOException e) {
                // os.version already names the kernel
            }
            return new Machine(Runtime.getRuntime().availableProcessors(), kernel,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        }
    }
}
