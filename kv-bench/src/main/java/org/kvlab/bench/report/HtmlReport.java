package org.kvlab.bench.report;

import static org.kvlab.bench.report.ReportWriter.f;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvlab.bench.perf.PerfCounts;

/**
 * Renders a report as one self-contained HTML page: inline CSS and inline SVG bar charts, no scripts, nothing
 * fetched. Each chart is an {@code <svg class="chart" id="chart-...">} whose bars are {@code <rect class="bar">}
 * elements with a {@code <title>} tooltip giving the exact value. Stateless.
 */
final class HtmlReport {

    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 340;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 70;

    private HtmlReport() {
    }

    static String render(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>kvlab profile report</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1150px}\n")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;")
                .append("padding:3px 8px;font-size:13px}td.n{text-align:right}th{background:#f3f3f3}\n")
                .append("svg.chart{display:block;margin:8px 0 24px;background:#fff;border:1px solid #ddd}\n")
                .append("li{margin:4px 0}.meta{color:#555}\n</style></head><body>\n")
                .append("<h1>kvlab profile report</h1>\n<ul class=\"verdicts\">\n");
        for (String verdict : ReportWriter.verdicts(report)) {
            out.append("<li>").append(esc(verdict)).append("</li>\n");
        }
        out.append("</ul>\n").append(settings(report));
        for (Role role : Role.values()) {
            List<Run> runs = report.runs().stream().filter(r -> r.role() == role && !r.perRequest().isEmpty()).toList();
            if (runs.isEmpty()) {
                continue;
            }
            Map<String, List<String>> families = families(runs);
            List<String> names = new ArrayList<>(families.keySet());
            List<String> series = new ArrayList<>();
            double[][] values = new double[runs.size()][names.size()];
            String[][] details = new String[runs.size()][names.size()];
            for (int s = 0; s < runs.size(); s++) {
                Run run = runs.get(s);
                series.add(run.transport() + " (" + run.source().label() + ")");
                for (int g = 0; g < names.size(); g++) {
                    List<String> parts = new ArrayList<>();
                    for (String call : families.get(names.get(g))) {
                        Double rate = run.perRequest().get(call);
                        if (rate != null && rate > 0) {
                            values[s][g] += rate;
                            parts.add(f("%s %.3f", call, rate));
                        }
                    }
                    details[s][g] = String.join(" + ", parts);
                }
            }
            out.append("<h2>Syscalls per request by family and transport — ").append(role.label()).append("</h2>\n");
            out.append(chart("chart-syscalls-" + role.label(), names, series, values, "syscalls per request",
                    "%.3f", details));
            out.append(findingsOf(runs));
        }
        Map<String, Run> byTransport = new LinkedHashMap<>();
        for (Run run : report.runs()) {
            if (run.opsPerSec() != null || run.latencyUs() != null) {
                byTransport.putIfAbsent(run.transport(), run);
            }
        }
        if (!byTransport.isEmpty()) {
            List<String> transports = new ArrayList<>(byTransport.keySet());
            double[][] ops = new double[1][transports.size()];
            double[][] latency = new double[2][transports.size()];
            for (int g = 0; g < transports.size(); g++) {
                Run run = byTransport.get(transports.get(g));
                ops[0][g] = run.opsPerSec() == null ? 0 : run.opsPerSec();
                latency[0][g] = run.latencyUs() == null ? 0 : run.latencyUs().p50();
                latency[1][g] = run.latencyUs() == null ? 0 : run.latencyUs().p99();
            }
            out.append("<h2>Throughput by transport</h2>\n")
                    .append(chart("chart-throughput", transports, List.of("ops/s"), ops, "requests per second",
                            "%,.0f", null));
            out.append("<h2>Latency by transport</h2>\n")
                    .append(chart("chart-latency", transports, List.of("p50", "p99"), latency, "latency (µs)",
                            "%,.0f", null));
        }
        out.append(percentiles(report));
        out.append(scheduling(report));
        out.append(cpuProfiles(report));
        out.append("<h2>Summary</h2>\n").append(summary(report));
        for (Run run : report.runs()) {
            out.append("<h2>").append(esc(ReportWriter.label(run))).append(" — ").append(esc(run.source().label()))
                    .append("</h2>\n<table><tr><th>syscall</th><th>count</th><th>per request</th></tr>\n");
            for (Map.Entry<String, Long> e : run.syscalls().entrySet()) {
                Double rate = run.perRequest().get(e.getKey());
                out.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">")
                        .append(f("%,d", e.getValue())).append("</td><td class=\"n\">")
                        .append(rate == null ? "–" : f("%.3f", rate)).append("</td></tr>\n");
            }
            out.append("</table>\n<ul class=\"findings\">\n");
            if (run.findings().isEmpty()) {
                out.append("<li>No pattern of the seed's tables holds.</li>\n");
            }
            for (Finding finding : run.findings()) {
                out.append("<li><b>").append(esc(finding.pattern())).append("</b>: ").append(esc(finding.meaning()))
                        .append(". <i>Fix:</i> ").append(esc(finding.fix())).append("</li>\n");
            }
            out.append("</ul>\n<p class=\"conclusion\"><b>Conclusion</b>: ").append(esc(run.conclusion()))
                    .append("</p>\n");
        }
        out.append("<p class=\"meta\">").append(esc(Interpretation.thresholds())).append("</p>\n");
        return out.append("</body></html>\n").toString();
    }

    /**
     * The latency percentile chart: one line per run with a distribution (every transport and Redis), p50 to
     * p99.99 on a log scale of 1/(1 - percentile), microseconds on a log scale; empty when no run has one.
     */
    private static String percentiles(Report report) {
        List<Run> runs = report.runs().stream().filter(r -> r.latencyDistribution() != null).toList();
        if (runs.isEmpty()) {
            return "";
        }
        List<Double> ps = LatencyDistribution.PERCENTILES;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Run run : runs) {
            for (double p : ps) {
                double v = run.latencyDistribution().corrected().get(LatencyDistribution.key(p));
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (max == 0) {
            return "";
        }
        int low = (int) Math.floor(Math.log10(min));
        int high = Math.max(low + 1, (int) Math.ceil(Math.log10(max)));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double xMax = Math.log10(1 / (1 - ps.get(ps.size() - 1) / 100));
        StringBuilder svg = new StringBuilder("<h2>Latency percentiles by transport (corrected, log scales)</h2>\n");
        svg.append(f("<svg class=\"chart\" id=\"chart-latency-percentiles\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"latency percentiles\">\n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        for (int e = low; e <= high; e++) {
            double y = TOP + plotHeight - plotHeight * (e - low) / (double) (high - low);
            svg.append(f("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>", LEFT,
                    WIDTH - RIGHT, y, y));
            svg.append(f("<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>\n", LEFT - 6,
                    y + 4, esc(tick(Math.pow(10, e)))));
        }
        svg.append(f("<text x=\"14\" y=\"%d\" font-size=\"12\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">latency (µs)</text>\n", TOP + plotHeight / 2, TOP + plotHeight / 2));
        double[] xs = new double[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            xs[i] = LEFT + 20 + (plotWidth - 40) * Math.log10(1 / (1 - ps.get(i) / 100)) / xMax;
            svg.append(f("<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>\n", xs[i],
                    TOP + plotHeight + 18, esc(LatencyDistribution.key(ps.get(i)))));
        }
        for (int s = 0; s < runs.size(); s++) {
            Run run = runs.get(s);
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (int i = 0; i < ps.size(); i++) {
                double v = run.latencyDistribution().corrected().get(LatencyDistribution.key(ps.get(i)));
                double y = TOP + plotHeight - plotHeight * (Math.log10(Math.max(v, Math.pow(10, low))) - low)
                        / (high - low);
                points.append(f("%.1f,%.1f ", xs[i], y));
                dots.append(f("<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s — "
                        + "%s: %s µs</title></circle>", xs[i], y, COLORS[s % COLORS.length], esc(run.transport()),
                        esc(LatencyDistribution.key(ps.get(i))), esc(f("%,.1f", v))));
            }
            svg.append(f("<polyline class=\"line\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
                    COLORS[s % COLORS.length], points.toString().trim())).append(dots).append('\n');
            svg.append(f("<rect class=\"legend\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n", LEFT + s * 130, HEIGHT - 26,
                    COLORS[s % COLORS.length], LEFT + s * 130 + 16, HEIGHT - 16, esc(run.transport())));
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * The CPU chart (user and system µs per request, server and client, per transport) and the context-switch chart
     * (per request, server and client), for the runs that measured them; empty when none did.
     */
    private static String scheduling(Report report) {
        Map<String, Run[]> byTransport = new LinkedHashMap<>();
        for (Run run : report.runs()) {
            if (run.cpu() != null || run.contextSwitchesPerRequest() != null) {
                byTransport.computeIfAbsent(run.transport(), t -> new Run[2])[run.role().ordinal()] = run;
            }
        }
        if (byTransport.isEmpty()) {
            return "";
        }
        List<String> transports = new ArrayList<>(byTransport.keySet());
        double[][] cpu = new double[4][transports.size()];
        double[][] switches = new double[2][transports.size()];
        for (int g = 0; g < transports.size(); g++) {
            Run[] runs = byTransport.get(transports.get(g));
            for (Role role : Role.values()) {
                Run run = runs[role.ordinal()];
                Cpu c = run == null ? null : run.cpu();
                if (c != null && c.usPerRequest() != null) {
                    cpu[role.ordinal() * 2][g] = c.userUsPerRequest();
                    cpu[role.ordinal() * 2 + 1][g] = c.systemUsPerRequest();
                }
                Double s = run == null ? null : run.contextSwitchesPerRequest();
                switches[role.ordinal()][g] = s == null ? 0 : s;
            }
        }
        return "<h2>CPU per request by transport</h2>\n"
                + chart("chart-cpu", transports, List.of("server user", "server system", "client user",
                        "client system"), cpu, "CPU µs per request", "%.2f", null)
                + "<h2>Context switches per request by transport</h2>\n"
                + chart("chart-context-switches", transports, List.of("server", "client"), switches,
                        "context switches per request", "%.3f", null);
    }

    /** The machine and the workload's settings as a two-column table. */
    private static String settings(Report report) {
        StringBuilder out = new StringBuilder("<table class=\"settings\"><tr><th>setting</th><th>value</th></tr>\n");
        ReportWriter.settings(report).forEach((k, v) -> out.append("<tr><td>").append(esc(k)).append("</td><td>")
                .append(esc(v)).append("</td></tr>\n"));
        return out.append("</table>\n").toString();
    }

    /** The table of where each server's CPU went, linking its flame graph; empty when none was recorded. */
    private static String cpuProfiles(Report report) {
        List<Run> runs = report.runs().stream().filter(r -> r.cpuProfile() != null).toList();
        if (runs.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<h2>Where the server's CPU goes (async-profiler)</h2>\n<table id=\""
                + "cpu-profiles\"><tr><th>transport</th><th>flame graph</th><th>event</th><th>samples</th>"
                + "<th>kernel</th><th>Java and JVM</th><th>GC</th><th>JIT</th><th>top frames (samples)</th></tr>\n");
        for (Run run : runs) {
            CpuProfile p = run.cpuProfile();
            List<String> top = new ArrayList<>();
            p.topFrames().entrySet().stream().limit(5).forEach(e -> top.add(esc(e.getKey()) + " (" + e.getValue() + ")"));
            out.append("<tr><td>").append(esc(run.transport())).append("</td><td><a href=\"").append(esc(p.file()))
                    .append("\">").append(esc(p.file())).append("</a></td><td>").append(esc(p.event()))
                    .append("</td><td class=\"n\">").append(f("%,d", p.samples()))
                    .append(f("</td><td class=\"n\">%.1f%%</td><td class=\"n\">%.1f%%</td><td class=\"n\">%.1f%%</td>"
                            + "<td class=\"n\">%.1f%%</td><td>", p.percent(p.kernel()), p.percent(p.java()),
                            p.percent(p.gc()), p.percent(p.jit())))
                    .append(String.join("<br>", top)).append("</td></tr>\n");
        }
        out.append("</table>\n");
        for (Run run : runs) {
            if (run.cpuProfile().note() != null) {
                out.append("<p class=\"meta\">").append(esc(run.transport() + ": " + run.cpuProfile().note()))
                        .append("</p>\n");
            }
        }
        return out.append("<p class=\"meta\">Recorded in a second window of the same workload right after the "
                + "measured one, so that the sampling adds nothing to the counted syscalls.</p>\n").toString();
    }

    private static String summary(Report report) {
        StringBuilder out = new StringBuilder("<table><tr><th>transport</th><th>role</th><th>source</th>"
                + "<th>requests</th><th>ops/s</th><th>p50 µs</th><th>p99 µs</th><th>p99.9 µs</th><th>GC pauses</th>"
                + "<th>syscalls/request</th><th>context switches/request</th><th>CPU µs/request (user + system)</th>"
                + "</tr>\n");
        for (Run run : report.runs()) {
            Double total = ReportWriter.totalPerRequest(run);
            out.append("<tr><td>").append(esc(run.transport())).append("</td><td>").append(run.role().label())
                    .append("</td><td>").append(run.source().label()).append("</td><td class=\"n\">")
                    .append(run.requests() == null ? "–" : f("%,d", run.requests())).append("</td><td class=\"n\">")
                    .append(run.opsPerSec() == null || ReportWriter.loadShownOnServerRow(run) ? "–" : f("%,.0f", run.opsPerSec()))
                    .append("</td>");
            if (run.latencyUs() == null || ReportWriter.loadShownOnServerRow(run)) {
                out.append("<td>–</td><td>–</td><td>–</td>");
            } else {
                out.append(f("<td class=\"n\">%.0f</td><td class=\"n\">%.0f</td><td class=\"n\">%.0f</td>",
                        run.latencyUs().p50(), run.latencyUs().p99(), run.latencyUs().p999()));
            }
            out.append("<td class=\"n\">").append(ReportWriter.gc(run)).append("</td>");
            out.append("<td class=\"n\">").append(total == null ? "–" : f("%.2f", total)).append("</td>");
            Double switches = run.contextSwitchesPerRequest();
            out.append("<td class=\"n\">").append(switches == null ? "–" : f("%.3f", switches))
                    .append("</td><td class=\"n\">").append(ReportWriter.cpu(run)).append("</td></tr>\n");
        }
        out.append("</table>\n");
        if (report.runs().stream().anyMatch(ReportWriter::loadShownOnServerRow)) {
            out.append("<p class=\"meta\">").append(esc(ReportWriter.CLIENT_NOTE)).append("</p>\n");
        }
        for (String line : ReportWriter.deliveries(report).lines().toList()) {
            out.append("<p>").append(esc(line)).append("</p>\n");
        }
        if (report.runs().stream().anyMatch(r -> r.gc() != null)) {
            out.append("<p class=\"meta\">").append(esc(ReportWriter.GC_NOTE)).append("</p>\n");
        }
        return out.toString();
    }

    /**
     * The syscall families (see {@link Interpretation#FAMILIES}) with a call counted in any of {@code runs}, then
     * each counted call of no family under its own name, then {@code all} when counted; each to its calls.
     */
    private static Map<String, List<String>> families(List<Run> runs) {
        List<String> counted = ReportWriter.syscallNames(runs);
        Map<String, List<String>> groups = new LinkedHashMap<>();
        List<String> grouped = new ArrayList<>();
        Interpretation.FAMILIES.forEach((family, calls) -> {
            grouped.addAll(calls);
            if (calls.stream().anyMatch(counted::contains)) {
                groups.put(family, calls);
            }
        });
        for (String name : counted) {
            if (!grouped.contains(name)) {
                groups.put(name, List.of(name));
            }
        }
        if (runs.stream().anyMatch(r -> r.perRequest().containsKey(PerfCounts.ALL))) {
            groups.put(PerfCounts.ALL, List.of(PerfCounts.ALL));
        }
        return groups;
    }

    /** Each run's findings, by name, and its conclusion, in a list under a chart. */
    private static String findingsOf(List<Run> runs) {
        StringBuilder out = new StringBuilder("<ul class=\"chart-findings\">\n");
        for (Run run : runs) {
            List<String> names = run.findings().stream().map(Finding::pattern).toList();
            out.append("<li><b>").append(esc(run.transport())).append("</b>: ")
                    .append(esc(names.isEmpty() ? "no pattern of the seed's tables holds" : String.join("; ", names)))
                    .append("</li>\n");
        }
        return out.append("</ul>\n").toString();
    }

    /**
     * A grouped bar chart: one group per {@code groups} entry, one bar per series in each; a bar's tooltip gives its
     * value and, when {@code details} is not {@code null}, what it adds up ({@code details[series][group]}).
     */
    private static String chart(String id, List<String> groups, List<String> series, double[][] values,
            String axis, String valueFormat, String[][] details) {
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double top = niceCeiling(max);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(f("<svg class=\"chart\" id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n", id, WIDTH, HEIGHT, WIDTH, HEIGHT,
                esc(axis)));
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            double y = TOP + plotHeight - plotHeight * i / 4.0;
            svg.append(f("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>", LEFT,
                    WIDTH - RIGHT, y, y));
            svg.append(f("<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>\n", LEFT - 6,
                    y + 4, esc(tick(v))));
        }
        svg.append(f("<text x=\"14\" y=\"%d\" font-size=\"12\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">%s</text>\n", TOP + plotHeight / 2, TOP + plotHeight / 2, esc(axis)));
        double groupWidth = plotWidth / (double) Math.max(1, groups.size());
        double barWidth = Math.min(48, groupWidth * 0.8 / Math.max(1, series.size()));
        for (int g = 0; g < groups.size(); g++) {
            double groupX = LEFT + g * groupWidth + (groupWidth - barWidth * series.size()) / 2;
            for (int s = 0; s < series.size(); s++) {
                double v = values[s][g];
                double h = top == 0 ? 0 : plotHeight * v / top;
                double x = groupX + s * barWidth;
                double y = TOP + plotHeight - h;
                svg.append(f("<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%s — %s: %s</title></rect>\n", x, y, Math.max(1, barWidth - 2), h,
                        COLORS[s % COLORS.length], esc(series.get(s)), esc(groups.get(g)), esc(f(valueFormat, v)
                                + (details == null || details[s][g].isEmpty() ? "" : " (" + details[s][g] + ")"))));
                if (v > 0 && barWidth >= 18) {
                    svg.append(f("<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">%s</text>\n",
                            x + barWidth / 2 - 1, y - 3, esc(f(valueFormat, v))));
                }
            }
            double labelX = LEFT + g * groupWidth + groupWidth / 2;
            // a label wider than its group is slanted, so that neighbours do not overlap
            String slant = 7 * groups.get(g).length() > groupWidth
                    ? f(" transform=\"rotate(-25 %.1f %d)\"", labelX, TOP + plotHeight + 18) : "";
            svg.append(f("<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"%s\"%s>%s</text>\n",
                    labelX, TOP + plotHeight + 18, slant.isEmpty() ? "middle" : "end", slant, esc(groups.get(g))));
        }
        double legendX = LEFT;
        for (int s = 0; s < series.size(); s++) {
            svg.append(f("<rect class=\"legend\" x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%s</text>\n", legendX, HEIGHT - 26,
                    COLORS[s % COLORS.length], legendX + 16, HEIGHT - 16, esc(series.get(s))));
            legendX += 24 + 7 * series.get(s).length();
        }
        return svg.append("</svg>\n").toString();
    }

    private static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** An axis tick, exact to 4 significant digits: 1.25 stays 1.25, 0.0125 stays 0.0125, 2500 is 2,500. */
    static String tick(double v) {
        if (v >= 1000 && v == Math.rint(v)) {
            return f("%,.0f", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
