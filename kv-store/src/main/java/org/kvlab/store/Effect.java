package org.kvlab.store;

/**
 * One recorded change of a typed write: an op code applied to the value of {@code key}. The generic ops
 * ({@link #DELETE}, {@link #REPLACE}) act on any key; the others are the collection types' own (see
 * {@link Container}). The effects of one write are a chain, in order ({@link #next}), so that a write that records
 * one effect allocates nothing beside it; an {@link Access} reuses the object of an operation's first effect for the
 * next operation ({@link #set}), so nothing may keep an effect past the write that recorded it.
 */
final class Effect {

    /** Removes the key. No arguments. */
    static final byte DELETE = 1;
    /**
     * Replaces the key's value by a new container: {@code args[0]} is the type's ordinal (1 byte) and the expiry
     * (8 bytes, big-endian), the rest its {@link Container#elements()}.
     */
    static final byte REPLACE = 2;
    /** The arguments of a {@link #DELETE}. */
    static final byte[][] NO_ARGS = new byte[0][];

    byte[] key;
    byte op;
    byte[][] args;
    /** The effect after this one in its write, or {@code null}. */
    Effect next;

    Effect(byte[] key, byte op, byte[][] args) {
        this.key = key;
        this.op = op;
        this.args = args;
    }

    /** Makes this the effect {@code op} with {@code args} on {@code key}, the first of its chain; returns it. */
    Effect set(byte[] key, byte op, byte[][] args) {
        this.key = key;
        this.op = op;
        this.args = args;
        next = null;
        return this;
    }

    /** Returns how many effects the chain from {@code first} has. */
    static int count(Effect first) {
        int n = 0;
        for (Effect e = first; e != null; e = e.next) {
            n++;
        }
        return n;
    }
}
