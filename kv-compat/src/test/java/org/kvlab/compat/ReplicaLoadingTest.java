package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.kvlab.server.KvServer;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;

/**
 * While a kvlab replica loads its primary's RDB, its clients get Redis's {@code -LOADING} for every command that
 * lacks the {@code loading} flag — reads, a transaction's {@code EXEC} of them — while those that have it
 * ({@code INFO}) run; once the load ends the data is served. The primary is a socket that sends
 * half the RDB, then holds the rest back until the test has asked.
 */
final class ReplicaLoadingTest {

    private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";
    private static final String MARK = "0123456789012345678901234567890123456789";

    @Test
    void replicaLoadingItsPrimarysRdb_answersLoading_untilTheLoadEnds() throws Exception {
        byte[] rdb;
        try (KvStore source = KvStore.inMemory()) {
            source.database(0).set(b("k"), b("v"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            source.writeRdb(out, () -> { });
            rdb = out.toByteArray();
        }
        KvStore store = KvStore.inMemory();
        KvServer server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        InetSocketAddress address = server.start();
        try (ServerSocket primary = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Differential.Side client = new Differential.Side(address);
                Differential.Side inTransaction = new Differential.Side(address)) {
            assertEquals("+OK\r\n", call(inTransaction, "MULTI"));
            assertEquals("+QUEUED\r\n", call(inTransaction, "GET", "k"));
            assertEquals("+OK\r\n", call(client, "REPLICAOF", "127.0.0.1", Integer.toString(primary.getLocalPort())));
            try (Socket link = primary.accept()) {
                InputStream in = new BufferedInputStream(link.getInputStream());
                OutputStream out = link.getOutputStream();
                for (String[] expected = {"ping", "replconf", "replconf", "psync"}; ; ) {
                    String command = command(in);
                    assertTrue(Arrays.asList(expected).contains(command), command);
                    if (command.equals("psync")) {
                        break;
                    }
                    out.write(b(command.equals("ping") ? "+PONG\r\n" : "+OK\r\n"));
                }
                out.write(b("+FULLRESYNC " + MARK + " 0\r\n$EOF:" + MARK + "\r\n"));
                out.write(rdb, 0, rdb.length / 2);
                out.flush();
                ReplicationInteropTest.await(() -> call(client, "GET", "k").equals(LOADING), "the replica loads");

                assertEquals(LOADING, call(client, "EXISTS", "k"));
                // as in Redis's processCommand, a read-only replica's refusal of writes comes first
                assertEquals("-READONLY You can't write against a read only replica.\r\n",
                        call(client, "SET", "k", "w"));
                assertEquals(LOADING, call(client, "DBSIZE"));
                assertEquals("-EXECABORT Transaction discarded because of: " + LOADING.substring(1),
                        call(inTransaction, "EXEC"));
                assertTrue(call(client, "INFO", "replication").contains("role:slave"));

                out.write(rdb, rdb.length / 2, rdb.length - rdb.length / 2);
                out.write(b(MARK));
                out.flush();
                ReplicationInteropTest.await(() -> call(client, "GET", "k").equals("$1\r\nv\r\n"), "the load ends");
                assertEquals(":1\r\n", call(client, "DBSIZE"));
                assertEquals("+OK\r\n", call(client, "REPLICAOF", "NO", "ONE"));
            }
        } finally {
            server.close();
            store.close();
        }
    }

    private static String call(Differential.Side side, String... words) {
        return ReplicationInteropTest.text(side.call(Differential.args(words)));
    }

    /** Reads one command a replica sent, a RESP array of bulk strings; returns its name in lower case. */
    private static String command(InputStream in) throws IOException {
        int n = Integer.parseInt(line(in).substring(1));
        String name = null;
        for (int i = 0; i < n; i++) {
            int length = Integer.parseInt(line(in).substring(1));
            String word = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
            line(in);
            name = name == null ? word.toLowerCase(java.util.Locale.ROOT) : name;
        }
        return name;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the replica closed the link");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
