package org.kvlab.client;

import java.util.Objects;

/**
 * A sorted-set member with its score, as {@code ZRANGE ... WITHSCORES}, {@code ZPOPMIN} or {@code ZSCAN} reply
 * them. Immutable if the member is not changed: a {@code byte[]} member is the array the reply was read into, and
 * compares by identity in {@link #equals}, as arrays do.
 *
 * @param member the member: a {@code String} (UTF-8) or a {@code byte[]}, by the form of the request
 * @param score its score
 * @param <V> {@code String} or {@code byte[]}
 */
public record ScoredMember<V>(V member, double score) {

    /**
     * Checks the member.
     *
     * @throws NullPointerException if {@code member} is {@code null}
     */
    public ScoredMember {
        Objects.requireNonNull(member, "member");
    }
}
