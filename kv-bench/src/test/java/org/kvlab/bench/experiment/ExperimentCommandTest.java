package org.kvlab.bench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.bench.perf.PerfStat;
import org.kvlab.bench.profile.ProfileCommand;
import org.kvlab.bench.profile.ServerLauncher;
import picocli.CommandLine;

final class ExperimentCommandTest {

    @Test
    void experiment_batchingAndPooling_batchingAndPersistentConnectionsCutSyscallsPerRequest(@TempDir Path out)
            throws Exception {
        StringWriter stdout = new StringWriter();

        int status = new CommandLine(kvServerExperiment()).setOut(new PrintWriter(stdout)).execute("--pairs", "batching,pooling",
                "--warmup", "0s", "--duration", "1s", "--clients", "4", "--out", out.toString());

        assertEquals(0, status);
        assertTrue(stdout.toString().contains("## Pairs: syscalls per request, A vs B"), stdout.toString());
        assertTrue(java.nio.file.Files.readString(out.resolve("report.html"))
                .contains("<h2>Pairs: syscalls per request, A vs B</h2>"));
        JsonNode pairs = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("pairs");
        assertEquals(2, pairs.size());
        JsonNode batching = pairs.get(0);
        assertTrue(batching.get("pair").asText().startsWith("batching"));
        assertTrue(batching.get("server_per_request_b").asDouble() * 4 < batching.get("server_per_request_a")
                .asDouble(), "pipeline 16 vs 1 on the server: " + batching);
        JsonNode pooling = pairs.get(1);
        assertTrue(pooling.get("server_per_request_a").asDouble() > pooling.get("server_per_request_b").asDouble()
                + 1.5, "a connection per request costs at least an accept and a close more: " + pooling);
    }

    @Test
    void experiment_readbufferAndPacing_theLargerBufferReadsLessAndTheLowRateLooksIdle(@TempDir Path out)
            throws Exception {
        StringWriter stdout = new StringWriter();

        int status = new CommandLine(kvServerExperiment()).setOut(new PrintWriter(stdout)).execute("--pairs",
                "readbuffer,pacing", "--warmup", "0s", "--duration", "1s", "--clients", "4", "--no-perf", "--out",
                out.toString());

        assertEquals(0, status);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode readbuffer = report.get("pairs").get(0);
        assertTrue(readbuffer.get("pair").asText().startsWith("readbuffer"), readbuffer.toString());
        JsonNode small = serverRun(report, readbuffer.get("a").asText());
        JsonNode large = serverRun(report, readbuffer.get("b").asText());
        double bufferReads = ExperimentCommand.BIG_VALUE / (double) ExperimentCommand.SMALL_READ_BUFFER;
        assertTrue(small.get("per_request").get("read").asDouble() >= bufferReads,
                "a 256 KiB value takes at least 16 reads of 16 KiB: " + small.get("per_request"));
        assertTrue(large.get("per_request").get("read").asDouble() < small.get("per_request").get("read").asDouble(),
                "fewer reads with the larger buffer: " + readbuffer);
        assertTrue(patterns(readbuffer, "a").contains("read() ≫ write()"), readbuffer.toString());
        JsonNode pacing = report.get("pairs").get(1);
        assertTrue(pacing.get("pair").asText().startsWith("pacing: 100 ops/s"), pacing.toString());
        assertEquals(100, serverRun(report, pacing.get("a").asText()).get("requests").asLong(),
                "100 requests due in the 1 s window");
        assertTrue(patterns(pacing, "a").contains("Low syscall counts overall"), pacing.toString());
        assertTrue(stdout.toString().contains("| server patterns A | server patterns B |"), stdout.toString());
    }

    @Test
    void experiment_onRedis_pipelinedPublishesCoalesceWritesAndKvServerPairsAreSkipped(@TempDir Path out)
            throws Exception {
        Assumptions.assumeTrue(ProfileCommand.findOnPath("redis-server") != null,
                "redis-server is not installed (apt-get install redis-server): skipping the experiment on Redis");
        Assumptions.assumeTrue(PerfStat.probe().isEmpty(), "redis-server has no I/O counters and perf cannot run "
                + "here (" + PerfStat.probe().orElse("") + "): skipping the experiment on Redis");
        StringWriter stdout = new StringWriter();

        int status = new CommandLine(new ExperimentCommand()).setOut(new PrintWriter(stdout)).execute("--transport",
                "redis", "--pairs", "fanout,readbuffer", "--subscribers", "10", "--warmup", "0s", "--duration", "1s",
                "--out", out.toString());

        assertEquals(0, status);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode fanout = report.get("pairs").get(0);
        assertEquals(1, report.get("pairs").size(), report.get("pairs").toString());
        assertTrue(patterns(fanout, "a").contains("write() ≫ read()"), fanout.toString());
        double a = fanout.get("server_writes_per_message_a").asDouble();
        double b = fanout.get("server_writes_per_message_b").asDouble();
        assertTrue(a >= 1.0, "published one by one, a write per message per subscriber: " + fanout);
        assertTrue(b * 4 < a, "16 messages per read go out in one write to each subscriber: " + fanout);
        assertTrue(report.get("workload").get("skipped").get(0).asText().startsWith("readbuffer: "),
                report.get("workload").toString());
        assertTrue(stdout.toString().contains("write-family syscalls per message delivered"), stdout.toString());
    }

    @Test
    void experiment_unknownPair_failsWithUsageError(@TempDir Path out) {
        StringWriter err = new StringWriter();

        int status = new CommandLine(new ExperimentCommand()).setErr(new PrintWriter(err))
                .execute("--pairs", "teleport", "--out", out.toString());

        assertEquals(2, status);
        assertTrue(err.toString().contains("pairs: teleport (expected: one of [batching, nonblocking, pooling, fsync, "
                + "fanout, readbuffer, pacing])"), err.toString());
    }

    /** An experiment that starts kv-server from the test class path. */
    private static ExperimentCommand kvServerExperiment() {
        ExperimentCommand command = new ExperimentCommand();
        command.launcherOverride = List.of(ServerLauncher.javaExecutable(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "org.kvlab.server.cli.KvServerMain");
        return command;
    }

    private static JsonNode serverRun(JsonNode report, String target) {
        for (JsonNode run : report.get("runs")) {
            if (run.get("transport").asText().equals(target) && run.get("role").asText().equals("server")) {
                return run;
            }
        }
        throw new AssertionError("no server run of " + target + " in " + report.get("runs"));
    }

    private static List<String> patterns(JsonNode pair, String side) {
        List<String> names = new java.util.ArrayList<>();
        pair.get("server_patterns_" + side).forEach(p -> names.add(p.asText()));
        return names;
    }
}
