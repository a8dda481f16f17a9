package org.kvlab.bench.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * A run's latency distribution in microseconds at {@link #PERCENTILES} and the maximum, corrected for coordinated
 * omission and as measured (see {@code LoadResult}), as in {@code report.json}'s {@code latency_distribution_us}.
 * Immutable; maps keep the order {@code p50 p90 p99 p99.9 p99.99 max}.
 *
 * @param corrected percentile name to microseconds, corrected; never {@code null}
 * @param uncorrected percentile name to microseconds, as measured; never {@code null}
 */
@JsonPropertyOrder({"corrected", "uncorrected"})
public record LatencyDistribution(@JsonProperty("corrected") Map<String, Double> corrected,
        @JsonProperty("uncorrected") Map<String, Double> uncorrected) {

    /** The percentiles reported and charted. */
    public static final List<Double> PERCENTILES = List.of(50.0, 90.0, 99.0, 99.9, 99.99);

    /**
     * Copies the maps, keeping their order.
     *
     * @throws NullPointerException if a map is {@code null}
     */
    public LatencyDistribution {
        corrected = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(corrected, "corrected")));
        uncorrected = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(uncorrected, "uncorrected")));
    }

    /**
     * Reads the distribution off two histograms of nanoseconds (empty ones give zeros).
     *
     * @throws NullPointerException if a histogram is {@code null}
     */
    public static LatencyDistribution of(Histogram correctedNanos, Histogram uncorrectedNanos) {
        return new LatencyDistribution(percentiles(correctedNanos), percentiles(uncorrectedNanos));
    }

    /** Returns the name of percentile {@code p} as a key: {@code p50}, {@code p99.9}, {@code p99.99}. */
    public static String key(double p) {
        return p == Math.rint(p) ? "p" + (long) p : "p" + p;
    }

    private static Map<String, Double> percentiles(Histogram nanos) {
        Map<String, Double> m = new LinkedHashMap<>();
        boolean empty = nanos.getTotalCount() == 0;
        for (double p : PERCENTILES) {
            m.put(key(p), empty ? 0 : us(nanos.getValueAtPercentile(p)));
        }
        m.put("max", empty ? 0 : us(nanos.getMaxValue()));
        return m;
    }

    private static double us(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
