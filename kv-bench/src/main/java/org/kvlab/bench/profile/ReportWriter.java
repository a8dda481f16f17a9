package org.kvlab.bench.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Writes profiles as {@code report.json} (the scripting contract: {@code runs[]} with {@code transport role source
 * requests ops_per_sec latency_us syscalls per_request findings}), {@code report.md} and a self-contained
 * {@code report.html} with SVG charts. Stateless.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /**
     * Writes the three files into {@code out} (created if absent) and returns the Markdown.
     *
     * @param title the report's heading
     * @param context name to value lines describing the run (workload, perf status), in order
     * @param profiles the profiled targets, in table order
     * @throws IOException if a file cannot be written
     */
    public static String write(Path out, String title, Map<String, Object> context, List<Profile> profiles)
            throws IOException {
        Files.createDirectories(out);
        Map<String, Object> json = toJson(title, context, profiles);
        Files.writeString(out.resolve("report.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n");
        String md = markdown(title, context, profiles);
        Files.writeString(out.resolve("report.md"), md);
        Files.writeString(out.resolve("report.html"), html(title, context, profiles));
        return md;
    }

    /** Returns the JSON contract as maps and lists. */
    static Map<String, Object> toJson(String title, Map<String, Object> context, List<Profile> profiles) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", title);
        root.put("context", context);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Profile p : profiles) {
            for (Side side : List.of(p.server(), p.client())) {
                runs.add(run(p, side));
            }
        }
        root.put("runs", runs);
        List<String> notes = new ArrayList<>();
        profiles.stream().filter(p -> p.note() != null).forEach(p -> notes.add(p.note()));
        root.put("notes", notes);
        return root;
    }

    private static Map<String, Object> run(Profile p, Side side) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transport", p.target());
        m.put("role", side.role());
        m.put("source", side.source());
        m.put("requests", side.requests());
        m.put("elapsed_s", round(p.load().elapsed().toNanos() / 1e9, 3));
        m.put("ops_per_sec", Math.round(p.load().opsPerSec()));
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", p.load().latency().p50());
        latency.put("p99", p.load().latency().p99());
        latency.put("p999", p.load().latency().p999());
        latency.put("max", p.load().latency().max());
        m.put("latency_us", latency);
        m.put("syscalls", side.syscalls());
        Map<String, Object> per = new LinkedHashMap<>();
        side.perRequest().forEach((k, v) -> per.put(k, round(v, 4)));
        m.put("per_request", per);
        List<Map<String, String>> findings = new ArrayList<>();
        for (Findings.Finding f : Findings.of(side, p.load().elapsed().toNanos() / 1e9)) {
            Map<String, String> fm = new LinkedHashMap<>();
            fm.put("pattern", f.pattern());
            fm.put("meaning", f.meaning());
            fm.put("fix", f.fix());
            findings.add(fm);
        }
        m.put("findings", findings);
        return m;
    }

    /** Returns the Markdown report: context, one per-request table per role, then the findings. */
    static String markdown(String title, Map<String, Object> context, List<Profile> profiles) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        context.forEach((k, v) -> sb.append("- **").append(k).append("**: ").append(v).append('\n'));
        for (String role : List.of("server", "client")) {
            sb.append("\n## ").append(role.equals("server") ? "Server" : "Client (load generator)")
                    .append(": syscalls per request\n\n");
            table(sb, profiles, role);
        }
        sb.append("\n## Findings\n\n");
        for (Profile p : profiles) {
            for (Side side : List.of(p.server(), p.client())) {
                List<Findings.Finding> fs = Findings.of(side, p.load().elapsed().toNanos() / 1e9);
                sb.append("- **").append(p.target()).append(' ').append(side.role()).append("** (")
                        .append(side.source()).append("): ");
                if (fs.isEmpty()) {
                    sb.append("no pattern of the seed's table holds\n");
                    continue;
                }
                sb.append('\n');
                for (Findings.Finding f : fs) {
                    sb.append("  - ").append(f.pattern()).append(" — ").append(f.meaning()).append(". Fix: ")
                            .append(f.fix()).append('\n');
                }
            }
        }
        for (Profile p : profiles) {
            if (p.note() != null) {
                sb.append("\n> ").append(p.note()).append('\n');
            }
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<Profile> profiles, String role) {
        List<String> names = columns(profiles, role);
        sb.append("| target | source | requests | ops/s | p50 µs | p99 µs | p99.9 µs |");
        names.forEach(n -> sb.append(' ').append(n).append(" |"));
        sb.append("\n|---|---|---:|---:|---:|---:|---:|");
        names.forEach(n -> sb.append("---:|"));
        sb.append('\n');
        for (Profile p : profiles) {
            Side side = role.equals("server") ? p.server() : p.client();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,.0f | %.1f | %.1f | %.1f |", p.target(),
                    side.source(), side.requests(), p.load().opsPerSec(), p.load().latency().p50(),
                    p.load().latency().p99(), p.load().latency().p999()));
            Map<String, Double> per = side.perRequest();
            for (String n : names) {
                sb.append(per.containsKey(n) ? String.format(Locale.ROOT, " %.3f |", per.get(n)) : " – |");
            }
            sb.append('\n');
        }
    }

    /** The syscall columns of a role: every name counted non-zero somewhere, in first-seen order, total last. */
    private static List<String> columns(List<Profile> profiles, String role) {
        Set<String> names = new LinkedHashSet<>();
        boolean total = false;
        for (Profile p : profiles) {
            Side side = role.equals("server") ? p.server() : p.client();
            for (Map.Entry<String, Long> e : side.syscalls().entrySet()) {
                if (e.getKey().equals(PerfSession.TOTAL)) {
                    total = true;
                } else if (e.getValue() > 0) {
                    names.add(e.getKey());
                }
            }
        }
        List<String> list = new ArrayList<>(names);
        if (total) {
            list.add(PerfSession.TOTAL);
        }
        return list;
    }

    private static String html(String title, Map<String, Object> context, List<Profile> profiles) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                        + "text-align:right}td:first-child,th:first-child{text-align:left}"
                        + "svg text{font-size:12px}</style></head><body>\n");
        sb.append("<h1>").append(esc(title)).append("</h1>\n<ul>");
        context.forEach((k, v) -> sb.append("<li><b>").append(esc(k)).append("</b>: ").append(esc(String.valueOf(v)))
                .append("</li>"));
        sb.append("</ul>\n");
        sb.append(chart("Server syscalls per request", profiles, p -> totalPerRequest(p.server()), "%.2f"));
        sb.append(chart("Client syscalls per request", profiles, p -> totalPerRequest(p.client()), "%.2f"));
        sb.append(chart("Throughput (ops/s)", profiles, p -> p.load().opsPerSec(), "%,.0f"));
        sb.append(chart("Latency p99 (µs, corrected for coordinated omission)", profiles,
                p -> p.load().latency().p99(), "%.1f"));
        String md = markdown(title, context, profiles);
        sb.append("<h2>Tables and findings</h2>\n").append(mdToHtml(md.substring(md.indexOf("\n## ") + 1)));
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static double totalPerRequest(Side side) {
        Map<String, Long> c = side.syscalls();
        long total = c.containsKey(PerfSession.TOTAL) ? c.get(PerfSession.TOTAL)
                : c.values().stream().mapToLong(Long::longValue).sum();
        return side.requests() == 0 ? 0 : (double) total / side.requests();
    }

    private static String chart(String title, List<Profile> profiles, ToDoubleFunction<Profile> value, String fmt) {
        double max = profiles.stream().mapToDouble(value).max().orElse(1);
        int rowHeight = 24;
        int height = profiles.size() * rowHeight + 10;
        StringBuilder sb = new StringBuilder("<h2>").append(esc(title)).append("</h2>\n<svg class=\"chart\" width=\"760\" "
                + "height=\"").append(height).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
        int y = 5;
        for (Profile p : profiles) {
            double v = value.applyAsDouble(p);
            int w = max <= 0 ? 0 : (int) Math.round(500 * v / max);
            sb.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text><rect x=\"110\" y=\"%d\" width=\"%d\" "
                    + "height=\"%d\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n", y + 16, esc(p.target()), y,
                    Math.max(w, 1), rowHeight - 6, p.target().equals("redis") ? "#c0392b" : "#2e86c1", 116 + w,
                    y + 16, String.format(Locale.ROOT, fmt, v)));
            y += rowHeight;
        }
        return sb.append("</svg>\n").toString();
    }

    private static String mdToHtml(String md) {
        StringBuilder sb = new StringBuilder();
        boolean inTable = false;
        boolean inList = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("|---")) {
                continue;
            }
            if (line.startsWith("|")) {
                if (!inTable) {
                    sb.append("<table>");
                    inTable = true;
                }
                sb.append("<tr>");
                String[] cells = line.substring(1, line.length() - 1).split("\\|");
                for (String c : cells) {
                    sb.append("<td>").append(esc(c.trim())).append("</td>");
                }
                sb.append("</tr>\n");
                continue;
            }
            if (inTable) {
                sb.append("</table>\n");
                inTable = false;
            }
            boolean item = line.startsWith("- ") || line.startsWith("  - ");
            if (item && !inList) {
                sb.append("<ul>");
                inList = true;
            } else if (!item && inList) {
                sb.append("</ul>\n");
                inList = false;
            }
            if (line.startsWith("## ")) {
                sb.append("<h3>").append(esc(line.substring(3))).append("</h3>\n");
            } else if (item) {
                sb.append("<li>").append(esc(line.trim().substring(2)).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>"))
                        .append("</li>\n");
            } else if (line.startsWith("> ")) {
                sb.append("<p><i>").append(esc(line.substring(2))).append("</i></p>\n");
            }
        }
        if (inTable) {
            sb.append("</table>\n");
        }
        if (inList) {
            sb.append("</ul>\n");
        }
        return sb.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
