package org.kvlab.bench.report;

/**
 * Latency percentiles of a run in microseconds. Immutable.
 *
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 */
public record LatencyUs(double p50, double p99, double p999) {
}
