package org.kvlab.command;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so expiry is checked without waiting. Thread-safe. */
public final class MutableClock extends Clock {

    private volatile long millis;

    /** Starts at {@code millis} epoch milliseconds. */
    public MutableClock(long millis) {
        this.millis = millis;
    }

    /** Moves the clock forward by {@code delta} milliseconds. */
    public void advance(long delta) {
        millis += delta;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("fixed to UTC");
    }
}
