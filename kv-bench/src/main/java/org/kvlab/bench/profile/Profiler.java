package org.kvlab.bench.profile;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kvlab.bench.load.LoadGenerator;
import org.kvlab.bench.load.LoadResult;
import org.kvlab.bench.load.LoadSpec;
import org.kvlab.bench.perf.PerfCounts;
import org.kvlab.bench.perf.PerfStat;
import org.kvlab.bench.report.Cpu;
import org.kvlab.bench.report.CpuProfile;
import org.kvlab.client.KvServerException;
import org.kvlab.server.GcPauses;

/**
 * Profiles one server process at a time under a fixed workload: starts it, warms it up over the load generator's
 * connections, then — for the measured window only — counts the syscalls of the server process and of this JVM
 * (the load generator) with {@code perf stat}, or, where perf cannot run, reads the transports' own I/O counters.
 * Requests are counted by the server (INFO {@code total_commands_processed}); both processes' CPU time and context
 * switches are read from {@code /proc} ({@link ProcessCpu}) at the window's start and end, and the bytes moved from
 * INFO's {@code total_net_input_bytes} and {@code total_net_output_bytes} (the server; the INFO reply that opens the
 * window is among them) and the load generator's transport counters. Not thread-safe.
 */
public final class Profiler {

    /** The longest the warm-up goes on while a JIT compiler is busy ({@link #warmUntilCompiled}). */
    private static final int MAX_COMPILE_WAIT_SECONDS = 30;

    private final List<String> kvServerLauncher;
    private final Path workDir;
    private final String perfProblem;
    private final List<String> syscalls;
    private final PrintStream log;
    private String cpuProblem = "not read";
    private boolean flameGraphs;

    /**
     * @param kvServerLauncher the command that runs kv-server without its arguments, e.g. {@code java -jar
     *     kv-server.jar}
     * @param workDir where server logs go; created if absent
     * @param usePerf whether to try perf at all ({@code false} uses the I/O counters)
     * @param log where progress lines go
     * @throws IOException if {@code workDir} cannot be created
     */
    public Profiler(List<String> kvServerLauncher, Path workDir, boolean usePerf, PrintStream log) throws IOException {
        this.kvServerLauncher = List.copyOf(kvServerLauncher);
        this.workDir = Files.createDirectories(workDir);
        this.perfProblem = usePerf ? PerfStat.probe().orElse(null) : "perf not used (--no-perf)";
        this.syscalls = PerfStat.availableSyscalls(PerfStat.SYSCALLS);
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Makes every later kv-server profile also record the server's CPU with async-profiler, in a second window of
     * the same workload right after the measured one (so that the profiler's sampling adds nothing to the counted
     * syscalls), and write {@code flame-TRANSPORT.html} into the work directory.
     */
    public void recordFlameGraphs(boolean record) {
        this.flameGraphs = record;
    }

    /** Returns why perf is not used, in one line with what to do, or {@code null} when it is. */
    public String perfProblem() {
        return perfProblem;
    }

    /**
     * Profiles kv-server on {@code transport}.
     *
     * @param serverArgs more kv-server arguments, e.g. {@code --event-loops 1}
     * @param workload the load; its host and port are replaced by the server's
     * @param warmup how long to run the load before the window, or zero
     * @throws IOException if the server does not start or cannot be reached
     * @throws InterruptedException if interrupted
     */
    public Profile profileKvServer(String transport, List<String> serverArgs, LoadSpec workload, Duration warmup)
            throws IOException, InterruptedException {
        log.printf("kv-bench profile: %s: starting kv-server%n", transport);
        try (ServerProcess server = ServerProcess.startKvServer(kvServerLauncher, transport, serverArgs,
                workDir.resolve("server-" + transport + ".log"))) {
            if (!server.name().equals(transport)) {
                throw new IOException("kv-server serves with transport " + server.name() + ", not " + transport);
            }
            return measure(server.address(), List.of(server.address()), server.pid(), transport, workload, warmup,
                    flameGraphs);
        }
    }

    /**
     * Profiles {@code redis-server} (memory only) under the same workload.
     *
     * @throws IOException if it does not start or cannot be reached
     * @throws InterruptedException if interrupted
     */
    public Profile profileRedis(String executable, LoadSpec workload, Duration warmup)
            throws IOException, InterruptedException {
        log.printf("kv-bench profile: redis: starting %s%n", executable);
        try (ServerProcess server = ServerProcess.startRedis(executable, workDir.resolve("server-redis.log"))) {
            return measure(server.address(), List.of(server.address()), server.pid(), "redis", workload, warmup,
                    false);
        }
    }

    /**
     * Profiles a RESP server that kv-bench did not start (any host, any server, a proxy): the load generator's side
     * with perf (or its transport's counters); the server's side from INFO only — requests, bytes, and the I/O
     * counters and GC pauses of a kvlab server — labelled as such (source {@code info}), unless it runs on this
     * machine as process {@code pid}, whose syscalls perf then counts.
     *
     * @param address the server's address
     * @param infoFrom the servers whose INFO counts the requests and bytes: {@code address} itself, or the nodes
     *     behind a proxy at {@code address} (their counts summed)
     * @param pid the server's process on this machine, or {@code null} when it runs elsewhere
     * @throws IOException if it cannot be reached or refuses the workload
     * @throws InterruptedException if interrupted
     */
    public Profile profileRemote(InetSocketAddress address, List<InetSocketAddress> infoFrom, Long pid,
            LoadSpec workload, Duration warmup) throws IOException, InterruptedException {
        String target = "remote-" + address.getHostString() + "-" + address.getPort();
        log.printf("kv-bench profile: %s: connecting to %s%n", target, address);
        return measure(address, infoFrom, pid, target, workload, warmup, false);
    }

    /**
     * Measures the server at {@code address}, counting requests from the INFO of {@code infoFrom}; {@code serverPid}
     * is {@code null} when it runs elsewhere.
     */
    private Profile measure(InetSocketAddress address, List<InetSocketAddress> infoFrom, Long serverPid,
            String target, LoadSpec workload, Duration warmup, boolean flameGraph)
            throws IOException, InterruptedException {
        boolean behind = !infoFrom.equals(List.of(address));
        LoadSpec spec = workload.toBuilder().host(address.getHostString()).port(address.getPort()).build();
        LoadGenerator opened;
        try {
            opened = LoadGenerator.open(spec);
        } catch (KvServerException e) {
            throw new IOException("the server refused the " + spec.workload().cliName() + " workload: "
                    + e.getMessage(), e);
        }
        try (LoadGenerator generator = opened; InfoClient info = new InfoClient(infoFrom)) {
            if (!warmup.isZero() && !warmup.isNegative()) {
                log.printf("kv-bench profile: %s: warming up for %.1f s%n", target, warmup.toMillis() / 1000.0);
                generator.runFor(warmup, LoadGenerator.Progress.NONE);
                warmUntilCompiled(generator, serverPid, target);
            }
            GcPauses serverGcBefore = GcPauses.fromInfo(info.info("memory")); // outside the I/O counters' window
            Map<String, String> ioBefore = info.info("transport");
            GcPauses clientGcBefore = GcPauses.ofThisJvm();
            Map<String, String> statsBefore = info.info("stats");
            long commandsBefore = InfoClient.totalCommandsProcessed(statsBefore);
            PerfStat serverPerf = null;
            PerfStat clientPerf = null;
            PerfCounts serverCounts = null;
            PerfCounts clientCounts = null;
            String perfFailure = null;
            LoadResult result;
            ProcessCpu.Sample serverCpu;
            ProcessCpu.Sample clientCpu;
            log.printf("kv-bench profile: %s: measuring%s%n", target, perfProblem == null ? " under perf stat" : "");
            try {
                if (perfProblem == null) {
                    try {
                        if (serverPid != null) {
                            serverPerf = PerfStat.attach(serverPid, syscalls);
                        }
                        clientPerf = PerfStat.attach(ProcessHandle.current().pid(), syscalls);
                    } catch (IOException e) {
                        perfFailure = e.getMessage();
                        log.printf("kv-bench profile: %s: %s; counting with the I/O counters instead%n", target,
                                perfFailure);
                        closeQuietly(clientPerf);
                        closeQuietly(serverPerf);
                        clientPerf = null;
                        serverPerf = null;
                    }
                }
                ProcessCpu.Sample serverCpuBefore = serverPid == null ? null : cpuSample(serverPid);
                ProcessCpu.Sample clientCpuBefore = cpuSample(ProcessHandle.current().pid());
                result = spec.requests() > 0 ? generator.run(LoadGenerator.Progress.NONE)
                        : generator.runFor(spec.duration(), LoadGenerator.Progress.NONE);
                clientCpu = cpu(clientCpuBefore, cpuSample(ProcessHandle.current().pid()));
                serverCpu = serverPid == null ? null : cpu(serverCpuBefore, cpuSample(serverPid));
                if (clientPerf != null) {
                    clientCounts = clientPerf.stop();
                }
                if (serverPerf != null) {
                    serverCounts = serverPerf.stop();
                }
            } finally {
                closeQuietly(clientPerf);
                closeQuietly(serverPerf);
            }
            Map<String, String> statsAfter = info.info("stats");
            long commandsAfter = InfoClient.totalCommandsProcessed(statsAfter);
            GcPauses clientGc = GcPauses.ofThisJvm().since(clientGcBefore);
            Map<String, String> ioAfter = info.info("transport");
            GcPauses serverGcAfter = GcPauses.fromInfo(info.info("memory"));
            GcPauses serverGc = serverGcBefore == null || serverGcAfter == null ? null
                    : serverGcAfter.since(serverGcBefore);
            // One INFO per server (the one that read commandsBefore) is counted between the two readings, by either
            // convention.
            long serverRequests = commandsAfter - commandsBefore - info.servers();
            long clientRequests = result.requests() + result.errors();
            String note = null;
            // the I/O counters of servers behind the measured process are not its own
            Map<String, Long> io = behind && serverPid != null ? Map.of() : ioCounterDelta(ioBefore, ioAfter);
            Side serverSide;
            Side clientSide;
            Cpu serverCpuUse = cpuUse(serverCpu, serverRequests);
            Cpu clientCpuUse = cpuUse(clientCpu, clientRequests);
            Long serverIn = delta(statsBefore, statsAfter, "total_net_input_bytes");
            Long serverOut = delta(statsBefore, statsAfter, "total_net_output_bytes");
            long clientIn = result.clientIo().bytesRead();
            long clientOut = result.clientIo().bytesWritten();
            if (serverCounts != null) {
                serverSide = new Side("server", "perf", serverCounts.syscalls(), serverRequests,
                        contextSwitches(serverCounts), serverCpuUse, serverIn, serverOut);
            } else {
                serverSide = new Side("server", serverPid == null ? "info" : "io-counters", io, serverRequests, null,
                        serverCpuUse, serverIn, serverOut);
            }
            if (clientCounts != null) {
                clientSide = new Side("client", "perf", clientCounts.syscalls(), clientRequests,
                        contextSwitches(clientCounts), clientCpuUse, clientIn, clientOut);
            } else {
                clientSide = new Side("client", "io-counters", result.clientIo().calls().entrySet().stream()
                        .collect(LinkedHashMap::new, (m, e) -> m.put(singular(e.getKey()), e.getValue()),
                                Map::putAll), clientRequests, null, clientCpuUse, clientIn, clientOut);
            }
            if (serverPid == null) {
                note = target + ": the server runs elsewhere: its side is what its INFO says (requests, bytes"
                        + (io.isEmpty() ? "; it reports no transport I/O counters, so its syscalls are not measured"
                                : ", its transport's I/O counters") + "), the load generator's is measured here";
            } else if (serverCounts == null) {
                if (perfFailure != null) {
                    note = target + ": perf stat failed (" + perfFailure + "), so its counts come from the I/O "
                            + "counters";
                }
                if (io.isEmpty()) {
                    note = target + " reports no transport I/O counters in INFO and perf is not available: "
                            + "server syscalls not measured";
                }
            }
            if (behind) {
                String counted = target + ": requests and bytes counted from the INFO of " + infoFrom.stream()
                        .map(a -> a.getHostString() + ":" + a.getPort()).collect(java.util.stream.Collectors
                                .joining(", ")) + (infoFrom.size() > 1 ? " (summed)" : "") + ", not from " + target
                        + (serverPid == null ? "" : "; syscalls counted in process " + serverPid);
                note = note == null ? counted : note + "; " + counted;
            }
            if ((serverCpu == null && serverPid != null) || clientCpu == null) {
                String missing = target + ": CPU time and context switches not measured (" + cpuProblem + ")";
                note = note == null ? missing : note + "; " + missing;
            }
            if (result.fanout() != null && result.fanout().undelivered() > 0) {
                String lost = target + ": " + result.fanout().undelivered() + " message(s) the server sent were not "
                        + "received by the subscribers";
                note = note == null ? lost : note + "; " + lost;
            }
            log.printf("kv-bench profile: %s: %,d requests, %,.0f ops/s%n", target, serverRequests,
                    result.opsPerSec());
            CpuProfile cpuProfile = null;
            if (flameGraph) {
                log.printf("kv-bench profile: %s: recording a flame graph with async-profiler for another %.1f s%n",
                        target, result.elapsed().toMillis() / 1000.0);
                try {
                    FlameGraph recording = FlameGraph.start(serverPid);
                    generator.runFor(result.elapsed(), LoadGenerator.Progress.NONE);
                    cpuProfile = recording.stop(workDir.resolve("flame-" + target + ".html"));
                } catch (IOException e) {
                    String missing = target + ": no flame graph (" + e.getMessage() + ")";
                    log.println("kv-bench profile: " + missing);
                    note = note == null ? missing : note + "; " + missing;
                }
            }
            return new Profile(target, result, serverRequests, serverSide, clientSide, io, note, serverGc, clientGc,
                    cpuProfile);
        }
    }

    /**
     * Goes on with the warm-up load, a second at a time, while the JIT compiler threads of the server (when it is a
     * JVM on this machine) or of this load generator used more than one clock tick (10 ms) in the last second, for
     * up to {@value #MAX_COMPILE_WAIT_SECONDS} s: a compiler still at work in the measured window takes one of the
     * two cores the server and the load generator share, and its bursts land in the latency tail. Does nothing where
     * {@code /proc} cannot be read.
     */
    private void warmUntilCompiled(LoadGenerator generator, Long serverPid, String target)
            throws InterruptedException {
        long self = ProcessHandle.current().pid();
        try {
            for (int second = 0; second < MAX_COMPILE_WAIT_SECONDS; second++) {
                long server = serverPid == null ? 0 : ProcessCpu.compilerTicks(serverPid);
                long client = ProcessCpu.compilerTicks(self);
                generator.runFor(Duration.ofSeconds(1), LoadGenerator.Progress.NONE);
                long serverCompiling = serverPid == null ? 0 : ProcessCpu.compilerTicks(serverPid) - server;
                long clientCompiling = ProcessCpu.compilerTicks(self) - client;
                if (serverCompiling <= 1 && clientCompiling <= 1) {
                    if (second > 0) {
                        log.printf("kv-bench profile: %s: warmed up %d s more, until no JIT compiler was busy%n",
                                target, second + 1);
                    }
                    return;
                }
            }
            log.printf("kv-bench profile: %s: JIT compilers still busy after %d s more of warm-up; measuring "
                    + "anyway%n", target, MAX_COMPILE_WAIT_SECONDS);
        } catch (IOException e) {
            log.printf("kv-bench profile: %s: cannot tell whether a JIT compiler is busy (%s)%n", target,
                    e.getMessage());
        }
    }

    /** Reads {@code pid}'s CPU counters, or returns {@code null} (and remembers why) when they cannot be read. */
    private ProcessCpu.Sample cpuSample(long pid) {
        try {
            return ProcessCpu.read(pid);
        } catch (IOException | RuntimeException e) {
            cpuProblem = "/proc/" + pid + ": " + e.getMessage();
            return null;
        }
    }

    private static ProcessCpu.Sample cpu(ProcessCpu.Sample before, ProcessCpu.Sample after) {
        return before == null || after == null ? null : after.minus(before);
    }

    private Cpu cpuUse(ProcessCpu.Sample window, long requests) {
        if (window == null) {
            return null;
        }
        try {
            double tick = ProcessCpu.secondsPerTick();
            return new Cpu(window.userTicks() * tick, window.systemTicks() * tick, window.voluntarySwitches(),
                    window.involuntarySwitches(), Math.max(0, requests));
        } catch (IOException e) {
            cpuProblem = e.getMessage();
            return null;
        }
    }

    /** Returns INFO field {@code name}'s growth over the window, or {@code null} when the server has no such field. */
    private static Long delta(Map<String, String> before, Map<String, String> after, String name) {
        String a = after.get(name);
        String b = before.get(name);
        return a == null || b == null ? null : Long.parseLong(a.trim()) - Long.parseLong(b.trim());
    }

    private static Long contextSwitches(PerfCounts counts) {
        Double switches = counts.otherEvents().get(PerfStat.CONTEXT_SWITCHES);
        return switches == null ? null : Math.round(switches);
    }

    private static void closeQuietly(PerfStat session) {
        if (session != null) {
            session.close();
        }
    }

    /** Returns INFO's transport counters ({@code io_reads} and so on) over the window, named as syscalls. */
    static Map<String, Long> ioCounterDelta(Map<String, String> before, Map<String, String> after) {
        Map<String, Long> delta = new LinkedHashMap<>();
        for (String field : List.of("reads", "writes", "accepts", "connects", "closes", "wakeups")) {
            String a = after.get("io_" + field);
            String b = before.get("io_" + field);
            if (a != null && b != null) {
                delta.put(singular(field), Long.parseLong(a.trim()) - Long.parseLong(b.trim()));
            }
        }
        return delta;
    }

    private static String singular(String plural) {
        return plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
    }
}
