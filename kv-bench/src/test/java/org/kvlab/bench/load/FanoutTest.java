package org.kvlab.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvlab.client.KvClient;
import org.kvlab.client.KvServerException;
import org.kvlab.server.ServerSettings;
import org.kvlab.testsuite.client.RedisServerProcess;
import picocli.CommandLine;

/**
 * The fan-out workload against a real {@code redis-server} (skipped, saying why, where it is not installed) and
 * against kvlab once kvlab has pub/sub (skipped until then): every message published reaches every subscriber,
 * counted at the subscribers, and the server's own count (PUBLISH's replies) agrees.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class FanoutTest {

    private RedisServerProcess redis;
    private InProcessServer kvlab;

    @BeforeAll
    void startServers() throws Exception {
        if (RedisServerProcess.executable() != null) {
            redis = RedisServerProcess.start(null);
        }
        kvlab = new InProcessServer();
    }

    @AfterAll
    void stopServers() {
        if (redis != null) {
            redis.close();
        }
        kvlab.close();
    }

    Stream<String> servers() {
        return Stream.of("redis", "kvlab");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void run_onePublisher_everySubscriberReceivesEveryMessage(String server) throws Exception {
        LoadResult r = LoadGenerator.run(fanout(server).subscribers(20).requests(500).build(),
                LoadGenerator.Progress.NONE);

        assertEquals(500, r.requests());
        assertEquals(0, r.errors());
        assertEquals(20, r.fanout().subscribers());
        assertEquals(500 * 20, r.fanout().delivered());
        assertEquals(500 * 20, r.fanout().receivers(), "the server's count of the subscribers each message reached");
        assertEquals(0, r.fanout().undelivered());
        assertTrue(r.fanout().deliveredPerSec() > 0);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void run_pipelinedPublishersAndMessagesLargerThanAReadBuffer_deliverEveryMessage(String server)
            throws Exception {
        LoadResult r = LoadGenerator.run(fanout(server).clients(2).pipeline(8).subscribers(5).requests(200)
                .valueSize(70_000).build(), LoadGenerator.Progress.NONE);

        assertEquals(200, r.requests());
        assertEquals(200 * 5, r.fanout().delivered());
        assertEquals(200 * 5, r.fanout().receivers());
        assertTrue(r.clientIo().bytesRead() >= 200L * 5 * 70_000, "every subscriber read every message: "
                + r.clientIo().bytesRead() + " bytes");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void runFor_rateLimitedPublisher_deliversEveryMessageItsScheduleHeld(String server) throws Exception {
        try (LoadGenerator g = LoadGenerator.open(fanout(server).subscribers(10).rate(1_000).build())) {
            LoadResult warm = g.runFor(Duration.ofMillis(100), LoadGenerator.Progress.NONE);
            LoadResult r = g.runFor(Duration.ofMillis(300), LoadGenerator.Progress.NONE);

            assertEquals(100, warm.requests(), "due every millisecond for 100 ms");
            assertEquals(300, r.requests(), "due every millisecond for 300 ms");
            assertEquals(300 * 10, r.fanout().delivered(), "the warm-up's messages are not counted again");
            assertEquals(300 * 10, r.fanout().receivers());
        }
    }

    @Test
    void loadCommand_fanout_printsTheMessagesDeliveredAsTextAndJson() throws Exception {
        int port = fanout("redis").build().port();
        StringWriter text = new StringWriter();
        StringWriter json = new StringWriter();
        StringWriter err = new StringWriter();

        int textStatus = new CommandLine(new LoadCommand()).setOut(new PrintWriter(text, true))
                .setErr(new PrintWriter(err, true)).execute("--port", Integer.toString(port), "--workload", "fanout",
                        "--subscribers", "7", "--requests", "300");
        int jsonStatus = new CommandLine(new LoadCommand()).setOut(new PrintWriter(json, true))
                .setErr(new PrintWriter(err, true)).execute("--port", Integer.toString(port), "--workload", "fanout",
                        "--subscribers", "7", "--requests", "300", "--pipeline", "16", "--json");

        assertEquals(0, textStatus, err.toString());
        assertTrue(text.toString().contains("fanout: 1 publisher, 7 subscribers, pipeline 1"), text.toString());
        assertTrue(text.toString().contains("delivered  2,100 messages to 7 subscribers (2,100 reached by the "
                + "server's count, 0 not received)"), text.toString());
        assertEquals(0, jsonStatus, err.toString());
        JsonNode result = new ObjectMapper().readTree(json.toString());
        assertEquals("fanout", result.get("workload").asText());
        assertEquals(1, result.get("clients").asInt(), "one publisher unless --clients says otherwise");
        assertEquals(300, result.get("requests").asLong());
        assertEquals(2_100, result.get("fanout").get("messages_delivered").asLong());
        assertEquals(0, result.get("fanout").get("undelivered").asLong());
    }

    @Test
    void open_serverRefusesSubscribe_throwsWithTheServersError() throws Exception {
        try (InProcessServer locked = new InProcessServer(new ServerSettings().requirePass("secret"))) {
            LoadSpec spec = locked.spec().workload(Workload.FANOUT).clients(1).requests(10).build();

            KvServerException e = assertThrows(KvServerException.class, () -> LoadGenerator.open(spec));

            assertTrue(e.getMessage().startsWith("SUBSCRIBE: "), e.getMessage());
        }
    }

    @Test
    void spec_fanoutWithATestOrPerRequestConnections_isRejectedSayingWhy() {
        LoadSpec.Builder fanout = LoadSpec.builder().workload(Workload.FANOUT);

        IllegalArgumentException test = assertThrows(IllegalArgumentException.class,
                () -> fanout.test(BenchmarkTest.GET).build());
        IllegalArgumentException churn = assertThrows(IllegalArgumentException.class,
                () -> fanout.test(null).perRequestConnections(true).build());

        assertTrue(test.getMessage().contains("expected: none with the fanout workload"), test.getMessage());
        assertTrue(churn.getMessage().contains("whose connections stay subscribed"), churn.getMessage());
    }

    private LoadSpec.Builder fanout(String server) {
        int port;
        if (server.equals("redis")) {
            Assumptions.assumeTrue(redis != null,
                    "redis-server is not installed (apt-get install redis-server): skipping fan-out against Redis");
            port = redis.address().getPort();
        } else {
            Assumptions.assumeTrue(hasSubscribe(kvlab.address.getPort()),
                    "kvlab has no SUBSCRIBE yet (helper pubsub, branch pubsub): skipping fan-out against kvlab");
            port = kvlab.address.getPort();
        }
        return LoadSpec.builder().port(port).workload(Workload.FANOUT).clients(1);
    }

    /** Whether the server knows SUBSCRIBE: COMMAND INFO answers nil for a command it does not have. */
    static boolean hasSubscribe(int port) {
        try (KvClient client = KvClient.builder().port(port).build()) {
            return client.call("COMMAND", "INFO", "SUBSCRIBE") instanceof List<?> info && info.get(0) != null;
        }
    }
}
