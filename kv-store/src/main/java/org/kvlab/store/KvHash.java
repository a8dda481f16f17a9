package org.kvlab.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Hashing and equality of binary keys: each key is hashed once per operation. */
final class KvHash {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Drawn per process, so that clients cannot choose keys that collide (hash flooding), as Redis seeds SipHash. */
    private static final long SEED = new SplittableRandom().nextLong();
    private static final long SEED2 = new SplittableRandom().nextLong();
    private static final long MUL = 0xBF58476D1CE4E5B9L;

    private KvHash() {
    }

    /** Keys up to this length are identified by their length and two words ({@link #word0}, {@link #word1}). */
    static final int SHORT_KEY = 2 * Long.BYTES;

    /**
     * Returns a well-mixed hash of {@code key}: its top bits pick a segment, its low bits a bucket. A key of up to 16
     * bytes is read as two words (overlapping when shorter) and mixed by a 64×64→128-bit multiply folded to 64 bits,
     * as xxh3 and wyhash do for short inputs, then by one more against a constant; longer keys fold in eight bytes a
     * step first. Two multiplies on the critical path of a short key, where a multiply-xorshift chain takes four;
     * {@code StoreBenchmark} measures it.
     */
    static int hash(byte[] key) {
        return hash(key, SEED, SEED2);
    }

    /** {@link #hash(byte[])} under the seeds {@code seed} and {@code seed2}, which tests vary. */
    static int hash(byte[] key, long seed, long seed2) {
        int n = key.length;
        long lo;
        long hi;
        if (n <= SHORT_KEY) {
            lo = word0(key);
            hi = word1(key);
        } else {
            lo = seed ^ n;
            for (int i = 0; i + Long.BYTES < n; i += Long.BYTES) {
                lo = mix(lo ^ (long) LONGS.get(key, i), MUL);
            }
            hi = (long) LONGS.get(key, n - Long.BYTES);
        }
        // the second multiply spreads what one leaves uneven: with one, about 1 seed in 75 put a third more keys
        // of the form key:%012d in one segment than in another
        long h = mix(mix(lo ^ seed, hi ^ seed2 ^ n), MUL);
        return (int) (h ^ (h >>> 32));
    }

    /**
     * Returns the first word of a key of up to {@link #SHORT_KEY} bytes: its first eight bytes, or four, or for a
     * key of one to three bytes its first, middle and last. With {@link #word1} and the length it identifies the key:
     * two keys of equal length up to 16 bytes are equal exactly when both words are.
     */
    static long word0(byte[] key) {
        int n = key.length;
        if (n >= Long.BYTES) {
            return (long) LONGS.get(key, 0);
        } else if (n >= Integer.BYTES) {
            return (int) INTS.get(key, 0) & 0xFFFFFFFFL;
        } else if (n > 0) {
            return (key[0] & 0xFF) | (key[n >> 1] & 0xFF) << 8 | (key[n - 1] & 0xFF) << 16;
        }
        return 0;
    }

    /** Returns the second word of a key of up to {@link #SHORT_KEY} bytes: its last eight bytes, or four, or zero. */
    static long word1(byte[] key) {
        int n = key.length;
        if (n >= Long.BYTES) {
            return (long) LONGS.get(key, n - Long.BYTES);
        } else if (n >= Integer.BYTES) {
            return (int) INTS.get(key, n - Integer.BYTES) & 0xFFFFFFFFL;
        }
        return 0;
    }

    /** The 128-bit product of {@code a} and {@code b}, its halves xored. */
    private static long mix(long a, long b) {
        return a * b ^ Math.multiplyHigh(a, b);
    }

    static boolean equal(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
