package org.kvlab.bench.clients;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every client runs: {@code SET} or {@code GET} of keys {@code key:NNNNNNNNNNNN} drawn uniformly from a key
 * space (the keys {@code redis-benchmark -r} makes), values of a fixed size, a fixed request count shared by all
 * connections. The keys are made once so that no client pays for formatting them. Thread-safe.
 */
final class Workload {

    /** The command a run sends. */
    enum Op { SET, GET }

    private final byte[][] keys;
    private final byte[] value;

    Workload(int keyspace, int valueSize) {
        keys = new byte[keyspace][];
        for (int i = 0; i < keyspace; i++) {
            keys[i] = String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII);
        }
        value = new byte[valueSize];
        java.util.Arrays.fill(value, (byte) 'x');
    }

    /** Returns a key drawn uniformly from the key space; the caller must not change it. */
    byte[] randomKey() {
        return keys[ThreadLocalRandom.current().nextInt(keys.length)];
    }

    /** Returns the value every SET writes; the caller must not change it. */
    byte[] value() {
        return value;
    }

    /** Hands out a run's requests to its connections in batches. Thread-safe. */
    static final class Budget {
        private final AtomicLong left;

        Budget(long requests) {
            left = new AtomicLong(requests);
        }

        /** Claims up to {@code max} requests; 0 when none are left. */
        int claim(int max) {
            while (true) {
                long l = left.get();
                if (l <= 0) {
                    return 0;
                }
                int take = (int) Math.min(max, l);
                if (left.compareAndSet(l, l - take)) {
                    return take;
                }
            }
        }
    }
}
