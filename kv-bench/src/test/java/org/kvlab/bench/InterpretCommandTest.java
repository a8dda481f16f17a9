package org.kvlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class InterpretCommandTest {

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = KvBenchMain.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(status, out.toString(), err.toString());
    }

    private static String capture(String name) throws URISyntaxException {
        return Path.of(InterpretCommandTest.class.getResource("/perf/" + name).toURI()).toString();
    }

    @Test
    void interpret_seedServerExample_printsItsCountsAndConcludesMostlyIdle() throws Exception {
        Result r = run("interpret", capture("seed-server.txt"));

        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("# perf stat of './server'\n"), r.out());
        assertTrue(r.out().contains("| read | 202 | – | 2.7 |"), r.out());
        assertTrue(r.out().contains("| write | 203 | – | 2.7 |"), r.out());
        assertTrue(r.out().contains("| accept | 2 | – | 0.0 |"), r.out());
        assertTrue(r.out().contains("elapsed: 74.6 s"), r.out());
        assertTrue(r.out().contains(" · pipeline: 1 assumed (give -P N)"), r.out());
        assertTrue(r.out().contains("**Conclusion**: The server was mostly idle"), r.out());
    }

    @Test
    void interpret_seedClientExampleAsJson_printsOneRunWithoutThroughputPlusElapsed() throws Exception {
        Result r = run("interpret", capture("seed-client.txt"), "--role", "client", "--json");

        assertEquals(0, r.status(), r.err());
        JsonNode run = new ObjectMapper().readTree(r.out());
        assertEquals("client", run.get("role").asText());
        assertEquals("perf", run.get("source").asText());
        assertEquals(0.064291496, run.get("elapsed_s").asDouble());
        assertEquals(402, run.get("syscalls").get("write").asLong());
        assertEquals(203, run.get("syscalls").get("read").asLong());
        assertEquals(0, run.get("syscalls").get("accept").asLong());
        assertEquals("write() ≫ read()", run.get("findings").get(0).get("pattern").asText());
        assertTrue(run.get("findings").get(0).get("meaning").asText().contains("ratio 1.98 (about 2:1)"));
        assertFalse(run.has("ops_per_sec") || run.has("latency_us") || run.has("requests"), r.out());
    }

    @Test
    void interpret_withRequests_givesPerRequestRates() throws Exception {
        Result r = run("interpret", capture("server-pipeline16.csv"), "--requests", "40002", "--json",
                "--transport", "redis");

        JsonNode run = new ObjectMapper().readTree(r.out());
        assertEquals("redis", run.get("transport").asText());
        assertEquals(40_002, run.get("requests").asLong());
        assertEquals(0.0632, run.get("per_request").get("read").asDouble());
        assertFalse(run.has("elapsed_s"), "CSV output has no elapsed time");
    }

    @Test
    void interpret_withThePipeline_judgesTheCountsAgainstItsFloorAndPrintsTheConclusionInTheJson() throws Exception {
        Result r = run("interpret", capture("server-pipeline16.csv"), "--requests", "40002", "-P", "16", "--json");

        JsonNode run = new ObjectMapper().readTree(r.out());
        assertEquals(0, run.get("findings").size(), r.out());
        assertTrue(run.get("conclusion").asText().contains("the floor is 0.13 (one read and one write per batch of 16 "
                + "requests): 1.15x the floor: at the request/response floor"), r.out());
    }

    @Test
    void interpret_zeroPipeline_isAUsageError() throws Exception {
        Result r = run("interpret", capture("seed-server.txt"), "-P", "0");

        assertEquals(2, r.status());
        assertTrue(r.err().contains("--pipeline: 0 (expected: > 0)"), r.err());
    }

    @Test
    void interpret_fileWithoutCounters_failsNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not perf output\n");

        Result r = run("interpret", file.toString());

        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("kv-bench interpret: " + file + ": no perf stat counters found"), r.err());
    }

    @Test
    void interpret_missingFile_failsSayingItCannotBeRead(@TempDir Path dir) {
        Result r = run("interpret", dir.resolve("absent.txt").toString());

        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("kv-bench interpret: cannot read " + dir.resolve("absent.txt") + ": no such file"),
                r.err());
    }

    @Test
    void interpret_negativeRequests_isAUsageError() throws Exception {
        Result r = run("interpret", capture("seed-server.txt"), "--requests", "-1");

        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("--requests: -1 (expected: >= 0)"), r.err());
    }

    @Test
    void interpret_unknownRole_isAUsageError() throws Exception {
        Result r = run("interpret", capture("seed-server.txt"), "--role", "proxy");

        assertEquals(2, r.status());
        assertTrue(r.err().contains("--role"), r.err());
    }

    @Test
    void noSubcommand_isAUsageErrorListingThem() {
        Result r = run();

        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("missing subcommand (expected one of: interpret"), r.err());
    }
}
