package org.kvlab.api;

import java.util.List;

/**
 * One step of {@link Hashes#scan}.
 *
 * @param cursor the cursor to pass next, 0 when the iteration is complete
 * @param entries the fields of this step that passed the filter, with their values
 */
public record HashScanResult(long cursor, List<HashEntry> entries) {

    /** Copies {@code entries}. */
    public HashScanResult {
        entries = List.copyOf(entries);
    }
}
