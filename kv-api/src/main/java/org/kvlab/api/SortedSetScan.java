package org.kvlab.api;

import java.util.List;

/**
 * One step of {@link SortedSets#scan}.
 *
 * @param cursor the cursor to pass next, 0 when the iteration is complete
 * @param members the members of this step that passed the filter, with their scores
 * @param compact whether the set was in its compact encoding, where Redis keeps an integral score of up to 2^62 as
 *     an integer ({@code ZSCAN} then prints it in full, not in exponent form)
 */
public record SortedSetScan(long cursor, List<ScoredMember> members, boolean compact) {

    /** Copies {@code members}. */
    public SortedSetScan {
        members = List.copyOf(members);
    }
}
