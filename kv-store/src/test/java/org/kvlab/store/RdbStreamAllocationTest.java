package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.KeyContents.bytes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlab.api.HashEntry;
import org.kvlab.api.ListEnd;

/**
 * Streaming an RDB for a replica's full resynchronization reads the live store's values where they are: counted with
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}, writing a keyspace of compressible strings,
 * lists and hashes (in their hash-table encoding) allocates a few bytes per key (the point-in-time copy of the bucket
 * arrays), never a copy of the values, of a list's elements, of a hash's fields or a compression table per string — which once made a 1 GB resync produce hundreds of
 * gigabytes of garbage.
 */
final class RdbStreamAllocationTest {

    private static final int KEYS = 20_000;
    private static final int LISTS = 200;
    private static final int HASHES = 200;
    /** Elements per list, fields per hash: their values are too long for a listpack, so hashes are tables. */
    private static final int LIST_ELEMENTS = 100;
    private static final int VALUE_BYTES = 100;
    /** The bucket arrays' point-in-time copy: at most two 4-byte slots per key, with room for array headers. */
    private static final long BYTES_PER_KEY = 16;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void writeRdb_ofStringsListsAndHashes_allocatesNoCopyOfTheValues() throws IOException {
        try (KvStore store = KvStore.inMemory()) {
            for (int i = 0; i < KEYS; i++) {
                store.database(0).set(bytes("string:" + i), value(i));
            }
            for (int i = 0; i < LISTS; i++) {
                byte[][] elements = new byte[LIST_ELEMENTS][];
                for (int j = 0; j < LIST_ELEMENTS; j++) {
                    elements[j] = value(i * LIST_ELEMENTS + j);
                }
                store.database(0).lists().push(bytes("list:" + i), ListEnd.RIGHT, elements);
            }
            for (int i = 0; i < HASHES; i++) {
                List<HashEntry> fields = new ArrayList<>();
                for (int j = 0; j < LIST_ELEMENTS; j++) {
                    fields.add(new HashEntry(bytes("f" + j), value(i * LIST_ELEMENTS + j)));
                }
                store.database(0).hashes().set(bytes("hash:" + i), fields);
            }
            assertEquals("hashtable", store.database(0).encoding(bytes("hash:0")));
            ByteArrayOutputStream sample = new ByteArrayOutputStream();
            store.writeRdb(sample, () -> { });
            long valueBytes = (long) (KEYS + (LISTS + HASHES) * LIST_ELEMENTS) * VALUE_BYTES;
            assertTrue(sample.size() < valueBytes / 2, "the values were compressed: " + sample.size());

            long least = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) { // the first rounds may still load and compile classes
                long before = threads.getCurrentThreadAllocatedBytes();
                store.writeRdb(OutputStream.nullOutputStream(), () -> { });
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            long bound = (KEYS + LISTS + HASHES) * BYTES_PER_KEY;
            assertTrue(least <= bound, "bytes allocated to write " + (KEYS + LISTS + HASHES) + " keys holding "
                    + valueBytes
                    + " bytes of values: " + least + " (expected: <= " + bound + ")");
        }
    }

    /** A 100-byte value, compressible as the replication benchmark's: a run of one letter, then 8 digits. */
    private static byte[] value(int i) {
        return bytes("v".repeat(VALUE_BYTES - 8) + String.format("%08d", i));
    }
}
