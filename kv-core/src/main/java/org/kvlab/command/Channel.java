package org.kvlab.command;

import java.util.Arrays;

/** A channel name, shard channel name or pattern, compared by its bytes: a key of {@link PubSub}'s maps. Immutable. */
final class Channel {

    /** The name's bytes; never modified. */
    final byte[] name;
    private final int hash;

    Channel(byte[] name) {
        this.name = name;
        this.hash = Arrays.hashCode(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Channel c && c.hash == hash && Arrays.equals(c.name, name);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
