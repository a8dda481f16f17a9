package org.kvlab.command;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the server records about the commands it runs, for an operator: per-command counts and latency histograms
 * ({@code INFO commandstats}, {@code INFO latencystats}), error replies by code ({@code INFO errorstats}), the slow
 * log ({@code SLOWLOG}) and latency spikes ({@code LATENCY}), with their settings ({@code slowlog-log-slower-than},
 * {@code slowlog-max-len}, {@code latency-monitor-threshold}, {@code latency-tracking},
 * {@code latency-tracking-info-percentiles}). One per executor.
 *
 * <p>Thread-safe. {@link #ran} is called once per command on the thread that ran it and allocates nothing unless the
 * command is slow enough for the slow log or the latency monitor.
 */
final class Observability {

    /**
     * Linux's {@code USER_HZ}: the unit of the CPU times in {@code /proc/self/stat}, fixed at 100 by the kernel's
     * user-space ABI on the architectures the JDK runs on.
     */
    private static final int USER_HZ = 100;
    private static final Path PROC_STAT = Path.of("/proc/self/stat");

    private final Clock clock;
    private final ErrorStats errors = new ErrorStats();
    private final SlowLog slowLog = new SlowLog();
    private final LatencyMonitor latency = new LatencyMonitor();
    private volatile boolean latencyTracking = true;
    private volatile double[] percentiles = {50, 99, 99.9};

    /** Creates the records of a server whose slow-log entries and latency samples are timed by {@code clock}. */
    Observability(Clock clock) {
        this.clock = clock;
    }

    /** Returns the clock slow-log entries and latency samples are timed by. */
    Clock clock() {
        return clock;
    }

    ErrorStats errors() {
        return errors;
    }

    SlowLog slowLog() {
        return slowLog;
    }

    LatencyMonitor latency() {
        return latency;
    }

    /**
     * Records that {@code c} ran for {@code nanos} ns for {@code session}: its stats (a subcommand's, for a container
     * command), a latency spike if the monitor is on, a slow-log entry and a JFR event if it was slow.
     */
    void ran(Session session, Command c, byte[][] args, int argc, long nanos) {
        boolean failed = session.repliedErrorSinceLastCheck();
        c.stats(args, argc).ran(nanos, failed, latencyTracking);
        long micros = nanos / 1000;
        if (latency.thresholdMillis() > 0) {
            latency.sampleIfNeeded(c.is(Command.FAST) ? "fast-command" : "command", micros / 1000,
                    clock.millis() / 1000);
        }
        if (slowLog.isSlow(micros) && !c.is(Command.SKIP_SLOWLOG) && !session.isBlocked()) {
            slowLog.add(args, argc, micros, clock.millis() / 1000, session.address(),
                    session.name() == null ? "" : session.name());
            SlowCommandEvent.commit(c.name, argc, micros, session.id());
        }
    }

    /** Records that {@code c} was refused before it ran ({@code rejected_calls}). */
    void rejected(Command c, byte[][] args, int argc) {
        c.stats(args, argc).rejected();
    }

    /** Returns the settings kept here, Redis name to value, for {@code CONFIG GET}. */
    Map<String, String> config() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("slowlog-log-slower-than", Long.toString(slowLog.slowerThanMicros()));
        m.put("slowlog-max-len", Integer.toString(slowLog.maxLength()));
        m.put("latency-monitor-threshold", Long.toString(latency.thresholdMillis()));
        m.put("latency-tracking", latencyTracking ? "yes" : "no");
        StringBuilder sb = new StringBuilder();
        for (double p : percentiles) {
            sb.append(sb.length() > 0 ? " " : "").append(percentileName(p));
        }
        m.put("latency-tracking-info-percentiles", sb.toString());
        return m;
    }

    /**
     * Sets {@code name} to {@code value} if it is one of the settings kept here.
     *
     * @return whether {@code name} is kept here
     * @throws IllegalArgumentException with Redis's message if {@code value} is not valid
     */
    boolean set(String name, String value) {
        switch (name) {
            case "slowlog-log-slower-than":
                slowLog.slowerThanMicros(number(value, -1));
                return true;
            case "slowlog-max-len":
                slowLog.maxLength((int) Math.min(Integer.MAX_VALUE, number(value, 0)));
                return true;
            case "latency-monitor-threshold":
                latency.thresholdMillis(number(value, 0));
                return true;
            case "latency-tracking":
                if (!value.equalsIgnoreCase("yes") && !value.equalsIgnoreCase("no")) {
                    throw new IllegalArgumentException("argument must be 'yes' or 'no'");
                }
                latencyTracking = value.equalsIgnoreCase("yes");
                return true;
            case "latency-tracking-info-percentiles":
                percentiles = parsePercentiles(value);
                return true;
            default:
                return false;
        }
    }

    private static long number(String value, long min) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
        if (n < min) {
            throw new IllegalArgumentException("argument must be between " + min + " and " + Long.MAX_VALUE
                    + " inclusive");
        }
        return n;
    }

    private static double[] parsePercentiles(String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return new double[0];
        }
        String[] words = trimmed.split("\\s+");
        double[] parsed = new double[words.length];
        for (int i = 0; i < words.length; i++) {
            double p;
            try {
                p = Double.parseDouble(words[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid latency-tracking-info-percentiles parameters");
            }
            if (!(p >= 0 && p <= 100)) {
                throw new IllegalArgumentException(
                        "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            parsed[i] = p;
        }
        return parsed;
    }

    /** Returns a percentile as Redis names it: {@code 50}, {@code 99.9}, no trailing zeros. */
    private static String percentileName(double p) {
        return BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }

    /** Returns the calls recorded by {@link #ran} of {@code commands} and their subcommands. */
    long calls(List<Command> commands) {
        long calls = 0;
        for (Command c : commands) {
            calls += c.stats.calls();
            if (c.subcommands != null) {
                for (Command.Subcommand sub : c.subcommands) {
                    calls += sub.stats().calls();
                }
            }
        }
        return calls;
    }

    /** Resets what {@code CONFIG RESETSTAT} resets: command and error stats (not the slow log, as Redis). */
    void resetStats(List<Command> commands) {
        for (Command c : commands) {
            c.stats.reset();
            if (c.subcommands != null) {
                for (Command.Subcommand sub : c.subcommands) {
                    sub.stats().reset();
                }
            }
        }
        errors.reset();
    }

    // ---- INFO

    /** Appends {@code # Commandstats}: every command that ran or was refused since start or reset. */
    void appendCommandStats(StringBuilder sb, List<Command> commands) {
        sb.append("# Commandstats\r\n");
        forEachStats(commands, (name, s) -> {
            if (s.used()) {
                long calls = s.calls();
                long micros = s.micros();
                sb.append("cmdstat_").append(name).append(":calls=").append(calls).append(",usec=").append(micros)
                        .append(",usec_per_call=")
                        .append(String.format(Locale.ROOT, "%.2f", calls == 0 ? 0.0 : (double) micros / calls))
                        .append(",rejected_calls=").append(s.rejectedCalls())
                        .append(",failed_calls=").append(s.failedCalls()).append("\r\n");
            }
        });
    }

    /** Appends {@code # Errorstats}: the error replies by code. */
    void appendErrorStats(StringBuilder sb) {
        sb.append("# Errorstats\r\n");
        errors.byCode().forEach((code, count) ->
                sb.append("errorstat_").append(code).append(":count=").append(count).append("\r\n"));
    }

    /** Appends {@code # Latencystats}: the configured percentiles, in µs, of each command with recorded durations. */
    void appendLatencyStats(StringBuilder sb, List<Command> commands) {
        sb.append("# Latencystats\r\n");
        double[] wanted = percentiles;
        forEachStats(commands, (name, s) -> {
            LatencyHistogram h = s.latency();
            if (h.count() == 0) {
                return;
            }
            sb.append("latency_percentiles_usec_").append(name).append(':');
            for (int i = 0; i < wanted.length; i++) {
                sb.append(i > 0 ? "," : "").append('p').append(percentileName(wanted[i])).append('=')
                        .append(String.format(Locale.ROOT, "%.3f", h.percentile(wanted[i]) / 1000));
            }
            sb.append("\r\n");
        });
    }

    private interface StatsVisitor {
        void visit(String name, CommandStats stats);
    }

    private static void forEachStats(List<Command> commands, StatsVisitor visitor) {
        for (Command c : commands) {
            visitor.visit(c.name, c.stats);
            if (c.subcommands != null) {
                for (Command.Subcommand sub : c.subcommands) {
                    visitor.visit(c.name + "|" + sub.name(), sub.stats());
                }
            }
        }
    }

    /**
     * Appends the CPU fields of {@code # CPU}: user and system seconds of the process and of its waited-for children
     * from {@code /proc/self/stat}; where there is no {@code /proc}, the process's from the live threads' CPU times
     * (threads that ended are then missing) and no children fields.
     */
    static void appendCpu(StringBuilder sb) {
        long[] ticks = procTimes();
        if (ticks != null) {
            cpuField(sb, "used_cpu_sys", ticks[1] / (double) USER_HZ);
            cpuField(sb, "used_cpu_user", ticks[0] / (double) USER_HZ);
            cpuField(sb, "used_cpu_sys_children", ticks[3] / (double) USER_HZ);
            cpuField(sb, "used_cpu_user_children", ticks[2] / (double) USER_HZ);
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return;
        }
        long user = 0;
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            long userTime = threads.getThreadUserTime(id);
            if (cpu >= 0 && userTime >= 0) {
                total += cpu;
                user += userTime;
            }
        }
        cpuField(sb, "used_cpu_sys", (total - user) / 1e9);
        cpuField(sb, "used_cpu_user", user / 1e9);
    }

    private static void cpuField(StringBuilder sb, String name, double seconds) {
        sb.append(name).append(':').append(String.format(Locale.ROOT, "%.6f", seconds)).append("\r\n");
    }

    /** Returns utime, stime, cutime and cstime of this process in clock ticks, or {@code null} without /proc. */
    private static long[] procTimes() {
        String stat;
        try {
            stat = Files.readString(PROC_STAT, StandardCharsets.US_ASCII);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
        // the command name, field 2, is in parentheses and may hold spaces; utime is field 14
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        if (fields.length < 15) {
            return null;
        }
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
            Long.parseLong(fields[14])};
    }
}
