package org.kvlab.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvlab.server.cli.KvServerMain;

/**
 * A kv-server as its own process, started from the test class path on a free loopback port with a configuration
 * file of its own ({@code CONFIG REWRITE} writes into it) and its log beside it, so that a test can {@link #kill()}
 * it as {@code kill -9} does. {@link #close()} kills it too. Not thread-safe.
 */
final class KvServerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("kvlab ready: transport=\\S+ address=(\\S+):(\\d+) pid=\\d+");

    private final Process process;
    private final InetSocketAddress address;
    private final Path log;

    private KvServerProcess(Process process, InetSocketAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /**
     * Starts a kv-server in {@code dir} and waits for its ready line.
     *
     * @throws IOException if it does not come up
     */
    static KvServerProcess start(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path conf = Files.writeString(dir.resolve("kvlab.conf"), "# a kv-server under Redis Sentinel\n");
        Path log = dir.resolve("kv-server.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), KvServerMain.class.getName(), conf.toString(),
                "--bind", "127.0.0.1", "--port", "0", "--transport", "nio"))
                .redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = READY.matcher(line == null ? "" : line);
        if (!m.matches()) {
            process.destroyForcibly();
            throw new IOException("kv-server did not start: " + line + " " + Files.readString(log));
        }
        return new KvServerProcess(process, new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))), log);
    }

    /** Returns the address it serves. */
    InetSocketAddress address() {
        return address;
    }

    /** Returns its port. */
    int port() {
        return address.getPort();
    }

    /** Returns what it logged so far, to explain a failure. */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills it with {@code SIGKILL}, as {@code kill -9} does, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
