package org.kvlab.store;

import java.util.Arrays;

/** Hashing and equality of binary keys: each key is hashed once per operation. */
final class KvHash {

    private KvHash() {
    }

    /** Returns a well-mixed hash of {@code key}: its top bits pick a segment, its low bits a bucket. */
    static int hash(byte[] key) {
        int h = Arrays.hashCode(key) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    static boolean equal(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
