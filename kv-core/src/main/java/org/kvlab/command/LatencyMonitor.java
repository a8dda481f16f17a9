package org.kvlab.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency spikes by event ({@code LATENCY}): each event keeps its worst latency per second for its last 160 seconds
 * with a spike, as Redis's {@code latency.c}. A sample is recorded only when monitoring is on
 * ({@code latency-monitor-threshold} above 0) and it reaches the threshold, so a fast server never takes the lock.
 *
 * <p>Thread-safe.
 */
final class LatencyMonitor {

    /** Redis's {@code LATENCY_TS_LEN}: samples kept per event. */
    static final int HISTORY_LENGTH = 160;

    /** One sample: the Unix second it was taken in and the worst latency of that second, in milliseconds. */
    record Sample(long time, long millis) {
    }

    /** An event's samples in a ring, with its all-time worst. */
    private static final class Series {
        final long[] times = new long[HISTORY_LENGTH];
        final long[] latencies = new long[HISTORY_LENGTH];
        int next;
        long max;

        void add(long second, long millis) {
            int previous = (next + HISTORY_LENGTH - 1) % HISTORY_LENGTH;
            max = Math.max(max, millis);
            if (times[previous] == second) {
                latencies[previous] = Math.max(latencies[previous], millis);
                return;
            }
            times[next] = second;
            latencies[next] = millis;
            next = (next + 1) % HISTORY_LENGTH;
        }

        List<Sample> samples() {
            List<Sample> list = new ArrayList<>();
            for (int j = 0; j < HISTORY_LENGTH; j++) {
                int i = (next + j) % HISTORY_LENGTH;
                if (times[i] != 0) {
                    list.add(new Sample(times[i], latencies[i]));
                }
            }
            return list;
        }

        Sample latest() {
            int i = (next + HISTORY_LENGTH - 1) % HISTORY_LENGTH;
            return new Sample(times[i], latencies[i]);
        }
    }

    private final Map<String, Series> events = new LinkedHashMap<>();
    private volatile long thresholdMillis;

    /** Returns {@code latency-monitor-threshold} in milliseconds, 0 when monitoring is off. */
    long thresholdMillis() {
        return thresholdMillis;
    }

    void thresholdMillis(long millis) {
        this.thresholdMillis = millis;
    }

    /** Records that {@code event} took {@code millis} ms at Unix second {@code second}, if that is a spike. */
    void sampleIfNeeded(String event, long millis, long second) {
        long threshold = thresholdMillis;
        if (threshold > 0 && millis >= threshold) {
            synchronized (this) {
                events.computeIfAbsent(event, e -> new Series()).add(second, millis);
            }
        }
    }

    /** Returns each event's latest sample and its all-time worst, as {@code LATENCY LATEST} lists them. */
    synchronized Map<String, long[]> latest() {
        Map<String, long[]> latest = new LinkedHashMap<>();
        events.forEach((name, series) -> {
            Sample s = series.latest();
            latest.put(name, new long[] {s.time(), s.millis(), series.max});
        });
        return latest;
    }

    /** Returns the samples of {@code event}, oldest first; empty if it never spiked. */
    synchronized List<Sample> history(String event) {
        Series series = events.get(event);
        return series == null ? List.of() : series.samples();
    }

    /** Returns each event's samples, oldest first, and its all-time worst, for {@code LATENCY DOCTOR}. */
    synchronized Map<String, List<Sample>> all() {
        Map<String, List<Sample>> all = new LinkedHashMap<>();
        events.forEach((name, series) -> all.put(name, series.samples()));
        return all;
    }

    synchronized long max(String event) {
        Series series = events.get(event);
        return series == null ? 0 : series.max;
    }

    /** Forgets {@code event}; returns whether it had samples. */
    synchronized boolean reset(String event) {
        return events.remove(event) != null;
    }

    /** Forgets every event; returns how many there were. */
    synchronized int resetAll() {
        int count = events.size();
        events.clear();
        return count;
    }
}
