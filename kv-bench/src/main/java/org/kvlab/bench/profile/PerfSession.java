package org.kvlab.bench.profile;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code perf stat} attached to one process for an exact window: perf starts with its events disabled ({@code -D
 * -1}) and is told {@code enable}/{@code disable} through control FIFOs, waiting for each {@code ack}, so the
 * counts cover exactly the time between {@link #enable()} and {@link #disable()} — not perf's own start-up nor
 * the JVM's. Not thread-safe.
 */
final class PerfSession implements AutoCloseable {

    /** The syscall tracepoints of the design, in report order; {@code raw_syscalls:sys_enter} counts them all. */
    static final List<String> SYSCALLS = List.of("read", "write", "readv", "writev", "recvfrom", "sendto",
            "recvmsg", "sendmsg", "accept", "accept4", "close", "connect", "epoll_wait", "epoll_pwait", "poll",
            "select", "io_uring_enter", "fsync", "fdatasync", "futex");

    /** The name under which the count of every syscall ({@code raw_syscalls:sys_enter}) is reported. */
    static final String TOTAL = "total";

    private static final String RAW = "raw_syscalls:sys_enter";
    private static final String PREFIX = "syscalls:sys_enter_";
    private static final long ACK_TIMEOUT_SECONDS = 10;

    private final Process perf;
    private final RandomAccessFile control;
    private final RandomAccessFile ack;
    private final Path output;
    private final Path dir;

    private PerfSession(Process perf, RandomAccessFile control, RandomAccessFile ack, Path output, Path dir) {
        this.perf = perf;
        this.control = control;
        this.ack = ack;
        this.output = output;
        this.dir = dir;
    }

    /**
     * Finds out whether {@code perf stat} can count syscall tracepoints here.
     *
     * @return {@code null} when it can, else what is wrong and what to do, in one line
     */
    static String probe() {
        Process p;
        try {
            p = new ProcessBuilder("perf", "stat", "-x,", "-e", RAW + "," + PREFIX + "read", "--", "true")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return "perf is not installed (" + e.getMessage() + "); install it: apt-get install linux-perf (Debian), "
                    + "linux-tools-$(uname -r) (Ubuntu) or perf (Fedora)";
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "perf stat did not finish a probe run within 30 s";
            }
            if (p.exitValue() == 0 && out.contains(PREFIX + "read") && !out.contains("<not supported>")) {
                return null;
            }
            String paranoid = readParanoid();
            return "perf stat cannot count syscall tracepoints here (" + firstLine(out) + "); run as root, or set "
                    + "kernel.perf_event_paranoid to -1 (now " + paranoid + ": sysctl -w kernel.perf_event_paranoid=-1)"
                    + " and make /sys/kernel/tracing readable";
        } catch (IOException e) {
            return "perf stat probe failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing perf";
        }
    }

    /** Returns which of {@link #SYSCALLS} this kernel has tracepoints for. */
    static List<String> availableSyscalls() {
        List<String> found = new ArrayList<>();
        for (String name : SYSCALLS) {
            if (Files.exists(Path.of("/sys/kernel/tracing/events/syscalls/sys_enter_" + name))
                    || Files.exists(Path.of("/sys/kernel/debug/tracing/events/syscalls/sys_enter_" + name))) {
                found.add(name);
            }
        }
        return found.isEmpty() ? List.of("read", "write", "close") : found;
    }

    /**
     * Starts {@code perf stat} on every thread of process {@code pid} with its events disabled.
     *
     * @param syscalls which syscalls to count (names from {@link #SYSCALLS})
     * @throws IOException if perf cannot be started
     */
    static PerfSession attach(long pid, List<String> syscalls) throws IOException {
        Path dir = Files.createTempDirectory("kv-bench-perf");
        Path ctl = dir.resolve("ctl");
        Path ackFifo = dir.resolve("ack");
        Path output = dir.resolve("perf-stat.csv");
        mkfifo(ctl);
        mkfifo(ackFifo);
        StringBuilder events = new StringBuilder(RAW);
        for (String s : syscalls) {
            events.append(',').append(PREFIX).append(s);
        }
        // O_RDWR opens of a FIFO never block on Linux, whichever side opens first.
        RandomAccessFile control = new RandomAccessFile(ctl.toFile(), "rw");
        RandomAccessFile ack = new RandomAccessFile(ackFifo.toFile(), "rw");
        Process perf = new ProcessBuilder("perf", "stat", "-x,", "--no-big-num", "-e", events.toString(),
                "-p", Long.toString(pid), "-D", "-1", "--control", "fifo:" + ctl + "," + ackFifo,
                "-o", output.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(dir.resolve("perf.log").toFile())).start();
        return new PerfSession(perf, control, ack, output, dir);
    }

    /**
     * Starts counting; returns once perf acknowledged.
     *
     * @throws IOException if perf exited or did not acknowledge within 10 s
     */
    void enable() throws IOException {
        command("enable");
    }

    /**
     * Stops counting; returns once perf acknowledged.
     *
     * @throws IOException if perf exited or did not acknowledge within 10 s
     */
    void disable() throws IOException {
        command("disable");
    }

    /**
     * Stops perf (SIGINT) and returns the counts: syscall name (as in {@link #SYSCALLS}, plus {@link #TOTAL})
     * to count, in the order asked.
     *
     * @throws IOException if perf's output cannot be read
     */
    Map<String, Long> finish() throws IOException {
        signalInterrupt();
        try {
            if (!perf.waitFor(10, TimeUnit.SECONDS)) {
                perf.destroyForcibly();
                throw new IOException("perf stat did not stop within 10 s of SIGINT");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping perf", e);
        }
        return parse(Files.readAllLines(output, StandardCharsets.UTF_8));
    }

    /** Parses {@code perf stat -x,} output into syscall name to count; {@code <not counted>} counts 0. */
    static Map<String, Long> parse(List<String> lines) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split(",", -1);
            if (line.startsWith("#") || f.length < 3) {
                continue;
            }
            String event = f[2].trim();
            String name = event.equals(RAW) ? TOTAL
                    : event.startsWith(PREFIX) ? event.substring(PREFIX.length()) : null;
            if (name == null) {
                continue;
            }
            String value = f[0].trim();
            long count = value.chars().allMatch(Character::isDigit) && !value.isEmpty() ? Long.parseLong(value) : 0;
            counts.merge(name, count, Long::sum);
        }
        return counts;
    }

    /** Kills perf if still running and removes its files. Idempotent. */
    @Override
    public void close() {
        if (perf.isAlive()) {
            perf.destroyForcibly();
        }
        try {
            control.close();
            ack.close();
        } catch (IOException e) {
            // closing FIFOs of a finished session; nothing to recover
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    private void command(String word) throws IOException {
        if (!perf.isAlive()) {
            throw new IOException("perf stat exited (status " + perf.exitValue() + "): " + log());
        }
        control.write((word + "\n").getBytes(StandardCharsets.US_ASCII));
        CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> {
            try {
                StringBuilder sb = new StringBuilder();
                int b;
                while ((b = ack.read()) >= 0 && b != '\n') {
                    sb.append((char) b);
                }
                return sb.toString();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            String answer = reply.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // perf writes "ack\n" followed by a NUL byte, which the next reply then starts with
            if (!answer.replace("\0", "").trim().equals("ack")) {
                throw new IOException("perf stat answered '" + answer + "' to " + word);
            }
        } catch (TimeoutException | ExecutionException e) {
            throw new IOException("perf stat did not acknowledge '" + word + "': " + log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for perf", e);
        }
    }

    private void signalInterrupt() throws IOException {
        if (!perf.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping perf", e);
        }
    }

    private String log() {
        try {
            String text = Files.readString(dir.resolve("perf.log")).replaceAll("\\s+", " ").trim();
            return text.isEmpty() ? "(no output)" : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void mkfifo(Path path) throws IOException {
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("mkfifo " + path + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted in mkfifo", e);
        }
    }

    private static String readParanoid() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstLine(String text) {
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                return line.trim();
            }
        }
        return "no output";
    }
}
