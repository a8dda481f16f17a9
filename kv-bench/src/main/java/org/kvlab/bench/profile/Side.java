package org.kvlab.bench.profile;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kvlab.bench.perf.PerfCounts;
import org.kvlab.bench.perf.PerfStat;
import org.kvlab.bench.report.Cpu;

/**
 * The system-call counts of one side of a profiled run over the measured window.
 *
 * @param role {@code server} or {@code client}
 * @param source {@code perf} (syscall tracepoints) or {@code io-counters} (the transport's own counts of its I/O
 *     calls, where perf is missing: names {@code read write accept connect close wakeup}), or {@code info} (a
 *     server that runs elsewhere: its INFO's I/O counters, when it has them)
 * @param syscalls name to count, in report order; {@value PerfCounts#ALL} is every syscall when counted by perf
 * @param requests the requests this side served or sent in the window
 * @param contextSwitches the times this side's threads were switched out in the window (perf's {@value
 *     PerfStat#CONTEXT_SWITCHES}), or {@code null} when perf did not count
 * @param cpu this side's CPU time and context switches over the window from {@code /proc}, or {@code null} when
 *     they could not be read
 * @param bytesRead bytes this side read from its sockets in the window (the server's INFO {@code
 *     total_net_input_bytes}, the load generator's transport counters), or {@code null} when unknown
 * @param bytesWritten bytes this side wrote to its sockets in the window, or {@code null} when unknown
 */
public record Side(String role, String source, Map<String, Long> syscalls, long requests, Long contextSwitches,
        Cpu cpu, Long bytesRead, Long bytesWritten) {

    /** Copies the map, keeping its order. */
    public Side {
        syscalls = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(syscalls));
    }

    /**
     * Returns every syscall of the window: perf's {@code raw_syscalls:sys_enter} count when perf counted, else the
     * sum of the I/O counters.
     */
    public long total() {
        Long all = syscalls.get(PerfCounts.ALL);
        return all != null ? all : syscalls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Returns {@link #total()} divided by {@link #requests()} (0 when no request was made). */
    public double totalPerRequest() {
        return requests == 0 ? 0 : (double) total() / requests;
    }

    /**
     * Returns {@link #contextSwitches()} — or, where perf did not count them, {@code /proc}'s voluntary plus
     * involuntary switches — divided by {@link #requests()}, or {@code null} when neither was counted (0 when no
     * request was made).
     */
    public Double contextSwitchesPerRequest() {
        Long switches = contextSwitches != null ? contextSwitches : cpu == null ? null : cpu.contextSwitches();
        return switches == null ? null : requests == 0 ? 0.0 : (double) switches / requests;
    }

    /** Returns each count divided by {@link #requests()} (0 when no request was made). */
    public Map<String, Double> perRequest() {
        Map<String, Double> per = new LinkedHashMap<>();
        syscalls.forEach((name, count) -> per.put(name, requests == 0 ? 0.0 : (double) count / requests));
        return per;
    }
}
