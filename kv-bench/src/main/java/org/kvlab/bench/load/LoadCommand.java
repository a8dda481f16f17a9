package org.kvlab.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kvlab.client.KvServerException;
import org.kvlab.spi.TransportUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kv-bench load}: runs SET/GET load, redis-benchmark's tests one after the other ({@code -t}), or pub/sub
 * fan-out ({@code --workload fanout}) against a Redis-protocol server and prints ops/s and latency percentiles (or
 * JSON), one result per test. Exit status 0, 1 if any request failed, a message was not delivered or the server
 * cannot be reached, 2 for bad usage.
 */
@Command(name = "load", exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every request succeeded", "1:a request failed, a message was not delivered or the server "
                + "cannot be reached", "2:bad usage"},
        description = {"Load against a Redis-protocol server (kvlab or Redis): SET/GET at a ratio, redis-benchmark's "
                + "tests with -t, one after the other, or pub/sub fan-out with --workload fanout. In a closed loop "
                + "(the default) each connection sends a batch and sends the next when its last reply arrives; "
                + "latency is corrected for coordinated omission against the mean interval between a connection's "
                + "batches. With --rate the batches leave on schedule whatever is in flight (an open loop), and "
                + "latency counts from the time each was due.",
            "Short options mean what they mean to redis-benchmark: -h host, -p port, -a password, -c clients, "
                + "-n requests, -d data size, -P pipeline, -r keyspace, -t tests, -q quiet."})
public final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--help", usageHelp = true, description = "print this help and exit (-h is the host)")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "print the version and exit")
    boolean version;

    @Option(names = "--transport", paramLabel = "NAME",
            description = "client I/O model: blocking, nio, epoll, iouring (default: the best available)")
    String transport;

    @Option(names = {"-h", "--host"}, defaultValue = "127.0.0.1", description = "server host (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "6379", description = "server port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = {"-a", "--password"}, paramLabel = "PASSWORD",
            description = "sent with AUTH on every connection (default: none)")
    String password;

    @Option(names = "--workload", defaultValue = "kv", paramLabel = "NAME",
            description = "kv: SET/GET at --ratio, or the -t tests; fanout: --clients publishers send PUBLISH to one "
                    + "channel that --subscribers connections listen to, messages of --value-size bytes "
                    + "(default: ${DEFAULT-VALUE})")
    String workload;

    @Option(names = {"-c", "--clients"},
            description = "connections that send requests (default: 50; with --workload fanout, 1 publisher)")
    Integer clients;

    @Option(names = "--subscribers", defaultValue = "50",
            description = "with --workload fanout: subscriber connections, each receiving every message "
                    + "(default: ${DEFAULT-VALUE})")
    int subscribers;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "OPS",
            description = "requests per second in all, sent on schedule whatever is in flight (an open loop); 0 "
                    + "runs a closed loop as fast as replies come (default: ${DEFAULT-VALUE})")
    long rate;

    @Option(names = {"-P", "--pipeline"}, defaultValue = "1",
            description = "requests per batch on a connection (default: ${DEFAULT-VALUE})")
    int pipeline;

    @Option(names = {"-n", "--requests"}, defaultValue = "0",
            description = "requests in all; 0 runs for --duration (default: ${DEFAULT-VALUE})")
    long requests;

    @Option(names = "--duration", defaultValue = "5s", converter = DurationConverter.class,
            description = "how long to run when --requests is 0, e.g. 5s, 500ms, 1m (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
            description = "load on the same connections before the measured run, not reported; the JVM's own "
                    + "warm-up otherwise shows in the first second's latencies (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--ratio", defaultValue = "1:1", paramLabel = "SET:GET",
            description = "SET:GET mix, e.g. 1:1, 1:10, 0:1 (default: ${DEFAULT-VALUE})")
    String ratio;

    @Option(names = {"-t", "--tests"}, paramLabel = "TESTS",
            description = "run redis-benchmark's tests instead of the SET:GET ratio, each for --requests or "
                    + "--duration, in redis-benchmark's order, one result each: a comma-separated list of ping_mbulk, "
                    + "set, get, incr, lpush, rpush, lpop, rpop, sadd, hset, spop, zadd, zpopmin, lrange_100, "
                    + "lrange_300, lrange_500, lrange_600, lrange (the four), mset. Keys and values as "
                    + "redis-benchmark -r KEYSPACE -d VALUE-SIZE sends them (mylist, myset, key:__rand_int__, ...); "
                    + "the LRANGE tests first fill mylist to 600 elements")
    String tests;

    @Option(names = {"-r", "--keyspace"}, defaultValue = "100000",
            description = "distinct keys (with -t, distinct numbers for __rand_int__), chosen uniformly "
                    + "(default: ${DEFAULT-VALUE})")
    int keyspace;

    @Option(names = {"-d", "--value-size"}, defaultValue = "3", paramLabel = "BYTES",
            description = "bytes per value (SET, or with -t the value of SET, LPUSH, HSET, MSET, ...) "
                    + "(default: ${DEFAULT-VALUE})")
    int valueSize;

    @Option(names = "--per-request-connections",
            description = "connect, send one request, close, for every request (connection churn)")
    boolean perRequestConnections;

    @Option(names = "--threads", defaultValue = "1",
            description = "client event-loop threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--json",
            description = "print the result as JSON on stdout: an object, or with -t an array of one object per test "
                    + "(its \"test\" field names it)")
    boolean json;

    @Option(names = "--csv",
            description = "print one CSV line per test, as redis-benchmark --csv: test, rps, then the measured "
                    + "latency (from send to reply, not corrected) in ms: avg, p50, p90, p99, p99.9, max")
    boolean csv;

    @Option(names = {"-q", "--quiet"},
            description = "print one line per test, as redis-benchmark -q: its requests per second and p50 latency")
    boolean quiet;

    @Option(names = "--progress",
            description = "print a progress line each second to stderr even when it is not a terminal (on a terminal "
                    + "one line is redrawn in place)")
    boolean progress;

    /** Creates the command; picocli sets its options. */
    public LoadCommand() {
    }

    /** Runs the load; see {@code --help}. */
    @Override
    public Integer call() throws Exception {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        List<LoadSpec> specs = new ArrayList<>();
        try {
            int[] mix = LoadSpec.parseRatio(ratio);
            Workload chosen = Workload.parse(workload);
            CommandLine.ParseResult given = commandSpec.commandLine().getParseResult();
            if (json && csv) {
                throw new IllegalArgumentException("--json and --csv: give one (expected: one output format)");
            }
            if (chosen == Workload.FANOUT && (given.hasMatchedOption("--ratio") || tests != null)) {
                throw new IllegalArgumentException("--workload fanout publishes: --ratio and --tests are for the kv "
                        + "workload");
            }
            if (chosen != Workload.FANOUT && given.hasMatchedOption("--subscribers")) {
                throw new IllegalArgumentException("--subscribers: only with --workload fanout");
            }
            LoadSpec.Builder base = LoadSpec.builder().transport(transport).host(host).port(port)
                    .clients(clients != null ? clients : chosen.defaultClients()).pipeline(pipeline)
                    .requests(requests).duration(duration).ratio(mix[0], mix[1]).keyspace(keyspace)
                    .valueSize(valueSize).perRequestConnections(perRequestConnections).clientThreads(threads)
                    .workload(chosen).subscribers(subscribers).rate(rate).password(password);
            if (tests == null) {
                specs.add(base.build());
            } else {
                if (commandSpec.commandLine().getParseResult().hasMatchedOption("--ratio")) {
                    throw new IllegalArgumentException("--ratio and --tests: give one (expected: the SET:GET ratio, "
                            + "or redis-benchmark's tests)");
                }
                for (BenchmarkTest test : BenchmarkTest.parse(tests)) {
                    specs.add(base.test(test).build());
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
        }
        err.println("kv-bench load: " + LoadGenerator.coreNote(host));
        err.flush();
        boolean terminal = stderrIsTerminal();
        LoadGenerator.Progress live = progress || terminal
                ? new LoadGenerator.Progress(err, terminal) : LoadGenerator.Progress.NONE;
        List<Map<String, Object>> results = new ArrayList<>();
        long errors = 0;
        if (csv) {
            out.println(CSV_HEADER);
        }
        for (LoadSpec spec : specs) {
            if (spec.test() != null && !json && !csv && !quiet) {
                out.println("====== " + spec.test().title() + " ======");
                out.flush();
            }
            LoadResult result;
            try (LoadGenerator generator = LoadGenerator.open(spec)) {
                if (!warmup.isZero()) {
                    generator.runFor(warmup, LoadGenerator.Progress.NONE);
                }
                result = generator.run(live);
            } catch (TransportUnavailableException e) {
                err.println("kv-bench load: " + e.getMessage());
                return 1;
            } catch (java.io.IOException e) {
                err.println("kv-bench load: cannot reach " + host + ":" + port + ": " + e.getMessage());
                return 1;
            } catch (KvServerException e) {
                err.println("kv-bench load: the server refused " + (spec.test() != null
                        ? "to prepare " + spec.test().title() : spec.workload() == Workload.FANOUT
                        ? "the fan-out subscription" : "the connection") + ": " + e.getMessage());
                return 1;
            }
            errors += result.errors();
            if (result.fanout() != null && result.fanout().undelivered() > 0) {
                err.println("kv-bench load: " + result.fanout().undelivered() + " message(s) the server sent were "
                        + "not received");
                errors++;
            }
            if (json) {
                results.add(result.toMap());
            } else if (csv) {
                out.println(csvLine(result, spec));
            } else if (quiet) {
                out.println(quietLine(result, spec));
            } else {
                out.print(summary(result, spec));
                out.flush();
            }
        }
        if (json) {
            Object document = tests == null ? results.get(0) : results;
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
        }
        out.flush();
        if (errors > 0) {
            err.println("kv-bench load: " + errors + " request(s) failed");
            return 1;
        }
        return 0;
    }

    /** Whether file descriptor 2 is a terminal: on Linux from /proc, elsewhere as the JDK's console sees it. */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** The header of {@code --csv}: redis-benchmark's first columns, then the percentiles kv-bench measures. */
    static final String CSV_HEADER = "\"test\",\"rps\",\"avg_latency_ms\",\"p50_latency_ms\",\"p90_latency_ms\","
            + "\"p99_latency_ms\",\"p99.9_latency_ms\",\"max_latency_ms\"";

    /** Returns the name redis-benchmark gives the test {@code spec} runs ({@code SET:GET 1:1} for a ratio). */
    private static String testTitle(LoadSpec spec) {
        if (spec.workload() == Workload.FANOUT) {
            return "PUBLISH";
        }
        return spec.test() != null ? spec.test().title()
                : String.format(Locale.ROOT, "SET:GET %d:%d", spec.sets(), spec.gets());
    }

    /** Returns {@code result} as one {@code --csv} line under {@link #CSV_HEADER}. */
    static String csvLine(LoadResult r, LoadSpec spec) {
        LoadResult.Latency u = r.uncorrectedLatency();
        return String.format(Locale.ROOT, "\"%s\",\"%.2f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\"",
                testTitle(spec).replace("\"", "\"\""), r.opsPerSec(), u.mean() / 1000, u.p50() / 1000,
                u.p90() / 1000, u.p99() / 1000, u.p999() / 1000, u.max() / 1000);
    }

    /** Returns {@code result} as one {@code -q} line, as redis-benchmark prints it. */
    static String quietLine(LoadResult r, LoadSpec spec) {
        return String.format(Locale.ROOT, "%s: %.2f requests per second, p50=%.3f msec", testTitle(spec),
                r.opsPerSec(), r.uncorrectedLatency().p50() / 1000);
    }

    /** Returns the human-readable summary of {@code result}. */
    static String summary(LoadResult r, LoadSpec spec) {
        StringBuilder sb = new StringBuilder();
        String loop = r.rate() > 0 ? String.format(Locale.ROOT, "open loop at %,d ops/s", r.rate()) : "closed loop";
        if (r.fanout() != null) {
            sb.append(String.format(Locale.ROOT, "transport %s, fanout: %d publisher%s, %d subscribers, pipeline %d, "
                    + "%s, %d-byte messages%n", r.transport(), r.clients(), r.clients() == 1 ? "" : "s",
                    r.fanout().subscribers(), r.pipeline(), loop, spec.valueSize()));
        } else {
            String workload = spec.test() == null
                    ? String.format(Locale.ROOT, "SET:GET %d:%d", spec.sets(), spec.gets())
                    : "test " + spec.test().testName();
            sb.append(String.format(Locale.ROOT, "transport %s, %d %s, pipeline %d, %s, %s, %d keys, %d-byte values%n",
                    r.transport(), r.clients(), r.perRequestConnections() ? "clients with per-request connections"
                            : "connections", r.pipeline(), loop, workload, spec.keyspace(), spec.valueSize()));
        }
        String counts = r.fanout() != null ? "PUBLISH"
                : spec.test() == null
                ? String.format(Locale.ROOT, "%,d SET, %,d GET, %,d GET misses", r.sets(), r.gets(), r.getMisses())
                : String.format(Locale.ROOT, "%,d null replies", r.getMisses());
        sb.append(String.format(Locale.ROOT, "requests  %,d ok, %,d errors (%s) in %.3f s%n",
                r.requests(), r.errors(), counts, r.elapsed().toNanos() / 1e9));
        sb.append(String.format(Locale.ROOT, "throughput  %,.0f ops/s%n", r.opsPerSec()));
        if (r.fanout() != null) {
            LoadResult.Fanout f = r.fanout();
            sb.append(String.format(Locale.ROOT, "delivered  %,d messages to %d subscribers (%,d reached by the "
                    + "server's count, %,d not received) in %.3f s: %,.0f messages/s%n", f.delivered(),
                    f.subscribers(), f.receivers(), f.undelivered(), f.elapsed().toNanos() / 1e9, f.deliveredPerSec()));
        }
        LoadResult.Latency c = r.latency();
        LoadResult.Latency u = r.uncorrectedLatency();
        String of = r.fanout() != null ? "PUBLISH latency us" : "latency us";
        if (r.rate() > 0) {
            sb.append(String.format(Locale.ROOT, "%s  p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f"
                    + "  (from the time each batch was due, every %.1f us per connection)%n",
                    of, c.p50(), c.p99(), c.p999(), c.max(), r.expectedIntervalUs()));
            sb.append(String.format(Locale.ROOT, "from send   p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                    u.p50(), u.p99(), u.p999(), u.max()));
        } else {
            sb.append(String.format(Locale.ROOT, "%s  p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f"
                    + "  (corrected for coordinated omission at a %.1f us interval)%n",
                    of, c.p50(), c.p99(), c.p999(), c.max(), r.expectedIntervalUs()));
            sb.append(String.format(Locale.ROOT, "measured   p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                    u.p50(), u.p99(), u.p999(), u.max()));
        }
        sb.append("client I/O calls  ").append(r.clientIo().calls()).append(System.lineSeparator());
        return sb.toString();
    }
}
