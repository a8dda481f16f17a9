package org.kvlab.bench.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CPU time and context switches of one process, read from Linux's {@code /proc}: user and system time from
 * {@code /proc/PID/stat} (fields 14 and 15, {@code utime} and {@code stime}, in clock ticks; they include the
 * threads that have exited), and voluntary and involuntary context switches summed over the process's live threads'
 * {@code /proc/PID/task/TID/status} ({@code voluntary_ctxt_switches}, {@code nonvoluntary_ctxt_switches}; a thread
 * that exits in the window takes its switches with it). Two readings, before and after a window, give the window's
 * figures. Stateless and thread-safe.
 */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /**
     * One reading of a process's counters.
     *
     * @param userTicks user CPU time in clock ticks
     * @param systemTicks system CPU time in clock ticks
     * @param voluntarySwitches times a thread gave up the CPU to wait (it blocked or slept)
     * @param involuntarySwitches times a thread was preempted
     */
    public record Sample(long userTicks, long systemTicks, long voluntarySwitches, long involuntarySwitches) {

        /** Returns the counters from {@code earlier} to this reading. */
        public Sample minus(Sample earlier) {
            return new Sample(userTicks - earlier.userTicks, systemTicks - earlier.systemTicks,
                    voluntarySwitches - earlier.voluntarySwitches, involuntarySwitches - earlier.involuntarySwitches);
        }
    }

    /**
     * Reads process {@code pid}'s counters.
     *
     * @throws IOException if {@code /proc} has no such process or cannot be read
     */
    public static Sample read(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
        List<String> statuses = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    statuses.add(Files.readString(task.resolve("status"), StandardCharsets.UTF_8));
                } catch (NoSuchFileException e) {
                    // the thread exited while the directory was listed
                }
            }
        }
        return parse(stat, statuses);
    }

    /**
     * Parses the text of {@code /proc/PID/stat} and of each thread's {@code status}.
     *
     * @throws IllegalArgumentException if {@code stat} has fewer than 15 fields or a status lacks a switch count
     */
    static Sample parse(String stat, List<String> taskStatuses) {
        // the command name (field 2) is in parentheses and may hold spaces and parentheses: fields restart after
        // the last ')'
        int end = stat.lastIndexOf(')');
        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        if (end < 0 || fields.length < 13) {
            throw new IllegalArgumentException("/proc/PID/stat: '" + stat.trim()
                    + "' (expected: pid (comm) state ... utime stime ..., at least 15 fields)");
        }
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        long user = Long.parseLong(fields[11]);
        long system = Long.parseLong(fields[12]);
        long voluntary = 0;
        long involuntary = 0;
        for (String status : taskStatuses) {
            voluntary += field(status, "voluntary_ctxt_switches");
            involuntary += field(status, "nonvoluntary_ctxt_switches");
        }
        return new Sample(user, system, voluntary, involuntary);
    }

    /**
     * Returns the CPU time, user and system in clock ticks, that process {@code pid}'s JIT compiler threads have used
     * so far (a HotSpot JVM's {@code C1 CompilerThread}s and {@code C2 CompilerThread}s, from each thread's {@code
     * /proc/PID/task/TID/stat}); 0 for a process that has none.
     *
     * @throws IOException if {@code /proc} has no such process or cannot be read
     */
    public static long compilerTicks(long pid) throws IOException {
        List<String> stats = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    stats.add(Files.readString(task.resolve("stat"), StandardCharsets.UTF_8));
                } catch (NoSuchFileException e) {
                    // the thread exited while the directory was listed
                }
            }
        }
        return compilerTicks(stats);
    }

    /**
     * Sums {@code utime} and {@code stime} of the threads among {@code taskStats} (texts of {@code
     * /proc/PID/task/TID/stat}) whose name is a JIT compiler thread's, as the kernel keeps it (15 bytes: {@code C2
     * CompilerThre}).
     */
    static long compilerTicks(List<String> taskStats) {
        long ticks = 0;
        for (String stat : taskStats) {
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open) {
                continue;
            }
            String name = stat.substring(open + 1, close);
            if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                String[] fields = stat.substring(close + 1).trim().split("\\s+");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
        }
        return ticks;
    }

    private static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalArgumentException("/proc/PID/task/TID/status has no " + name);
    }

    /**
     * Returns the length of a clock tick in seconds, from {@code getconf CLK_TCK} (100 ticks a second on most
     * kernels), asked once.
     *
     * @throws IOException if getconf cannot be run or prints no positive number
     */
    public static double secondsPerTick() throws IOException {
        return Ticks.secondsPerTick();
    }

    /** Asks getconf once, on first use. */
    private static final class Ticks {

        private static final Object LOCK = new Object();
        private static Double seconds;

        static double secondsPerTick() throws IOException {
            synchronized (LOCK) {
                if (seconds == null) {
                    seconds = 1.0 / ask();
                }
                return seconds;
            }
        }

        private static long ask() throws IOException {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IOException("getconf CLK_TCK failed: " + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted in getconf CLK_TCK", e);
            }
            try {
                long ticks = Long.parseLong(out);
                if (ticks > 0) {
                    return ticks;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IOException("getconf CLK_TCK printed '" + out + "' (expected: a positive number, e.g. 100)");
        }
    }
}
