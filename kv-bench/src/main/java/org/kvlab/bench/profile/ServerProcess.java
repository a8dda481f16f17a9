package org.kvlab.bench.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test running as its own process: kv-server (ready when it prints its ready line) or redis-server
 * (ready when it answers PING). {@link #close()} sends SIGTERM and waits, then kills. Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern READY =
            Pattern.compile("kvlab ready: transport=(\\S+) address=(\\S+):(\\d+) pid=(\\d+)");
    private static final long READY_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final InetSocketAddress address;
    private final String name;

    private final Thread reaper;

    private ServerProcess(Process process, InetSocketAddress address, String name) {
        this.process = process;
        this.address = address;
        this.name = name;
        // Ctrl-C ends this JVM without running finally blocks: do not leave the server running.
        this.reaper = new Thread(process::destroy, "kv-bench-server-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts kv-server with {@code launcher} (e.g. {@code java -jar kv-server.jar}) on {@code transport}, port 0,
     * and waits for its ready line.
     *
     * @param extraArgs more kv-server arguments, e.g. {@code --event-loops 1}
     * @param log where the server's stderr goes
     * @throws IOException if it does not start or does not become ready within a minute; the message holds the
     *     end of its log
     */
    static ServerProcess startKvServer(List<String> launcher, String transport, List<String> extraArgs, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("--transport", transport, "--port", "0"));
        command.addAll(extraArgs);
        Process p = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = READY.matcher(line);
                    if (!ready.isDone() && m.find()) {
                        ready.complete(m);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException("kv-server exited before it was ready"));
        }, "kv-bench-server-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            Matcher m = ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new ServerProcess(p, new InetSocketAddress(m.group(2), Integer.parseInt(m.group(3))),
                    m.group(1));
        } catch (ExecutionException | TimeoutException e) {
            destroy(p);
            throw new IOException("kv-server --transport " + transport + " did not start: "
                    + (e instanceof TimeoutException ? "no ready line in " + READY_TIMEOUT_SECONDS + " s"
                            : e.getCause().getMessage()) + tail(log), e);
        } catch (InterruptedException e) {
            destroy(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting kv-server", e);
        }
    }

    /**
     * Starts {@code redis-server} in memory only on a free loopback port and waits until it answers PING.
     *
     * @throws IOException if it does not start or answer within a minute
     */
    static ServerProcess startRedis(String executable, Path log) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process p = new ProcessBuilder(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("redis-server exited with status " + p.exitValue() + tail(log));
            }
            if (answersPing(address)) {
                return new ServerProcess(p, address, "redis");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                destroy(p);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting redis-server", e);
            }
        }
        destroy(p);
        throw new IOException("redis-server did not answer PING within " + READY_TIMEOUT_SECONDS + " s" + tail(log));
    }

    /** Returns the process id, for {@code perf stat -p}. */
    long pid() {
        return process.pid();
    }

    /** Returns the address the server listens on. */
    InetSocketAddress address() {
        return address;
    }

    /** Returns the transport the server reported, or {@code redis}. */
    String name() {
        return name;
    }

    /** Sends SIGTERM, waits up to 10 s, then kills. Idempotent. */
    @Override
    public void close() {
        destroy(process);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs and finds the process gone
        }
    }

    private static void destroy(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean answersPing(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 500);
            s.setSoTimeout(1_000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = s.getInputStream().readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return last.isEmpty() ? "" : "; its log (" + log + ") ends: " + String.join(" | ", last);
        } catch (IOException e) {
            return "";
        }
    }
}
