package org.kvlab.bench.clients;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares KvClient, Jedis and Lettuce, and {@code redis-benchmark} as the C reference, against one
 * {@code redis-server} it starts on a free loopback port: {@code --connections} connections (50), SET then GET of
 * {@code --value-size}-byte values (3) over {@code --keyspace} keys (100000), {@code --requests} requests (100000)
 * per command, at each pipeline depth of {@code --depths} (1,16), the clients alternating within each of
 * {@code --rounds} rounds (3) after {@code --warmup-rounds} (1) unreported warm-up rounds of the Java clients
 * (so the JIT has compiled each client's path before it is timed). Prints every round and, per depth and
 * client, the medians: SET, GET and overall ops/s, and client CPU µs per request (this JVM's process CPU time
 * over the timed runs, divided by their requests; for {@code redis-benchmark} its own user+sys time, which
 * includes its connection set-up).
 *
 * <p>Run it from the repository root (the first command installs the modules the class path takes from
 * {@code ~/.m2} and compiles this class):
 * <pre>
 * ./mvnw -B -q -o -DskipTests -pl kv-bench -am install
 * ./mvnw -B -q -o -pl kv-bench dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/cbench.classpath
 * java -cp kv-bench/target/test-classes:kv-bench/target/classes:$(cat kv-bench/target/cbench.classpath) \
 *     org.kvlab.bench.clients.ClientComparison [--rounds 3] [--requests 100000] [--transport epoll]
 * </pre>
 * Options: {@code --rounds N}, {@code --requests N}, {@code --connections N}, {@code --depths 1,16},
 * {@code --keyspace N}, {@code --value-size N}, {@code --transport NAME} (KvClient's; the best available by
 * default), {@code --event-loops N} (KvClient's, 1 by default), {@code --warmup-rounds N},
 * {@code --redis-server PATH}, {@code --redis-benchmark PATH}.
 */
public final class ClientComparison {

    private static final List<String> CLIENTS = List.of("KvClient", "Jedis", "Lettuce", "redis-benchmark");
    /** Held so the level set on it stays: Lettuce logs every connection's handshake at INFO. */
    private static final java.util.logging.Logger LETTUCE_LOG = java.util.logging.Logger.getLogger("io.lettuce");

    private final Map<String, String> options;
    private final int rounds;
    private final long requests;
    private final int connections;
    private final int[] depths;
    private final int keyspace;
    private final int valueSize;
    private final String transport;
    private final int eventLoops;
    private final int warmupRounds;
    private final Workload workload;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** depth → client → one result per round. */
    private final Map<Integer, Map<String, List<Result>>> results = new LinkedHashMap<>();
    private String kvClientTransport = "?";

    private ClientComparison(Map<String, String> options) {
        this.options = options;
        rounds = positive("rounds", "3");
        requests = positive("requests", "100000");
        connections = positive("connections", "50");
        depths = Arrays.stream(options.getOrDefault("depths", "1,16").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        keyspace = positive("keyspace", "100000");
        valueSize = positive("value-size", "3");
        transport = options.get("transport");
        eventLoops = positive("event-loops", "1");
        warmupRounds = number("warmup-rounds", "1", 0);
        workload = new Workload(keyspace, valueSize);
    }

    /**
     * Runs the comparison and prints it to standard output.
     *
     * @param args {@code --name value} pairs, see the class documentation
     * @throws IllegalArgumentException if an option is unknown or not a positive number where one is expected
     * @throws Exception if redis-server cannot be started or a run fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> known = List.of("rounds", "requests", "connections", "depths", "keyspace", "value-size",
                "transport", "event-loops", "warmup-rounds", "redis-server", "redis-benchmark");
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!known.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("option: " + args[i] + " (expected: --NAME VALUE, NAME one of "
                        + known + ")");
            }
            options.put(name, args[i + 1]);
        }
        LETTUCE_LOG.setLevel(java.util.logging.Level.WARNING);
        new ClientComparison(options).run();
    }

    private int positive(String name, String fallback) {
        return number(name, fallback, 1);
    }

    private int number(String name, String fallback, int min) {
        String text = options.getOrDefault(name, fallback);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            value = min - 1;
        }
        if (value < min) {
            throw new IllegalArgumentException(name + ": " + text + " (expected: a number >= " + min + ")");
        }
        return value;
    }

    private void run() throws Exception {
        try (RedisServer server = RedisServer.start(options.getOrDefault("redis-server", "redis-server"))) {
            System.out.printf(Locale.ROOT, "redis-server on port %d; %d connections, SET then GET, %d-byte values, "
                    + "%d keys, %,d requests per command; cores: %d%n", server.port(), connections, valueSize,
                    keyspace, requests, Runtime.getRuntime().availableProcessors());
            for (int depth : depths) {
                for (String client : CLIENTS.subList(0, 3)) {
                    for (int w = 0; w < warmupRounds; w++) {
                        measure(client, server.port(), depth, requests);
                    }
                }
            }
            System.out.println("warm-up done (not reported); KvClient transport: " + kvClientTransport);
            for (int round = 1; round <= rounds; round++) {
                for (int depth : depths) {
                    for (int i = 0; i < CLIENTS.size(); i++) {
                        String client = CLIENTS.get((i + round - 1) % CLIENTS.size());
                        Result r = measure(client, server.port(), depth, requests);
                        results.computeIfAbsent(depth, d -> new LinkedHashMap<>())
                                .computeIfAbsent(client, c -> new ArrayList<>()).add(r);
                        System.out.printf(Locale.ROOT, "round %d  -P %-2d %-15s SET %,9.0f  GET %,9.0f  ops/s %,9.0f"
                                + "  CPU %6.2f us/request%s%n", round, depth, client, r.setOps, r.getOps, r.ops(),
                                r.cpuMicrosPerRequest, r.errors == 0 ? "" : "  ERRORS " + r.errors);
                    }
                }
            }
        }
        printSummary();
    }

    private Result measure(String client, int port, int depth, long n) throws Exception {
        if (client.equals("redis-benchmark")) {
            return redisBenchmark(port, depth, n);
        }
        try (Driver driver = open(client, port, depth)) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long errors = driver.run(Workload.Op.SET, n);
            long t1 = System.nanoTime();
            errors += driver.run(Workload.Op.GET, n);
            long t2 = System.nanoTime();
            long cpu = os.getProcessCpuTime() - cpu0;
            return new Result(n * 1e9 / (t1 - t0), n * 1e9 / (t2 - t1), cpu / 1000.0 / (2 * n), errors);
        }
    }

    private Driver open(String client, int port, int depth) {
        switch (client) {
            case "KvClient": {
                KvClientDriver d = new KvClientDriver(port, connections, depth, transport, eventLoops, workload);
                kvClientTransport = d.transportName();
                return d;
            }
            case "Jedis":
                return new JedisDriver(port, connections, depth, workload);
            case "Lettuce":
                return new LettuceDriver(port, connections, depth, workload);
            default:
                throw new IllegalArgumentException("client: " + client + " (expected: one of " + CLIENTS + ")");
        }
    }

    /** Runs redis-benchmark on the same workload; CPU from the shell's {@code times} for its children. */
    private Result redisBenchmark(int port, int depth, long n) throws IOException, InterruptedException {
        String command = String.format(Locale.ROOT, "%s -h 127.0.0.1 -p %d -c %d -r %d -t set,get -d %d -P %d -n %d "
                + "--csv; times", options.getOrDefault("redis-benchmark", "redis-benchmark"), port, connections,
                keyspace, valueSize, depth, n);
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("redis-benchmark failed: " + out);
        }
        double set = -1;
        double get = -1;
        String[] lines = out.strip().split("\\R");
        for (String line : lines) {
            String[] fields = line.replace("\"", "").split(",");
            if (fields.length > 1 && fields[0].equals("SET")) {
                set = Double.parseDouble(fields[1]);
            } else if (fields.length > 1 && fields[0].equals("GET")) {
                get = Double.parseDouble(fields[1]);
            }
        }
        String[] children = lines[lines.length - 1].trim().split("\\s+");
        if (set <= 0 || get <= 0 || children.length != 2) {
            throw new IOException("redis-benchmark: unexpected output: " + out);
        }
        double cpuSeconds = shellSeconds(children[0]) + shellSeconds(children[1]);
        return new Result(set, get, cpuSeconds * 1e6 / (2 * n), 0);
    }

    /** Parses bash's {@code times} format, e.g. {@code 1m2.345s}. */
    private static double shellSeconds(String text) {
        int m = text.indexOf('m');
        return Integer.parseInt(text.substring(0, m)) * 60 + Double.parseDouble(text.substring(m + 1,
                text.length() - 1));
    }

    private void printSummary() {
        System.out.println();
        System.out.printf(Locale.ROOT, "Medians of %d rounds (KvClient over %s, %d event loop%s):%n", rounds,
                kvClientTransport, eventLoops, eventLoops == 1 ? "" : "s");
        System.out.println("| depth | client | SET ops/s | GET ops/s | ops/s | client CPU µs/request "
                + "| vs redis-benchmark |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<Integer, Map<String, List<Result>>> byDepth : results.entrySet()) {
            double reference = median(byDepth.getValue().get("redis-benchmark"), Result::ops);
            for (Map.Entry<String, List<Result>> byClient : byDepth.getValue().entrySet()) {
                List<Result> rs = byClient.getValue();
                double ops = median(rs, Result::ops);
                System.out.printf(Locale.ROOT, "| %d | %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f |%n", byDepth.getKey(),
                        byClient.getKey(), median(rs, r -> r.setOps), median(rs, r -> r.getOps), ops,
                        median(rs, r -> r.cpuMicrosPerRequest), ops / reference);
            }
        }
        long errors = results.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream)
                .mapToLong(r -> r.errors).sum();
        if (errors > 0) {
            System.out.println("WARNING: " + errors + " requests failed; see the rounds above");
        }
    }

    private static double median(List<Result> rs, java.util.function.ToDoubleFunction<Result> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One client's SET and GET runs at one depth in one round. */
    private record Result(double setOps, double getOps, double cpuMicrosPerRequest, long errors) {
        /** Both runs' requests over both runs' time. */
        double ops() {
            return 2 / (1 / setOps + 1 / getOps);
        }
    }
}
