package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fsync of the write-ahead log's current file is a JFR event in a recording file. */
final class LogForceEventTest {

    @TempDir
    Path dir;

    @Test
    void alwaysPolicy_durableWrite_isARecordedGroupCommit(@TempDir Path recordings) throws IOException {
        Path file = recordings.resolve("store.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("org.kvlab.LogForce");
            recording.start();
            try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.ALWAYS).build()) {
                store.set("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
                store.durable().toCompletableFuture().join();
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> forces = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("org.kvlab.LogForce"))
                .collect(Collectors.toList());
        assertFalse(forces.isEmpty());
        assertTrue(forces.stream().allMatch(e -> e.getString("policy").equals("always")), forces.toString());
        assertTrue(forces.stream().anyMatch(e -> e.getBoolean("groupCommit") && e.getLong("bytes") > 0),
                forces.toString());
        assertEquals(0, forces.stream().filter(e -> e.getLong("bytes") < 0).count());
    }
}
