package org.kvlab.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Hashing and equality of binary keys: each key is hashed once per operation. */
final class KvHash {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long MUL = 0xBF58476D1CE4E5B9L;

    private KvHash() {
    }

    /**
     * Returns a well-mixed hash of {@code key}: its top bits pick a segment, its low bits a bucket. Eight bytes per
     * step, multiply-xorshift mixing (SplitMix64's finalizer); {@link Arrays#hashCode(byte[])} takes one dependent
     * multiply per byte and measured as the largest part of a GET.
     */
    static int hash(byte[] key) {
        int n = key.length;
        long h = SEED ^ n;
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            h = (h ^ (long) LONGS.get(key, i)) * MUL;
            h ^= h >>> 29;
        }
        if (i < n) {
            long tail = 0;
            for (int shift = 0; i < n; i++, shift += 8) {
                tail |= (key[i] & 0xFFL) << shift;
            }
            h = (h ^ tail) * MUL;
        }
        h = (h ^ (h >>> 30)) * MUL;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (int) (h ^ (h >>> 32));
    }

    static boolean equal(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
