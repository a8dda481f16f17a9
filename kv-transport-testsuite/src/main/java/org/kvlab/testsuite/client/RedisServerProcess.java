package org.kvlab.testsuite.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} process on a free loopback port, without persistence. {@link #kill()} sends SIGKILL.
 * Not thread-safe.
 */
public final class RedisServerProcess implements TestServer {

    private static final long START_TIMEOUT_MILLIS = 20_000;

    private final Process process;
    private final InetSocketAddress address;
    private final Path log;

    private RedisServerProcess(Process process, InetSocketAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** Returns the {@code redis-server} executable on the {@code PATH}, or {@code null} if there is none. */
    public static Path executable() {
        return ChildProcesses.executable("redis-server");
    }

    /**
     * Starts {@code redis-server} and waits until it accepts connections.
     *
     * @param password the {@code requirepass}, or {@code null} for none
     * @throws IOException if it is not installed or does not come up
     */
    public static RedisServerProcess start(String password) throws IOException, InterruptedException {
        Path exe = executable();
        if (exe == null) {
            throw new IOException("redis-server is not on the PATH");
        }
        return ChildProcesses.startRetryingPortRace(() -> start(exe, password));
    }

    private static RedisServerProcess start(Path exe, String password) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(exe.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--enable-debug-command", "yes")); // the DEBUG subcommands the differential tests compare
        if (password != null) {
            command.add("--requirepass");
            command.add(password);
        }
        Path log = Files.createTempFile("kvlab-redis-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        RedisServerProcess server = new RedisServerProcess(process, address, log);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(address, 1000);
                return server;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    String output = Files.readString(log);
                    server.close();
                    throw new IOException("redis-server did not start on port " + port + ": " + output, e);
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary log left behind is harmless
        }
    }
}
