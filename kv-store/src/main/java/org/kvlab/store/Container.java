package org.kvlab.store;

import org.kvlab.api.EncodingLimits;
import org.kvlab.api.ValueType;

/**
 * A collection value — hash, list, set or sorted set — held by a {@link Node}. It changes only through
 * {@link #apply}, with its segment locked, by the effects a write recorded in the journal first, so recovery replays
 * a log through exactly the code that wrote it. Readers lock the segment too. While a snapshot holds a segment, a
 * write first copies the containers it changes ({@link #copy()}), as Redis's fork copies the pages it writes.
 *
 * <p>An effect is an op code (its high nibble the {@link ValueType}'s ordinal, see {@link #op}) and byte-array
 * arguments; each subclass defines its own. Not thread-safe.
 */
abstract class Container {

    /** Every value type by ordinal; {@code ValueType.values()} copies its array on each call. */
    static final ValueType[] TYPES = ValueType.values();

    /** The snapshot epoch of the segment this container was made or copied in (see {@link Segment#epoch()}). */
    int epoch;

    /** Returns the op code {@code code} (0-15) of {@code type}'s effects. */
    static byte op(ValueType type, int code) {
        return (byte) (type.ordinal() << 4 | code);
    }

    /** Returns the type whose effects {@code op} is one of. */
    static ValueType typeOf(byte op) {
        int ordinal = (op & 0xFF) >>> 4;
        if (ordinal <= ValueType.STRING.ordinal() || ordinal >= TYPES.length) {
            throw new IllegalArgumentException("op: " + op + " (expected: an effect of a collection type)");
        }
        return TYPES[ordinal];
    }

    /** Returns a new, empty container of {@code type}. */
    static Container empty(ValueType type) {
        switch (type) {
            case SET:
                return new SetValue();
            case HASH:
                return new HashValue();
            case LIST:
                return new ListValue();
            case ZSET:
                return new SortedSetValue();
            default:
                throw new IllegalArgumentException("type: " + type + " (expected: a collection type)");
        }
    }

    /** Returns this container's type. */
    abstract ValueType type();

    /** Returns Redis's {@code OBJECT ENCODING} name of the representation in use. */
    abstract String encoding();

    /** Returns the number of elements (fields, members); a container with none is removed from the keyspace. */
    abstract int size();

    /** Returns an estimate, in bytes, of the memory this container takes. */
    abstract long memory();

    /** Returns a deep copy: changing either leaves the other as it was. */
    abstract Container copy();

    /**
     * Applies one effect of this type, converting to a fuller encoding if it outgrows {@code limits}.
     *
     * @throws IllegalArgumentException if {@code op} or its arguments are not a valid effect of this type
     */
    abstract void apply(byte op, byte[][] args, EncodingLimits limits);

    /**
     * Returns the contents as a flat array that {@link #load} restores: the elements of a list in order, the members
     * of a set, field then value for each entry of a hash, member then 8-byte big-endian score bits for each member
     * of a sorted set. The arrays may be the container's own: callers must not change them.
     */
    abstract byte[][] elements();

    /**
     * Adds {@code elements[from..)}, laid out as {@link #elements()} returns them, to this empty container, in the
     * encoding {@code limits} call for.
     *
     * @throws IllegalArgumentException if they are not laid out as {@link #elements()} returns them
     */
    abstract void load(byte[][] elements, int from, EncodingLimits limits);
}
