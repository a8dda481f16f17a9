package org.kvlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.Transports;
import org.kvlab.store.KvStore;

/**
 * Every transport that can run here ends its turns through the server, so each emits {@code org.kvlab.EventLoopTurn}
 * with its name and the requests its reads ran: the event is kv-core's, not a transport's.
 */
final class EventLoopTurnTransportsTest {

    private static final String EVENT = "org.kvlab.EventLoopTurn";
    private static final String THREE_PINGS = "*1\r\n$4\r\nPING\r\n".repeat(3);

    static Stream<String> transports() {
        return Transports.available().stream().map(TransportProvider::name);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aTurnThatRanRequests_isRecorded_withTheTransportsName(String transport, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("turns.jfr");
        try (KvStore store = KvStore.inMemory();
             KvServer server = KvServer.builder().store(store).transport(transport)
                     .transportConfig(TransportConfig.builder().port(0).build()).build();
             Recording recording = new Recording()) {
            recording.enable(EVENT).withoutThreshold();
            recording.start();
            InetSocketAddress address = server.start();
            try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
                socket.getOutputStream().write(THREE_PINGS.getBytes(StandardCharsets.US_ASCII));
                readFully(socket.getInputStream(), "+PONG\r\n".repeat(3).length()); // written after the turn ended
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> turns = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(EVENT) && e.getLong("requests") > 0)
                .collect(Collectors.toList());
        assertFalse(turns.isEmpty(), "no turn ran the requests");
        assertTrue(turns.stream().allMatch(e -> transport.equals(e.getString("transport"))), turns.toString());
        assertEquals(3, turns.stream().mapToLong(e -> e.getLong("requests")).sum());
        assertEquals(THREE_PINGS.length(), turns.stream().mapToLong(e -> e.getLong("bytesRead")).sum());
    }

    private static void readFully(InputStream in, int length) throws IOException {
        byte[] buffer = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(buffer, read, length - read);
            if (n < 0) {
                throw new IOException("closed after " + read + " of " + length + " bytes");
            }
            read += n;
        }
    }
}
