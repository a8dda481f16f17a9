package org.kvlab.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
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
            JsonNode cpu = run.get("cpu");
            assertTrue(cpu.get("user_us_per_request").asDouble() + cpu.get("system_us_per_request").asDouble() > 0,
                    "a JVM serving or sending requests uses CPU: " + run);
            assertTrue(cpu.get("voluntary_context_switches").asLong() >= 0, run.toString());
            assertTrue(run.get("bytes_read").asLong() > 0 && run.get("bytes_written").asLong() > 0, run.toString());
            assertTrue(run.get("conclusion").asText().startsWith("The " + run.get("role").asText() + " made "),
                    run.toString());
        }
        assertTrue(stdout.toString().contains("CPU µs/request"), stdout.toString());
        JsonNode distribution = runs.get(0).get("latency_distribution_us");
        assertTrue(distribution.get("corrected").get("p99.99").asDouble()
                >= distribution.get("corrected").get("p50").asDouble(), distribution.toString());
        assertTrue(distribution.get("uncorrected").get("max").asDouble() > 0, distribution.toString());
        for (String hgrm : List.of("latency-" + transport + ".hgrm", "latency-" + transport + "-uncorrected.hgrm")) {
            String text = Files.readString(out.resolve(hgrm));
            assertTrue(text.contains("Value     Percentile TotalCount 1/(1-Percentile)") && text.contains("#[Max     ="),
                    hgrm + ": " + text);
        }
        assertTrue(Files.readString(out.resolve("report.html")).contains("id=\"chart-latency-percentiles\""));
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
        assertTrue(server.has("context_switches"), "from /proc where perf is not used: " + server);
        assertTrue(server.get("cpu").has("involuntary_context_switches"), server.toString());
    }

    @Test
    void profile_rateLimited_serverShowsLowSyscallCountsOverall(@TempDir Path out) throws Exception {
        String transport = Transports.select(null).name();

        int status = run(new StringWriter(), "--transports", transport, "--warmup", "0s", "--duration", "1s",
                "--rate", "100", "--clients", "2", "--no-perf", "--out", out.toString());

        assertEquals(0, status);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode server = report.get("runs").get(0);
        assertEquals(100, server.get("requests").asLong(), "one request due every 10 ms for 1 s");
        assertEquals(100, report.get("workload").get("rate").asLong());
        assertTrue(patterns(server).contains("Low syscall counts overall"), server.toString());
    }

    @Test
    void profile_setsOfSixteenReadBuffers_serverShowsReadMuchMoreThanWrite(@TempDir Path out) throws Exception {
        String transport = Transports.select(null).name();

        int status = run(new StringWriter(), "--transports", transport, "--warmup", "0s", "--requests", "40",
                "--ratio", "1:0", "--value-size", Integer.toString(16 * 16 * 1024), "-r", "10", "--clients", "2",
                "--no-perf", "--out", out.toString());

        assertEquals(0, status);
        JsonNode server = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("runs").get(0);
        assertTrue(server.get("per_request").get("read").asDouble() >= 16,
                "a value of 16 read buffers takes at least 16 reads: " + server.get("per_request"));
        assertTrue(patterns(server).contains("read() ≫ write()"), server.toString());
        assertTrue(patterns(server).contains("frequent small reads"), "a read buffer's worth per read, a 256 KiB SET "
                + "per batch: " + server);
    }

    @Test
    void profile_fanout_everyServerThatHasPubSubShowsWriteMuchMoreThanRead(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(ProfileCommand.findOnPath("redis-server") != null,
                "redis-server is not installed (apt-get install redis-server): skipping the fan-out profile");
        Assumptions.assumeTrue(PerfStat.probe().isEmpty(), "redis-server has no I/O counters and perf cannot run "
                + "here (" + PerfStat.probe().orElse("") + "): skipping the fan-out profile");
        String transport = Transports.select(null).name();
        StringWriter stdout = new StringWriter();

        int status = run(stdout, "--transports", transport, "--baseline", "redis", "--workload", "fanout",
                "--subscribers", "10", "--warmup", "0s", "--requests", "500", "--out", out.toString());

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("fanout", report.get("workload").get("workload").asText());
        assertEquals(10, report.get("workload").get("subscribers").asInt());
        List<String> profiled = new java.util.ArrayList<>();
        for (JsonNode run : report.get("runs")) {
            profiled.add(run.get("transport").asText());
            assertEquals(500, run.get("requests").asLong(), run.toString());
            assertEquals(500 * 10, run.get("messages_delivered").asLong(), run.toString());
            if (run.get("role").asText().equals("server")) {
                assertTrue(patterns(run).contains("write() ≫ read()"), run.toString());
                assertTrue(patterns(run).contains("many small writes"), "a write per message: " + run);
                assertTrue(stdout.toString().contains("Fan-out, " + run.get("transport").asText() + ": 5,000 "
                        + "messages delivered"), stdout.toString());
            }
        }
        assertTrue(profiled.contains("redis"), profiled.toString());
        if (profiled.contains(transport)) {
            assertEquals(0, status);
        } else {
            assertEquals(1, status, "kvlab without pub/sub fails its run, and says why");
            assertTrue(report.get("workload").get("notes").toString().contains("the server refused the fanout "
                    + "workload: SUBSCRIBE: "), report.get("workload").toString());
        }
    }

    @Test
    void profile_flamegraph_writesAFlameGraphPerTransportLinkedFromTheReportWithWhereTheCpuWent(@TempDir Path out)
            throws Exception {
        String transport = Transports.select(null).name();

        int status = run(new StringWriter(), "--transports", transport, "--warmup", "1s", "--duration", "1s",
                "--clients", "4", "--no-perf", "--flamegraph", "--out", out.toString());

        assertEquals(0, status);
        String flame = Files.readString(out.resolve("flame-" + transport + ".html"));
        assertTrue(flame.contains("<canvas") || flame.contains("<script"), "an interactive flame graph");
        JsonNode profile = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("runs").get(0)
                .get("cpu_profile");
        assertEquals("flame-" + transport + ".html", profile.get("file").asText());
        long samples = profile.get("samples").asLong();
        assertTrue(samples > 0, profile.toString());
        assertEquals(samples, profile.get("kernel").asLong() + profile.get("java").asLong() + profile.get("gc").asLong()
                + profile.get("jit").asLong(), profile.toString());
        assertTrue(Files.readString(out.resolve("report.html")).contains("<a href=\"flame-" + transport + ".html\">"));
    }

    @Test
    void profile_connect_measuresTheLoadGeneratorHereAndTheServerFromItsInfo(@TempDir Path out) throws Exception {
        String redis = ProfileCommand.findOnPath("redis-server");
        Assumptions.assumeTrue(redis != null, "redis-server is not installed (apt-get install redis-server)");
        try (ServerProcess server = ServerProcess.startRedis(redis, out.resolve("redis.log"))) {
            String hostPort = "127.0.0.1:" + server.address().getPort();

            int status = run(new StringWriter(), "--connect", hostPort, "--warmup", "0s", "--requests", "2000",
                    "--clients", "4", "--out", out.toString());

            assertEquals(0, status);
            JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            JsonNode serverRun = report.get("runs").get(0);
            JsonNode clientRun = report.get("runs").get(1);
            assertEquals("info", serverRun.get("source").asText(), serverRun.toString());
            assertEquals("remote-127.0.0.1-" + server.address().getPort(), serverRun.get("transport").asText());
            assertEquals(2000, serverRun.get("requests").asLong());
            assertTrue(serverRun.get("bytes_read").asLong() > 0, "INFO total_net_input_bytes: " + serverRun);
            assertFalse(serverRun.has("cpu"), "a server elsewhere has no /proc here: " + serverRun);
            assertEquals(PerfStat.probe().isEmpty() ? "perf" : "io-counters", clientRun.get("source").asText());
            assertTrue(clientRun.has("cpu"), clientRun.toString());
            assertTrue(report.get("workload").get("notes").toString().contains("the server runs elsewhere"),
                    report.get("workload").toString());
        }
    }

    @Test
    void profile_connectWithInfoAndServerPid_countsRequestsFromThoseServers_andThatProcessHere(@TempDir Path out)
            throws Exception {
        String redis = ProfileCommand.findOnPath("redis-server");
        Assumptions.assumeTrue(redis != null, "redis-server is not installed (apt-get install redis-server)");
        // as behind a proxy: the load goes to one address, INFO is read from two servers, the process is this one's
        try (ServerProcess loaded = ServerProcess.startRedis(redis, out.resolve("loaded.log"));
                ServerProcess idle = ServerProcess.startRedis(redis, out.resolve("idle.log"))) {
            String hostPort = "127.0.0.1:" + loaded.address().getPort();

            int status = run(new StringWriter(), "--connect", hostPort, "--info",
                    hostPort + ",127.0.0.1:" + idle.address().getPort(), "--server-pid", Long.toString(loaded.pid()),
                    "--warmup", "0s", "--requests", "2000", "--clients", "4", "--out", out.toString());

            assertEquals(0, status);
            JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            JsonNode serverRun = report.get("runs").get(0);
            assertEquals(2000, serverRun.get("requests").asLong(), "each server's own INFO calls left out: "
                    + serverRun);
            assertEquals(PerfStat.probe().isEmpty() ? "perf" : "io-counters", serverRun.get("source").asText());
            assertTrue(serverRun.has("cpu"), "the process runs here: " + serverRun);
            assertTrue(report.get("workload").get("notes").toString().contains("counted from the INFO of "
                    + hostPort + ", 127.0.0.1:" + idle.address().getPort()), report.get("workload").toString());
        }
    }

    @Test
    void profile_infoWithoutConnect_isAUsageError(@TempDir Path out) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ProfileCommand()).setErr(new PrintWriter(err));

        int status = cli.execute("--info", "127.0.0.1:6379", "--out", out.toString());

        assertEquals(2, status);
        assertTrue(err.toString().contains("(expected: --connect HOST:PORT)"), err.toString());
    }

    @Test
    void profile_connectWithoutAPort_isAUsageError(@TempDir Path out) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ProfileCommand()).setErr(new PrintWriter(err));

        int status = cli.execute("--connect", "somehost", "--out", out.toString());

        assertEquals(2, status);
        assertTrue(err.toString().contains("--connect: 'somehost' (expected: HOST:PORT)"), err.toString());
    }

    @Test
    void profile_unknownTransport_failsWithUsageError(@TempDir Path out) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ProfileCommand()).setErr(new PrintWriter(err));

        int status = cli.execute("--transports", "carrier-pigeon", "--out", out.toString());

        assertEquals(2, status);
        assertTrue(err.toString().contains("unknown transport 'carrier-pigeon'"), err.toString());
    }

    private static List<String> patterns(JsonNode run) {
        List<String> names = new java.util.ArrayList<>();
        run.get("findings").forEach(f -> names.add(f.get("pattern").asText()));
        return names;
    }

    private static int run(StringWriter stdout, String... args) {
        ProfileCommand command = new ProfileCommand();
        command.launcherOverride = List.of(ServerLauncher.javaExecutable(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "org.kvlab.server.cli.KvServerMain");
        return new CommandLine(command).setOut(new PrintWriter(stdout)).execute(args);
    }
}
