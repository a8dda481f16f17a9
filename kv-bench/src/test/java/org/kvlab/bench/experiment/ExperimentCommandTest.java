package org.kvlab.bench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.bench.profile.ServerLauncher;
import picocli.CommandLine;

final class ExperimentCommandTest {

    @Test
    void experiment_batchingAndPooling_batchingAndPersistentConnectionsCutSyscallsPerRequest(@TempDir Path out)
            throws Exception {
        ExperimentCommand command = new ExperimentCommand();
        command.launcherOverride = List.of(ServerLauncher.javaExecutable(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "org.kvlab.server.cli.KvServerMain");
        StringWriter stdout = new StringWriter();

        int status = new CommandLine(command).setOut(new PrintWriter(stdout)).execute("--pairs", "batching,pooling",
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
    void experiment_unknownPair_failsWithUsageError(@TempDir Path out) {
        StringWriter err = new StringWriter();

        int status = new CommandLine(new ExperimentCommand()).setErr(new PrintWriter(err))
                .execute("--pairs", "teleport", "--out", out.toString());

        assertEquals(2, status);
        assertTrue(err.toString().contains("pairs: teleport (expected: one of [batching, nonblocking, pooling, fsync])"),
                err.toString());
    }
}
