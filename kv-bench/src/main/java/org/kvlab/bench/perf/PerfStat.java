package org.kvlab.bench.perf;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code perf stat} counting syscall tracepoints, and context switches, of one running process for an exact window.
 * Not thread-safe.
 *
 * <p>{@link #attach} starts {@code perf stat -x, -e EVENTS -p PID -D -1 --control fifo:CTL,ACK -o FILE} as a child
 * process: its counters start disabled, and it is told {@code enable} (in {@code attach}) and {@code disable} (in
 * {@link #stop}) through a control FIFO, waiting for perf's {@code ack} each time, so the counts cover exactly the
 * time between the two — neither perf's start-up nor the target's. {@code stop} then sends SIGINT (through {@code
 * kill -INT}: the JDK cannot send it), on which perf writes its counts, and parses them. The elapsed time, which
 * perf's CSV output lacks, is measured between the two acknowledgements.
 *
 * <p>Call {@link #probe()} first: it says what to do when perf cannot count syscalls here.
 */
public final class PerfStat implements AutoCloseable {

    /**
     * The syscalls counted, by family, in report order — reads ({@code read readv recvfrom recvmsg}), writes
     * ({@code write writev sendto sendmsg}), accepts, {@code close shutdown}, {@code connect}, the waits ({@code
     * epoll_pwait2}: Netty's epoll transport waits with it on Linux 5.11+), {@code io_uring_enter}, the flushes,
     * {@code futex} — plus {@code epoll_ctl} (interest changes) and {@code pwrite64} (the write log); {@link
     * #availableSyscalls} keeps those this kernel has.
     */
    public static final List<String> SYSCALLS = List.of("read", "readv", "recvfrom", "recvmsg", "write", "writev",
            "sendto", "sendmsg", "accept", "accept4", "close", "shutdown", "connect", "epoll_wait", "epoll_pwait",
            "epoll_pwait2", "poll", "ppoll", "select", "pselect6", "io_uring_enter", "fsync", "fdatasync", "futex",
            "epoll_ctl", "pwrite64");

    /**
     * The software event counted with the syscalls: each time a thread of the process is switched out (it blocks,
     * sleeps or is preempted), found in {@link PerfCounts#otherEvents()} under this name.
     */
    public static final String CONTEXT_SWITCHES = "context-switches";

    private static final String RAW = "raw_syscalls:sys_enter";
    private static final String PREFIX = "syscalls:sys_enter_";
    private static final List<Path> TRACING = List.of(Path.of("/sys/kernel/tracing"),
            Path.of("/sys/kernel/debug/tracing"));
    private static final long TIMEOUT_SECONDS = 10;

    private final Process perf;
    private final Path dir;
    private final Path output;
    private final RandomAccessFile control;
    private final RandomAccessFile ack;
    private long enabledAt;

    private PerfStat(Process perf, Path dir, Path output, RandomAccessFile control, RandomAccessFile ack) {
        this.perf = perf;
        this.dir = dir;
        this.output = output;
        this.control = control;
        this.ack = ack;
    }

    /**
     * Finds out whether {@code perf stat} can count syscall tracepoints here: {@code perf} is on the PATH and {@code
     * perf stat -e syscalls:sys_enter_read true} counts. Only when it does not is tracefs looked at, to say why: a
     * kernel that mounts tracefs on first access has it mounted once perf has tried. Runs perf once; thread-safe.
     *
     * @return empty when it can, else one line saying what is wrong and exactly what to do
     */
    public static Optional<String> probe() {
        return probe(System.getenv("PATH"), TRACING);
    }

    /**
     * {@link #probe()} running the perf found on {@code searchPath} (a PATH value, may be {@code null}) and looking
     * for tracefs under {@code tracing}.
     */
    static Optional<String> probe(String searchPath, List<Path> tracing) {
        Path perfPath = findOnPath("perf", searchPath);
        if (perfPath == null) {
            return Optional.of("perf is not installed (not on PATH): install linux-perf (Debian) or "
                    + "linux-tools-$(uname -r) (Ubuntu), or perf (Fedora)");
        }
        String out;
        int status;
        try {
            Process p = new ProcessBuilder(perfPath.toString(), "stat", "-x,", "-e", PREFIX + "read", "--", "true")
                    .redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("perf stat -e " + PREFIX + "read true did not finish within 30 s");
            }
            status = p.exitValue();
        } catch (IOException e) {
            return Optional.of("perf could not be run (" + e.getMessage() + "): install linux-perf (Debian) or "
                    + "linux-tools-$(uname -r) (Ubuntu)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing perf");
        }
        if (status == 0 && out.lines().anyMatch(l -> l.matches("[0-9]+,.*" + PREFIX + "read.*"))) {
            return Optional.empty();
        }
        // judged only now: a kernel that mounts tracefs when it is first touched has mounted it for perf above
        if (eventsDir(tracing) == null) {
            return Optional.of("perf stat -e " + PREFIX + "read did not count (" + firstLine(out) + ") and tracefs "
                    + "is not mounted or not readable (no /sys/kernel/tracing/events/syscalls): mount -t tracefs "
                    + "nodev /sys/kernel/tracing, and run as root; " + paranoidAdvice());
        }
        String lower = out.toLowerCase(Locale.ROOT);
        if (lower.contains("perf not found for kernel") || lower.contains("you may need to install")) {
            return Optional.of("perf does not match this kernel (" + firstLine(out) + "): install "
                    + "linux-tools-$(uname -r) (Ubuntu) or linux-perf (Debian)");
        }
        if (lower.contains("permission") || lower.contains("paranoid") || lower.contains("access to performance")
                || lower.contains("not supported") || lower.contains("not counted")) {
            return Optional.of("perf may not count syscall tracepoints (" + firstLine(out) + "): " + paranoidAdvice());
        }
        return Optional.of("perf stat -e " + PREFIX + "read true failed with status " + status + " ("
                + firstLine(out) + "): check that tracefs is mounted and readable; " + paranoidAdvice());
    }

    /**
     * Returns the names in {@code wanted} that this kernel has a {@code syscalls:sys_enter_NAME} tracepoint for
     * (some do not exist on some architectures, e.g. {@code select}, {@code epoll_wait} on arm64), in their order.
     * Empty when tracefs cannot be read. Thread-safe.
     *
     * @throws NullPointerException if {@code wanted} is {@code null}
     */
    public static List<String> availableSyscalls(List<String> wanted) {
        Path events = eventsDir(TRACING);
        List<String> found = new ArrayList<>();
        if (events == null) {
            return found;
        }
        for (String name : wanted) {
            if (Files.isDirectory(events.resolve("sys_enter_" + name))) {
                found.add(name);
            }
        }
        return found;
    }

    /**
     * Starts counting {@code syscalls} (and {@code raw_syscalls:sys_enter}, reported as {@value PerfCounts#ALL}, and
     * {@value #CONTEXT_SWITCHES}) of every thread of process {@code pid}; returns once perf is counting. Names this
     * kernel has no tracepoint for are skipped.
     *
     * @param pid the process to count, which must be running
     * @param syscalls syscall names, e.g. {@link #SYSCALLS}
     * @return the running session; {@link #stop()} it, and {@link #close()} it in every case
     * @throws IllegalArgumentException if {@code pid} is not positive or {@code syscalls} is empty
     * @throws IOException if perf cannot be started or does not start counting within 10 s
     * @throws NullPointerException if {@code syscalls} is {@code null}
     */
    public static PerfStat attach(long pid, List<String> syscalls) throws IOException {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid: " + pid + " (expected: > 0)");
        }
        if (syscalls.isEmpty()) {
            throw new IllegalArgumentException("syscalls: [] (expected: at least one name, e.g. read)");
        }
        StringBuilder events = new StringBuilder();
        for (String name : availableSyscalls(syscalls)) {
            events.append(PREFIX).append(name).append(',');
        }
        events.append(RAW).append(',').append(CONTEXT_SWITCHES);
        Path dir = Files.createTempDirectory("kv-bench-perf");
        Path ctl = dir.resolve("ctl");
        Path ackPath = dir.resolve("ack");
        Path output = dir.resolve("perf-stat.csv");
        mkfifo(ctl);
        mkfifo(ackPath);
        // Opening a FIFO read-write never blocks on Linux, whichever side comes first.
        RandomAccessFile control = new RandomAccessFile(ctl.toFile(), "rw");
        RandomAccessFile ack = new RandomAccessFile(ackPath.toFile(), "rw");
        Process process = new ProcessBuilder("perf", "stat", "-x,", "--no-big-num", "-e", events.toString(),
                "-p", Long.toString(pid), "-D", "-1", "--control", "fifo:" + ctl + "," + ackPath,
                "-o", output.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("perf.log").toFile()).start();
        PerfStat stat = new PerfStat(process, dir, output, control, ack);
        try {
            stat.command("enable");
        } catch (IOException | RuntimeException e) {
            stat.close();
            throw e;
        }
        stat.enabledAt = System.nanoTime();
        return stat;
    }

    /** Returns the perf process's id. */
    public long perfPid() {
        return perf.pid();
    }

    /**
     * Stops counting, stops perf (SIGINT) and returns its counts, with the elapsed time of the window measured
     * here.
     *
     * @throws IOException if perf exited early, does not stop within 10 s, or its output cannot be read
     * @throws IllegalStateException if already stopped
     */
    public PerfCounts stop() throws IOException {
        if (enabledAt == 0) {
            throw new IllegalStateException("perf stat already stopped");
        }
        command("disable");
        double seconds = (System.nanoTime() - enabledAt) / 1e9;
        enabledAt = 0;
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start();
            kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!perf.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("perf stat did not exit within " + TIMEOUT_SECONDS + " s of SIGINT");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping perf", e);
        }
        PerfCounts counts = PerfStatParser.parse(output);
        return counts.elapsedSeconds() == null ? counts.withElapsedSeconds(seconds) : counts;
    }

    /** Kills perf if it still runs and deletes its files. Idempotent. */
    @Override
    public void close() {
        if (perf.isAlive()) {
            perf.destroyForcibly();
        }
        try {
            control.close();
            ack.close();
        } catch (IOException e) {
            // nothing to recover when closing the FIFOs of a finished session
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.getLogger(PerfStat.class.getName()).log(System.Logger.Level.DEBUG,
                    "could not delete " + dir + ": " + e);
        }
    }

    private void command(String word) throws IOException {
        if (!perf.isAlive()) {
            throw new IOException("perf stat exited with status " + perf.exitValue() + ": " + log());
        }
        control.write((word + "\n").getBytes(StandardCharsets.US_ASCII));
        CompletableFuture<String> reply = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                StringBuilder text = new StringBuilder();
                int b;
                while ((b = ack.read()) >= 0 && b != '\n') {
                    if (b != 0) {
                        text.append((char) b);
                    }
                }
                reply.complete(text.toString().trim());
            } catch (IOException e) {
                reply.completeExceptionally(e);
            }
        }, "perf-ack");
        reader.setDaemon(true);
        reader.start();
        try {
            CompletableFuture.anyOf(reply, perf.onExit()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!reply.isDone()) {
                perf.waitFor();
                throw new IOException("perf stat exited with status " + perf.exitValue() + " instead of "
                        + "acknowledging " + word + ": " + log());
            }
            String answer = reply.get();
            if (!answer.equals("ack")) {
                throw new IOException("perf stat answered '" + answer + "' to " + word + " (expected: ack)");
            }
        } catch (TimeoutException e) {
            throw new IOException("perf stat did not acknowledge " + word + " within " + TIMEOUT_SECONDS + " s: "
                    + log(), e);
        } catch (ExecutionException e) {
            throw new IOException("reading perf's acknowledgement failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for perf", e);
        }
    }

    private String log() {
        try {
            String text = Files.readString(dir.resolve("perf.log")).replaceAll("\\s+", " ").trim();
            return text.isEmpty() ? "(perf printed nothing)" : text;
        } catch (IOException e) {
            return "(no perf log: " + e.getMessage() + ")";
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

    private static Path eventsDir(List<Path> tracingDirs) {
        for (Path tracing : tracingDirs) {
            Path events = tracing.resolve("events/syscalls");
            if (Files.isDirectory(events) && Files.isReadable(events)) {
                return events;
            }
        }
        return null;
    }

    private static Path findOnPath(String name, String path) {
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String paranoidAdvice() {
        String value;
        try {
            value = Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).trim();
        } catch (IOException e) {
            value = "unknown (" + e.getMessage() + ")";
        }
        return "run as root or set kernel.perf_event_paranoid to -1 (sysctl -w kernel.perf_event_paranoid=-1); "
                + "current value: " + value;
    }

    private static String firstLine(String text) {
        return text.lines().filter(l -> !l.isBlank()).map(String::trim).findFirst().orElse("no output");
    }
}
