package org.kvlab.store;

import java.time.Clock;

/**
 * The store's coarse clock for access times, as Redis's {@code server.lruclock}: whole seconds since 2020, read from
 * a field that the store's expiry thread refreshes every 100 ms, so marking a key accessed costs no clock call.
 * Thread-safe.
 */
final class LruClock {

    /** 2020-01-01T00:00:00Z: an {@code int} of seconds from here lasts until 2088. */
    private static final long EPOCH_SECONDS = 1_577_836_800L;

    private final Clock clock;
    private volatile int now;

    LruClock(Clock clock) {
        this.clock = clock;
        tick();
    }

    /** Reads the clock again. */
    void tick() {
        now = (int) (clock.millis() / 1000 - EPOCH_SECONDS);
    }

    /** Returns the current time in this clock's seconds, as of the last {@link #tick()}. */
    int now() {
        return now;
    }

    /** Returns the milliseconds since {@code accessed}, a time from {@link #now()}, measured by the clock itself. */
    long idleMillis(int accessed) {
        long nowSeconds = clock.millis() / 1000 - EPOCH_SECONDS;
        return Math.max(0, nowSeconds - accessed) * 1000;
    }
}
