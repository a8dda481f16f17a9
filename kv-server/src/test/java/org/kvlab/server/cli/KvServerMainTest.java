package org.kvlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

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
        assertEquals(0, c.status);
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
