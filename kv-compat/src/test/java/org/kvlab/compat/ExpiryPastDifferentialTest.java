package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.compat.ReplicationInteropTest.text;

import net.jqwik.api.Example;

/**
 * Expiry times already past, against redis-server byte for byte, with both active expiries off so that only the
 * commands decide: {@code SET} with {@code EXAT}/{@code PXAT} in the past keeps the key, expired ({@code DBSIZE}
 * counts it, reads see nothing, the first read removes it as expired), as Redis's {@code setGenericCommand};
 * {@code EXPIREAT}, {@code PEXPIREAT} and {@code GETEX} with a time past delete the key at once, as
 * {@code checkAlreadyExpired}.
 */
@RequiresRedis
final class ExpiryPastDifferentialTest {

    @Example
    void setWithAPastExpiry_keepsTheKeyExpired_whileExpireWithAPastTimeDeletesIt_asRedis() {
        Differential d = Differential.shared();
        d.reset();
        d.check("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        try {
            d.check("CONFIG", "RESETSTAT");
            d.check("SET", "k", "v", "PXAT", "1");
            d.check("SET", "s", "v", "EXAT", "1", "GET");
            d.check("SET", "s", "w", "EXAT", "1", "GET");
            d.check("DBSIZE");
            d.check("GET", "k");
            d.check("DBSIZE");
            d.check("PTTL", "s");
            d.check("EXISTS", "k", "s");
            d.check("DBSIZE");
            sameExpiredKeys(d, 3);

            for (String key : new String[] {"a", "b", "c"}) {
                d.check("SET", key, "v");
            }
            d.check("PEXPIREAT", "a", "1");
            d.check("EXPIREAT", "b", "1");
            d.check("GETEX", "c", "PXAT", "1");
            d.check("DBSIZE");
            sameExpiredKeys(d, 3);
        } finally {
            d.check("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        }
    }

    /** Asserts both servers' {@code INFO stats} count {@code expected} expired keys. */
    private static void sameExpiredKeys(Differential d, long expected) {
        Reply[] stats = d.call(Differential.args("INFO", "stats"));
        assertEquals("expired_keys:" + expected, field(stats[0], "expired_keys"), "redis-server");
        assertEquals("expired_keys:" + expected, field(stats[1], "expired_keys"), "kvlab");
    }

    private static String field(Reply info, String name) {
        for (String line : text(info).split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line;
            }
        }
        return "";
    }
}
