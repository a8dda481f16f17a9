package org.kvlab.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.kvlab.server.ServerSettings;
import picocli.CommandLine;

final class LoadCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void load_json_printsTheResultAndExitsZero() throws Exception {
        try (InProcessServer s = new InProcessServer()) {
            int status = run("--port", Integer.toString(s.address.getPort()), "--warmup", "200ms", "--requests",
                    "1000", "--clients", "2", "--pipeline", "4", "--ratio", "1:3", "--json");

            assertEquals(0, status, err.toString());
            JsonNode json = new ObjectMapper().readTree(out.toString());
            assertEquals(1000, json.get("requests").asLong());
            assertEquals(250, json.get("sets").asLong(), "each batch of 4 is one 1:3 cycle");
            assertEquals(0, json.get("errors").asLong());
            assertTrue(json.get("latency_us").get("p99").asDouble() > 0);
            assertTrue(err.toString().contains("cores: " + Runtime.getRuntime().availableProcessors()), err.toString());
        }
    }

    @Test
    void load_progress_printsAProgressLineToStderr() throws Exception {
        try (InProcessServer s = new InProcessServer()) {
            int status = run("--port", Integer.toString(s.address.getPort()), "--duration", "2500ms", "--clients",
                    "2", "--progress");

            assertEquals(0, status, err.toString());
            assertTrue(err.toString().contains(" ops/s  p50 "), err.toString());
            assertTrue(out.toString().contains("throughput"), out.toString());
        }
    }

    @Test
    void load_errorReplies_exitsOneAndSaysHowManyFailed() throws Exception {
        try (InProcessServer s = new InProcessServer(new ServerSettings().requirePass("secret"))) {
            int status = run("--port", Integer.toString(s.address.getPort()), "--requests", "10", "--clients", "1");

            assertEquals(1, status);
            assertTrue(err.toString().contains("10 request(s) failed"), err.toString());
        }
    }

    @Test
    void load_nothingListening_exitsOneNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int status = run("--port", Integer.toString(port), "--requests", "10");

        assertEquals(1, status);
        assertTrue(err.toString().contains("cannot reach 127.0.0.1:" + port), err.toString());
    }

    @Test
    void load_badRatio_isAUsageErrorSayingWhatWasExpected() {
        int status = run("--ratio", "1-1");

        assertEquals(2, status);
        assertTrue(err.toString().contains("ratio: 1-1 (expected: SET:GET"), err.toString());
    }

    @Test
    void load_testsWithRatio_isAUsageErrorAskingForOne() {
        int status = run("--ratio", "1:1", "-t", "get");

        assertEquals(2, status);
        assertTrue(err.toString().contains("--ratio and --tests: give one"), err.toString());
    }

    @Test
    void load_unknownTest_isAUsageErrorListingTheKnownOnes() {
        int status = run("-t", "get,ping_inline");

        assertEquals(2, status);
        assertTrue(err.toString().contains("unknown test 'ping_inline' (expected: a comma-separated list of"),
                err.toString());
    }

    @Test
    void load_rate_runsAnOpenLoopOfExactlyTheScheduledRequests() throws Exception {
        try (InProcessServer s = new InProcessServer()) {
            int status = run("--port", Integer.toString(s.address.getPort()), "--rate", "1000", "--duration", "300ms",
                    "--clients", "2");

            assertEquals(0, status, err.toString());
            assertTrue(out.toString().contains("open loop at 1,000 ops/s"), out.toString());
            assertTrue(out.toString().contains("requests  300 ok, 0 errors"), out.toString());
            assertTrue(out.toString().contains("(from the time each batch was due, every 2000.0 us per connection)"),
                    out.toString());
        }
    }

    @Test
    void load_subscribersWithoutFanout_isAUsageError() {
        int status = run("--subscribers", "5");

        assertEquals(2, status);
        assertTrue(err.toString().contains("--subscribers: only with --workload fanout"), err.toString());
    }

    @Test
    void load_fanoutWithRatio_isAUsageError() {
        int status = run("--workload", "fanout", "--ratio", "1:1");

        assertEquals(2, status);
        assertTrue(err.toString().contains("--workload fanout publishes: --ratio and --tests are for the kv workload"),
                err.toString());
    }

    @Test
    void load_unknownWorkload_isAUsageErrorListingTheKnownOnes() {
        int status = run("--workload", "teleport");

        assertEquals(2, status);
        assertTrue(err.toString().contains("workload: teleport (expected: one of kv, fanout)"), err.toString());
    }

    private int run(String... args) {
        return new CommandLine(new LoadCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
