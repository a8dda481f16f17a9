package org.kvlab.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kvlab.bench.KvBenchMain;
import org.kvlab.server.ServerSettings;
import picocli.CommandLine;

/** {@code kv-bench load}'s short options mean what they mean to redis-benchmark; {@code --help} still works. */
final class RedisBenchmarkFlagsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shortOptions_parseAsRedisBenchmarkReadsThem() {
        LoadCommand load = new LoadCommand();
        new CommandLine(load).parseArgs("-h", "10.0.0.7", "-p", "7000", "-a", "secret", "-c", "8", "-n", "5000",
                "-d", "100", "-P", "16", "-r", "1000", "-t", "set,get", "-q");

        assertEquals("10.0.0.7", load.host);
        assertEquals(7000, load.port);
        assertEquals("secret", load.password);
        assertEquals(8, load.clients);
        assertEquals(5000, load.requests);
        assertEquals(100, load.valueSize, "-d is the data size, as redis-benchmark's");
        assertEquals(16, load.pipeline);
        assertEquals(1000, load.keyspace);
        assertEquals("set,get", load.tests);
        assertTrue(load.quiet);
    }

    @Test
    void duration_isTheLongOptionOnly() {
        LoadCommand load = new LoadCommand();
        new CommandLine(load).parseArgs("--duration", "2s", "--csv");

        assertEquals(Duration.ofSeconds(2), load.duration);
        assertTrue(load.csv);
        assertNull(load.password);
    }

    @Test
    void duration_inDashD_isAUsageError() {
        int status = run("load", "-d", "5s");

        assertEquals(2, status);
        assertTrue(err.toString().contains("-d"), err.toString());
    }

    @Test
    void everySubcommand_answersHelp_withExitZero_andListsItsExitCodes() {
        for (String command : List.of("load", "profile", "experiment", "interpret")) {
            StringWriter help = new StringWriter();
            int status = KvBenchMain.execute(new PrintWriter(help), new PrintWriter(err), command, "--help");

            assertEquals(0, status, command + ": " + err);
            assertTrue(help.toString().contains("Usage: kv-bench " + command), help.toString());
            assertTrue(help.toString().contains("Exit codes:") && help.toString().contains("2   bad usage"),
                    command + ":\n" + help);
        }
        assertEquals(0, run("--help"));
    }

    @Test
    void tests_csv_printsRedisBenchmarksHeaderAndOneLinePerTest() throws Exception {
        try (InProcessServer s = new InProcessServer(new ServerSettings().requirePass("secret"))) {
            int status = run("load", "-p", Integer.toString(s.address.getPort()), "-a", "secret", "-c", "2",
                    "-n", "400", "-d", "10", "-r", "100", "-t", "set,get,lpush", "--csv");

            assertEquals(0, status, err.toString());
            List<String> lines = out.toString().lines().collect(Collectors.toList());
            assertEquals(LoadCommand.CSV_HEADER, lines.get(0));
            assertEquals(List.of("SET", "GET", "LPUSH"), lines.subList(1, lines.size()).stream()
                    .map(line -> line.substring(1, line.indexOf('"', 1))).collect(Collectors.toList()), out.toString());
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(",");
                assertEquals(8, fields.length, line);
                for (int i = 1; i < fields.length; i++) {
                    assertTrue(fields[i].matches("\"\\d+\\.\\d+\""), line);
                }
                assertTrue(Double.parseDouble(fields[1].replace("\"", "")) > 0, line);
            }
        }
    }

    @Test
    void quiet_printsOneRedisBenchmarkLinePerTest() throws Exception {
        try (InProcessServer s = new InProcessServer()) {
            int status = run("load", "-p", Integer.toString(s.address.getPort()), "-c", "2", "-n", "200", "-t",
                    "ping_mbulk,set", "-q");

            assertEquals(0, status, err.toString());
            List<String> lines = out.toString().lines().collect(Collectors.toList());
            assertEquals(2, lines.size(), out.toString());
            assertTrue(lines.get(0).matches("PING_MBULK: \\d+\\.\\d\\d requests per second, p50=\\d+\\.\\d{3} msec"),
                    lines.get(0));
            assertTrue(lines.get(1).startsWith("SET: "), lines.get(1));
        }
    }

    @Test
    void wrongPassword_exitsOne() throws Exception {
        try (InProcessServer s = new InProcessServer(new ServerSettings().requirePass("secret"))) {
            int status = run("load", "-p", Integer.toString(s.address.getPort()), "-a", "wrong", "-n", "10");

            assertEquals(1, status);
            assertTrue(err.toString().contains("WRONGPASS") || err.toString().contains("invalid"), err.toString());
        }
    }

    private int run(String... args) {
        return KvBenchMain.execute(new PrintWriter(out), new PrintWriter(err), args);
    }
}
