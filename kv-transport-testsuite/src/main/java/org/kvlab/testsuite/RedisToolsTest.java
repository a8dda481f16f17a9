package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Redis's own tools against the server: {@code redis-cli} for replies as a person sees them and
 * {@code redis-benchmark} for load. Skipped, saying why, where Debian's {@code redis-tools} is not installed.
 */
public abstract class RedisToolsTest extends ServerFixture {

    @Test
    void redisCli_commandsReplyAsRedis() throws Exception {
        assumeTool("redis-cli");
        assertEquals("OK", cli("SET", "greeting", "hello"));
        assertEquals("hello", cli("GET", "greeting"));
        assertEquals("1", cli("INCR", "counter"));
        assertEquals("hello\n\n1", cli("MGET", "greeting", "missing", "counter"));
        assertEquals("1", cli("EXPIRE", "greeting", "100"));
        long ttl = Long.parseLong(cli("TTL", "greeting"));
        assertTrue(ttl > 0 && ttl <= 100, "ttl " + ttl);
        assertEquals("0\ncounter", cli("SCAN", "0", "MATCH", "count*"));
        assertTrue(cli("INFO").contains("total_commands_processed:"));
        assertEquals("(error) ERR unknown command 'NOPE', with args beginning with:", cli("--no-raw", "NOPE"));
    }

    @Test
    void redisBenchmark_finishesWithoutErrors() throws Exception {
        assumeTool("redis-benchmark");
        String out = run(List.of("redis-benchmark", "-h", address.getHostString(), "-p",
                Integer.toString(address.getPort()), "-t", "ping,set,get,incr,mset", "-n", "20000", "-c", "20",
                "-q"));
        for (String test : List.of("PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET (10 keys)")) {
            assertTrue(Pattern.compile(Pattern.quote(test) + ": [\\d.]+ requests per second").matcher(out).find(),
                    "no result for " + test + " in:\n" + out);
        }
        assertFalse(out.toLowerCase().contains("error"), out);
    }

    private String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", address.getHostString(), "-p",
                Integer.toString(address.getPort())));
        command.addAll(Arrays.asList(args));
        return run(command).strip();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + " failed:\n" + text);
        return text;
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
