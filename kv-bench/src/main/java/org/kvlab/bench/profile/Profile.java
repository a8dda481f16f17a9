package org.kvlab.bench.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.kvlab.bench.load.LoadResult;
import org.kvlab.bench.report.CpuProfile;
import org.kvlab.server.GcPauses;

/**
 * One profiled server: the load generator's result and both sides' syscall counts over the measured window.
 *
 * @param target the transport name, or {@code redis} for the baseline
 * @param load what the load generator measured (throughput, latency)
 * @param serverRequests the requests the server counted in the window (INFO {@code total_commands_processed},
 *     without the INFO calls themselves)
 * @param server the server's counts
 * @param client the load generator's counts
 * @param serverIoCounters the server transport's own I/O counts over the window (INFO's {@code # Transport}
 *     section, named {@code read write accept connect close wakeup}); empty when the server has none (Redis)
 * @param note what was not measured and why, or {@code null}
 * @param serverGc the server JVM's GC pauses over the window (INFO {@code jvm_gc_pauses}), or {@code null}
 *     when the server reports none (Redis)
 * @param clientGc the load generator's GC pauses over the window (this JVM's)
 * @param cpuProfile where the server's CPU went in a second window of the same workload that async-profiler
 *     recorded, or {@code null} when none was recorded
 */
public record Profile(String target, LoadResult load, long serverRequests, Side server, Side client,
        Map<String, Long> serverIoCounters, String note, GcPauses serverGc, GcPauses clientGc,
        CpuProfile cpuProfile) {

    /** Copies the counters, keeping their order. */
    public Profile {
        serverIoCounters = Collections.unmodifiableMap(new LinkedHashMap<>(serverIoCounters));
    }

    /** Returns this profile under another name, e.g. an experiment's variant. */
    public Profile withTarget(String name) {
        return new Profile(name, load, serverRequests, server, client, serverIoCounters, note, serverGc, clientGc,
                cpuProfile);
    }

    /**
     * Returns, when perf counted the server and the transport counts its own I/O, how the two agree: the
     * transport's read and write calls next to perf's read-family and write-family syscalls; otherwise {@code null}.
     */
    public String ioCountersCheck() {
        if (!server.source().equals("perf") || serverIoCounters.isEmpty()) {
            return null;
        }
        long perfReads = sum(server.syscalls(), "read", "readv", "recvfrom", "recvmsg");
        long perfWrites = sum(server.syscalls(), "write", "writev", "sendto", "sendmsg");
        long ioReads = serverIoCounters.getOrDefault("read", 0L);
        long ioWrites = serverIoCounters.getOrDefault("write", 0L);
        // under 1% of the transport's own count: its I/O went through a submission ring, and what perf saw are the
        // JVM's other reads and writes
        boolean viaRing = (perfReads + perfWrites) * 100 < ioReads + ioWrites;
        return String.format(Locale.ROOT, "%s: I/O counters read %,d / write %,d; perf read-family %,d (%s) / "
                + "write-family %,d (%s)%s", target, ioReads, ioWrites, perfReads, diff(ioReads, perfReads, viaRing),
                perfWrites, diff(ioWrites, perfWrites, viaRing),
                viaRing ? " — submitted through the io_uring ring, which perf sees as io_uring_enter" : "");
    }

    private static String diff(long own, long perf, boolean viaRing) {
        return perf == 0 || viaRing ? "n/a" : String.format(Locale.ROOT, "%+.2f%%", 100.0 * (own - perf) / perf);
    }

    private static long sum(Map<String, Long> counts, String... names) {
        long s = 0;
        for (String n : names) {
            s += counts.getOrDefault(n, 0L);
        }
        return s;
    }
}
