package org.kvlab.command;

import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code INFO commandstats} and {@code INFO latencystats} show of one command or subcommand: calls, time spent,
 * calls refused before running and calls that replied an error, and a histogram of durations. One instance per entry
 * of the command table, updated by the thread that ran the command; recording allocates nothing.
 *
 * <p>Thread-safe.
 */
final class CommandStats {

    private final LongAdder calls = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    /** Records a call that ran for {@code duration} ns; {@code histogram} says whether latency tracking is on. */
    void ran(long duration, boolean failedCall, boolean histogram) {
        calls.increment();
        nanos.add(duration);
        if (failedCall) {
            failed.increment();
        }
        if (histogram) {
            latency.record(duration);
        }
    }

    /** Records a call refused before it ran (wrong arity, no authentication). */
    void rejected() {
        rejected.increment();
    }

    long calls() {
        return calls.sum();
    }

    long micros() {
        return nanos.sum() / 1000;
    }

    long rejectedCalls() {
        return rejected.sum();
    }

    long failedCalls() {
        return failed.sum();
    }

    LatencyHistogram latency() {
        return latency;
    }

    /** Whether {@code INFO commandstats} shows this command: it ran, or was refused, at least once. */
    boolean used() {
        return calls.sum() > 0 || rejected.sum() > 0 || failed.sum() > 0;
    }

    void reset() {
        calls.reset();
        nanos.reset();
        rejected.reset();
        failed.reset();
        latency.reset();
    }
}
