package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A bounded soak: 2,000 connections opened and dropped in every way a client can drop one (at once, after a
 * reply, mid-command, with a reply unread) or the server drops one (after a protocol error) while 50 {@code redis-benchmark} clients run SET and GET. The
 * well-behaved clients see no error, and descriptors, heap and threads come back to where they were. Skipped,
 * saying why, where {@code redis-benchmark} is not installed.
 */
public abstract class SoakTest extends HostileFixture {

    private static final int CHURN = 2_000;

    @Test
    void twoThousandDroppedConnections_whileFiftyBenchmarkClients_noErrorsAndNothingLeaks() throws Exception {
        assumeTool("redis-benchmark");
        Path output = Files.createTempFile("kvlab-soak", ".txt");
        try {
            // a first process starts the JDK's process reaper thread, so it is in the baseline
            run(List.of("redis-benchmark", "--version"), output);
            awaitServerClients(0);
            ResourceBaseline baseline = ResourceBaseline.capture();
            long receivedBefore = connectionsReceived();

            Process bench = start(List.of("redis-benchmark", "-h", address.getHostString(), "-p",
                    Integer.toString(address.getPort()), "-c", "50", "-n", "50000", "-t", "set,get", "-q"), output);
            try {
                churn();
                assertTrue(bench.waitFor(120, TimeUnit.SECONDS), "redis-benchmark did not finish in 120 s");
            } finally {
                bench.destroyForcibly().waitFor();
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, bench.exitValue(), out);
            for (String test : List.of("SET", "GET")) {
                assertTrue(Pattern.compile("(?m)^" + test + ": [\\d.]+ requests per second").matcher(out).find(),
                        "no result for " + test + " in:\n" + out);
            }
            assertFalse(out.toLowerCase().contains("error"), out);

            awaitServerClients(0);
            assertTrue(connectionsReceived() - receivedBefore >= CHURN + 50,
                    "connections received: " + (connectionsReceived() - receivedBefore));
            baseline.assertRestored(true);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Opens and drops {@link #CHURN} connections, five ways in turn. */
    private void churn() throws IOException {
        byte[] ping = RawClient.command("PING").getBytes(StandardCharsets.ISO_8859_1);
        byte[] partial = "*3\r\n$3\r\nSET\r\n$4\r\nsoak\r\n$100\r\nonly part".getBytes(StandardCharsets.ISO_8859_1);
        byte[] bad = "*1\r\nfoo\r\n".getBytes(StandardCharsets.ISO_8859_1);
        String error = "-ERR Protocol error: expected '$', got 'f'\r\n";
        byte[] pong = new byte[7];
        for (int i = 0; i < CHURN; i++) {
            try (Socket s = new Socket(address.getAddress(), address.getPort())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                switch (i % 5) {
                    case 0:
                        break; // dropped at once
                    case 1:
                        out.write(ping);
                        assertEquals(7, in.readNBytes(pong, 0, 7));
                        assertEquals("+PONG\r\n", new String(pong, StandardCharsets.ISO_8859_1));
                        break;
                    case 2:
                        out.write(partial); // dropped mid-command
                        break;
                    case 3:
                        out.write(bad); // closed by the server after its error
                        assertEquals(error, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                        break;
                    default:
                        out.write(ping); // dropped with its reply unread
                        break;
                }
            }
        }
    }

    private long connectionsReceived() {
        try (redis.clients.jedis.Jedis jedis = jedis()) {
            return infoField(jedis.info("stats"), "total_connections_received");
        }
    }

    private static Process start(List<String> command, Path output) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    private static void run(List<String> command, Path output) throws IOException, InterruptedException {
        Process p = start(command, output);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out: " + command);
    }

    private static void assumeTool(String tool) {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        if (!found) {
            System.out.println("SKIPPED: " + tool + " is not installed (Debian: apt-get install redis-tools)");
        }
        assumeTrue(found, tool + " is not installed (Debian: apt-get install redis-tools)");
    }
}
