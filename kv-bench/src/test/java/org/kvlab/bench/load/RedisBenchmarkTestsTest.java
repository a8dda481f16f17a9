package org.kvlab.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kvlab.client.KvClient;
import org.kvlab.client.ListRequests;
import org.kvlab.testsuite.client.RedisServerProcess;
import picocli.CommandLine;

/**
 * Every redis-benchmark test of {@code kv-bench load -t} against a real {@code redis-server} (skipped, saying why,
 * where it is not installed): each answers every request without an error, and the server ran the test's command
 * as many times as requests were sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class RedisBenchmarkTestsTest {

    private static final int REQUESTS = 300;

    private RedisServerProcess redis;
    private KvClient client;

    @BeforeAll
    void startRedis() throws Exception {
        Assumptions.assumeTrue(RedisServerProcess.executable() != null,
                "redis-server is not installed (apt-get install redis-server): skipping the tests against Redis");
        redis = RedisServerProcess.start(null);
        client = KvClient.builder().address(redis.address()).build();
    }

    @AfterAll
    void stopRedis() {
        if (client != null) {
            client.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void emptyAndResetStats() {
        client.flushAll();
        client.call("CONFIG", "RESETSTAT");
    }

    @Test
    void run_everyTestInRedisBenchmarksOrder_answersEveryRequestWithoutErrors() throws Exception {
        for (BenchmarkTest test : BenchmarkTest.values()) {
            LoadSpec spec = LoadSpec.builder().port(redis.address().getPort()).clients(3).pipeline(4)
                    .requests(REQUESTS).keyspace(1_000).valueSize(10).test(test).build();

            LoadResult r = LoadGenerator.run(spec, LoadGenerator.Progress.NONE);

            assertEquals(REQUESTS, r.requests(), test.title());
            assertEquals(0, r.errors(), test.title());
            assertEquals(test.title(), r.test());
            if (test.title().startsWith("LRANGE")) {
                assertEquals(BenchmarkTest.LRANGE_FILL, client.execute(ListRequests.llen("mylist")),
                        "filled once, read only");
            }
        }
        Map<String, Long> calls = commandCalls();
        assertEquals(REQUESTS, calls.get("ping"));
        assertEquals(REQUESTS + REQUESTS, calls.get("set") + calls.get("mset"));
        assertEquals(REQUESTS, calls.get("incr"));
        assertEquals(REQUESTS, calls.get("rpush"));
        assertEquals(REQUESTS + 1, calls.get("lpush"), "the LPUSH test, and one to fill the list for LRANGE");
        assertEquals(4 * REQUESTS, calls.get("lrange"));
        assertEquals(REQUESTS, calls.get("zpopmin"));
        assertEquals(REQUESTS, calls.get("hset"));
    }

    @Test
    void run_popsAfterTheirPushes_popWhatWasPushed() throws Exception {
        LoadSpec.Builder spec = LoadSpec.builder().port(redis.address().getPort()).clients(2).requests(REQUESTS)
                .keyspace(1_000_000);
        LoadGenerator.run(spec.test(BenchmarkTest.RPUSH).build(), LoadGenerator.Progress.NONE);
        LoadResult pops = LoadGenerator.run(spec.test(BenchmarkTest.LPOP).build(), LoadGenerator.Progress.NONE);
        LoadResult empty = LoadGenerator.run(spec.test(BenchmarkTest.RPOP).build(), LoadGenerator.Progress.NONE);
        LoadGenerator.run(spec.test(BenchmarkTest.ZADD).build(), LoadGenerator.Progress.NONE);
        LoadResult zpops = LoadGenerator.run(spec.test(BenchmarkTest.ZPOPMIN).build(), LoadGenerator.Progress.NONE);

        assertEquals(0, pops.getMisses(), "every LPOP found an element");
        assertEquals(REQUESTS, empty.getMisses(), "every RPOP found the list empty: a null reply");
        assertEquals(0, zpops.errors());
        assertEquals(0L, client.dbSize());
    }

    @Test
    void loadCommand_tests_printsOneJsonResultPerTestInRedisBenchmarksOrder() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new LoadCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("--port", Integer.toString(redis.address().getPort()),
                        "-t", "lrange_100,LPUSH,sadd", "--requests", "200", "--clients", "2", "--json");

        assertEquals(0, status, err.toString());
        JsonNode results = new ObjectMapper().readTree(out.toString());
        assertEquals(3, results.size());
        assertEquals(List.of("LPUSH", "SADD", "LRANGE_100 (first 100 elements)"),
                List.of(results.get(0).get("test").asText(), results.get(1).get("test").asText(),
                        results.get(2).get("test").asText()));
        for (JsonNode result : results) {
            assertEquals(200, result.get("requests").asLong());
            assertEquals(0, result.get("errors").asLong());
        }
    }

    @Test
    void loadCommand_testsAsText_headsEachResultWithTheTestsTitle() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new LoadCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("--port", Integer.toString(redis.address().getPort()),
                        "-t", "get,mset", "--requests", "100", "--clients", "1");

        assertEquals(0, status, err.toString());
        String text = out.toString();
        assertTrue(text.indexOf("====== GET ======") < text.indexOf("====== MSET (10 keys) ======"), text);
        assertTrue(text.contains("test get,"), text);
        assertTrue(text.contains("100 null replies"), "every GET of an empty database misses: " + text);
    }

    private Map<String, Long> commandCalls() {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : client.info("commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String stats = line.substring(line.indexOf(':') + 1);
                calls.put(name, Long.parseLong(stats.substring("calls=".length(), stats.indexOf(','))));
            }
        }
        return calls;
    }
}
