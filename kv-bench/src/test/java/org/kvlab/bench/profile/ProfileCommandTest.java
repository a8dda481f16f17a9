package org.kvlab.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.bench.perf.PerfCounts;
import org.kvlab.bench.perf.PerfStat;
import org.kvlab.bench.report.ReportWriter;
import org.kvlab.spi.Transports;
import picocli.CommandLine;

final class ProfileCommandTest {

    @Test
    void profile_oneTransportOneSecondWindow_writesTheThreeReportsWithTheJsonContract(@TempDir Path out)
            throws Exception {
        String transport = Transports.select(null).name();
        StringWriter stdout = new StringWriter();

        int status = run(stdout, "--transports", transport, "--warmup", "1s", "--duration", "1s", "--clients", "8",
                "--out", out.toString());

        assertEquals(0, status);
        assertTrue(stdout.toString().contains("| " + transport + " | server |"), stdout.toString());
        assertTrue(stdout.toString().contains(ReportWriter.GC_NOTE), stdout.toString());
        assertTrue(Files.readString(out.resolve("report.md")).contains("## Syscalls per request"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"));
        JsonNode runs = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("runs");
        assertEquals(2, runs.size());
        assertEquals("server", runs.get(0).get("role").asText());
        assertEquals("client", runs.get(1).get("role").asText());
        for (JsonNode run : runs) {
            assertEquals(transport, run.get("transport").asText());
            for (String field : List.of("source", "requests", "ops_per_sec", "latency_us", "gc_pauses", "syscalls",
                    "per_request", "findings")) {
                assertTrue(run.has(field), field + " missing in " + run);
            }
            assertTrue(run.get("gc_pauses").get("count").asLong() >= 0, "both sides are JVMs: " + run);
            for (String p : List.of("p50", "p99", "p999")) {
                assertTrue(run.get("latency_us").get(p).asDouble() > 0, p + " in " + run);
            }
            assertTrue(run.get("requests").asLong() > 0);
        }
        assertEquals(runs.get(0).get("requests").asLong(), runs.get(1).get("requests").asLong(),
                "requests the server counted and the load generator sent");
        JsonNode server = runs.get(0);
        String perfProblem = PerfStat.probe().orElse(null);
        if (perfProblem != null) {
            System.out.println("ProfileCommandTest: perf assertions skipped: " + perfProblem);
            assertEquals("io-counters", server.get("source").asText());
            return;
        }
        assertEquals("perf", server.get("source").asText());
        JsonNode checks = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("workload")
                .get("io_counters_vs_perf");
        assertTrue(checks.get(0).asText().startsWith(transport + ": I/O counters read "), checks.toString());
        long requests = server.get("requests").asLong();
        long total = server.get("syscalls").get(PerfCounts.ALL).asLong();
        assertTrue(total > 0, "server syscalls: " + server.get("syscalls"));
        assertTrue(total < 20 * requests, "a few syscalls per request, not " + total + " for " + requests);
    }

    @Test
    void profile_withoutPerf_countsWithTheTransportsOwnIoCounters(@TempDir Path out) throws Exception {
        String transport = Transports.select(null).name();

        int status = run(new StringWriter(), "--transports", transport, "--warmup", "0s", "--requests", "3000",
                "--clients", "4", "--no-perf", "--out", out.toString());

        assertEquals(0, status);
        JsonNode server = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("runs").get(0);
        assertEquals("io-counters", server.get("source").asText());
        assertEquals(3000, server.get("requests").asLong());
        long reads = server.get("syscalls").get("read").asLong();
        // one per request, plus the two INFO calls in the window and the few more a transport may make
        assertTrue(reads >= 3000 && reads <= 3000 + 30, "server read calls: " + reads);
        assertEquals(0, server.get("syscalls").get("accept").asLong(), "connections were opened before the window");
    }

    @Test
    void profile_unknownTransport_failsWithUsageError(@TempDir Path out) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ProfileCommand()).setErr(new PrintWriter(err));

        int status = cli.execute("--transports", "carrier-pigeon", "--out", out.toString());

        assertEquals(2, status);
        assertTrue(err.toString().contains("unknown transport 'carrier-pigeon'"), err.toString());
    }

    private static int run(StringWriter stdout, String... args) {
        ProfileCommand command = new ProfileCommand();
        command.launcherOverride = List.of(ServerLauncher.javaExecutable(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "org.kvlab.server.cli.KvServerMain");
        return new CommandLine(command).setOut(new PrintWriter(stdout)).execute(args);
    }
}
