package org.kvlab.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.kvlab.testsuite.client.ChildProcesses;

/**
 * A Redis Sentinel ({@code redis-sentinel}) process on a free loopback port, monitoring one primary under a name with
 * quick timings: down after {@value #DOWN_AFTER_MILLIS} ms of silence, a failover abandoned after
 * {@value #FAILOVER_TIMEOUT_MILLIS} ms, replicas reconfigured one at a time. Its configuration file, which it
 * rewrites, and its log are in its own directory. {@link #close()} kills it. Not thread-safe.
 */
final class SentinelProcess implements AutoCloseable {

    /** How long an instance may not answer before this sentinel takes it as down. */
    static final int DOWN_AFTER_MILLIS = 1000;
    /** How long a failover may take before it is abandoned (and, twice that, before the next one starts). */
    static final int FAILOVER_TIMEOUT_MILLIS = 5000;
    private static final long START_TIMEOUT_MILLIS = 20_000;

    private final Process process;
    private final InetSocketAddress address;
    private final Path log;
    private final Differential.Side side;

    private SentinelProcess(Process process, InetSocketAddress address, Path log, Differential.Side side) {
        this.process = process;
        this.address = address;
        this.log = log;
        this.side = side;
    }

    /** Returns the {@code redis-sentinel} executable on the {@code PATH} or in {@code /usr/bin}; {@code null} if none. */
    static Path executable() {
        return ChildProcesses.executable("redis-sentinel", "/usr/bin");
    }

    /** Returns the configuration of a sentinel on {@code port} monitoring {@code primary} as {@code name}. */
    static String config(int port, Path dir, String name, InetSocketAddress primary, int quorum) {
        return String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "daemonize no",
                "dir " + dir.toAbsolutePath(),
                "sentinel monitor " + name + " " + primary.getHostString() + " " + primary.getPort() + " " + quorum,
                "sentinel down-after-milliseconds " + name + " " + DOWN_AFTER_MILLIS,
                "sentinel failover-timeout " + name + " " + FAILOVER_TIMEOUT_MILLIS,
                "sentinel parallel-syncs " + name + " 1",
                "");
    }

    /**
     * Starts a sentinel in {@code dir} monitoring {@code primary} as {@code name}, and waits until it answers.
     *
     * @throws IOException if it is not installed or does not come up
     */
    static SentinelProcess start(Path dir, String name, InetSocketAddress primary, int quorum)
            throws IOException, InterruptedException {
        Path exe = executable();
        if (exe == null) {
            throw new IOException("redis-sentinel is not installed (Debian's package: redis-sentinel)");
        }
        Files.createDirectories(dir);
        return ChildProcesses.startRetryingPortRace(() -> start(exe, dir, name, primary, quorum));
    }

    private static SentinelProcess start(Path exe, Path dir, String name, InetSocketAddress primary, int quorum)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path conf = Files.writeString(dir.resolve("sentinel.conf"), config(port, dir, name, primary, quorum));
        Path log = dir.resolve("sentinel-" + port + ".log");
        Process process = new ProcessBuilder(exe.toString(), conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (true) {
            try {
                Differential.Side side = new Differential.Side(address);
                return new SentinelProcess(process, address, log, side);
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                    throw new IOException("redis-sentinel did not start on port " + port + ": "
                            + Files.readString(log), e);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Returns the address clients ask. */
    InetSocketAddress address() {
        return address;
    }

    /** Returns the fields of {@code SENTINEL MASTER name}: how this sentinel sees the primary. */
    Map<String, String> primary(String name) {
        Reply reply = side.call(Differential.args("SENTINEL", "MASTER", name));
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < reply.elements.size(); i += 2) {
            fields.put(text(reply.elements.get(i)), text(reply.elements.get(i + 1)));
        }
        return fields;
    }

    /** Returns {@code SENTINEL GET-MASTER-ADDR-BY-NAME name}: where this sentinel says the primary is. */
    InetSocketAddress primaryAddress(String name) {
        Reply reply = side.call(Differential.args("SENTINEL", "GET-MASTER-ADDR-BY-NAME", name));
        return new InetSocketAddress(text(reply.elements.get(0)), Integer.parseInt(text(reply.elements.get(1))));
    }

    /** Returns what the sentinel logged so far, to explain a failure. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Reply bulk) {
        String raw = new String(bulk.raw, StandardCharsets.ISO_8859_1);
        return raw.substring(raw.indexOf("\r\n") + 2, raw.length() - 2);
    }

    @Override
    public void close() {
        side.close();
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
