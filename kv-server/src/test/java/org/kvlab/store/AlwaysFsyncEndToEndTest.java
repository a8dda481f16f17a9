package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvlab.server.KvServer;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.Transports;

/**
 * {@code appendfsync always} end to end: clients over a real transport, a server over a store whose write log is on
 * disk, through a file layer that counts forces ({@link CountingDisk}). A reply to a write never goes out before a
 * force that began after the write; losing everything not forced keeps every acknowledged write; a full disk gives
 * writes Redis's {@code -MISCONF} while reads go on, and writes resume once there is room again.
 */
final class AlwaysFsyncEndToEndTest {

    private static final String ENOSPC = "-MISCONF Errors writing to the AOF file: No space left on device\r\n";
    private static final int CLIENTS = 4;
    private static final int WRITES_PER_CLIENT = 150;
    /** How long a client waits for a reply, and the test for writes to resume: a bound on liveness, not a timing. */
    private static final int PATIENCE_SECONDS = 60;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "nio", "epoll"})
    void acknowledgedWrites_followAForce_andSurviveLosingWhatWasNotForced(String transport) throws Exception {
        CountingDisk disk = new CountingDisk();
        Path data = dir.resolve("data");
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        Map<String, String> atCut;
        Path cut = dir.resolve("cut");
        try (KvStore store = store(data, disk); KvServer server = server(store, transport)) {
            InetSocketAddress address = server.start();
            CountDownLatch halfway = new CountDownLatch(CLIENTS * WRITES_PER_CLIENT / 2);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    done.add(clients.submit(() -> {
                        try (Client r = new Client(address)) {
                            for (int i = 0; i < WRITES_PER_CLIENT; i++) {
                                String key = "k" + client + ":" + i;
                                String value = "v" + i;
                                long forcesBefore = disk.forces();
                                assertEquals("+OK\r\n", r.call("SET", key, value));
                                long forcesAfter = disk.forces();
                                assertTrue(forcesAfter > forcesBefore, "the reply to SET " + key + " came after "
                                        + forcesAfter + " forces, as many as when it was sent");
                                acknowledged.put(key, value);
                                halfway.countDown();
                            }
                        }
                        return null;
                    }));
                }
                assertTrue(halfway.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "the writes did not get half way");
                atCut = Map.copyOf(acknowledged);
                powerCut(data, disk.forcedSizes(), cut); // while the clients go on writing
                for (Future<?> f : done) {
                    f.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
            }
        }
        assertTrue(atCut.size() >= CLIENTS * WRITES_PER_CLIENT / 2);
        try (KvStore recovered = KvStore.builder().dataDirectory(cut).fsync(FsyncPolicy.NO).build()) {
            for (Map.Entry<String, String> e : atCut.entrySet()) {
                assertArrayEquals(bytes(e.getValue()), recovered.database(0).get(bytes(e.getKey())),
                        "acknowledged " + e.getKey() + " lost with what was not forced");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "nio", "epoll"})
    void fullDisk_writesGetMisconf_readsGoOn_andWritesResumeOnceThereIsRoom(String transport) throws Exception {
        CountingDisk disk = new CountingDisk();
        Path data = dir.resolve("data");
        try (KvStore store = store(data, disk); KvServer server = server(store, transport)) {
            InetSocketAddress address = server.start();
            try (Client c = new Client(address); Client other = new Client(address)) {
                assertEquals("+OK\r\n", c.call("SET", "a", "1"));
                disk.full(true);
                // one batch: the write ran but could not be made durable, so it is refused; the reads go out
                assertEquals(ENOSPC + "$1\r\n1\r\n$1\r\n2\r\n", c.pipeline(3,
                        command("SET", "b", "2"), command("GET", "a"), command("GET", "b")));
                assertEquals(ENOSPC, c.call("SET", "c", "3"));
                assertEquals(ENOSPC, other.call("DEL", "a"));
                assertEquals(ENOSPC, other.call("DEL", "nosuch"), "refused before it runs, as in Redis");
                assertEquals(ENOSPC, other.call("PING"), "as Redis answers PING while it cannot persist");
                assertEquals("$1\r\n1\r\n", other.call("GET", "a"));
                assertTrue(other.call("INFO", "persistence").contains("aof_last_write_status:err\r\n"));
                assertEquals(ENOSPC, c.call("SET", "c", "3"), "still full: the retried snapshot fails too");

                disk.full(false);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
                String reply;
                while (!(reply = c.call("SET", "c", "3")).equals("+OK\r\n")) {
                    assertEquals(ENOSPC, reply);
                    assertTrue(System.nanoTime() < deadline, "writes did not resume once the disk had room");
                    Thread.sleep(50);
                }
                assertTrue(other.call("INFO", "persistence").contains("aof_last_write_status:ok\r\n"));
                assertEquals("$1\r\n2\r\n", other.call("GET", "b"));
            }
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(data).fsync(FsyncPolicy.NO).build()) {
            assertArrayEquals(bytes("1"), reopened.database(0).get(bytes("a")));
            assertArrayEquals(bytes("2"), reopened.database(0).get(bytes("b")),
                    "the refused write stayed in memory and reached the disk with the snapshot that let writes resume");
            assertArrayEquals(bytes("3"), reopened.database(0).get(bytes("c")));
        }
    }

    private static KvStore store(Path data, CountingDisk disk) throws IOException {
        Files.createDirectories(data);
        return KvStore.builder().dataDirectory(data).fsync(FsyncPolicy.ALWAYS).autoRewritePercentage(0)
                .fileIo(disk).build();
    }

    private static KvServer server(KvStore store, String transport) {
        assumeTrue(Transports.available().stream().anyMatch(p -> p.name().equals(transport)),
                () -> transport + " is unavailable here: " + Transports.unavailable().get(transport));
        return KvServer.builder().store(store).transport(transport)
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
    }

    /**
     * Copies {@code data} to {@code cut} as a power cut would leave it: each file a force covered keeps what the last
     * one did and loses the rest (no file is renamed or deleted meanwhile: no snapshot runs).
     */
    private static void powerCut(Path data, Map<Path, Long> forcedSizes, Path cut) throws IOException {
        Files.createDirectories(cut);
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = cut.resolve(file.getFileName());
                Files.copy(file, copy);
                Long forced = forcedSizes.get(file);
                if (forced != null) {
                    try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                        channel.truncate(forced);
                    }
                }
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] command(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] b = bytes(arg);
            out.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** A RESP client over a socket that reads status, error, integer and bulk replies back as their raw text. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Client(InetSocketAddress address) throws IOException {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(PATIENCE_SECONDS * 1000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        String call(String... args) {
            return pipeline(1, command(args));
        }

        /** Sends {@code commands} in one write and returns the text of the next {@code replies} replies. */
        String pipeline(int replies, byte[]... commands) {
            try {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (byte[] c : commands) {
                    all.writeBytes(c);
                }
                out.write(all.toByteArray());
                out.flush();
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < replies; i++) {
                    String line = line();
                    text.append(line);
                    if (line.startsWith("$") && !line.startsWith("$-1")) {
                        int length = Integer.parseInt(line.substring(1, line.length() - 2));
                        text.append(new String(in.readNBytes(length + 2), StandardCharsets.UTF_8));
                    }
                }
                return text.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            if (b < 0) {
                throw new IOException("closed by the server after " + line);
            }
            return line.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
