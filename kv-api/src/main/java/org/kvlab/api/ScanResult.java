package org.kvlab.api;

import java.util.List;

/**
 * One step of {@link Keyspace#scan}.
 *
 * @param cursor the cursor to pass next, 0 when the iteration is complete
 * @param keys the keys of this step that passed the filter
 */
public record ScanResult(long cursor, List<byte[]> keys) {

    /** Copies {@code keys}. */
    public ScanResult {
        keys = List.copyOf(keys);
    }
}
