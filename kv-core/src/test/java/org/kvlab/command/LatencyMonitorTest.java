package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

final class LatencyMonitorTest {

    private final LatencyMonitor monitor = new LatencyMonitor();

    @Test
    void sample_ignoredWhileOff_orUnderThreshold() {
        monitor.sampleIfNeeded("command", 500, 100);
        monitor.thresholdMillis(10);
        monitor.sampleIfNeeded("command", 9, 100);
        assertTrue(monitor.latest().isEmpty());
    }

    @Test
    void sample_keepsWorstPerSecond_latestAndMax() {
        monitor.thresholdMillis(10);
        monitor.sampleIfNeeded("command", 20, 100);
        monitor.sampleIfNeeded("command", 50, 100);
        monitor.sampleIfNeeded("command", 30, 100);
        monitor.sampleIfNeeded("command", 15, 101);
        assertEquals(List.of(new LatencyMonitor.Sample(100, 50), new LatencyMonitor.Sample(101, 15)),
                monitor.history("command"));
        assertArrayEquals(new long[] {101, 15, 50}, monitor.latest().get("command"));
    }

    @Test
    void history_keepsTheLast160Seconds() {
        monitor.thresholdMillis(1);
        for (int second = 1; second <= 200; second++) {
            monitor.sampleIfNeeded("fast-command", second, second);
        }
        List<LatencyMonitor.Sample> history = monitor.history("fast-command");
        assertEquals(LatencyMonitor.HISTORY_LENGTH, history.size());
        assertEquals(new LatencyMonitor.Sample(41, 41), history.get(0));
        assertEquals(200, monitor.max("fast-command"));
    }

    @Test
    void reset_forgetsEvents() {
        monitor.thresholdMillis(1);
        monitor.sampleIfNeeded("command", 5, 1);
        monitor.sampleIfNeeded("fast-command", 5, 1);
        assertTrue(monitor.reset("command"));
        assertFalse(monitor.reset("command"));
        assertEquals(1, monitor.resetAll());
    }
}
