package org.kvlab.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis's LFU access counter ({@code evict.c}), packed in a key's access stamp ({@link Node#accessed}) in place of
 * its access time: the low 8 bits a logarithmic counter, the 16 bits above them the minute it last changed. An
 * access increments the counter with probability {@code 1 / ((counter - 5) * logFactor + 1)}, so it takes about a
 * million accesses to reach 255 at the default factor 10; every {@code decayTime} minutes without access take one
 * off it. A new key starts at 5, so that it is not evicted before it has had a chance to be used.
 */
final class Lfu {

    /** The counter of a new key (Redis's {@code LFU_INIT_VAL}). */
    static final int INITIAL = 5;
    static final int MAX = 255;
    private static final int MINUTES_MASK = 0xFFFF;

    private Lfu() {
    }

    /** Returns the stamp of a key created at {@code minutes}. */
    static int fresh(int minutes) {
        return stamp(minutes, INITIAL);
    }

    /** Returns the stamp of a key of stamp {@code stamp} accessed at {@code minutes}: decayed, then incremented. */
    static int touched(int stamp, int minutes, int logFactor, int decayTime) {
        int counter = decayed(stamp, minutes, decayTime);
        return stamp(minutes, incremented(counter, logFactor, ThreadLocalRandom.current().nextDouble()));
    }

    /**
     * Returns the counter of {@code stamp} as of {@code minutes}: one less for each {@code decayTime} minutes since it
     * last changed, not under 0 (Redis's {@code LFUDecrAndReturn}).
     */
    static int decayed(int stamp, int minutes, int decayTime) {
        int counter = stamp & MAX;
        if (decayTime <= 0) {
            return counter;
        }
        int last = (stamp >>> 8) & MINUTES_MASK;
        int now = minutes & MINUTES_MASK;
        int elapsed = now >= last ? now - last : MINUTES_MASK - last + now;
        int periods = elapsed / decayTime;
        return periods > counter ? 0 : counter - periods;
    }

    /**
     * Returns {@code counter} incremented with probability {@code 1 / (max(0, counter - 5) * logFactor + 1)}, judged
     * by {@code random} in {@code [0, 1)} (Redis's {@code LFULogIncr}).
     */
    static int incremented(int counter, int logFactor, double random) {
        if (counter >= MAX) {
            return MAX;
        }
        double base = Math.max(0, counter - INITIAL);
        double p = 1.0 / (base * logFactor + 1);
        return random < p ? counter + 1 : counter;
    }

    private static int stamp(int minutes, int counter) {
        return (minutes & MINUTES_MASK) << 8 | counter;
    }
}
