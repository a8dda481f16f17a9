package org.kvlab.api;

import java.util.List;
import java.util.Objects;

/**
 * What a multi-key pop ({@code ZMPOP}) took: the key it popped from and the members, in pop order.
 *
 * @param key the key
 * @param members the members removed, at least one
 */
public record PoppedMembers(byte[] key, List<ScoredMember> members) {

    /** Copies {@code members}. */
    public PoppedMembers {
        Objects.requireNonNull(key, "key");
        members = List.copyOf(members);
    }
}
