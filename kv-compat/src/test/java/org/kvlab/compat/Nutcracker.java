package org.kvlab.compat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kvlab.testsuite.client.ChildProcesses;

/**
 * A twemproxy ({@code nutcracker}) process on a free loopback port in front of Redis-protocol servers: one pool,
 * ketama distribution of fnv1a_64 hashes, hash tag {@code {}}, servers never ejected, named {@code shard0},
 * {@code shard1}, … so that two proxies in front of as many servers place every key alike ({@link Ketama} says
 * where). {@link #close()} kills it and deletes its files. Not thread-safe.
 */
final class Nutcracker implements AutoCloseable {

    /** The hash tag of the pool: a key's part between its first braces is what is hashed. */
    static final String HASH_TAG = "{}";

    private static final long START_TIMEOUT_MILLIS = 20_000;

    private final Process process;
    private final InetSocketAddress address;
    private final Path dir;

    private Nutcracker(Process process, InetSocketAddress address, Path dir) {
        this.process = process;
        this.address = address;
        this.dir = dir;
    }

    /**
     * Returns the {@code nutcracker} executable: on the {@code PATH}, else in {@code /usr/sbin} where Debian's
     * package puts it (not on a user's {@code PATH}); {@code null} if there is none.
     */
    static Path executable() {
        return ChildProcesses.executable("nutcracker", "/usr/sbin");
    }

    /** Returns the configuration of a pool listening on {@code port} in front of {@code servers}, in order. */
    static String config(int port, List<InetSocketAddress> servers) {
        StringBuilder yaml = new StringBuilder()
                .append("shards:\n")
                .append("  listen: 127.0.0.1:").append(port).append('\n')
                .append("  hash: fnv1a_64\n")
                .append("  hash_tag: \"").append(HASH_TAG).append("\"\n")
                .append("  distribution: ketama\n")
                .append("  redis: true\n")
                .append("  auto_eject_hosts: false\n")
                .append("  servers:\n");
        for (int i = 0; i < servers.size(); i++) {
            InetSocketAddress server = servers.get(i);
            yaml.append("    - ").append(server.getHostString()).append(':').append(server.getPort())
                    .append(":1 ").append(Ketama.serverName(i)).append('\n');
        }
        return yaml.toString();
    }

    /**
     * Starts {@code nutcracker} in front of {@code servers} and waits until it accepts connections.
     *
     * @throws IOException if it is not installed or does not come up
     */
    static Nutcracker start(List<InetSocketAddress> servers) throws IOException, InterruptedException {
        Path exe = executable();
        if (exe == null) {
            throw new IOException("nutcracker is not installed (Debian's package: nutcracker)");
        }
        return ChildProcesses.startRetryingPortRace(() -> start(exe, servers));
    }

    private static Nutcracker start(Path exe, List<InetSocketAddress> servers)
            throws IOException, InterruptedException {
        int port = freePort();
        int statsPort = freePort();
        Path dir = Files.createTempDirectory("kvlab-nutcracker-");
        Path conf = Files.writeString(dir.resolve("nutcracker.yml"), config(port, servers));
        Path log = dir.resolve("nutcracker.log");
        Process process = new ProcessBuilder(exe.toString(), "-c", conf.toString(), "-o", log.toString(),
                "-s", Integer.toString(statsPort), "-a", "127.0.0.1", "-p", dir.resolve("nutcracker.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        Nutcracker proxy = new Nutcracker(process, address, dir);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(address, 1000);
                return proxy;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    String output = (Files.exists(log) ? Files.readString(log) : "")
                            + Files.readString(dir.resolve("stdout"));
                    proxy.close();
                    throw new IOException("nutcracker did not start on port " + port + ": " + output, e);
                }
                Thread.sleep(20);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Returns the address clients connect to. */
    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            TempDirs.delete(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
