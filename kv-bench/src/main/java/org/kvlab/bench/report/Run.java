package org.kvlab.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kvlab.server.GcPauses;

/**
 * One side (server or client) of one profiled transport, as in {@code report.json}'s {@code runs[]}. Immutable;
 * maps keep their order. Fields a run cannot know are {@code null} and left out of the JSON ({@code interpret} knows
 * no throughput).
 *
 * @param transport the transport's name, or {@code redis} for the reference server; never {@code null}
 * @param role server or client; never {@code null}
 * @param source where the counts come from; never {@code null}
 * @param requests requests answered in the window, or {@code null} when unknown
 * @param opsPerSec requests per second, or {@code null} when unknown
 * @param latencyUs latency percentiles, or {@code null} when unknown
 * @param syscalls syscall name to count ({@code all}: every syscall); never {@code null}
 * @param perRequest syscall name to count per request; empty when requests are unknown; never {@code null}
 * @param findings the patterns that hold; never {@code null}
 * @param elapsedSeconds the length of the counted window, or {@code null} when unknown
 * @param gc the GC pauses of this side's JVM over the window, or {@code null} when it is no JVM or unknown
 * @param messagesDelivered the pub/sub messages the load generator's subscribers received in the window, or
 *     {@code null} when the workload has no subscribers
 * @param deliveredPerSec {@code messagesDelivered} per second, or {@code null} with it
 * @param contextSwitches the times this side's threads were switched out in the window, or {@code null} when not
 *     counted (perf's {@code context-switches}, else voluntary plus involuntary switches from {@code /proc})
 * @param cpu this side's CPU time and context switches from {@code /proc}, or {@code null} when not measured
 * @param bytesRead bytes this side read from its sockets in the window, or {@code null} when unknown
 * @param bytesWritten bytes this side wrote to its sockets in the window, or {@code null} when unknown
 * @param conclusion one sentence that sums the run up, also when no pattern holds; never {@code null}
 * @param latencyDistribution the load's latency distribution, corrected and not, on the server's run of a profile
 *     (the load generator measures it once per transport), or {@code null}
 * @param cpuProfile where the server's CPU went, with its flame graph, on the server's run, or {@code null} when
 *     none was recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"transport", "role", "source", "requests", "ops_per_sec", "messages_delivered",
        "delivered_per_sec", "latency_us", "latency_distribution_us", "gc_pauses", "elapsed_s", "context_switches", "cpu", "bytes_read",
        "bytes_written", "syscalls", "per_request", "findings", "conclusion", "cpu_profile"})
public record Run(
        @JsonProperty("transport") String transport,
        @JsonProperty("role") Role role,
        @JsonProperty("source") Source source,
        @JsonProperty("requests") Long requests,
        @JsonProperty("ops_per_sec") Double opsPerSec,
        @JsonProperty("latency_us") LatencyUs latencyUs,
        @JsonProperty("syscalls") Map<String, Long> syscalls,
        @JsonProperty("per_request") Map<String, Double> perRequest,
        @JsonProperty("findings") List<Finding> findings,
        @JsonProperty("elapsed_s") Double elapsedSeconds,
        @JsonProperty("gc_pauses") GcPauses gc,
        @JsonProperty("messages_delivered") Long messagesDelivered,
        @JsonProperty("delivered_per_sec") Double deliveredPerSec,
        @JsonProperty("context_switches") Long contextSwitches,
        @JsonProperty("cpu") Cpu cpu,
        @JsonProperty("bytes_read") Long bytesRead,
        @JsonProperty("bytes_written") Long bytesWritten,
        @JsonProperty("conclusion") String conclusion,
        @JsonProperty("latency_distribution_us") LatencyDistribution latencyDistribution,
        @JsonProperty("cpu_profile") CpuProfile cpuProfile) {

    /**
     * Checks and copies the fields.
     *
     * @throws NullPointerException if a field documented as never {@code null} is
     */
    public Run {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(source, "source");
        syscalls = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(syscalls, "syscalls")));
        perRequest = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(perRequest, "perRequest")));
        findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
        Objects.requireNonNull(conclusion, "conclusion");
    }

    /**
     * The run for {@code interpretation}'s counts, with throughput and latency; its context switches, CPU time and
     * bytes are the interpretation's {@link Interpretation#facts() facts}.
     *
     * @param transport the transport's name
     * @param source where the counts come from
     * @param interpretation the counts, requests, window and findings
     * @param opsPerSec requests per second, or {@code null}
     * @param latencyUs latency percentiles, or {@code null}
     * @param gc this side's GC pauses over the window, or {@code null}
     * @return the run
     * @throws NullPointerException if {@code transport}, {@code source} or {@code interpretation} is {@code null}
     */
    public static Run of(String transport, Source source, Interpretation interpretation, Double opsPerSec,
            LatencyUs latencyUs, GcPauses gc) {
        return new Run(transport, interpretation.role(), source, interpretation.requests(), opsPerSec, latencyUs,
                interpretation.syscalls(), interpretation.perRequest(), interpretation.findings(),
                interpretation.elapsedSeconds(), gc, null, null, switches(interpretation.facts()),
                interpretation.facts().cpu(), interpretation.facts().bytesRead(),
                interpretation.facts().bytesWritten(), interpretation.conclusion(), null, null);
    }

    private static Long switches(Interpretation.Facts facts) {
        return facts.contextSwitches() != null ? facts.contextSwitches()
                : facts.cpu() == null ? null : facts.cpu().contextSwitches();
    }

    /**
     * Returns this run with the messages a fan-out workload's subscribers received.
     *
     * @param delivered the messages received in the window
     * @param perSec the messages received per second
     */
    public Run withDeliveries(long delivered, double perSec) {
        return new Run(transport, role, source, requests, opsPerSec, latencyUs, syscalls, perRequest, findings,
                elapsedSeconds, gc, delivered, perSec, contextSwitches, cpu, bytesRead, bytesWritten, conclusion,
                latencyDistribution, cpuProfile);
    }

    /** Returns this run with where the server's CPU went. */
    public Run withCpuProfile(CpuProfile profile) {
        return new Run(transport, role, source, requests, opsPerSec, latencyUs, syscalls, perRequest, findings,
                elapsedSeconds, gc, messagesDelivered, deliveredPerSec, contextSwitches, cpu, bytesRead, bytesWritten,
                conclusion, latencyDistribution, profile);
    }

    /** Returns this run with the load's latency distribution. */
    public Run withLatencyDistribution(LatencyDistribution distribution) {
        return new Run(transport, role, source, requests, opsPerSec, latencyUs, syscalls, perRequest, findings,
                elapsedSeconds, gc, messagesDelivered, deliveredPerSec, contextSwitches, cpu, bytesRead, bytesWritten,
                conclusion, distribution, cpuProfile);
    }

    /**
     * Returns {@link #contextSwitches()} per request, or {@code null} when either is unknown or no request was
     * answered.
     */
    public Double contextSwitchesPerRequest() {
        return contextSwitches == null || requests == null || requests == 0 ? null
                : contextSwitches / (double) requests;
    }

    /**
     * Returns this side's write-family syscalls ({@code write writev sendto sendmsg}) per message delivered, or
     * {@code null} when no message was: how well the writes to subscribers are coalesced (1 is a write per
     * message per subscriber).
     */
    public Double writesPerDelivered() {
        if (messagesDelivered == null || messagesDelivered == 0) {
            return null;
        }
        long writes = 0;
        for (String name : Interpretation.WRITES) {
            writes += syscalls.getOrDefault(name, 0L);
        }
        return writes / (double) messagesDelivered;
    }
}
