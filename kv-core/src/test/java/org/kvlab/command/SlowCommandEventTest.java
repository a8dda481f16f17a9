package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.command.Replies.OK;

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

/** A command over {@code slowlog-log-slower-than} is a JFR event in a recording file, as the README shows. */
final class SlowCommandEventTest {

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    @Test
    void slowCommand_isRecorded_withItsNameAndClient(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kvlab.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("org.kvlab.SlowCommand");
            recording.start();
            assertEquals(OK, c.call("CONFIG", "SET", "slowlog-log-slower-than", "-1"));
            c.call("SET", "unlogged", "v");
            assertEquals(OK, c.call("CONFIG", "SET", "slowlog-log-slower-than", "0"));
            c.call("SET", "slow", "v");
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("org.kvlab.SlowCommand"))
                .collect(Collectors.toList());
        // nothing is logged at -1; the second CONFIG SET is checked against its own new threshold, 0
        assertEquals(List.of("config", "set"), events.stream().map(e -> e.getString("command"))
                .collect(Collectors.toList()));
        RecordedEvent event = events.get(1);
        assertEquals(3, event.getInt("arguments"));
        assertEquals(c.call("CLIENT", "ID"), ":" + event.getLong("clientId") + "\r\n");
    }
}
