package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class LatencyHistogramTest {

    private final LatencyHistogram histogram = new LatencyHistogram();

    @Test
    void percentile_empty_isZero() {
        assertEquals(0, histogram.percentile(50));
    }

    @Test
    void percentile_isWithinOneThirtySecondOfTheValue() {
        for (long value : new long[] {1, 7, 15, 16, 17, 1000, 1023, 1024, 123_456, 999_999_999}) {
            LatencyHistogram h = new LatencyHistogram();
            h.record(value);
            double p = h.percentile(50);
            assertTrue(Math.abs(p - value) <= value / 32.0 + 0.5, value + " read as " + p);
        }
    }

    @Test
    void percentile_ranksRecordedValues() {
        for (int i = 1; i <= 100; i++) {
            histogram.record(i * 1000L);
        }
        assertEquals(100, histogram.count());
        assertTrue(Math.abs(histogram.percentile(50) - 50_000) <= 50_000 / 32.0);
        assertTrue(Math.abs(histogram.percentile(99) - 99_000) <= 99_000 / 32.0);
        assertTrue(Math.abs(histogram.percentile(100) - 100_000) <= 100_000 / 32.0);
    }

    @Test
    void record_clampsToOneSecond_andResetEmpties() {
        histogram.record(5_000_000_000L);
        histogram.record(0);
        assertEquals(2, histogram.count());
        assertEquals(1, histogram.countAtMost(1));
        histogram.reset();
        assertEquals(0, histogram.count());
    }

    @Test
    void index_bucketsAreContiguous() {
        for (long v = 1; v < 100_000; v++) {
            int i = LatencyHistogram.index(v);
            assertTrue(LatencyHistogram.middle(i) - v <= v / 32.0 + 0.5, "value " + v);
            assertTrue(i == LatencyHistogram.index(v - 1) || i == LatencyHistogram.index(v - 1) + 1 || v == 1);
        }
    }
}
