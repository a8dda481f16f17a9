package org.kvlab.bench.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.kvlab.bench.load.DurationConverter;
import org.kvlab.bench.load.LoadGenerator;
import org.kvlab.bench.load.LoadSpec;
import org.kvlab.bench.load.Workload;
import org.kvlab.bench.perf.PerfCounts;
import org.kvlab.bench.profile.Profile;
import org.kvlab.bench.profile.ProfileCommand;
import org.kvlab.bench.profile.Profiler;
import org.kvlab.bench.profile.Reports;
import org.kvlab.bench.profile.ServerLauncher;
import org.kvlab.bench.profile.ServerTransports;
import org.kvlab.bench.report.Finding;
import org.kvlab.bench.report.Report;
import org.kvlab.bench.report.ReportWriter;
import org.kvlab.bench.report.Role;
import org.kvlab.bench.report.Run;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kv-bench experiment}: runs the seed's fixes as A/B pairs on one transport (or on redis-server), each
 * variant profiled as {@code profile} does (own server process, perf for the window only, INFO-counted requests),
 * and prints each pair's server and client syscalls per request and the patterns the server shows, side by side.
 * Exit status 0, 1 if a variant failed, 2 for bad usage.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every variant ran",
            "1:a variant failed",
            "2:bad usage"},
        description = {"The seed's fix column as A/B pairs on one transport, one pair per row of its pattern table: "
                + "batching (pipeline 1 vs 16: all counts very high), non-blocking I/O (blocking vs the transport), "
                + "pooling (per-request connections vs persistent: accept and close both high), fsync always (one "
                + "writer at a time vs group commit across many writers), fanout (PUBLISH to many subscribers one by "
                + "one vs pipelined: write >> read), readbuffer (256 KiB SETs read with a 16 KiB vs a 512 KiB server "
                + "read buffer: read >> write), pacing (a low --rate vs a saturating closed loop: low counts "
                + "overall), virtualthreads (a thread per connection: platform threads, the blocking transport, vs "
                + "virtual threads; needs a Java 21+ server, --server-java). Writes report.md, report.json and "
                + "report.html to --out."})
public final class ExperimentCommand implements Callable<Integer> {

    /** The pairs, by the name {@code --pairs} selects them with. */
    static final List<String> PAIRS = List.of("batching", "nonblocking", "pooling", "fsync", "fanout", "readbuffer",
            "pacing", "virtualthreads");

    /** The smallest change of a syscall's count per request that a pair's findings name. */
    static final double CHANGE = 0.005;

    /** The most syscalls a pair's findings name as changed. */
    static final int MAX_CHANGES = 6;

    /** The transport of virtual threads, the virtualthreads pair's B side. */
    static final String VIRTUAL = "virtual";

    /** The server name that runs the pairs on redis-server instead of kv-server. */
    static final String REDIS = "redis";

    /** The value size of the readbuffer pair's SETs: many times the default read buffer. */
    static final int BIG_VALUE = 256 * 1024;

    /** kv-server's default read buffer (as Redis's 16 KiB), the readbuffer pair's A side. */
    static final int SMALL_READ_BUFFER = 16 * 1024;

    /** The readbuffer pair's B side: room for a whole SET of {@link #BIG_VALUE} bytes in one read. */
    static final int LARGE_READ_BUFFER = 2 * BIG_VALUE;

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--transport", paramLabel = "NAME",
            description = "server transport (default: the best available), or redis: redis-server on PATH, where the "
                    + "pairs that change kv-server's settings are skipped")
    String transport;

    @Option(names = "--pairs", split = ",", paramLabel = "PAIR",
            description = "pairs to run: batching, nonblocking, pooling, fsync, fanout, readbuffer, pacing, "
                    + "virtualthreads (default: all)")
    List<String> pairs;

    @Option(names = {"-c", "--clients"}, defaultValue = "50", description = "connections (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--batch", defaultValue = "16",
            description = "pipeline depth of the batching and fanout pairs' B side (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--subscribers", defaultValue = "50",
            description = "subscribers of the fanout pair, which has one publisher (default: ${DEFAULT-VALUE})")
    int subscribers;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "OPS",
            description = "requests per second of the pacing pair's rate-limited side (default: ${DEFAULT-VALUE})")
    long rate;

    @Option(names = "--duration", defaultValue = "3s", converter = DurationConverter.class,
            description = "measured window per variant (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "1s", converter = DurationConverter.class,
            description = "load before each window (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--event-loops", defaultValue = "1", description = "kv-server event loops (default: ${DEFAULT-VALUE})")
    int eventLoops;

    @Option(names = "--out", defaultValue = "target/experiment", description = "report directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--no-perf", description = "do not use perf; count with the transports' own I/O counters")
    boolean noPerf;

    @Option(names = "--server-jar", paramLabel = "JAR", description = "kv-server jar (default: found from kvlab.home)")
    Path serverJar;

    @Option(names = "--server-java", paramLabel = "PATH",
            description = "the java kv-server runs on, an executable or a JDK's home; the virtualthreads pair needs "
                    + "Java 21+ (default: the java kv-bench runs on)")
    Path serverJava;

    @Option(names = "--server-java-opts", paramLabel = "OPTS",
            description = "kv-server JVM options (default: bin/kv-server's, from bin/lib/server-java-opts)")
    String serverJavaOpts;

    List<String> launcherOverride;

    /** Creates the command; picocli sets its options. */
    public ExperimentCommand() {
    }

    /** One variant: a label, the server ({@link #REDIS} or a transport) and its arguments, and the load. */
    private record Variant(String label, String server, List<String> serverArgs, LoadSpec load) {
    }

    /** Runs the experiment; see {@code --help}. */
    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = commandSpec.commandLine().getOut();
        PrintStream log = System.err;
        List<String> chosen = pairs == null || pairs.isEmpty() ? PAIRS : pairs;
        String kvServerJava;
        LoadSpec base;
        try {
            for (String p : chosen) {
                if (!PAIRS.contains(p)) {
                    throw new IllegalArgumentException("pairs: " + p + " (expected: one of " + PAIRS + ")");
                }
            }
            base = LoadSpec.builder().clients(clients).duration(duration).subscribers(subscribers).build();
            if (batch < 2) {
                throw new IllegalArgumentException("batch: " + batch + " (expected: > 1)");
            }
            if (rate < 1) {
                throw new IllegalArgumentException("rate: " + rate + " (expected: > 0)");
            }
            kvServerJava = launcherOverride != null ? launcherOverride.get(0) : ServerLauncher.java(serverJava);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
        }
        ServerTransports kvServer = REDIS.equals(transport) || kvServerJava.equals(ServerLauncher.javaExecutable())
                ? ServerTransports.here() : ServerTransports.ask(kvServerJava, launcher(kvServerJava));
        String server;
        try {
            server = REDIS.equals(transport) ? REDIS : kvServer.select(transport);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
        }
        String redis = null;
        if (server.equals(REDIS)) {
            redis = ProfileCommand.findOnPath("redis-server");
            if (redis == null) {
                log.println("kv-bench experiment: --transport redis: redis-server is not on PATH; install it "
                        + "(apt-get install redis-server)");
                return 1;
            }
        }
        log.println("kv-bench experiment: " + LoadGenerator.coreNote("127.0.0.1")
                + (server.equals(REDIS) ? "" : "; kv-server runs on " + kvServerJava));
        List<String> launcher = server.equals(REDIS) ? List.of() : launcher(kvServerJava);
        Profiler profiler = new Profiler(launcher, out, !noPerf, log);
        if (profiler.perfProblem() != null) {
            log.println("kv-bench experiment: " + profiler.perfProblem()
                    + " — falling back to the transports' own I/O counters (source io-counters)");
        }
        List<String> loops = server.equals(REDIS) ? List.of() : List.of("--event-loops", Integer.toString(eventLoops));
        Path dataDir = null;
        Map<String, List<Variant>> plan = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (String p : chosen) {
            if (server.equals(REDIS) && List.of("nonblocking", "fsync", "readbuffer", "virtualthreads").contains(p)) {
                skipped.add(p + ": it changes kv-server's transport or settings, which redis-server does not have");
                continue;
            }
            switch (p) {
                case "batching" -> plan.put("batching: pipeline 1 vs " + batch, List.of(
                        new Variant(server + " pipeline 1", server, loops, base),
                        new Variant(server + " pipeline " + batch, server, loops,
                                base.toBuilder().pipeline(batch).build())));
                case "nonblocking" -> {
                    String blocking = "blocking";
                    String other = server.equals(blocking) || server.equals(VIRTUAL) ? bestNonBlocking(kvServer)
                            : server;
                    if (!kvServer.available().contains(blocking) || other == null) {
                        skipped.add("nonblocking: needs the blocking transport and a non-blocking one; available: "
                                + kvServer.available());
                    } else {
                        plan.put("non-blocking I/O: blocking vs " + other, List.of(
                                new Variant(blocking, blocking, loops, base),
                                new Variant(other, other, loops, base)));
                    }
                }
                case "pooling" -> plan.put("pooling: per-request connections vs persistent", List.of(
                        new Variant(server + " per-request connections", server, loops,
                                base.toBuilder().perRequestConnections(true).build()),
                        new Variant(server + " persistent", server, loops, base)));
                case "fsync" -> {
                    dataDir = Files.createTempDirectory("kv-bench-fsync");
                    List<String> always = new ArrayList<>(loops);
                    LoadSpec writes = base.toBuilder().ratio(1, 0).build();
                    plan.put("fsync always: 1 writer (an fsync per write) vs " + clients
                            + " writers (group commit)", List.of(
                            new Variant(server + " always, 1 writer", server,
                                    withDataDir(always, dataDir.resolve("one")), writes.toBuilder().clients(1).build()),
                            new Variant(server + " always, " + clients + " writers", server,
                                    withDataDir(always, dataDir.resolve("many")), writes)));
                }
                case "fanout" -> {
                    LoadSpec fanout = base.toBuilder().workload(Workload.FANOUT)
                            .clients(Workload.FANOUT.defaultClients()).build();
                    plan.put("fanout to " + subscribers + " subscribers: PUBLISH one by one vs pipelined " + batch,
                            List.of(new Variant(server + " fanout, pipeline 1", server, loops, fanout),
                                    new Variant(server + " fanout, pipeline " + batch, server, loops,
                                            fanout.toBuilder().pipeline(batch).build())));
                }
                case "readbuffer" -> {
                    // a small key space bounds the server's memory: every key holds a 256 KiB value
                    LoadSpec bigSets = base.toBuilder().ratio(1, 0).valueSize(BIG_VALUE).keyspace(100).build();
                    plan.put("readbuffer: " + BIG_VALUE / 1024 + " KiB SETs, server read buffer "
                            + SMALL_READ_BUFFER / 1024 + " KiB vs " + LARGE_READ_BUFFER / 1024 + " KiB", List.of(
                            new Variant(server + " read buffer " + SMALL_READ_BUFFER / 1024 + " KiB", server,
                                    withReadBuffer(loops, SMALL_READ_BUFFER), bigSets),
                            new Variant(server + " read buffer " + LARGE_READ_BUFFER / 1024 + " KiB", server,
                                    withReadBuffer(loops, LARGE_READ_BUFFER), bigSets)));
                }
                case "virtualthreads" -> {
                    String blocking = "blocking";
                    if (!kvServer.available().containsAll(List.of(blocking, VIRTUAL))) {
                        String reason = kvServer.unavailabilityReason(VIRTUAL);
                        skipped.add("virtualthreads: needs the blocking and virtual transports on kv-server's java ("
                                + kvServerJava + ")" + (reason == null ? "; available: " + kvServer.available()
                                        : "; virtual: " + reason) + "; give a Java 21+ with --server-java");
                    } else {
                        plan.put("virtual threads: a thread per connection, platform (blocking) vs virtual",
                                List.of(new Variant("blocking, platform threads", blocking, loops, base),
                                        new Variant("virtual, virtual threads", VIRTUAL, loops, base)));
                    }
                }
                case "pacing" -> plan.put("pacing: " + rate + " ops/s vs saturating", List.of(
                        new Variant(server + " rate " + rate + " ops/s", server, loops,
                                base.toBuilder().rate(rate).build()),
                        new Variant(server + " saturating", server, loops, base)));
                default -> throw new AssertionError(p);
            }
        }
        List<Profile> profiles = new ArrayList<>();
        Map<String, List<String>> measuredPairs = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        try {
            for (Map.Entry<String, List<Variant>> pair : plan.entrySet()) {
                List<Profile> two = new ArrayList<>();
                for (Variant v : pair.getValue()) {
                    try {
                        Profile p = v.server().equals(REDIS) ? profiler.profileRedis(redis, v.load(), warmup)
                                : profiler.profileKvServer(v.server(), v.serverArgs(), v.load(), warmup);
                        two.add(p.withTarget(v.label()));
                    } catch (IOException e) {
                        failures.add(v.label() + ": " + e.getMessage());
                        log.println("kv-bench experiment: " + v.label() + ": " + e.getMessage());
                    }
                }
                profiles.addAll(two);
                if (two.size() == 2) {
                    measuredPairs.put(pair.getKey(), List.of(two.get(0).target(), two.get(1).target()));
                }
            }
        } finally {
            if (dataDir != null) {
                deleteTree(dataDir);
            }
        }
        if (profiles.isEmpty()) {
            log.println("kv-bench experiment: nothing was measured");
            return 1;
        }
        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("server", server);
        workload.put("clients", clients);
        workload.put("ratio", "1:1 (fsync and readbuffer pairs: 1:0, SET only)");
        workload.put("keyspace", base.keyspace() + " (readbuffer pair: 100)");
        workload.put("value_size", base.valueSize() + " (readbuffer pair: " + BIG_VALUE + ")");
        workload.put("fanout", "1 publisher, " + subscribers + " subscribers");
        workload.put("pacing_rate", rate);
        workload.put("duration_s", duration.toMillis() / 1000.0);
        workload.put("warmup_s", warmup.toMillis() / 1000.0);
        if (!server.equals(REDIS)) {
            workload.put("event_loops", eventLoops);
        }
        workload.put("syscalls_counted_by", profiler.perfProblem() == null ? "perf stat, measured window only"
                : "the transports' own I/O counters (" + profiler.perfProblem() + ")");
        workload.put("per_request", "every syscall of the window (perf's raw_syscalls:sys_enter, or the sum of the "
                + "I/O counters) over the requests the server counted");
        if (!failures.isEmpty()) {
            workload.put("notes", failures);
        }
        if (!skipped.isEmpty()) {
            workload.put("skipped", skipped);
        }
        Report report = Reports.of(profiles, workload);
        Map<String, Run> servers = new LinkedHashMap<>();
        for (Run run : report.runs()) {
            if (run.role() == Role.SERVER) {
                servers.put(run.transport(), run);
            }
        }
        StringBuilder md = new StringBuilder("## Pairs: syscalls per request, A vs B\n\n"
                + "Per request: every syscall of the server and of the client (the load generator), and the server's "
                + "context switches (cs: perf's context-switches; – where perf did not count).\n\n"
                + "| pair | A | B | server A | server B | B/A | server cs A | server cs B | client A | client B "
                + "| ops/s A | ops/s B | server patterns A | server patterns B |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        List<Map<String, Object>> pairJson = new ArrayList<>();
        for (Map.Entry<String, List<String>> pair : measuredPairs.entrySet()) {
            Profile a = byTarget(profiles, pair.getValue().get(0));
            Profile b = byTarget(profiles, pair.getValue().get(1));
            row(md, pairJson, pair.getKey(), a, b, servers.get(a.target()), servers.get(b.target()));
        }
        if (!pairJson.isEmpty()) {
            md.append("\nWhat changed on the server, per request, from A to B:\n\n");
        }
        for (Map<String, Object> p : pairJson) {
            md.append("- ").append(p.get("pair")).append(": ").append(changes(p)).append('\n');
        }
        for (Map<String, Object> p : pairJson) {
            if (p.containsKey("server_writes_per_message_a")) {
                md.append(String.format(Locale.ROOT, "%n%s: the server made %.3f (A) and %.3f (B) write-family "
                        + "syscalls per message delivered to a subscriber.%n", p.get("pair"),
                        (Double) p.get("server_writes_per_message_a"), (Double) p.get("server_writes_per_message_b")));
            }
        }
        for (String s : skipped) {
            md.append("\n> skipped ").append(s).append('\n');
        }
        ReportWriter.writeAll(report, out);
        String markdown = "# kvlab experiment: the seed's fixes as A/B pairs\n\n" + md + "\n"
                + ReportWriter.markdown(report).replaceFirst("^# kvlab profile report\n", "# Every variant's profile\n");
        Files.writeString(out.resolve("report.md"), markdown);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode json = (ObjectNode) mapper.readTree(out.resolve("report.json").toFile());
        json.set("pairs", mapper.valueToTree(pairJson));
        Files.writeString(out.resolve("report.json"), mapper.writeValueAsString(json) + "\n");
        Path html = out.resolve("report.html");
        Files.writeString(html, Files.readString(html).replace("<h1>kvlab profile report</h1>",
                "<h1>kvlab experiment: the seed's fixes as A/B pairs</h1>\n" + pairsHtml(pairJson, skipped)
                        + "<h2>Every variant's profile</h2>"));
        stdout.print(markdown);
        stdout.flush();
        log.println("kv-bench experiment: wrote " + out.resolve("report.md") + ", report.json, report.html");
        return failures.isEmpty() ? 0 : 1;
    }

    private static Profile byTarget(List<Profile> profiles, String target) {
        return profiles.stream().filter(p -> p.target().equals(target)).findFirst().orElseThrow();
    }

    private static String pairsHtml(List<Map<String, Object>> pairs, List<String> skipped) {
        StringBuilder sb = new StringBuilder("<h2>Pairs: syscalls per request, A vs B</h2>\n<table>\n<tr><th>pair</th>"
                + "<th>A</th><th>B</th><th>server A</th><th>server B</th><th>server cs A</th><th>server cs B</th>"
                + "<th>client A</th><th>client B</th>"
                + "<th>ops/s A</th><th>ops/s B</th><th>server patterns A</th><th>server patterns B</th></tr>\n");
        for (Map<String, Object> p : pairs) {
            sb.append("<tr>");
            for (String key : List.of("pair", "a", "b", "server_per_request_a", "server_per_request_b",
                    "server_context_switches_per_request_a", "server_context_switches_per_request_b",
                    "client_per_request_a", "client_per_request_b", "ops_per_sec_a", "ops_per_sec_b",
                    "server_patterns_a", "server_patterns_b")) {
                Object value = p.getOrDefault(key, "–");
                sb.append("<td>").append(escape(value instanceof List<?> list ? patterns(list)
                        : String.valueOf(value))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
        for (Map<String, Object> p : pairs) {
            sb.append("<p>What changed on the server, per request, ").append(escape(p.get("pair") + ": " + changes(p)))
                    .append("</p>\n");
        }
        for (String s : skipped) {
            sb.append("<p>Skipped ").append(escape(s)).append("</p>\n");
        }
        return sb.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void row(StringBuilder md, List<Map<String, Object>> json, String pair, Profile a, Profile b,
            Run serverA, Run serverB) {
        double sa = a.server().totalPerRequest();
        double sb = b.server().totalPerRequest();
        double ca = a.client().totalPerRequest();
        double cb = b.client().totalPerRequest();
        List<String> patternsA = serverA.findings().stream().map(Finding::pattern).toList();
        List<String> patternsB = serverB.findings().stream().map(Finding::pattern).toList();
        Double csA = a.server().contextSwitchesPerRequest();
        Double csB = b.server().contextSwitchesPerRequest();
        md.append(String.format(Locale.ROOT,
                "| %s | %s | %s | %.3f | %.3f | %.2f | %s | %s | %.3f | %.3f | %,.0f | %,.0f | %s | %s |%n",
                pair, a.target(), b.target(), sa, sb, sa == 0 ? 0 : sb / sa, perRequest(csA), perRequest(csB), ca, cb,
                a.load().opsPerSec(), b.load().opsPerSec(), patterns(patternsA), patterns(patternsB)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pair", pair);
        m.put("a", a.target());
        m.put("b", b.target());
        m.put("source", a.server().source());
        m.put("server_per_request_a", round(sa));
        m.put("server_per_request_b", round(sb));
        if (csA != null && csB != null) {
            m.put("server_context_switches_per_request_a", round(csA));
            m.put("server_context_switches_per_request_b", round(csB));
        }
        m.put("server_changes", changes(a.server().perRequest(), b.server().perRequest()));
        m.put("client_per_request_a", round(ca));
        m.put("client_per_request_b", round(cb));
        m.put("ops_per_sec_a", Math.round(a.load().opsPerSec()));
        m.put("ops_per_sec_b", Math.round(b.load().opsPerSec()));
        m.put("server_patterns_a", patternsA);
        m.put("server_patterns_b", patternsB);
        if (serverA.writesPerDelivered() != null && serverB.writesPerDelivered() != null) {
            m.put("server_writes_per_message_a", round(serverA.writesPerDelivered()));
            m.put("server_writes_per_message_b", round(serverB.writesPerDelivered()));
        }
        json.add(m);
    }

    /**
     * The syscalls whose count per request changed by at least {@link #CHANGE} from {@code a} to {@code b}, the
     * largest change first, at most {@link #MAX_CHANGES}: name, A and B per request.
     */
    static List<Map<String, Object>> changes(Map<String, Double> a, Map<String, Double> b) {
        Set<String> names = new LinkedHashSet<>(a.keySet());
        names.addAll(b.keySet());
        names.remove(PerfCounts.ALL);
        return names.stream()
                .filter(n -> Math.abs(b.getOrDefault(n, 0.0) - a.getOrDefault(n, 0.0)) >= CHANGE)
                .sorted(Comparator.comparingDouble(
                        (String n) -> Math.abs(b.getOrDefault(n, 0.0) - a.getOrDefault(n, 0.0))).reversed())
                .limit(MAX_CHANGES)
                .map(n -> {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("syscall", n);
                    c.put("a", round(a.getOrDefault(n, 0.0)));
                    c.put("b", round(b.getOrDefault(n, 0.0)));
                    return c;
                })
                .toList();
    }

    /** One line of what changed in a pair: its syscalls' changes and its context switches, per request. */
    @SuppressWarnings("unchecked")
    private static String changes(Map<String, Object> pair) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) pair.get("server_changes")) {
            parts.add(String.format(Locale.ROOT, "%s %.3f → %.3f", c.get("syscall"), (Double) c.get("a"),
                    (Double) c.get("b")));
        }
        String syscalls = parts.isEmpty() ? "no syscall changed by " + CHANGE + " per request or more"
                : String.join(", ", parts);
        Object csA = pair.get("server_context_switches_per_request_a");
        return csA == null ? syscalls : syscalls + String.format(Locale.ROOT, "; context switches %.3f → %.3f",
                (Double) csA, (Double) pair.get("server_context_switches_per_request_b"));
    }

    private static String perRequest(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** The patterns a run shows, separated by semicolons, or "none". */
    private static String patterns(List<?> names) {
        return names.isEmpty() ? "none" : names.stream().map(String::valueOf).collect(Collectors.joining("; "));
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static List<String> withDataDir(List<String> args, Path dir) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--data-dir", dir.toString(), "--appendfsync", "always"));
        return all;
    }

    private static List<String> withReadBuffer(List<String> args, int bytes) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--read-buffer-size", Integer.toString(bytes)));
        return all;
    }

    private List<String> launcher(String kvServerJava) throws IOException {
        return launcherOverride != null ? launcherOverride
                : ServerLauncher.command(kvServerJava, serverJar, serverJavaOpts);
    }

    /** The best transport the server has that waits for readiness: neither thread-per-connection one. */
    private static String bestNonBlocking(ServerTransports kvServer) {
        return kvServer.available().stream().filter(n -> !n.equals("blocking") && !n.equals(VIRTUAL)).findFirst()
                .orElse(null);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
