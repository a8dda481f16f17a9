package org.kvlab.bench.profile;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kvlab.bench.load.DurationConverter;
import org.kvlab.bench.load.LoadGenerator;
import org.kvlab.bench.load.LoadSpec;
import org.kvlab.bench.load.Workload;
import org.kvlab.bench.report.Report;
import org.kvlab.bench.report.ReportWriter;
import org.kvlab.spi.Transports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kv-bench profile}: the same workload against kv-server on each transport (and redis-server with {@code
 * --baseline redis}), syscalls counted by {@code perf stat} on server and load generator for the measured window,
 * requests counted from INFO; prints the Markdown table and writes {@code report.md}, {@code report.json} and
 * {@code report.html}. Exit status 0, 1 if a server failed, requests failed or fan-out messages were lost, 2 for
 * bad usage.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every transport profiled",
            "1:a server failed, requests failed or fan-out messages were lost",
            "2:bad usage"},
        description = {"Profiles kv-server on each transport under one workload: syscalls per request (perf stat, "
                + "or the transports' own I/O counters where perf is missing), throughput, latency, and what the "
                + "counts mean. Writes report.md, report.json and report.html to --out."})
public final class ProfileCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--transports", split = ",", paramLabel = "NAME",
            description = "server transports to profile, comma-separated (default: every available one)")
    List<String> transports;

    @Option(names = "--baseline", paramLabel = "redis",
            description = "also profile this reference server under the same workload: redis (redis-server on PATH)")
    String baseline;

    @Option(names = "--event-loops", defaultValue = "1", description = "kv-server event loops (default: ${DEFAULT-VALUE})")
    int eventLoops;

    @Option(names = "--client-transport", paramLabel = "NAME",
            description = "the load generator's I/O model (default: the best available)")
    String clientTransport;

    @Option(names = "--workload", defaultValue = "kv", paramLabel = "NAME",
            description = "kv: SET/GET at --ratio; fanout: --clients publishers send PUBLISH to one channel that "
                    + "--subscribers connections listen to (default: ${DEFAULT-VALUE})")
    String workload;

    @Option(names = {"-c", "--clients"},
            description = "connections that send requests (default: 50; with --workload fanout, 1 publisher)")
    Integer clients;

    @Option(names = "--subscribers", defaultValue = "50",
            description = "with --workload fanout: subscriber connections (default: ${DEFAULT-VALUE})")
    int subscribers;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "OPS",
            description = "requests per second in all, sent on schedule (an open loop); 0 for a closed loop "
                    + "(default: ${DEFAULT-VALUE})")
    long rate;

    @Option(names = "--per-request-connections",
            description = "connect, send one request, close, for every request (connection churn)")
    boolean perRequestConnections;

    @Option(names = {"-P", "--pipeline"}, defaultValue = "1", description = "requests per batch (default: ${DEFAULT-VALUE})")
    int pipeline;

    @Option(names = "--duration", defaultValue = "5s", converter = DurationConverter.class,
            description = "measured window (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = {"-n", "--requests"}, defaultValue = "0",
            description = "measure this many requests instead of --duration (default: ${DEFAULT-VALUE})")
    long requests;

    @Option(names = "--warmup", defaultValue = "30s", converter = DurationConverter.class,
            description = "load before the window, not measured, then on while a JIT compiler of the server or of "
                    + "kv-bench is busy, up to 30 s more; a JVM server and the load generator reach their steady "
                    + "rate and tail only after tens of seconds of load (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--ratio", defaultValue = "1:1", paramLabel = "SET:GET",
            description = "SET:GET mix (default: ${DEFAULT-VALUE})")
    String ratio;

    @Option(names = {"-r", "--keyspace"}, defaultValue = "100000",
            description = "distinct keys (default: ${DEFAULT-VALUE})")
    int keyspace;

    @Option(names = "--value-size", defaultValue = "3", description = "bytes per SET value (default: ${DEFAULT-VALUE})")
    int valueSize;

    @Option(names = "--out", defaultValue = "target/profile", description = "report directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--no-perf", description = "do not use perf; count with the transports' own I/O counters")
    boolean noPerf;

    @Option(names = "--connect", paramLabel = "HOST:PORT",
            description = "profile a RESP server that runs elsewhere (any server, e.g. on another machine) instead of "
                    + "starting kv-server: the load generator's side with perf, the server's from its INFO, "
                    + "labelled as such")
    String connect;

    @Option(names = "--info", split = ",", paramLabel = "HOST:PORT",
            description = "with --connect: count requests and bytes from the INFO of these servers, summed, instead "
                    + "of --connect's (a proxy such as twemproxy answers no INFO: name the nodes behind it)")
    List<String> info;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "with --connect: the server (or proxy) at HOST:PORT runs on this machine as process PID; "
                    + "count its syscalls with perf as for a server kv-bench starts")
    Long serverPid;

    @Option(names = "--flamegraph",
            description = "also record each kv-server's CPU with async-profiler (Java and kernel frames) for a second "
                    + "window of the same workload: flame-TRANSPORT.html, linked from report.html, and where the time "
                    + "goes (kernel, Java, GC, JIT, top frames)")
    boolean flamegraph;

    @Option(names = "--server-jar", paramLabel = "JAR", description = "kv-server jar (default: found from kvlab.home)")
    Path serverJar;

    @Option(names = "--server-java", paramLabel = "PATH",
            description = "the java kv-server runs on, an executable or a JDK's home, e.g. a JDK 21+ for the virtual "
                    + "transport; the transports it can run are asked of it (default: the java kv-bench runs on)")
    Path serverJava;

    @Option(names = "--server-java-opts", paramLabel = "OPTS",
            description = "kv-server JVM options (default: bin/kv-server's, from bin/lib/server-java-opts)")
    String serverJavaOpts;

    List<String> launcherOverride;

    /** Creates the command; picocli sets its options. */
    public ProfileCommand() {
    }

    /** Runs the profile; see {@code --help}. */
    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = commandSpec.commandLine().getOut();
        PrintStream log = System.err;
        LoadSpec workload;
        try {
            int[] mix = LoadSpec.parseRatio(ratio);
            Workload chosen = Workload.parse(this.workload);
            workload = LoadSpec.builder().transport(clientTransport)
                    .clients(clients != null ? clients : chosen.defaultClients()).pipeline(pipeline)
                    .requests(requests).duration(duration).ratio(mix[0], mix[1]).keyspace(keyspace)
                    .valueSize(valueSize).workload(chosen).subscribers(subscribers).rate(rate)
                    .perRequestConnections(perRequestConnections).build();
            if (eventLoops < 1) {
                throw new IllegalArgumentException("event-loops: " + eventLoops + " (expected: > 0)");
            }
            if (baseline != null && !baseline.equals("redis")) {
                throw new IllegalArgumentException("baseline: " + baseline + " (expected: redis)");
            }
            if (connect == null && (info != null || serverPid != null)) {
                throw new IllegalArgumentException("--info and --server-pid describe the server --connect names "
                        + "(expected: --connect HOST:PORT)");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
        }
        if (connect != null) {
            return profileRemote(stdout, log, workload);
        }
        String kvServerJava;
        try {
            kvServerJava = launcherOverride != null ? launcherOverride.get(0) : ServerLauncher.java(serverJava);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
        }
        ServerTransports serverTransports = kvServerJava.equals(ServerLauncher.javaExecutable())
                ? ServerTransports.here() : ServerTransports.ask(kvServerJava, launcher(kvServerJava));
        List<String> targets = transports == null || transports.isEmpty() ? serverTransports.available() : transports;
        for (String t : targets) {
            try {
                serverTransports.select(t);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(), "--transports: " + e.getMessage());
            }
        }
        log.println("kv-bench profile: " + LoadGenerator.coreNote("127.0.0.1") + "; kv-server runs on "
                + kvServerJava);
        List<String> launcher = launcher(kvServerJava);
        Profiler profiler = new Profiler(launcher, out, !noPerf, log);
        profiler.recordFlameGraphs(flamegraph);
        if (profiler.perfProblem() != null) {
            log.println("kv-bench profile: " + profiler.perfProblem()
                    + " — falling back to the transports' own I/O counters (source io-counters)");
        }
        List<Profile> profiles = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> serverArgs = List.of("--event-loops", Integer.toString(eventLoops));
        for (String t : targets) {
            try {
                profiles.add(profiler.profileKvServer(t, serverArgs, workload, warmup));
            } catch (java.io.IOException e) {
                failures.add(t + ": " + e.getMessage());
                log.println("kv-bench profile: " + t + ": " + e.getMessage());
            }
        }
        if (baseline != null) {
            String redis = findOnPath("redis-server");
            if (redis == null) {
                log.println("kv-bench profile: --baseline redis: redis-server is not on PATH; install it "
                        + "(apt-get install redis-server) — baseline skipped");
            } else {
                try {
                    profiles.add(profiler.profileRedis(redis, workload, warmup));
                } catch (java.io.IOException e) {
                    failures.add("redis: " + e.getMessage());
                    log.println("kv-bench profile: redis: " + e.getMessage());
                }
            }
        }
        if (profiles.isEmpty()) {
            log.println("kv-bench profile: nothing was profiled");
            return 1;
        }
        Report report = Reports.of(profiles, workload(workload, profiler, failures, profiles));
        ReportWriter.writeAll(report, out);
        Reports.writeHistograms(profiles, out);
        stdout.print(Reports.terminalSummary(report));
        profiles.stream().map(Profile::ioCountersCheck).filter(java.util.Objects::nonNull)
                .forEach(check -> log.println("kv-bench profile: " + check));
        stdout.flush();
        log.println("kv-bench profile: wrote " + out.resolve("report.md") + ", report.json, report.html and the "
                + "latency histograms (latency-*.hgrm)");
        long errors = profiles.stream().mapToLong(p -> p.load().errors()
                + (p.load().fanout() == null ? 0 : p.load().fanout().undelivered())).sum();
        return failures.isEmpty() && errors == 0 ? 0 : 1;
    }

    /** {@code --connect}: the one server at HOST:PORT, nothing started. */
    private int profileRemote(PrintWriter stdout, PrintStream log, LoadSpec workload) throws Exception {
        java.net.InetSocketAddress address;
        List<java.net.InetSocketAddress> infoFrom = new ArrayList<>();
        try {
            if (transports != null || baseline != null || flamegraph) {
                throw new IllegalArgumentException("--connect profiles the server it names: --transports, --baseline "
                        + "and --flamegraph need servers kv-bench starts");
            }
            address = address("--connect", connect);
            if (info == null || info.isEmpty()) {
                infoFrom.add(address);
            } else {
                for (String server : info) {
                    infoFrom.add(address("--info", server));
                }
            }
            if (serverPid != null && ProcessHandle.of(serverPid).isEmpty()) {
                throw new IllegalArgumentException("--server-pid: " + serverPid + " (expected: a running process)");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
        }
        Profiler profiler = new Profiler(List.of(), out, !noPerf, log);
        if (profiler.perfProblem() != null) {
            log.println("kv-bench profile: " + profiler.perfProblem() + " — the load generator's side falls back to "
                    + "its transport's own I/O counters");
        }
        Profile profile;
        try {
            profile = profiler.profileRemote(address, infoFrom, serverPid, workload, warmup);
        } catch (java.io.IOException e) {
            log.println("kv-bench profile: " + connect + ": " + e.getMessage());
            return 1;
        }
        List<Profile> profiles = List.of(profile);
        Map<String, Object> settings = workload(workload, profiler, List.of(), profiles);
        settings.remove("event_loops");
        settings.put("server", connect + (serverPid == null ? " (runs elsewhere: its side is what its INFO says)"
                : " (process " + serverPid + " on this machine)"));
        if (info != null && !info.isEmpty()) {
            settings.put("requests_counted_by", "INFO total_commands_processed of " + String.join(", ", info)
                    + ", summed, over the window, INFO calls excluded");
        }
        Report report = Reports.of(profiles, settings);
        ReportWriter.writeAll(report, out);
        Reports.writeHistograms(profiles, out);
        stdout.print(Reports.terminalSummary(report));
        stdout.flush();
        log.println("kv-bench profile: wrote " + out.resolve("report.md") + ", report.json, report.html and the "
                + "latency histograms (latency-*.hgrm)");
        long errors = profile.load().errors() + (profile.load().fanout() == null ? 0
                : profile.load().fanout().undelivered());
        return errors == 0 ? 0 : 1;
    }

    /** Parses {@code text} as {@code HOST:PORT}, naming {@code option} when it is not one. */
    private static java.net.InetSocketAddress address(String option, String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(option + ": '" + text + "' (expected: HOST:PORT)");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(option + ": '" + text + "' (expected: HOST:PORT, PORT 1 to 65535)");
        }
        return new java.net.InetSocketAddress(text.substring(0, colon), port);
    }

    private List<String> launcher(String kvServerJava) throws java.io.IOException {
        return launcherOverride != null ? launcherOverride
                : ServerLauncher.command(kvServerJava, serverJar, serverJavaOpts);
    }

    private Map<String, Object> workload(LoadSpec w, Profiler profiler, List<String> failures,
            List<Profile> profiles) {
        Map<String, Object> c = new LinkedHashMap<>(describe(w));
        if (w.requests() > 0) {
            c.put("requests", w.requests());
        } else {
            c.put("duration_s", w.duration().toMillis() / 1000.0);
        }
        c.put("warmup_s", warmup.toMillis() / 1000.0);
        c.put("event_loops", eventLoops);
        c.put("client_transport", w.transport() == null ? Transports.select(null).name() : w.transport());
        c.put("syscalls_counted_by", profiler.perfProblem() == null
                ? "perf stat -e raw_syscalls:sys_enter,syscalls:sys_enter_* -p PID, enabled for the measured window only"
                : "the transports' own I/O counters (" + profiler.perfProblem() + ")");
        c.put("requests_counted_by", "server INFO total_commands_processed over the window, INFO calls excluded");
        c.put("latency", w.rate() > 0 ? "open loop, from the time each batch was due"
                : "closed loop, corrected for coordinated omission at each run's mean batch interval");
        c.put("latency_histograms", "latency-TARGET.hgrm (corrected) and latency-TARGET-uncorrected.hgrm beside this "
                + "report: HdrHistogram percentile distributions in µs");
        c.put("cores_note", LoadGenerator.coreNote("127.0.0.1"));
        List<String> checks = new ArrayList<>();
        profiles.stream().map(Profile::ioCountersCheck).filter(java.util.Objects::nonNull).forEach(checks::add);
        if (!checks.isEmpty()) {
            c.put("io_counters_vs_perf", checks);
        }
        List<String> notes = new ArrayList<>(failures);
        profiles.stream().filter(p -> p.note() != null).forEach(p -> notes.add(p.note()));
        if (!notes.isEmpty()) {
            c.put("notes", notes);
        }
        return c;
    }

    /**
     * Returns what a report says of {@code load}'s workload: its name and the settings it uses, in order (the
     * ratio and key space of kv, the subscribers of fanout, the rate of an open loop).
     */
    public static Map<String, Object> describe(LoadSpec load) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("workload", load.workload().cliName());
        c.put(load.workload() == Workload.FANOUT ? "publishers" : "clients", load.clients());
        if (load.workload() == Workload.FANOUT) {
            c.put("subscribers", load.subscribers());
        }
        c.put("pipeline", load.pipeline());
        if (load.rate() > 0) {
            c.put("rate", load.rate());
        }
        if (load.perRequestConnections()) {
            c.put("per_request_connections", true);
        }
        if (load.workload() == Workload.KV) {
            c.put("ratio", load.sets() + ":" + load.gets());
            c.put("keyspace", load.keyspace());
        }
        c.put("value_size", load.valueSize());
        return c;
    }

    /** Returns the path of {@code executable} in a directory of {@code PATH}, or {@code null} if it is in none. */
    public static String findOnPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
