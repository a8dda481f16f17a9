package org.kvlab.bench.load;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The open loop of a rate-limited run ({@code --rate}): batch {@code g} (0, 1, 2, ...) is due at {@code start + g
 * × pipeline / rate} seconds and goes to loop {@code g mod loops}, sent at that time whether or not earlier replies
 * came, so a slow reply delays no later request and each latency counts from the time its batch was due (no
 * coordinated omission). The schedule alone decides how many batches a window holds: every batch due before its
 * end is sent, late if the sender fell behind. Runs on its own thread; reports {@link Phase#loopStopped()} once,
 * when the schedule is over and every reply is in.
 */
final class Pacer implements Runnable {

    /** Batches one connection may have unanswered before the pacer waits for it, so memory stays bounded. */
    static final int MAX_IN_FLIGHT = 4096;
    private static final long WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final List<PersistentLoop> loops;
    private final Phase phase;
    private final double nanosPerBatch;
    private final int pipeline;
    private final long startNanos;
    private final long windowNanos;
    /** Batches sent and not answered, plus one held by the pacer until it sends no more. */
    private final AtomicLong outstanding = new AtomicLong(1);
    private final Runnable answered = this::release;

    /**
     * @param loops the connections, each sent every {@code loops.size()}-th batch
     * @param phase the budget of requests, and where latencies go
     * @param rate requests per second in all, at least 1
     * @param pipeline requests per batch
     * @param startNanos when batch 0 is due ({@link System#nanoTime()})
     * @param windowNanos how long batches fall due, or {@code Long.MAX_VALUE} until the budget is spent
     */
    Pacer(List<PersistentLoop> loops, Phase phase, long rate, int pipeline, long startNanos, long windowNanos) {
        this.loops = loops;
        this.phase = phase;
        this.nanosPerBatch = pipeline * 1e9 / rate;
        this.pipeline = pipeline;
        this.startNanos = startNanos;
        this.windowNanos = windowNanos;
    }

    /** Returns the nanoseconds after the start at which batch {@code g} is due. */
    private static long offset(long g, double nanosPerBatch) {
        return (long) (g * nanosPerBatch);
    }

    @Override
    public void run() {
        try {
            for (long g = 0; ; g++) {
                long offset = offset(g, nanosPerBatch);
                if (offset >= windowNanos) {
                    return;
                }
                long due = startNanos + offset;
                PersistentLoop loop = loops.get((int) (g % loops.size()));
                if (!awaitDue(due) || !awaitRoom(loop) || loop.isClosed()) {
                    return;
                }
                int n = phase.claim(pipeline);
                if (n == 0) {
                    return;
                }
                outstanding.incrementAndGet();
                loop.sendPaced(phase, n, due, answered);
            }
        } finally {
            release();
        }
    }

    /** Waits until {@code due}; false if the phase was cancelled meanwhile. */
    private boolean awaitDue(long due) {
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            if (phase.isCancelled()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(10)));
        }
        return !phase.isCancelled();
    }

    /** Waits while {@code loop} has {@value #MAX_IN_FLIGHT} batches unanswered; false if cancelled or closed. */
    private boolean awaitRoom(PersistentLoop loop) {
        while (loop.pacedInFlight() >= MAX_IN_FLIGHT) {
            if (phase.isCancelled() || loop.isClosed()) {
                return false;
            }
            LockSupport.parkNanos(WAIT_NANOS);
        }
        return true;
    }

    private void release() {
        if (outstanding.decrementAndGet() == 0) {
            phase.loopStopped();
        }
    }
}
