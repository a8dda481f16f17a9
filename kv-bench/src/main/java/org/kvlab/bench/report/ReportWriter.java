package org.kvlab.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kvlab.bench.perf.PerfCounts;

/**
 * Writes a {@link Report} as {@code report.md} (Markdown tables), {@code report.json} (the JSON contract) and
 * {@code report.html} (a self-contained page with inline SVG charts: syscalls per request by transport, throughput
 * and latency by transport, then the tables). Stateless and thread-safe.
 */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /**
     * Writes {@code report.md}, {@code report.json} and {@code report.html} into {@code dir}, creating it if
     * needed.
     *
     * @return the three files, in that order
     * @throws IOException if a file cannot be written
     * @throws NullPointerException if an argument is {@code null}
     */
    public static List<Path> writeAll(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path md = Files.writeString(dir.resolve("report.md"), markdown(report), StandardCharsets.UTF_8);
        Path json = Files.writeString(dir.resolve("report.json"), json(report) + "\n", StandardCharsets.UTF_8);
        Path html = Files.writeString(dir.resolve("report.html"), HtmlReport.render(report), StandardCharsets.UTF_8);
        return List.of(md, json, html);
    }

    /**
     * Returns {@code value} — a {@link Report} or a {@link Run} — as indented JSON, fields named as in the contract.
     *
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the summary's GC pauses column counts, printed under it when a run has one. */
    public static final String GC_NOTE = "GC pauses: how often and how long that side's JVM stood still for its "
            + "garbage collector in the window, as its GarbageCollectorMXBeans count them (kv-server reports its own "
            + "in INFO jvm_gc_pauses and jvm_gc_pause_ms); every latency in the window includes them.";

    /** What a client row of the summary shows, printed under it. */
    public static final String CLIENT_NOTE = "Client rows show the load generator's own figures (syscalls, context "
            + "switches, CPU, GC); the throughput and latency it measured are on its server's row.";

    /** Returns the self-contained HTML page of {@code report}. */
    public static String html(Report report) {
        return HtmlReport.render(report);
    }

    /**
     * Returns {@code report} as Markdown: the summary table (per transport and role: source, requests, throughput,
     * latency, syscalls per request), syscalls per request side by side, then each run's counts and findings.
     *
     * @throws NullPointerException if {@code report} is {@code null}
     */
    public static String markdown(Report report) {
        StringBuilder out = new StringBuilder("# kvlab profile report\n\n");
        for (String verdict : verdicts(report)) {
            out.append("- ").append(verdict).append('\n');
        }
        out.append("\n| setting | value |\n|---|---|\n");
        settings(report).forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v.replace("|", "\\|"))
                .append(" |\n"));
        out.append('\n').append(summaryTable(report)).append('\n');
        List<String> names = syscallNames(report.runs());
        if (!names.isEmpty() && report.runs().stream().anyMatch(r -> !r.perRequest().isEmpty())) {
            out.append("## Syscalls per request\n\n| syscall |");
            for (Run run : report.runs()) {
                out.append(' ').append(label(run)).append(" |");
            }
            out.append("\n|---|");
            out.append("---:|".repeat(report.runs().size())).append('\n');
            for (String name : names) {
                out.append("| ").append(name).append(" |");
                for (Run run : report.runs()) {
                    Double rate = run.perRequest().get(name);
                    out.append(' ').append(rate == null ? "–" : f("%.3f", rate)).append(" |");
                }
                out.append('\n');
            }
            out.append('\n');
        }
        for (Run run : report.runs()) {
            out.append("## ").append(label(run)).append(" — ").append(run.source().label()).append("\n\n");
            out.append("| syscall | count | per request |\n|---|---:|---:|\n");
            for (Map.Entry<String, Long> e : run.syscalls().entrySet()) {
                Double rate = run.perRequest().get(e.getKey());
                out.append("| ").append(e.getKey()).append(" | ").append(f("%,d", e.getValue())).append(" | ")
                        .append(rate == null ? "–" : f("%.3f", rate)).append(" |\n");
            }
            out.append('\n');
            if (run.findings().isEmpty()) {
                out.append("No pattern of the seed's tables holds.\n\n");
            }
            for (Finding finding : run.findings()) {
                out.append("- **").append(finding.pattern()).append("**: ").append(finding.meaning())
                        .append(". Fix: ").append(finding.fix()).append('\n');
            }
            out.append("\n**Conclusion**: ").append(run.conclusion()).append("\n\n");
        }
        for (Run run : report.runs()) {
            CpuProfile p = run.cpuProfile();
            if (p != null) {
                out.append(f("Where %s's CPU goes (async-profiler, %s, %,d samples, [%s](%s)): kernel %.1f%%, Java and "
                        + "JVM %.1f%%, GC %.1f%%, JIT %.1f%%; top frames: %s.%s%n%n", run.transport(), p.event(),
                        p.samples(), p.file(), p.file(), p.percent(p.kernel()), p.percent(p.java()), p.percent(p.gc()),
                        p.percent(p.jit()), String.join(", ", p.topFrames().keySet()),
                        p.note() == null ? "" : " " + p.note()));
            }
        }
        out.append(Interpretation.thresholds()).append('\n');
        return out.toString();
    }

    /**
     * Returns the summary table alone (one row per run), as printed to the terminal after a profile.
     *
     * @throws NullPointerException if {@code report} is {@code null}
     */
    public static String summaryTable(Report report) {
        StringBuilder out = new StringBuilder("| transport | role | source | requests | ops/s | p50 µs | p99 µs "
                + "| p99.9 µs | GC pauses | syscalls/request | context switches/request | CPU µs/request (user + system) "
                + "| top syscalls per request |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Run run : report.runs()) {
            out.append("| ").append(run.transport()).append(" | ").append(run.role().label()).append(" | ")
                    .append(run.source().label()).append(" | ")
                    .append(run.requests() == null ? "–" : f("%,d", run.requests())).append(" | ")
                    .append(run.opsPerSec() == null || loadShownOnServerRow(run) ? "–" : f("%,.0f", run.opsPerSec())).append(" | ")
                    .append(run.latencyUs() == null || loadShownOnServerRow(run) ? "– | – | –" : f("%.0f | %.0f | %.0f",
                            run.latencyUs().p50(), run.latencyUs().p99(), run.latencyUs().p999())).append(" | ")
                    .append(gc(run)).append(" | ")
                    .append(totalPerRequest(run) == null ? "–" : f("%.2f", totalPerRequest(run))).append(" | ")
                    .append(run.contextSwitchesPerRequest() == null ? "–"
                            : f("%.3f", run.contextSwitchesPerRequest())).append(" | ")
                    .append(cpu(run)).append(" | ")
                    .append(top(run)).append(" |\n");
        }
        if (report.runs().stream().anyMatch(ReportWriter::loadShownOnServerRow)) {
            out.append('\n').append(CLIENT_NOTE).append('\n');
        }
        String deliveries = deliveries(report);
        if (!deliveries.isEmpty()) {
            out.append('\n').append(deliveries);
        }
        if (report.runs().stream().anyMatch(r -> r.gc() != null)) {
            out.append('\n').append(GC_NOTE).append('\n');
        }
        return out.toString();
    }

    /**
     * Returns, for each transport whose workload had subscribers, one line: the messages they received, per second,
     * and the server's write-family syscalls per message delivered; empty when no run had subscribers.
     */
    static String deliveries(Report report) {
        StringBuilder out = new StringBuilder();
        for (Run run : report.runs()) {
            if (run.role() != Role.SERVER || run.messagesDelivered() == null) {
                continue;
            }
            Double writes = run.writesPerDelivered();
            out.append(f("Fan-out, %s: %,d messages delivered to the subscribers, %,.0f per second", run.transport(),
                    run.messagesDelivered(), run.deliveredPerSec()));
            out.append(writes == null ? ".\n" : f("; the server made %.3f write-family syscalls per message "
                    + "delivered (1 is one write per message per subscriber; less, writes coalesced).\n", writes));
        }
        return out.toString();
    }

    /**
     * Returns one line per transport, from its server's run: syscalls, context switches and CPU per request, p99,
     * and the patterns that hold — e.g. {@code nio: 2.27 syscalls/request, 0.98 context switches/request, 9.60 µs
     * CPU/request, p99 463 µs — no pattern of the seed's tables holds}.
     */
    static List<String> verdicts(Report report) {
        List<String> lines = new ArrayList<>();
        for (Run run : report.runs()) {
            if (run.role() != Role.SERVER) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            Double total = totalPerRequest(run);
            if (total != null) {
                parts.add(f("%.2f syscalls/request", total));
            }
            if (run.contextSwitchesPerRequest() != null) {
                parts.add(f("%.2f context switches/request", run.contextSwitchesPerRequest()));
            }
            if (run.cpu() != null && run.cpu().usPerRequest() != null) {
                parts.add(f("%.2f µs CPU/request", run.cpu().usPerRequest()));
            }
            if (run.latencyUs() != null) {
                parts.add(f("p99 %,.0f µs", run.latencyUs().p99()));
            }
            List<String> names = run.findings().stream().map(Finding::pattern).toList();
            lines.add(run.transport() + ": " + String.join(", ", parts) + " — "
                    + (names.isEmpty() ? "no pattern of the seed's tables holds" : String.join("; ", names)));
        }
        return lines;
    }

    /** Returns a run's CPU per request ({@code "9.60 (5.10 + 4.50)"}), or a dash when unknown. */
    static String cpu(Run run) {
        Cpu cpu = run.cpu();
        return cpu == null || cpu.usPerRequest() == null ? "–"
                : f("%.2f (%.2f + %.2f)", cpu.usPerRequest(), cpu.userUsPerRequest(), cpu.systemUsPerRequest());
    }

    /**
     * Whether {@code run} is a client whose throughput and latency are its server's row's (the load generator
     * measures them once per transport): its row then shows only its own figures.
     */
    static boolean loadShownOnServerRow(Run run) {
        return run.role() == Role.CLIENT;
    }

    /** Returns a run's GC pauses in the window and their time ({@code "2, 37 ms"}), or a dash when unknown. */
    static String gc(Run run) {
        return run.gc() == null ? "–" : f("%d, %d ms", run.gc().count(), run.gc().millis());
    }

    /** The machine, the workload's settings and the time, in order, as the report's settings table shows them. */
    static Map<String, String> settings(Report report) {
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        Report.Machine m = report.machine();
        rows.put("machine", f("%d cores, %s, %s", m.cores(), m.kernel(), m.java()));
        report.workload().forEach((k, v) -> rows.put(k, String.valueOf(v)));
        rows.put("made", report.timestamp());
        return rows;
    }

    /** Every syscall per request of a run: {@code all} when counted, else the sum of its rates. */
    static Double totalPerRequest(Run run) {
        if (run.perRequest().isEmpty()) {
            return null;
        }
        Double all = run.perRequest().get(PerfCounts.ALL);
        return all != null ? all : run.perRequest().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    static String label(Run run) {
        return run.transport() + " (" + run.role().label() + ")";
    }

    /** The syscall names of {@code runs} that are non-zero somewhere, in first-seen order, without {@code all}. */
    static List<String> syscallNames(List<Run> runs) {
        Set<String> names = new LinkedHashSet<>();
        for (Run run : runs) {
            run.syscalls().forEach((name, count) -> {
                if (count > 0 && !name.equals(PerfCounts.ALL)) {
                    names.add(name);
                }
            });
        }
        return new ArrayList<>(names);
    }

    private static String top(Run run) {
        List<Map.Entry<String, Double>> rates = new ArrayList<>(run.perRequest().entrySet());
        rates.removeIf(e -> e.getKey().equals(PerfCounts.ALL) || e.getValue() < 0.005);
        rates.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> e : rates.subList(0, Math.min(4, rates.size()))) {
            parts.add(f("%s %.2f", e.getKey(), e.getValue()));
        }
        return parts.isEmpty() ? "–" : String.join(", ", parts);
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
