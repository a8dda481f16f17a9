package org.kvlab.bench.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.kvlab.spi.IoCounters;

/**
 * What one run of a {@link LoadGenerator} measured. Immutable.
 *
 * <p>Latencies are in microseconds. {@link #latency()} is corrected for coordinated omission: a closed loop
 * sends nothing while it waits, so a stall hides the requests that would have queued behind it. The correction
 * ({@link Histogram#copyCorrectedForCoordinatedOmission}, the after-the-fact form of {@code
 * recordValueWithExpectedInterval}) adds, for every latency longer than the loop's mean interval between batches
 * ({@link #expectedIntervalUs()}), the samples a loop sending at that steady rate would have seen. {@link
 * #uncorrectedLatency()} is what the replies took as measured. An open loop ({@code rate} &gt; 0) needs no
 * correction: its {@link #latency()} counts from the time each batch was due, and {@link #uncorrectedLatency()}
 * from the time it was actually sent (later only when the sender fell behind).
 *
 * @param transport the client transport's name
 * @param clients connections (or connect-request-close loops) run at once
 * @param pipeline requests per batch
 * @param perRequestConnections whether each request had its own connection
 * @param requests requests answered without an error reply
 * @param errors requests that failed: error replies, or requests lost with their connection
 * @param sets SET commands sent
 * @param gets GET commands sent
 * @param getMisses replies that were null: GETs of absent keys under the SET:GET ratio; under a {@code test}, its
 *     null replies (a GET miss, an LPOP or SPOP of an empty key)
 * @param elapsed from the first send to the last reply
 * @param opsPerSec {@code requests + errors} answered per second of {@code elapsed}
 * @param latency corrected latency percentiles
 * @param uncorrectedLatency measured latency percentiles
 * @param expectedIntervalUs the mean interval between batches of one loop, the correction's expected interval; for
 *     an open loop, the interval its schedule gives each connection
 * @param clientIo the client transport's own I/O counts during the run (the subscribers' included)
 * @param test the redis-benchmark test's title (e.g. {@code LPUSH}), or {@code null} for the SET:GET ratio
 * @param workload the workload's name ({@link Workload#cliName()})
 * @param rate the open loop's requests per second in all, or 0 for a closed loop
 * @param fanout what the subscribers received, or {@code null} unless the workload is fanout
 * @param histograms the full latency distributions behind {@code latency} and {@code uncorrectedLatency}, or
 *     {@code null} when not kept
 */
public record LoadResult(String transport, int clients, int pipeline, boolean perRequestConnections, long requests,
        long errors, long sets, long gets, long getMisses, Duration elapsed, double opsPerSec, Latency latency,
        Latency uncorrectedLatency, double expectedIntervalUs, IoCounters.Snapshot clientIo, String test,
        String workload, long rate, Fanout fanout, Histograms histograms) {

    /**
     * The full latency distributions of a run, in nanoseconds: copies no one else holds, not to be modified.
     *
     * @param corrected the distribution {@link LoadResult#latency()} summarises
     * @param uncorrected the distribution {@link LoadResult#uncorrectedLatency()} summarises
     */
    public record Histograms(Histogram corrected, Histogram uncorrected) {
    }

    /**
     * What the subscribers of a fan-out run received: every message published in the run reaches each subscriber
     * once, so {@code delivered} equals {@code receivers} when none was lost.
     *
     * @param subscribers the subscriber connections
     * @param receivers the sum of the PUBLISH replies: how many subscribers the server says each message reached
     * @param delivered the messages counted at the subscribers
     * @param elapsed from the first PUBLISH sent to the last message received
     * @param deliveredPerSec {@code delivered} per second of {@code elapsed}
     */
    public record Fanout(int subscribers, long receivers, long delivered, Duration elapsed, double deliveredPerSec) {

        /** Returns the messages the server says it sent that no subscriber counted. */
        public long undelivered() {
            return Math.max(0, receivers - delivered);
        }

        /** Returns the counts by name, for JSON. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subscribers", subscribers);
            m.put("receivers", receivers);
            m.put("messages_delivered", delivered);
            m.put("undelivered", undelivered());
            m.put("delivery_elapsed_s", elapsed.toNanos() / 1e9);
            m.put("delivered_per_sec", Math.round(deliveredPerSec));
            return m;
        }
    }

    /**
     * Latency percentiles in microseconds.
     *
     * @param p50 median
     * @param p90 90th percentile
     * @param p99 99th percentile
     * @param p999 99.9th percentile
     * @param max the largest
     * @param mean the mean
     */
    public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {

        /** Summarises a histogram of nanoseconds; all zero when it is empty. */
        static Latency of(Histogram nanos) {
            if (nanos.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(us(nanos.getValueAtPercentile(50)), us(nanos.getValueAtPercentile(90)),
                    us(nanos.getValueAtPercentile(99)), us(nanos.getValueAtPercentile(99.9)),
                    us(nanos.getMaxValue()), Math.round(nanos.getMean() / 100.0) / 10.0);
        }

        private static double us(long nanos) {
            return Math.round(nanos / 100.0) / 10.0;
        }

        /** Returns the percentiles by name ({@code p50 p90 p99 p999 max mean}), for JSON. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p50", p50);
            m.put("p90", p90);
            m.put("p99", p99);
            m.put("p999", p999);
            m.put("max", max);
            m.put("mean", mean);
            return m;
        }
    }

    /** Returns the result as JSON-ready maps and lists, names in snake case. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (test != null) {
            m.put("test", test);
        }
        m.put("workload", workload);
        m.put("transport", transport);
        m.put("clients", clients);
        m.put("pipeline", pipeline);
        m.put("per_request_connections", perRequestConnections);
        m.put("requests", requests);
        m.put("errors", errors);
        m.put("sets", sets);
        m.put("gets", gets);
        m.put("get_misses", getMisses);
        m.put("elapsed_s", elapsed.toNanos() / 1e9);
        m.put("ops_per_sec", Math.round(opsPerSec));
        m.put("latency_us", latency.toMap());
        m.put("latency_us_uncorrected", uncorrectedLatency.toMap());
        if (rate > 0) {
            m.put("rate", rate);
            m.put("schedule_interval_us", Math.round(expectedIntervalUs * 10) / 10.0);
        } else {
            m.put("co_expected_interval_us", Math.round(expectedIntervalUs * 10) / 10.0);
        }
        if (fanout != null) {
            m.put("fanout", fanout.toMap());
        }
        Map<String, Object> io = new LinkedHashMap<>(clientIo.calls());
        io.put("bytes_read", clientIo.bytesRead());
        io.put("bytes_written", clientIo.bytesWritten());
        m.put("client_io_counters", io);
        return m;
    }
}
