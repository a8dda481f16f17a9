package org.kvlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.command.Wire;

/**
 * Each turn of a serving thread is one {@code org.kvlab.EventLoopTurn} event in a recording file, as the README shows:
 * the connections it served, the commands their reads ran, the bytes read and replied. Turns before the recording
 * starts are not recorded.
 */
final class EventLoopTurnEventTest {

    private static final String EVENT = "org.kvlab.EventLoopTurn";

    private final Wire wire = new Wire();
    private final Wire.Client first = wire.connect();
    private final Wire.Client second = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    @Test
    void eachTurn_isRecorded_withItsConnectionsRequestsAndBytes(@TempDir Path dir) throws IOException {
        String pipelined = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n";
        String ping = "*1\r\n$4\r\nPING\r\n";
        Path file = dir.resolve("kvlab.jfr");
        try (Recording recording = new Recording()) {
            first.raw(ping);
            endTurn(); // before the recording: no event
            recording.enable(EVENT).withoutThreshold();
            recording.start();
            String replies = first.raw(pipelined) + second.raw(ping);
            endTurn();
            String reply = first.raw(ping);
            endTurn();
            recording.stop();
            recording.dump(file);

            List<RecordedEvent> turns = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals(EVENT))
                    .collect(Collectors.toList());

            assertEquals(2, turns.size(), turns.toString());
            assertTurn(turns.get(0), 2, 3, (pipelined + ping).length(), replies.length());
            assertTurn(turns.get(1), 1, 1, ping.length(), reply.length());
            assertEquals("+OK\r\n$1\r\n1\r\n+PONG\r\n", replies);
        }
    }

    private void endTurn() {
        wire.server.handlers().onTurnEnd();
    }

    private static void assertTurn(RecordedEvent turn, int connections, long requests, long read, long replied) {
        assertEquals("none", turn.getString("transport"));
        assertEquals(connections, turn.getInt("connections"));
        assertEquals(requests, turn.getLong("requests"));
        assertEquals(read, turn.getLong("bytesRead"));
        assertEquals(replied, turn.getLong("replyBytes"));
    }
}
