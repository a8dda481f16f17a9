package org.kvlab.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.server.GcPauses;

final class ReportWriterTest {

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void json_followsTheContractFieldByField() throws IOException {
        JsonNode root = new ObjectMapper().readTree(ReportWriter.json(SampleReports.redisPipelines()));

        assertEquals(List.of("runs", "machine", "workload", "timestamp"), fieldNames(root));
        assertEquals(List.of("cores", "kernel", "java"), fieldNames(root.get("machine")));
        assertEquals(Runtime.getRuntime().availableProcessors(), root.get("machine").get("cores").asInt());
        JsonNode run = root.get("runs").get(0);
        assertEquals(List.of("transport", "role", "source", "requests", "ops_per_sec", "latency_us", "elapsed_s",
                "syscalls", "per_request", "findings", "conclusion"), fieldNames(run));
        assertEquals("server", run.get("role").asText());
        assertEquals("perf", run.get("source").asText());
        assertEquals(40_002, run.get("requests").asLong());
        assertEquals(List.of("p50", "p99", "p999"), fieldNames(run.get("latency_us")));
        assertEquals(40_035, run.get("syscalls").get("read").asLong());
        assertEquals(1.0008, run.get("per_request").get("read").asDouble());
        assertEquals(0, run.get("findings").size(), "redis at pipeline 1 is at the request/response floor");
        assertTrue(run.get("conclusion").asText().contains("at the request/response floor"));
        assertEquals(List.of("pattern", "meaning", "fix"),
                fieldNames(root.get("runs").get(1).get("findings").get(0)));
        assertEquals("client", root.get("runs").get(1).get("role").asText());
        assertEquals(0, root.get("runs").get(2).get("findings").size());
    }

    @Test
    void json_ofARunWithoutThroughput_leavesThoseFieldsOut() throws IOException {
        Interpretation seed = Interpretation.of(Role.SERVER,
                org.kvlab.bench.perf.Captures.counts("seed-server.txt"), null);

        JsonNode run = new ObjectMapper().readTree(ReportWriter.json(Run.of("unknown", Source.PERF, seed, null, null, null)));

        assertEquals(List.of("transport", "role", "source", "elapsed_s", "syscalls", "per_request", "findings",
                "conclusion"), fieldNames(run));
        assertEquals(seed.conclusion(), run.get("conclusion").asText());
        assertEquals(74.616471946, run.get("elapsed_s").asDouble());
    }

    @Test
    void runWithGcPauses_showsThemInTheSummaryAndTheJson() throws IOException {
        Interpretation server = Interpretation.of(Role.SERVER,
                org.kvlab.bench.perf.Captures.counts("server-pipeline1.txt"), 40_002L);
        Run run = Run.of("nio", Source.PERF, server, 42_553.0, new LatencyUs(207, 463, 1_007), new GcPauses(2, 37));
        Report report = Report.now(List.of(run), Map.of());

        String summary = ReportWriter.summaryTable(report);
        assertTrue(summary.contains("| 207 | 463 | 1007 | 2, 37 ms | 2.27 |"), summary);
        assertTrue(summary.endsWith(ReportWriter.GC_NOTE + "\n"), summary);
        assertTrue(ReportWriter.html(report).contains("<td class=\"n\">2, 37 ms</td>"));
        JsonNode gc = new ObjectMapper().readTree(ReportWriter.json(run)).get("gc_pauses");
        assertEquals(2, gc.get("count").asLong());
        assertEquals(37, gc.get("millis").asLong());
    }

    @Test
    void runWithContextSwitchesAndCpu_showsThemPerRequestInTheSummaryTheHtmlTheJsonAndTheFindings()
            throws IOException {
        org.kvlab.bench.perf.PerfCounts counts = org.kvlab.bench.perf.Captures.counts("server-pipeline1.txt");
        Cpu cpu = new Cpu(0.2, 0.18, 40_000, 2_002, 40_002);
        Interpretation server = Interpretation.of(Role.SERVER, counts.syscalls(), 40_002L, counts.elapsedSeconds(),
                new Interpretation.Facts(1, null, null, 42_002L, cpu));
        Run run = Run.of("blocking", Source.PERF, server, 42_553.0, new LatencyUs(207, 463, 1_007), null);
        Report report = Report.now(List.of(run), Map.of());

        assertEquals(42_002 / 40_002.0, run.contextSwitchesPerRequest());
        // 0.2 s / 40,002 requests = 5.00 µs; 0.18 s = 4.50 µs
        assertTrue(ReportWriter.summaryTable(report).contains("| 2.27 | 1.050 | 9.50 (5.00 + 4.50) | read 1.00"),
                ReportWriter.summaryTable(report));
        assertTrue(ReportWriter.html(report).contains("<td class=\"n\">2.27</td><td class=\"n\">1.050</td>"
                + "<td class=\"n\">9.50 (5.00 + 4.50)</td>"));
        assertTrue(ReportWriter.html(report).contains("id=\"chart-cpu\"")
                && ReportWriter.html(report).contains("id=\"chart-context-switches\""));
        JsonNode json = new ObjectMapper().readTree(ReportWriter.json(run));
        assertEquals(42_002, json.get("context_switches").asLong());
        assertEquals(5.0, json.get("cpu").get("user_us_per_request").asDouble());
        assertEquals(4.5, json.get("cpu").get("system_us_per_request").asDouble());
        assertEquals(40_000, json.get("cpu").get("voluntary_context_switches").asLong());
        assertEquals(2_002, json.get("cpu").get("involuntary_context_switches").asLong());
        assertFalse(json.get("cpu").has("requests"), json.toString());
        assertTrue(json.get("conclusion").asText().contains("; 1.05 context switches per request; CPU 9.50 µs per "
                + "request (user 5.00, system 4.50)"), json.get("conclusion").asText());
        assertTrue(run.findings().stream().anyMatch(f -> f.pattern().equals("context switches high")
                && f.meaning().startsWith("1.05 context switches per request (40,000 voluntary, 2,002 involuntary) "
                + "(threshold 0.50) — a thread sleeps and is woken per request")), run.findings().toString());
    }

    @Test
    void runWithoutPerfSwitches_takesThemFromProc() {
        org.kvlab.bench.perf.PerfCounts counts = org.kvlab.bench.perf.Captures.counts("server-pipeline1.txt");
        Interpretation server = Interpretation.of(Role.SERVER, counts.syscalls(), 40_002L, counts.elapsedSeconds(),
                new Interpretation.Facts(1, null, null, null, new Cpu(0.2, 0.18, 30, 10, 40_002)));
        Run run = Run.of("nio", Source.IO_COUNTERS, server, null, null, null);

        assertEquals(40L, run.contextSwitches());
        assertTrue(run.findings().stream().noneMatch(f -> f.pattern().equals("context switches high")));
        Run uncounted = Run.of("nio", Source.PERF, Interpretation.of(Role.SERVER, counts, 40_002L), null, null, null);
        assertEquals(null, uncounted.contextSwitchesPerRequest());
        assertFalse(ReportWriter.json(uncounted).contains("context_switches"), "left out when not counted");
        assertFalse(ReportWriter.json(uncounted).contains("\"cpu\""), "left out when not measured");
    }

    @Test
    void runWithDeliveries_reportsThemWithTheServersWritesPerMessage() throws IOException {
        // 20 subscribers, 2,000 PUBLISH: 40,000 messages delivered
        Interpretation server = Interpretation.of(Role.SERVER,
                org.kvlab.bench.perf.Captures.counts("server-fanout.txt"), 2_002L);
        double perSec = 40_000 / server.elapsedSeconds();
        Run run = Run.of("redis", Source.PERF, server, 2_002 / server.elapsedSeconds(), null, null)
                .withDeliveries(40_000, perSec);
        Report report = Report.now(List.of(run), Map.of());

        assertEquals(42_001 / 40_000.0, run.writesPerDelivered(), "42,001 writes in the capture");
        String summary = ReportWriter.summaryTable(report);
        assertTrue(summary.contains(String.format(java.util.Locale.ROOT, "Fan-out, redis: 40,000 messages delivered "
                + "to the subscribers, %,.0f per second; the server made 1.050 write-family syscalls per message "
                + "delivered", perSec)), summary);
        assertTrue(ReportWriter.html(report).contains("<p>Fan-out, redis: 40,000 messages delivered"));
        JsonNode json = new ObjectMapper().readTree(ReportWriter.json(run));
        assertEquals(40_000, json.get("messages_delivered").asLong());
        assertEquals(perSec, json.get("delivered_per_sec").asDouble());
        assertTrue(server.findings().stream().anyMatch(f -> f.pattern().equals("write() ≫ read()")));
    }

    @Test
    void markdown_hasTheSummaryTheSideBySideRatesAndEachRunsFindings() {
        String md = ReportWriter.markdown(SampleReports.redisPipelines());

        assertTrue(md.contains("| redis-P1 | server | perf | 40,002 | 42,553 | 207 | 463 | 1007 | – | 2.27 | – | – | "
                + "read 1.00, write 1.00, epoll_wait 0.26 |\n"), md);
        assertFalse(md.contains(ReportWriter.GC_NOTE), "no run has a JVM to count pauses of");
        assertTrue(md.contains("| read | 1.001 | 0.001 | 0.063 |\n"), md);
        assertTrue(md.contains("## redis-P16 (server) — perf"), md);
        assertTrue(md.contains("**Conclusion**: The server made 2.27 syscalls per request"), md);
        assertTrue(md.contains("- **All syscall counts very high**: 7.40 syscalls per request"), md);
        assertTrue(md.contains("No pattern of the seed's tables holds."), md);
        assertTrue(md.endsWith(Interpretation.thresholds() + "\n"), md);
    }

    @Test
    void html_isSelfContainedWithAChartPerFigure() {
        String html = ReportWriter.html(SampleReports.redisPipelines());

        for (String id : List.of("chart-syscalls-server", "chart-syscalls-client", "chart-throughput",
                "chart-latency")) {
            assertTrue(html.contains("<svg class=\"chart\" id=\"" + id + "\""), id);
        }
        assertFalse(html.contains("<script"));
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http://"), "only the SVG namespace");
        assertFalse(html.contains("https://"));
        assertTrue(html.contains("<title>redis-P16 (perf) — reads: 0.063 (read 0.063)</title>"),
                "a bar's exact value and the calls it adds up");
    }

    @Test
    void html_syscallsChartGroupsByFamily_soNiosReadAndEpollsRecvfromLineUp() {
        Interpretation nio = Interpretation.of(Role.SERVER, Map.of("read", 1_000L, "write", 1_000L), 1_000L, 1.0);
        Interpretation epoll = Interpretation.of(Role.SERVER, Map.of("recvfrom", 1_000L, "sendto", 1_000L,
                "epoll_pwait2", 300L), 1_000L, 1.0);
        Report report = Report.now(List.of(Run.of("nio", Source.PERF, nio, null, null, null),
                Run.of("epoll", Source.PERF, epoll, null, null, null)), Map.of("pipeline", 1));

        String html = ReportWriter.html(report);

        assertTrue(html.contains("<title>nio (perf) — reads: 1.000 (read 1.000)</title>"), html);
        assertTrue(html.contains("<title>epoll (perf) — reads: 1.000 (recvfrom 1.000)</title>"), html);
        assertTrue(html.contains("<title>epoll (perf) — waits: 0.300 (epoll_pwait2 0.300)</title>"), html);
        assertFalse(html.contains("— recvfrom:"), "recvfrom has no group of its own");
    }

    @Test
    void serverRunWithACpuProfile_linksItsFlameGraphAndSaysWhereTheTimeWent() {
        Interpretation server = Interpretation.of(Role.SERVER, Map.of("read", 1_000L, "write", 1_000L), 1_000L, 1.0);
        CpuProfile profile = new CpuProfile("flame-nio.html", "cpu", 200, 120, 10, 6,
                Map.of("tcp_sendmsg_[k]", 70L), null);
        Report report = Report.now(List.of(Run.of("nio", Source.PERF, server, 1.0, null, null)
                .withCpuProfile(profile)), Map.of());

        assertTrue(ReportWriter.markdown(report).contains("Where nio's CPU goes (async-profiler, cpu, 200 samples, "
                + "[flame-nio.html](flame-nio.html)): kernel 60.0%, Java and JVM 32.0%, GC 5.0%, JIT 3.0%; top frames: "
                + "tcp_sendmsg_[k]."), ReportWriter.markdown(report));
        String html = ReportWriter.html(report);
        assertTrue(html.contains("<a href=\"flame-nio.html\">flame-nio.html</a>") && html.contains("<td class=\"n\">60.0%"),
                html);
    }

    @Test
    void labelsWiderThanTheirGroup_areSlantedSoTheyDoNotOverlap() {
        Interpretation server = Interpretation.of(Role.SERVER, Map.of("read", 1_000L, "write", 1_000L), 1_000L, 1.0);
        List<Run> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            runs.add(Run.of("a-long-transport-name-" + i, Source.PERF, server, 1.0, null, null));
        }

        String html = ReportWriter.html(Report.now(runs, Map.of()));

        assertTrue(html.contains("transform=\"rotate(-25 "), "12 names of 23 characters in 1,010 pixels");
    }

    @Test
    void tick_keepsEveryDigitOfAQuarterStep() {
        assertEquals("1.25", HtmlReport.tick(1.25));
        assertEquals("0.0125", HtmlReport.tick(0.0125));
        assertEquals("62.5", HtmlReport.tick(62.5));
        assertEquals("2,500", HtmlReport.tick(2500));
        assertEquals("0", HtmlReport.tick(0));
    }

    @Test
    void report_opensWithAVerdictPerTransportAndTheSettingsAsATable_andClientRowsShowTheirOwnFiguresOnly() {
        Report report = SampleReports.redisPipelines();

        List<String> verdicts = ReportWriter.verdicts(report);
        assertEquals(List.of("redis-P1: 2.27 syscalls/request, p99 463 µs — no pattern of the seed's tables holds",
                "redis-P16: 0.14 syscalls/request, p99 727 µs — no pattern of the seed's tables holds"), verdicts);
        String html = ReportWriter.html(report);
        assertTrue(html.contains("<li>redis-P1: 2.27 syscalls/request"), html);
        assertTrue(html.contains("<table class=\"settings\">") && html.contains("<tr><td>clients</td><td>10</td></tr>"), html);
        assertTrue(ReportWriter.markdown(report).contains("| setting | value |\n|---|---|\n| machine | "), "markdown too");
        assertTrue(ReportWriter.markdown(report).contains("| clients | 10 |\n"), ReportWriter.markdown(report));
        String table = ReportWriter.summaryTable(report);
        assertTrue(table.contains("| redis-P1 | client | perf | 40,000 | – | – | – | – |"), table);
        assertTrue(table.contains(ReportWriter.CLIENT_NOTE), table);
    }

    @Test
    void writeAll_writesTheThreeFiles(@TempDir Path dir) throws IOException {
        List<Path> files = ReportWriter.writeAll(SampleReports.redisPipelines(), dir.resolve("out"));

        assertEquals(List.of("report.md", "report.json", "report.html"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path file : files) {
            assertTrue(Files.size(file) > 1_000, file + " is " + Files.size(file) + " bytes");
        }
    }
}
