package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@link KvHash}: equal bytes hash alike, and the keys people use spread over segments and buckets. */
final class KvHashTest {

    private static final int KEYS = 100_000;
    private static final int BUCKETS = 16_384;

    @Property
    void equalBytesInOtherArrays_hashAlike(@ForAll @Size(max = 64) byte[] key) {
        assertEquals(KvHash.hash(key), KvHash.hash(key.clone()));
    }

    @Test
    void everyLengthUpTo40_ofOneByteValue_hashesDifferently() {
        Set<Integer> hashes = new HashSet<>();
        for (int n = 0; n <= 40; n++) {
            hashes.add(KvHash.hash(new byte[n]));
        }
        assertEquals(41, hashes.size(), "the length is part of the hash: zero-filled keys of each length differ");
    }

    @Test
    void structuredKeys_spreadOverSegmentsAndBucketsAsRandomOnesWould() {
        for (String format : new String[] {"key:%06d", "key:%012d", "%d", "k%d", "user:%d:profile:settings"}) {
            int[] segments = new int[Database.SEGMENTS];
            int[][] buckets = new int[Database.SEGMENTS][BUCKETS];
            for (int i = 0; i < KEYS; i++) {
                int h = KvHash.hash(String.format(format, i).getBytes(StandardCharsets.US_ASCII));
                segments[h >>> (32 - Database.SEGMENT_BITS)]++;
                buckets[h >>> (32 - Database.SEGMENT_BITS)][h & (BUCKETS - 1)]++;
            }
            long squares = 0;
            for (int s = 0; s < Database.SEGMENTS; s++) {
                int expected = KEYS / Database.SEGMENTS;
                assertTrue(Math.abs(segments[s] - expected) < expected / 10, format + ": segment " + s + " holds "
                        + segments[s] + " keys (expected about " + expected + ")");
                for (int count : buckets[s]) {
                    squares += (long) count * count;
                }
            }
            // for random hashes, the mean chain length seen by a key is 1 + load = 1.38 here
            double probe = (double) squares / KEYS;
            assertTrue(probe < 1.5, format + ": mean chain length per key " + probe + " (random: 1.38)");
        }
    }
}
