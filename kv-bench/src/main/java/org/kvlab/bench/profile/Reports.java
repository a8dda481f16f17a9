package org.kvlab.bench.profile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kvlab.bench.load.LoadResult;
import org.kvlab.bench.report.Finding;
import org.HdrHistogram.Histogram;
import org.kvlab.bench.report.Interpretation;
import org.kvlab.bench.report.LatencyDistribution;
import org.kvlab.bench.report.LatencyUs;
import org.kvlab.bench.report.Report;
import org.kvlab.bench.report.ReportWriter;
import org.kvlab.bench.report.Role;
import org.kvlab.bench.report.Run;
import org.kvlab.bench.report.Source;
import org.kvlab.server.GcPauses;

/** Turns profiles into the report model ({@link Report}): a server and a client run per profile. Stateless. */
public final class Reports {

    private Reports() {
    }

    /**
     * Returns the report of {@code profiles}, in order, each interpreted by {@link Interpretation} over its
     * measured window.
     *
     * @param workload the workload's settings, for the report's header
     */
    public static Report of(List<Profile> profiles, Map<String, Object> workload) {
        List<Run> runs = new ArrayList<>();
        for (Profile p : profiles) {
            runs.add(run(p, p.server(), Role.SERVER, p.serverGc()));
            runs.add(run(p, p.client(), Role.CLIENT, p.clientGc()));
        }
        return Report.now(runs, workload);
    }

    /**
     * Returns what a run prints to the terminal: the summary table (one row per transport and role) and, under
     * it, each run's findings in one line each, then its conclusion.
     */
    public static String terminalSummary(Report report) {
        StringBuilder sb = new StringBuilder(ReportWriter.summaryTable(report)).append('\n');
        for (Run run : report.runs()) {
            for (Finding f : run.findings()) {
                sb.append("- ").append(run.transport()).append(' ').append(run.role().label()).append(": ")
                        .append(f.pattern()).append(" — ").append(f.meaning()).append(". Fix: ").append(f.fix())
                        .append('\n');
            }
            sb.append("- ").append(run.transport()).append(' ').append(run.role().label()).append(": ")
                    .append(run.conclusion()).append('\n');
        }
        return sb.toString();
    }

    private static Run run(Profile p, Side side, Role role, GcPauses gc) {
        LoadResult load = p.load();
        double seconds = load.elapsed().toNanos() / 1e9;
        Interpretation interpretation = Interpretation.of(role, side.syscalls(), side.requests(),
                seconds > 0 ? seconds : null, new Interpretation.Facts(load.pipeline(), side.bytesRead(),
                        side.bytesWritten(), side.contextSwitches(), side.cpu()));
        Source source = switch (side.source()) {
            case "perf" -> Source.PERF;
            case "info" -> Source.INFO;
            default -> Source.IO_COUNTERS;
        };
        Run run = Run.of(p.target(), source, interpretation, load.opsPerSec(),
                new LatencyUs(load.latency().p50(), load.latency().p99(), load.latency().p999()), gc);
        if (role == Role.SERVER && p.cpuProfile() != null) {
            run = run.withCpuProfile(p.cpuProfile());
        }
        if (role == Role.SERVER && load.histograms() != null) {
            run = run.withLatencyDistribution(LatencyDistribution.of(load.histograms().corrected(),
                    load.histograms().uncorrected()));
        }
        return load.fanout() == null ? run
                : run.withDeliveries(load.fanout().delivered(), load.fanout().deliveredPerSec());
    }

    /**
     * Writes each profile's full latency distributions into {@code dir} in HdrHistogram's percentile format, in
     * microseconds: {@code latency-TARGET.hgrm} (corrected for coordinated omission) and {@code
     * latency-TARGET-uncorrected.hgrm}; profiles without histograms are skipped.
     *
     * @return the files written, in order
     * @throws IOException if a file cannot be written
     */
    public static List<Path> writeHistograms(List<Profile> profiles, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        Files.createDirectories(dir);
        for (Profile p : profiles) {
            LoadResult.Histograms h = p.load().histograms();
            if (h == null) {
                continue;
            }
            written.add(hgrm(h.corrected(), dir.resolve(histogramFile(p.target(), true))));
            written.add(hgrm(h.uncorrected(), dir.resolve(histogramFile(p.target(), false))));
        }
        return written;
    }

    /** Returns the name of a target's histogram file: {@code latency-nio.hgrm}, {@code latency-nio-uncorrected.hgrm}. */
    public static String histogramFile(String target, boolean corrected) {
        return "latency-" + target + (corrected ? "" : "-uncorrected") + ".hgrm";
    }

    private static Path hgrm(Histogram nanos, Path file) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            nanos.outputPercentileDistribution(out, 1000.0);
        }
        return file;
    }
}
