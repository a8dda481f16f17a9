package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.integer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Expiry at the exact millisecond, as Redis 7.0: a key whose expiry is the current millisecond is still there
 * ({@code keyIsExpired} is {@code now > when}; {@code PTTL} 0, {@code TTL} 0, {@code EXPIRETIME} its time) and is gone
 * one millisecond later; {@code SET} with an {@code EXAT}/{@code PXAT} already past keeps the key with that expiry
 * ({@code DBSIZE} counts it until it is removed as expired); {@code EXPIREAT}, {@code PEXPIRE 0} and
 * {@code GETEX PXAT} with a time equal to now delete the key at once ({@code checkAlreadyExpired} is
 * {@code when <= now}). The clock moves only when the test moves it.
 */
final class ExpiryBoundaryCommandsTest {

    private static final String NOW = Long.toString(Wire.START);

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @BeforeEach
    void noActiveExpiry() {
        wire.store.activeExpiry(false); // only the reads expire keys, at the instants the test chooses
    }

    @AfterEach
    void close() {
        wire.close();
    }

    @Test
    void keyExpiringThisMillisecond_isStillThere_withTtlZero_andGoneTheNext() {
        assertEquals(OK, c.call("SET", "k", "v", "PX", "10"));
        wire.clock.advance(10);

        assertEquals(bulk("v"), c.call("GET", "k"));
        assertEquals(integer(0), c.call("PTTL", "k"));
        assertEquals(integer(0), c.call("TTL", "k"));
        assertEquals(integer(Wire.START + 10), c.call("PEXPIRETIME", "k"));
        assertEquals(integer(1), c.call("EXISTS", "k"));

        wire.clock.advance(1);
        assertEquals(integer(-2), c.call("PTTL", "k"));
        assertEquals(NIL, c.call("GET", "k"));
        assertEquals(integer(0), c.call("DBSIZE"));
    }

    @Test
    void setPxatNow_keepsTheKey_untilTheNextMillisecond() {
        assertEquals(OK, c.call("SET", "k", "v", "PXAT", NOW));

        assertEquals(bulk("v"), c.call("GET", "k"));
        assertEquals(integer(0), c.call("PTTL", "k"));
        assertEquals(integer(Wire.START), c.call("PEXPIRETIME", "k"));

        wire.clock.advance(1);
        assertEquals(NIL, c.call("GET", "k"));
    }

    @Test
    void setPxatInThePast_storesTheKeyAlreadyExpired_whichReadsAsAbsent_andIsCountedExpiredOnceRemoved() {
        assertEquals(OK, c.call("SET", "k", "v", "PXAT", Long.toString(Wire.START - 1)));
        assertEquals(OK, c.call("SET", "s", "v", "EXAT", Long.toString(Wire.START / 1000 - 1)));

        assertEquals(integer(2), c.call("DBSIZE"), "held until removed, as Redis's dictSize counts them");
        assertEquals(NIL, c.call("GET", "k"));
        assertEquals(integer(-2), c.call("PTTL", "s"));
        assertEquals(integer(0), c.call("DBSIZE"));
        assertEquals(2, wire.store.keyspaceStats().expiredKeys());
    }

    @Test
    void expireWithATimeEqualToNow_deletesTheKeyAtOnce() {
        for (String key : new String[] {"a", "b", "c", "d"}) {
            assertEquals(OK, c.call("SET", key, "v"));
        }
        assertEquals(integer(1), c.call("PEXPIREAT", "a", NOW));
        assertEquals(integer(1), c.call("EXPIREAT", "b", Long.toString(Wire.START / 1000)));
        assertEquals(integer(1), c.call("PEXPIRE", "c", "0"));
        assertEquals(bulk("v"), c.call("GETEX", "d", "PXAT", NOW));

        assertEquals(integer(0), c.call("DBSIZE"), "deleted, not kept with an expiry");
        assertEquals(0, wire.store.keyspaceStats().expiredKeys());
    }

    @Test
    void expireOneMillisecondAhead_keepsTheKey_throughThatMillisecond() {
        assertEquals(OK, c.call("SET", "k", "v"));
        assertEquals(integer(1), c.call("PEXPIREAT", "k", Long.toString(Wire.START + 1)));
        wire.clock.advance(1);

        assertEquals(integer(0), c.call("PTTL", "k"));
        assertEquals(bulk("v"), c.call("GET", "k"));
        wire.clock.advance(1);
        assertEquals(integer(0), c.call("EXISTS", "k"));
    }
}
