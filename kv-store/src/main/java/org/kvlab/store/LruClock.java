package org.kvlab.store;

import java.time.Clock;
import org.kvlab.api.MemoryLimits;

/**
 * The store's coarse clock for access stamps, as Redis's {@code server.lruclock}: whole seconds since 2020, read from
 * a field that the store's expiry thread refreshes every 100 ms, so marking a key accessed costs no clock call. A
 * key's stamp ({@link Node#accessed}) is the time it was last accessed or, while the memory policy is LFU, its
 * {@link Lfu} counter, as Redis reuses its {@code lru} field. Thread-safe.
 */
final class LruClock {

    /** 2020-01-01T00:00:00Z: an {@code int} of seconds from here lasts until 2088. */
    private static final long EPOCH_SECONDS = 1_577_836_800L;

    private final Clock clock;
    private final MemoryLimits limits;
    private volatile int now;

    LruClock(Clock clock, MemoryLimits limits) {
        this.clock = clock;
        this.limits = limits;
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

    /** Returns the stamp of a key just created. */
    int fresh() {
        return limits.policy().lfu() ? Lfu.fresh(now / 60) : now;
    }

    /** Returns the stamp of a key of stamp {@code stamp} just accessed. */
    int touched(int stamp) {
        MemoryLimits l = limits;
        return l.policy().lfu() ? Lfu.touched(stamp, now / 60, l.lfuLogFactor(), l.lfuDecayTime()) : now;
    }

    /** Returns the access counter a stamp taken under an LFU policy holds now ({@code OBJECT FREQ}). */
    int frequency(int stamp) {
        return Lfu.decayed(stamp, now / 60, limits.lfuDecayTime());
    }

    /** Returns the milliseconds since {@code accessed}, a time from {@link #now()}, measured by the clock itself. */
    long idleMillis(int accessed) {
        long nowSeconds = clock.millis() / 1000 - EPOCH_SECONDS;
        return Math.max(0, nowSeconds - accessed) * 1000;
    }
}
