package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * {@link KvHash}: equal bytes hash alike, the keys people use spread over segments and buckets, and a short key's two
 * words identify it, so {@link Node#holds} compares them instead of arrays.
 */
final class KvHashTest {

    private static final int KEYS = 100_000;
    private static final int BUCKETS = 16_384;
    /** Seed pairs tried: with one multiply instead of two, about 1 in 75 spread key:%012d unevenly. */
    private static final int SEED_PAIRS = 200;

    @Property
    void equalBytesInOtherArrays_hashAlike(@ForAll @Size(max = 64) byte[] key) {
        assertEquals(KvHash.hash(key), KvHash.hash(key.clone()));
    }

    @Property
    void shortKeys_ofEqualLength_areEqualExactlyWhenBothWordsAre(
            @ForAll @Size(max = KvHash.SHORT_KEY) byte[] a, @ForAll @Size(max = KvHash.SHORT_KEY) byte[] b) {
        byte[] other = b.length == a.length ? b : Arrays.copyOf(b, a.length);
        boolean wordsEqual = KvHash.word0(a) == KvHash.word0(other) && KvHash.word1(a) == KvHash.word1(other);
        assertEquals(Arrays.equals(a, other), wordsEqual);
    }

    @Property
    void shortKeys_oneByteChanged_changeAWord(@ForAll @Size(min = 1, max = KvHash.SHORT_KEY) byte[] key,
            @ForAll @IntRange(min = 0, max = KvHash.SHORT_KEY - 1) int position, @ForAll @IntRange(min = 1, max = 255) int delta) {
        int i = position % key.length;
        byte[] changed = key.clone();
        changed[i] = (byte) (changed[i] + delta);
        assertTrue(KvHash.word0(key) != KvHash.word0(changed) || KvHash.word1(key) != KvHash.word1(changed),
                "byte " + i + " of a " + key.length + "-byte key is in a word");
    }

    @Test
    void nodeHolds_shortAndLongKeys_byContentNotByArray() {
        for (String text : new String[] {"", "a", "ab", "abc", "abcd", "key:0042", "key:000042", "0123456789abcdef",
                "0123456789abcdefg", "user:1000:profile:settings"}) {
            byte[] key = text.getBytes(StandardCharsets.US_ASCII);
            Node node = new Node(KvHash.hash(key), key, new byte[1], -1, null, false);
            assertTrue(node.holds(key.clone()), text);
            if (key.length > 0) {
                byte[] last = key.clone();
                last[key.length - 1]++;
                assertFalse(node.holds(last), text + " with its last byte changed");
                byte[] first = key.clone();
                first[0]++;
                assertFalse(node.holds(first), text + " with its first byte changed");
            }
            assertFalse(node.holds(Arrays.copyOf(key, key.length + 1)), text + " with a zero byte appended");
        }
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
    void structuredKeys_spreadOverSegmentsAndBucketsAsRandomOnesWould_underAnySeeds() {
        SplittableRandom seeds = new SplittableRandom(1);
        for (String format : new String[] {"key:%06d", "key:%012d", "%d", "k%d", "user:%d:profile:settings"}) {
            byte[][] keys = new byte[KEYS][];
            for (int i = 0; i < KEYS; i++) {
                keys[i] = String.format(format, i).getBytes(StandardCharsets.US_ASCII);
            }
            for (int run = 0; run < SEED_PAIRS; run++) {
                long seed = seeds.nextLong();
                long seed2 = seeds.nextLong();
                int[] segments = new int[Database.SEGMENTS];
                int[][] buckets = new int[Database.SEGMENTS][BUCKETS];
                for (byte[] key : keys) {
                    int h = KvHash.hash(key, seed, seed2);
                    segments[h >>> (32 - Database.SEGMENT_BITS)]++;
                    buckets[h >>> (32 - Database.SEGMENT_BITS)][h & (BUCKETS - 1)]++;
                }
                String what = format + " under seeds " + seed + ", " + seed2;
                long squares = 0;
                for (int s = 0; s < Database.SEGMENTS; s++) {
                    int expected = KEYS / Database.SEGMENTS;
                    assertTrue(Math.abs(segments[s] - expected) < expected / 10, what + ": segment " + s + " holds "
                            + segments[s] + " keys (expected about " + expected + ")");
                    for (int count : buckets[s]) {
                        squares += (long) count * count;
                    }
                }
                // for random hashes, the mean chain length seen by a key is 1 + load = 1.38 here
                double probe = (double) squares / KEYS;
                assertTrue(probe < 1.5, what + ": mean chain length per key " + probe + " (random: 1.38)");
            }
        }
    }
}
