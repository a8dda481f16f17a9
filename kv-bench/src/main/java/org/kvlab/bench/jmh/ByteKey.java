package org.kvlab.bench.jmh;

import java.util.Arrays;

/**
 * A binary key for a {@code ConcurrentHashMap} baseline: wraps a byte array (not copied, not to be modified) and
 * caches its hash, computed once at construction. Immutable, thread-safe.
 */
final class ByteKey {

    private final byte[] bytes;
    private final int hash;

    ByteKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ByteKey && hash == ((ByteKey) other).hash
                && Arrays.equals(bytes, ((ByteKey) other).bytes);
    }
}
