package org.kvlab.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.kvlab.bench.perf.Captures;

/** Percentiles read off HdrHistograms, in report.json and in the HTML percentile chart. */
final class LatencyDistributionTest {

    /** 1 µs, 2 µs, ... 10,000 µs: percentile p is p * 100 µs, within HdrHistogram's 3 digits. */
    private static Histogram oneToTenThousandMicros() {
        Histogram h = new Histogram(3);
        for (long us = 1; us <= 10_000; us++) {
            h.recordValue(us * 1_000);
        }
        return h;
    }

    @Test
    void of_readsEachPercentileAndTheMaxInMicroseconds() {
        Histogram corrected = oneToTenThousandMicros();
        Histogram measured = new Histogram(3);
        measured.recordValue(42_000);

        LatencyDistribution d = LatencyDistribution.of(corrected, measured);

        assertEquals(List.of("p50", "p90", "p99", "p99.9", "p99.99", "max"), new ArrayList<>(d.corrected().keySet()));
        assertEquals(5_000, d.corrected().get("p50"), 5);
        assertEquals(9_900, d.corrected().get("p99"), 10);
        assertEquals(9_999, d.corrected().get("p99.99"), 10);
        assertEquals(10_000, d.corrected().get("max"), 10);
        assertEquals(Map.of("p50", 42.0, "p90", 42.0, "p99", 42.0, "p99.9", 42.0, "p99.99", 42.0, "max", 42.0),
                d.uncorrected());
    }

    @Test
    void of_emptyHistograms_giveZeros() {
        LatencyDistribution d = LatencyDistribution.of(new Histogram(3), new Histogram(3));

        assertTrue(d.corrected().values().stream().allMatch(v -> v == 0), d.toString());
    }

    @Test
    void serverRunWithADistribution_isInTheJsonAndDrawnOnePerTransportInThePercentileChart() throws IOException {
        Interpretation server = Interpretation.of(Role.SERVER, Captures.counts("server-pipeline1.txt"), 40_002L);
        LatencyDistribution d = LatencyDistribution.of(oneToTenThousandMicros(), oneToTenThousandMicros());
        Run nio = Run.of("nio", Source.PERF, server, 1.0, null, null).withLatencyDistribution(d);
        Run redis = Run.of("redis", Source.PERF, server, 1.0, null, null).withLatencyDistribution(d);
        Report report = Report.now(List.of(nio, redis), Map.of());

        JsonNode json = new ObjectMapper().readTree(ReportWriter.json(nio)).get("latency_distribution_us");
        assertEquals(d.corrected().get("p99.9"), json.get("corrected").get("p99.9").asDouble());
        assertEquals(d.uncorrected().get("max"), json.get("uncorrected").get("max").asDouble());
        String html = ReportWriter.html(report);
        assertTrue(html.contains("id=\"chart-latency-percentiles\""), html);
        assertEquals(2, html.split("<polyline class=\"line\"", -1).length - 1, "a line per transport");
        assertTrue(html.contains("<title>redis — p99.99: "), html);
    }
}
