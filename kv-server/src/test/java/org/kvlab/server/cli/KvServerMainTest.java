package org.kvlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

final class KvServerMainTest {

    private static final Pattern READY =
            Pattern.compile("kvlab ready: transport=(\\w+) address=([\\d.]+):(\\d+) pid=(\\d+)");

    @Test
    void unknownTransport_failsWithOneLineListingAvailable() {
        Captured c = capture("--transport", "carrier-pigeon", "--port", "0");
        assertEquals(1, c.status);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.startsWith("kv-server: unknown transport 'carrier-pigeon'; available: "), c.err);
        assertTrue(c.err.contains("nio") && c.err.contains("blocking"), c.err);
    }

    @Test
    void unknownSnapshotFormat_failsWithOneLineSayingWhatWasExpected() {
        Captured c = capture("--snapshot-format", "json", "--port", "0");
        assertEquals(1, c.status);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.contains("snapshot-format: json (expected: kvlab or rdb)"), c.err);
    }

    @Test
    void help_listsEveryTransport() {
        Captured c = capture("--help");
        assertEquals(0, c.status, c.err);
        for (String name : List.of("blocking", "virtual", "nio", "epoll", "iouring")) {
            assertTrue(c.out.contains("  " + name + " "), "help lists " + name + ":\n" + c.out);
        }
    }

    @Test
    void help_onThisJvm_marksVirtualUnavailableWithItsCauseBeforeJava21() {
        Captured c = capture("--help");
        String unavailable = "  virtual   [unavailable: needs Java 21+, running " + System.getProperty("java.version")
                + "] java.net sockets";
        if (Runtime.version().feature() < 21) {
            assertTrue(c.out.contains(unavailable), c.out);
        } else {
            assertTrue(c.out.contains("  virtual   java.net sockets"), c.out);
        }
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void virtualTransport_beforeJava21_failsWithOneLineNamingTheCauseAndWhatIsAvailable() {
        Captured c = capture("--transport", "virtual", "--port", "0");
        assertEquals(1, c.status);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.startsWith("kv-server: transport 'virtual' is not available here: needs Java 21+, running "
                + System.getProperty("java.version") + "; available: "), c.err);
        assertTrue(c.err.contains("blocking"), c.err);
    }

    @Test
    void listTransports_eachWithWhetherItRunsHere_highestPriorityFirst() {
        Captured c = capture("--list-transports");
        assertEquals(0, c.status, c.err);
        List<String> lines = c.out.strip().lines().collect(Collectors.toList());
        assertEquals(List.of("epoll", "iouring", "nio", "virtual", "blocking"),
                lines.stream().map(l -> l.substring(0, l.indexOf(' '))).collect(Collectors.toList()), c.out);
        assertTrue(lines.contains("blocking available"), c.out);
        assertTrue(lines.contains(Runtime.version().feature() < 21
                ? "virtual unavailable: needs Java 21+, running " + System.getProperty("java.version")
                : "virtual available"), c.out);
    }

    @TempDir
    Path dir;

    @Test
    void help_exitsZero_andListsTheExitCodes() {
        Captured c = capture("--help");
        assertEquals(0, c.status, c.err);
        assertTrue(c.out.contains("Exit codes:") && c.out.contains("2     bad usage"), c.out);
        assertTrue(c.out.contains("[CONFIG_FILE]"), c.out);
    }

    @Test
    void appendfsyncNotAPolicy_isAUsageErrorNamingThePolicies_withOrWithoutADataDirectory() {
        for (List<String> extra : List.of(List.<String>of(), List.of("--data-dir", dir.toString()))) {
            List<String> args = new java.util.ArrayList<>(List.of("--port", "0", "--appendfsync", "sometimes"));
            args.addAll(extra);
            Captured c = capture(args.toArray(String[]::new));
            assertEquals(2, c.status, c.err);
            assertTrue(c.err.contains("appendfsync: sometimes (expected: always, everysec or no)"), c.err);
        }
    }

    @Test
    void configFile_unknownDirective_failsAsRedisDoes_namingTheLine() throws IOException {
        Path conf = Files.writeString(dir.resolve("bad.conf"), "# comment\nport 7777\nfoo bar\n");
        Captured c = capture(conf.toString());
        assertEquals(1, c.status);
        assertEquals(String.format("%n*** FATAL CONFIG FILE ERROR (kvlab) ***%nReading the configuration file, at line 3%n"
                + ">>> 'foo bar'%nBad directive or wrong number of arguments%n"), c.err);
    }

    @Test
    void configFile_badValues_failWithRedisReasons() throws IOException {
        String[][] cases = {
            {"port abc", "argument couldn't be parsed into an integer"},
            {"port", "wrong number of arguments"},
            {"protected-mode maybe", "argument must be 'yes' or 'no'"},
            {"maxmemory lots", "argument must be a memory value"},
            {"appendfsync sometimes", "argument(s) must be one of the following: always, everysec, no"},
            {"loglevel chatty", "argument(s) must be one of the following: debug, verbose, notice, warning"},
            {"requirepass \"a b", "Unbalanced quotes in configuration line"},
        };
        for (String[] line : cases) {
            Path conf = Files.writeString(dir.resolve("bad.conf"), line[0] + "\n");
            Captured c = capture(conf.toString(), "--port", "0");
            assertEquals(1, c.status, line[0]);
            assertTrue(c.err.endsWith(">>> '" + line[0] + "'" + System.lineSeparator() + line[1]
                    + System.lineSeparator()), c.err);
        }
    }

    /** The report's shape is redis-server's: the same lines for the same bad file, but for the name in brackets. */
    @Test
    void configFile_errorReport_hasTheShapeOfRedisServers() throws Exception {
        String redis = onPath("redis-server");
        Assumptions.assumeTrue(redis != null, "redis-server is not on the PATH");
        for (String text : List.of("# comment\nport 7777\nfoo bar\n", "port abc\n", "port\n", "requirepass \"a b\n",
                "timeout x\n")) {
            Path conf = Files.writeString(dir.resolve("bad.conf"), text);
            Process p = new ProcessBuilder(redis, conf.toString()).start();
            String theirs = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue());
            Captured ours = capture(conf.toString(), "--port", "0");
            assertEquals(1, ours.status);
            assertEquals(theirs.replaceFirst("\\(Redis [^)]*\\)", "(kvlab)"), ours.err.replace(System.lineSeparator(), "\n"),
                    text);
        }
    }

    @Test
    void configFile_setsTheServer_optionsOverrideIt_andConfigRewriteUpdatesIt() throws Exception {
        Path conf = Files.writeString(dir.resolve("kvlab.conf"), String.join("\n", "# kvlab test server",
                "port 1", "transport blocking", "requirepass \"s3cret pass\"", "maxclients 50",
                "notify-keyspace-events Kx", "hash-max-listpack-entries 16", "loglevel warning", ""));
        Process p = server(conf.toString(), "--port", "0");
        try (Socket s = connect(p)) {
            assertEquals("-NOAUTH Authentication required.\r\n", call(s, "PING"));
            assertEquals("+OK\r\n", call(s, "AUTH", "s3cret pass"));
            assertEquals("*2\r\n$10\r\nmaxclients\r\n$2\r\n50\r\n", call(s, "CONFIG", "GET", "maxclients"));
            assertEquals("*2\r\n$22\r\nnotify-keyspace-events\r\n$2\r\nxK\r\n",
                    call(s, "CONFIG", "GET", "notify-keyspace-events"));
            assertEquals("*2\r\n$25\r\nhash-max-listpack-entries\r\n$2\r\n16\r\n",
                    call(s, "CONFIG", "GET", "hash-max-listpack-entries"));
            assertEquals("+OK\r\n", call(s, "CONFIG", "SET", "maxclients", "60", "timeout", "30"));
            assertEquals("+OK\r\n", call(s, "CONFIG", "REWRITE"));
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(conf);
        assertEquals("# kvlab test server", lines.get(0));
        assertTrue(lines.get(1).matches("port \\d+") && !lines.get(1).equals("port 1"), lines.get(1));
        assertEquals("transport blocking", lines.get(2));
        assertEquals("requirepass \"s3cret pass\"", lines.get(3));
        assertEquals("maxclients 60", lines.get(4));
        assertEquals("loglevel warning", lines.get(7));
        assertEquals(List.of("# Generated by CONFIG REWRITE", "timeout 30"), lines.subList(8, lines.size()),
                "hash-max-listpack-entries is in the file already; its old name, which CONFIG GET shows too, is not "
                        + "written");
    }

    @Test
    void replicaof_inTheConfigFile_orAsAnOption_startsAReplica_andConfigRewriteKeepsOrDropsIt() throws Exception {
        Process primary = server("--transport", "nio", "--port", "0");
        Process fromFile = null;
        Process fromOption = null;
        try (Socket p = connect(primary)) {
            assertEquals("+OK\r\n", call(p, "SET", "k", "v"));
            String port = Integer.toString(p.getPort());
            Path conf = Files.writeString(dir.resolve("replica.conf"), "# a replica\nslaveof 127.0.0.1 " + port + "\n");
            fromFile = server(conf.toString(), "--port", "0");
            fromOption = server("--port", "0", "--replicaof", "127.0.0.1 " + port);
            try (Socket file = connect(fromFile); Socket option = connect(fromOption)) {
                for (Socket replica : List.of(file, option)) {
                    assertTrue(call(replica, "ROLE").startsWith("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:" + port
                            + "\r\n"), call(replica, "ROLE"));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!call(replica, "INFO", "replication").contains("master_link_status:up")) {
                        assertTrue(System.nanoTime() < deadline, "the link comes up");
                        Thread.sleep(50);
                    }
                    assertEquals("$1\r\nv\r\n", call(replica, "GET", "k"));
                    assertEquals("-READONLY You can't write against a read only replica.\r\n",
                            call(replica, "SET", "k", "w"));
                }
                assertEquals(":2\r\n", call(p, "WAIT", "2", "10000"));
                assertEquals("+OK\r\n", call(file, "CONFIG", "REWRITE"));
                List<String> replicaLines = Files.readAllLines(conf);
                assertEquals(List.of("# a replica", "replicaof 127.0.0.1 " + port), replicaLines.subList(0, 2));
                assertEquals("+OK\r\n", call(file, "REPLICAOF", "NO", "ONE"));
                assertEquals("+OK\r\n", call(file, "CONFIG", "REWRITE"));
                List<String> primaryLines = Files.readAllLines(conf);
                assertEquals(replicaLines.subList(2, replicaLines.size()), primaryLines.subList(1, primaryLines.size()),
                        "only the replicaof line goes (the port, chosen at start, stays appended)");
            }
        } finally {
            for (Process process : new Process[] {fromOption, fromFile, primary}) {
                if (process != null) {
                    process.destroy();
                    process.waitFor(20, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void configRewrite_withoutAConfigFile_isRedisError() throws Exception {
        Process p = server("--transport", "blocking", "--port", "0");
        try (Socket s = connect(p)) {
            assertEquals("-ERR The server is running without a config file\r\n", call(s, "CONFIG", "REWRITE"));
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void badOption_isUsageError() {
        Captured c = capture("--port", "not-a-number");
        assertEquals(2, c.status);
        assertTrue(c.err.contains("--port"), c.err);
    }

    @Test
    void readBufferSizeTooSmall_failsWithOneLineSayingWhatWasExpected() {
        Captured c = capture("--transport", "nio", "--port", "0", "--read-buffer-size", "10");
        assertEquals(1, c.status);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.contains("readBufferSize: 10 (expected: >= 64)"), c.err);
    }

    @Test
    void server_printsReadyLine_servesRedisProtocol_andStopsOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KvServerMain.class.getName(), "--transport", "blocking", "--port", "0").start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = READY.matcher(line == null ? "" : line);
            assertTrue(m.matches(), "ready line: " + line);
            assertEquals("blocking", m.group(1));
            assertEquals(p.pid(), Long.parseLong(m.group(4)));
            try (Socket s = new Socket(m.group(2), Integer.parseInt(m.group(3)))) {
                s.setSoTimeout(10_000);
                OutputStream os = s.getOutputStream();
                os.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("+PONG\r\n", new String(s.getInputStream().readNBytes(7), StandardCharsets.US_ASCII));
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "server stops on SIGTERM");
            assertEquals(143, p.exitValue(), "exit status of a SIGTERM'd JVM that ran its shutdown hooks");
        } finally {
            p.destroyForcibly();
        }
    }

    private static Process server(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                KvServerMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static Socket connect(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = READY.matcher(line == null ? "" : line);
        assertTrue(m.matches(), "ready line: " + line);
        Socket s = new Socket(m.group(2), Integer.parseInt(m.group(3)));
        s.setSoTimeout(10_000);
        return s;
    }

    /** Sends a command and returns its whole reply as it came (simple, error, integer, bulk or flat array). */
    private static String call(Socket s, String... args) throws IOException {
        StringBuilder command = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            command.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a)
                    .append("\r\n");
        }
        s.getOutputStream().write(command.toString().getBytes(StandardCharsets.UTF_8));
        return reply(s.getInputStream());
    }

    private static String reply(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.length() < 2 || line.charAt(line.length() - 2) != '\r' || line.charAt(line.length() - 1) != '\n') {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + line);
            }
            line.append((char) b);
        }
        int count = line.charAt(0) == '*' || line.charAt(0) == '$'
                ? Integer.parseInt(line.substring(1, line.length() - 2)) : 0;
        if (line.charAt(0) == '$' && count >= 0) {
            line.append(new String(in.readNBytes(count + 2), StandardCharsets.UTF_8));
        } else if (line.charAt(0) == '*') {
            for (int i = 0; i < count; i++) {
                line.append(reply(in));
            }
        }
        return line.toString();
    }

    private static String onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static Captured capture(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = KvServerMain.run(args);
            return new Captured(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private record Captured(int status, String out, String err) {
    }
}
