package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Values far larger than any read or write buffer survive the trip both ways. */
public abstract class LargeValueTest extends ServerFixture {

    @Test
    void tenMegabyteValue_roundTripsIntact() {
        byte[] value = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(value);
        byte[] key = "big".getBytes();
        try (Jedis jedis = jedis()) {
            assertEquals("OK", jedis.set(key, value));
            assertArrayEquals(value, jedis.get(key));
            assertEquals(value.length, jedis.strlen(key));
        }
    }

    @Test
    void manyLargeValuesPipelined_allIntact() {
        byte[] value = new byte[512 * 1024];
        new Random(7).nextBytes(value);
        try (Jedis jedis = jedis()) {
            var p = jedis.pipelined();
            for (int i = 0; i < 20; i++) {
                p.set(("big:" + i).getBytes(), value);
            }
            var gets = new java.util.ArrayList<redis.clients.jedis.Response<byte[]>>();
            for (int i = 0; i < 20; i++) {
                gets.add(p.get(("big:" + i).getBytes()));
            }
            p.sync();
            for (var g : gets) {
                assertArrayEquals(value, g.get());
            }
        }
    }
}
