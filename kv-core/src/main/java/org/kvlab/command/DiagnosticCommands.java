package org.kvlab.command;

import static org.kvlab.command.Command.ADMIN;
import static org.kvlab.command.Command.LOADING;
import static org.kvlab.command.Command.NOSCRIPT;
import static org.kvlab.command.Command.STALE;
import static org.kvlab.command.Command.sub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kvlab.protocol.RespWriter;

/** The commands that show what {@link Observability} recorded, SLOWLOG and LATENCY, and MONITOR. */
final class DiagnosticCommands {

    private static final String[] SLOWLOG_HELP = {
        "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
        "HELP",
        "    Prints this help."};

    private static final String[] LATENCY_HELP = {
        "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
        "    If no commands are specified then all histograms are replied.",
        "HELP",
        "    Prints this help."};

    /** The first bucket of {@code LATENCY HISTOGRAM}, in ns; each next one is twice as wide, as Redis's. */
    private static final long FIRST_HISTOGRAM_BUCKET = 1024;

    private final Observability observability;
    private final CommandExecutor executor;

    DiagnosticCommands(CommandExecutor executor) {
        this.executor = executor;
        this.observability = executor.observability();
    }

    void register(List<Command> t) {
        t.add(new Command("slowlog", -2, 0, 0, 0, 0,
                new Command.Subcommand[] {sub("get", -2), sub("len", 2), sub("reset", 2), sub("help", 2)},
                this::slowlog));
        t.add(new Command("latency", -2, 0, 0, 0, 0,
                new Command.Subcommand[] {sub("doctor", 2), sub("history", 3), sub("latest", 2), sub("reset", -2),
                    sub("histogram", -2), sub("help", 2)},
                this::latency));
        t.add(new Command("monitor", 1, ADMIN | NOSCRIPT | LOADING | STALE, 0, 0, 0, null, this::monitor));
    }

    /**
     * {@code MONITOR}: from now on the client gets every command other clients run, except administrative ones;
     * a second {@code MONITOR} replies nothing, as Redis. Refused inside {@code EXEC}, whose replies it would mix.
     */
    private void monitor(Session s, byte[][] a, int n, RespWriter w) {
        if (s.multi().executing()) {
            throw new CommandException("ERR MONITOR isn't allowed for DENY BLOCKING client");
        }
        if (executor.monitors().start(s)) {
            w.ok();
        }
    }

    // ---- SLOWLOG

    private void slowlog(Session s, byte[][] a, int n, RespWriter w) {
        SlowLog log = observability.slowLog();
        String sub = Args.str(a[1]).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "get": {
                long count = 10;
                if (n == 3) {
                    try {
                        count = Args.toLong(a[2]);
                    } catch (CommandException e) {
                        count = -2;
                    }
                    if (count < -1) {
                        throw new CommandException("ERR count should be greater than or equal to -1");
                    }
                    if (count == -1) {
                        count = Long.MAX_VALUE;
                    }
                } else if (n > 3) {
                    throw new CommandException("ERR unknown subcommand or wrong number of arguments for '"
                            + Args.str(a[1]) + "'. Try SLOWLOG HELP.");
                }
                List<SlowLog.Entry> entries = log.newest(count);
                w.arrayHeader(entries.size());
                for (SlowLog.Entry e : entries) {
                    w.arrayHeader(6);
                    w.integer(e.id());
                    w.integer(e.timestamp());
                    w.integer(e.micros());
                    w.arrayHeader(e.args().length);
                    for (byte[] arg : e.args()) {
                        w.bulk(arg);
                    }
                    w.bulk(e.address());
                    w.bulk(e.clientName());
                }
                break;
            }
            case "len":
                w.integer(log.length());
                break;
            case "reset":
                log.reset();
                w.ok();
                break;
            case "help":
                help(w, SLOWLOG_HELP);
                break;
            default:
                throw new CommandException("ERR unknown subcommand '" + Args.str(a[1]) + "'. Try SLOWLOG HELP.");
        }
    }

    // ---- LATENCY

    private void latency(Session s, byte[][] a, int n, RespWriter w) {
        LatencyMonitor monitor = observability.latency();
        String sub = Args.str(a[1]).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "latest": {
                Map<String, long[]> latest = monitor.latest();
                w.arrayHeader(latest.size());
                latest.forEach((event, sample) -> {
                    w.arrayHeader(4);
                    w.bulk(event);
                    w.integer(sample[0]);
                    w.integer(sample[1]);
                    w.integer(sample[2]);
                });
                break;
            }
            case "history": {
                List<LatencyMonitor.Sample> samples = monitor.history(Args.str(a[2]));
                w.arrayHeader(samples.size());
                for (LatencyMonitor.Sample sample : samples) {
                    w.arrayHeader(2);
                    w.integer(sample.time());
                    w.integer(sample.millis());
                }
                break;
            }
            case "reset":
                if (n == 2) {
                    w.integer(monitor.resetAll());
                } else {
                    int reset = 0;
                    for (int i = 2; i < n; i++) {
                        if (monitor.reset(Args.str(a[i]))) {
                            reset++;
                        }
                    }
                    w.integer(reset);
                }
                break;
            case "doctor":
                w.verbatim("txt", doctor(monitor));
                break;
            case "histogram":
                histogram(a, n, w);
                break;
            case "help":
                help(w, LATENCY_HELP);
                break;
            default:
                throw new CommandException("ERR unknown subcommand '" + Args.str(a[1]) + "'. Try LATENCY HELP.");
        }
    }

    /**
     * {@code LATENCY HISTOGRAM [command ...]}: for each command (and subcommand) with recorded durations, its calls
     * and the cumulative count at each power-of-two bucket from 1,024 ns, keyed by the bucket's bound in µs; the
     * buckets are read from kvlab's finer histogram, whose bounds include those.
     */
    private void histogram(byte[][] a, int n, RespWriter w) {
        List<NamedHistogram> wanted = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        if (n == 2) {
            commands.addAll(executor.table().all());
        } else {
            for (int i = 2; i < n; i++) {
                Command c = executor.table().find(a[i]);
                if (c != null) {
                    commands.add(c);
                }
            }
        }
        for (Command c : commands) {
            if (c.stats.latency().count() > 0) {
                wanted.add(new NamedHistogram(c.name, c.stats.latency()));
            }
            if (c.subcommands != null) {
                for (Command.Subcommand sub : c.subcommands) {
                    if (sub.stats().latency().count() > 0) {
                        wanted.add(new NamedHistogram(c.name + "|" + sub.name(), sub.stats().latency()));
                    }
                }
            }
        }
        w.mapHeader(wanted.size());
        for (NamedHistogram entry : wanted) {
            LatencyHistogram h = entry.histogram();
            long total = h.count();
            List<long[]> buckets = new ArrayList<>();
            long previous = 0;
            for (long bound = FIRST_HISTOGRAM_BUCKET; previous < total; bound <<= 1) {
                long cumulative = h.countAtMost(bound);
                if (cumulative > previous) {
                    buckets.add(new long[] {bound / 1000, cumulative});
                }
                previous = cumulative;
                if (bound > LatencyHistogram.MAX_NANOS) {
                    break;
                }
            }
            w.bulk(entry.name());
            w.mapHeader(2);
            w.bulk("calls");
            w.integer(total);
            w.bulk("histogram_usec");
            w.mapHeader(buckets.size());
            for (long[] bucket : buckets) {
                w.integer(bucket[0]);
                w.integer(bucket[1]);
            }
        }
    }

    /** A command's or subcommand's full name and its histogram. */
    private record NamedHistogram(String name, LatencyHistogram histogram) {
    }

    /** {@code LATENCY DOCTOR}: Redis's report for the events kvlab records, with its advice for them. */
    private String doctor(LatencyMonitor monitor) {
        if (monitor.thresholdMillis() == 0) {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may "
                    + "use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we "
                    + "weren't in a deep space mission I'd suggest to take a look at "
                    + "https://redis.io/topics/latency-monitor.\n";
        }
        Map<String, List<LatencyMonitor.Sample>> events = monitor.all();
        if (events.isEmpty()) {
            return "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the "
                    + "slightest bit. I honestly think you ought to sleep tonight.\n";
        }
        StringBuilder report = new StringBuilder(
                "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do "
                        + "you Dave?\n\n");
        int number = 0;
        boolean slowCommands = false;
        boolean fastCommands = false;
        for (Map.Entry<String, List<LatencyMonitor.Sample>> e : events.entrySet()) {
            List<LatencyMonitor.Sample> samples = e.getValue();
            long sum = 0;
            long oldest = Long.MAX_VALUE;
            for (LatencyMonitor.Sample sample : samples) {
                sum += sample.millis();
                oldest = Math.min(oldest, sample.time());
            }
            long avg = sum / samples.size();
            long deviation = 0;
            for (LatencyMonitor.Sample sample : samples) {
                deviation += Math.abs(sample.millis() - avg);
            }
            deviation /= samples.size();
            // Redis's period: the seconds since the oldest sample, at least one, per sample
            double period = (double) Math.max(1, observability.clock().millis() / 1000 - oldest) / samples.size();
            report.append(++number).append(". ").append(e.getKey()).append(": ").append(samples.size())
                    .append(" latency spikes (average ").append(avg).append("ms, mean deviation ").append(deviation)
                    .append("ms, period ").append(String.format(Locale.ROOT, "%.2f", period))
                    .append(" sec). Worst all time event ").append(monitor.max(e.getKey())).append("ms.\n");
            slowCommands |= e.getKey().equals("command");
            fastCommands |= e.getKey().equals("fast-command");
        }
        report.append("\nI have a few advices for you:\n\n");
        SlowLog slowLog = observability.slowLog();
        long threshold = monitor.thresholdMillis();
        if (slowCommands) {
            if (slowLog.slowerThanMicros() < 0) {
                report.append("- There are latency issues with potentially slow commands you are using. Try to "
                        + "enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ")
                        .append(threshold * 1000).append("'. If the Slow log is disabled Redis is not able to log "
                        + "slow commands execution for you.\n");
            } else if (slowLog.slowerThanMicros() / 1000 > threshold) {
                report.append("- Your current Slow Log configuration only logs events that are slower than your "
                        + "configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ")
                        .append(threshold * 1000).append("'.\n");
            }
            report.append("- Check your Slow Log to understand what are the commands you are running which are too "
                    + "slow to execute. Please check https://redis.io/commands/slowlog for more information.\n");
        }
        if (fastCommands) {
            report.append("- The system is slow to execute Redis code paths not containing system calls. This "
                    + "usually means the system does not provide Redis CPU time to run for long periods. You should "
                    + "try to:\n  1) Lower the system load.\n  2) Use a computer / VM just for Redis if you are "
                    + "running other software in the same system.\n  3) Check if you have a \"noisy neighbour\" "
                    + "problem.\n  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency "
                    + "in your system.\n");
        }
        if (slowCommands) {
            report.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a "
                    + "blocking operation. If you have very large objects that are often deleted, expired, or "
                    + "evicted, try to fragment those objects into multiple smaller objects.\n");
        }
        return report.toString();
    }

    private static void help(RespWriter w, String[] lines) {
        w.arrayHeader(lines.length);
        for (String line : lines) {
            w.simpleString(line);
        }
    }
}
