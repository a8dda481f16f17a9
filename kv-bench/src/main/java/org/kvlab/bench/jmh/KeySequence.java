package org.kvlab.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Precomputed key indexes for a benchmark thread, so that choosing the next key costs an array read and a mask:
 * uniform over {@code [0, keys)}, or Zipf-distributed (exponent 0.99, as YCSB's default) with the popular ranks
 * scattered over the key space. Not thread-safe: one per benchmark thread.
 */
final class KeySequence {

    /** The number of indexes precomputed; a power of two. */
    static final int LENGTH = 1 << 16;

    private static final double ZIPF_EXPONENT = 0.99;

    private final int[] indexes;
    private int next;

    private KeySequence(int[] indexes) {
        this.indexes = indexes;
    }

    /** Returns {@code LENGTH} indexes drawn uniformly from {@code [0, keys)}. */
    static KeySequence uniform(int keys, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] indexes = new int[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            indexes[i] = random.nextInt(keys);
        }
        return new KeySequence(indexes);
    }

    /**
     * Returns {@code LENGTH} indexes drawn from a Zipf distribution over {@code [0, keys)}; rank r (0 the most
     * popular) maps to a key index through a permutation fixed by {@code seed}.
     */
    static KeySequence zipf(int keys, long seed) {
        double[] cumulative = new double[keys];
        double sum = 0;
        for (int rank = 0; rank < keys; rank++) {
            sum += 1 / Math.pow(rank + 1, ZIPF_EXPONENT);
            cumulative[rank] = sum;
        }
        int[] permutation = new int[keys];
        for (int i = 0; i < keys; i++) {
            permutation[i] = i;
        }
        SplittableRandom shuffle = new SplittableRandom(42);
        for (int i = keys - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] indexes = new int[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            double u = random.nextDouble() * sum;
            int low = 0;
            int high = keys - 1;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (cumulative[mid] < u) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            indexes[i] = permutation[low];
        }
        return new KeySequence(indexes);
    }

    /** Returns {@code distribution}'s sequence: {@code "uniform"} or {@code "zipf"}. */
    static KeySequence of(String distribution, int keys, long seed) {
        switch (distribution) {
            case "uniform":
                return uniform(keys, seed);
            case "zipf":
                return zipf(keys, seed);
            default:
                throw new IllegalArgumentException("distribution: " + distribution + " (expected: uniform or zipf)");
        }
    }

    /** Returns the next index, wrapping around after {@link #LENGTH}. */
    int next() {
        int index = indexes[next];
        next = (next + 1) & (LENGTH - 1);
        return index;
    }

    /** Returns the ASCII key {@code prefix} followed by {@code index} in six digits, e.g. {@code key:000042}. */
    static byte[] key(String prefix, int index) {
        return String.format("%s%06d", prefix, index).getBytes(StandardCharsets.US_ASCII);
    }
}
