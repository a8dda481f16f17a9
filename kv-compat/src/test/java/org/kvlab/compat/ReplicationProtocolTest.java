package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvlab.server.KvServer;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;

/**
 * A kvlab primary speaks Redis's replication protocol byte for byte to a replica that is a plain socket: the
 * handshake, {@code +FULLRESYNC} with a length-prefixed RDB (for a replica without {@code capa eof}), the stream in
 * RESP with {@code SELECT}, acknowledgements that {@code WAIT} counts, {@code +CONTINUE} from the backlog, and a
 * replica dropped once it stops reading past its output buffer limit.
 */
final class ReplicationProtocolTest {

    private KvStore store;
    private KvServer server;
    private InetSocketAddress address;
    private Differential.Side client;

    @BeforeEach
    void start() throws IOException {
        store = KvStore.inMemory();
        server = KvServer.builder().store(store).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        address = server.start();
        client = new Differential.Side(address);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        store.close();
    }

    private String call(String... words) {
        return new String(client.call(Differential.args(words)).raw, StandardCharsets.ISO_8859_1);
    }

    @Test
    void fullResync_sendsTheRdb_thenTheStream_andWaitCountsTheAcknowledgement() throws Exception {
        call("SET", "before", "1");
        try (RawReplica replica = new RawReplica(address)) {
            assertEquals("+OK", replica.request("REPLCONF", "listening-port", "7777"));
            assertEquals("+OK", replica.request("REPLCONF", "capa", "psync2"));
            replica.send("PSYNC", "?", "-1");
            String[] fullResync = replica.line().split(" ");
            assertEquals("+FULLRESYNC", fullResync[0]);
            assertEquals(40, fullResync[1].length());
            String header = replica.line();
            assertTrue(header.startsWith("$"), header);
            byte[] rdb = replica.bytes(Integer.parseInt(header.substring(1)));
            KvStore copy = KvStore.inMemory();
            copy.loadRdb(new ByteArrayInputStream(rdb), "the payload");
            assertArrayEquals(b("1"), copy.get(b("before")));
            copy.close();

            call("SELECT", "2");
            call("SET", "after", "2");
            String stream = "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$1\r\n2\r\n";
            assertEquals(stream, replica.text(stream.length()));
            long offset = Long.parseLong(fullResync[2]) + stream.length();
            assertEquals(Long.toString(offset), ReplicationInteropTest.info(client, "master_repl_offset"));
            assertTrue(ReplicationInteropTest.info(client, "slave0").matches(
                    "ip=127\\.0\\.0\\.1,port=7777,state=online,offset=0,lag=\\d+"),
                    ReplicationInteropTest.info(client, "slave0"));

            client.write(Differential.args("WAIT", "1", "0"));
            // the primary asks for an acknowledgement first
            String getAck = "*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n";
            assertEquals(getAck, replica.text(getAck.length()));
            replica.send("REPLCONF", "ACK", Long.toString(offset + getAck.length()));
            assertEquals(":1\r\n", new String(client.read().raw, StandardCharsets.ISO_8859_1));
            assertEquals(":1\r\n", call("WAIT", "2", "50"));
        }
    }

    @Test
    void psync_ofAnOffsetInTheBacklog_continues_andOfAnotherHistory_resyncsFully() throws Exception {
        String replid;
        long offset;
        try (RawReplica first = new RawReplica(address)) {
            first.send("PSYNC", "?", "-1");
            String[] fullResync = first.line().split(" ");
            replid = fullResync[1];
            first.bytes(Integer.parseInt(first.line().substring(1)));
            call("SET", "k", "v");
            offset = Long.parseLong(ReplicationInteropTest.info(client, "master_repl_offset"));
        }
        call("SET", "k", "w");
        try (RawReplica second = new RawReplica(address)) {
            second.send("REPLCONF", "capa", "psync2");
            second.line();
            second.send("PSYNC", replid, Long.toString(offset + 1));
            assertEquals("+CONTINUE " + replid, second.line());
            String stream = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nw\r\n";
            assertEquals(stream, second.text(stream.length()));
        }
        try (RawReplica third = new RawReplica(address)) {
            third.send("PSYNC", "0123456789012345678901234567890123456789", "1");
            assertTrue(third.line().startsWith("+FULLRESYNC " + replid + " "));
        }
        assertEquals("1", ReplicationInteropTest.info(client, "sync_partial_ok"));
        assertEquals("1", ReplicationInteropTest.info(client, "sync_partial_err"));
        assertEquals("2", ReplicationInteropTest.info(client, "sync_full"));
    }

    @Test
    void replicaThatStopsReading_isDropped_atItsOutputBufferLimit() throws Exception {
        call("CONFIG", "SET", "client-output-buffer-limit", "replica 256kb 0 0");
        try (RawReplica replica = new RawReplica(address)) {
            replica.send("PSYNC", "?", "-1");
            replica.line();
            replica.bytes(Integer.parseInt(replica.line().substring(1)));
            ReplicationInteropTest.await(() -> ReplicationInteropTest.info(client, "slave0").contains("online"),
                    "the replica is online");
            String value = "x".repeat(64 * 1024);
            for (int i = 0; i < 200 && !ReplicationInteropTest.info(client, "connected_slaves").equals("0"); i++) {
                call("SET", "big" + i, value);
            }
            ReplicationInteropTest.await(() -> ReplicationInteropTest.info(client, "connected_slaves").equals("0"),
                    "the replica is dropped");
        }
    }

    @Test
    void kvlabReplicaOfKvlab_holdsTheSameData_andContinuesAfterALinkCut() throws Exception {
        KvStore replicaStore = KvStore.inMemory();
        KvServer replicaServer = KvServer.builder().store(replicaStore).transport("nio")
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build()).build();
        try (Differential.Side replica = new Differential.Side(replicaServer.start())) {
            for (byte[][] command : RdbInteropTest.everyEncoding()) {
                client.call(command);
            }
            assertEquals("+OK\r\n", new String(replica.call(Differential.args("REPLICAOF", "127.0.0.1",
                    Integer.toString(address.getPort()))).raw, StandardCharsets.ISO_8859_1));
            ReplicationInteropTest.await(() -> ReplicationInteropTest.info(replica, "master_link_status").equals("up"),
                    "the link is up");
            try (ReplicationInteropTest.WriteLoad load = new ReplicationInteropTest.WriteLoad(address, 3)) {
                load.run(300);
                assertEquals(":1\r\n", call("CLIENT", "KILL", "TYPE", "replica"));
                load.run(300);
            }
            store.sets().add(b("embedded"), b("m"));
            Thread.sleep(ReplicationInteropTest.WriteLoad.LONGEST_SHORT_TTL_MILLIS);
            ReplicationInteropTest.await(() -> call("WAIT", "1", "1000").equals(":1\r\n"), "the replica acknowledges");
            assertEquals("1", ReplicationInteropTest.info(client, "sync_partial_ok"));
            ReplicationInteropTest.await(() -> ReplicationInteropTest.info(client, "master_repl_offset")
                    .equals(ReplicationInteropTest.info(replica, "slave_repl_offset")),
                    "the replica has processed the whole stream (a PING or an expiry's DEL may be on its way)");
            ReplicationInteropTest.assertSameContents(client, replica);
        } finally {
            replicaServer.close();
            replicaStore.close();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A replica that is a socket: sends commands, reads lines and raw bytes. */
    private static final class RawReplica implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        RawReplica(InetSocketAddress address) throws IOException {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(20_000);
            in = new BufferedInputStream(socket.getInputStream());
        }

        void send(String... words) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("*" + words.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String word : words) {
                out.writeBytes(("$" + word.length() + "\r\n" + word + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            socket.getOutputStream().write(out.toByteArray());
        }

        String request(String... words) throws IOException {
            send(words);
            return line();
        }

        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        byte[] bytes(int n) throws IOException {
            byte[] out = in.readNBytes(n);
            if (out.length != n) {
                throw new IOException("closed after " + out.length + " of " + n + " bytes");
            }
            return out;
        }

        String text(int n) throws IOException {
            return new String(bytes(n), StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
