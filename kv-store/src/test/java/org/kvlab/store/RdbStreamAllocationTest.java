package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.KeyContents.bytes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Streaming an RDB for a replica's full resynchronization reads the live store's values where they are: counted with
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}, writing a keyspace of compressible strings
 * allocates a few bytes per key (the point-in-time copy of the bucket arrays), never a copy of the values or a
 * compression table per string — which once made a 1 GB resync produce hundreds of gigabytes of garbage.
 */
final class RdbStreamAllocationTest {

    private static final int KEYS = 20_000;
    private static final int VALUE_BYTES = 100;
    /** The bucket arrays' point-in-time copy: at most two 4-byte slots per key, with room for array headers. */
    private static final long BYTES_PER_KEY = 16;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void writeRdb_ofCompressibleStrings_allocatesNoCopyOfTheValues() throws IOException {
        try (KvStore store = KvStore.inMemory()) {
            byte[] prefix = bytes("v".repeat(VALUE_BYTES - 8));
            for (int i = 0; i < KEYS; i++) {
                byte[] value = new byte[VALUE_BYTES];
                System.arraycopy(prefix, 0, value, 0, prefix.length);
                System.arraycopy(bytes(String.format("%08d", i)), 0, value, prefix.length, 8);
                store.database(0).set(bytes("string:" + i), value);
            }
            ByteArrayOutputStream sample = new ByteArrayOutputStream();
            store.writeRdb(sample, () -> { });
            assertTrue(sample.size() < KEYS * VALUE_BYTES / 2, "the values were compressed: " + sample.size());

            long least = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) { // the first rounds may still load and compile classes
                long before = threads.getCurrentThreadAllocatedBytes();
                store.writeRdb(OutputStream.nullOutputStream(), () -> { });
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(least <= KEYS * BYTES_PER_KEY, "bytes allocated to write " + KEYS + " keys: " + least
                    + " (expected: <= " + KEYS * BYTES_PER_KEY + ")");
        }
    }
}
