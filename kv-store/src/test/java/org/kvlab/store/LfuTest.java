package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class LfuTest {

    @Test
    void fresh_startsAtFive() {
        assertEquals(Lfu.INITIAL, Lfu.decayed(Lfu.fresh(100), 100, 1));
    }

    @Test
    void incremented_belowInitialValue_alwaysGrows() {
        assertEquals(6, Lfu.incremented(5, 10, 0.999));
        assertEquals(1, Lfu.incremented(0, 10, 0.999));
    }

    @Test
    void incremented_growsWithProbabilityOneOverBaseTimesFactorPlusOne() {
        // counter 15: base 10, factor 10, p = 1/101
        assertEquals(16, Lfu.incremented(15, 10, 0.0098));
        assertEquals(15, Lfu.incremented(15, 10, 0.0100));
        assertEquals(16, Lfu.incremented(15, 0, 0.999), "factor 0 counts every access");
    }

    @Test
    void incremented_saturatesAt255() {
        assertEquals(255, Lfu.incremented(255, 0, 0.0));
    }

    @Test
    void incremented_manyAccesses_followsRedisTable() {
        // Redis's redis.conf table for lfu-log-factor 10: 100 hits give 10, 1K 18, 100K 142, 1M 255
        SplittableRandom random = new SplittableRandom(42);
        int counter = Lfu.INITIAL;
        int[] checkpoints = {100, 1_000, 100_000, 1_000_000};
        int[] expected = {10, 18, 142, 255};
        int accesses = 0;
        for (int i = 0; i < checkpoints.length; i++) {
            while (accesses < checkpoints[i]) {
                counter = Lfu.incremented(counter, 10, random.nextDouble());
                accesses++;
            }
            assertTrue(Math.abs(counter - expected[i]) <= Math.max(3, expected[i] / 10),
                    accesses + " accesses: " + counter + ", Redis's table says " + expected[i]);
        }
    }

    @Test
    void decayed_losesOnePerDecayTimeMinutes() {
        int stamp = Lfu.fresh(1000) + 15; // counter 20 at minute 1000
        assertEquals(20, Lfu.decayed(stamp, 1000, 1));
        assertEquals(10, Lfu.decayed(stamp, 1010, 1));
        assertEquals(15, Lfu.decayed(stamp, 1010, 2));
        assertEquals(0, Lfu.decayed(stamp, 1100, 1), "never under 0");
        assertEquals(20, Lfu.decayed(stamp, 5000, 0), "decay time 0 never decays");
    }

    @Test
    void decayed_minutesWrapAfter16Bits() {
        int stamp = Lfu.fresh(65530) + 15; // counter 20 at minute 65530
        assertEquals(10, Lfu.decayed(stamp, 65536 + 5, 1), "10 minutes later, past the wrap");
    }

    @Test
    void touched_decaysThenIncrementsAndRestamps() {
        int stamp = Lfu.fresh(1000) + 15;
        int touched = Lfu.touched(stamp, 1010, 10, 1);
        assertEquals(1010 << 8, touched & ~0xFF, "restamped at the access's minute");
        int counter = touched & 0xFF;
        assertTrue(counter == 10 || counter == 11, "decayed to 10, then maybe incremented: " + counter);
    }
}
