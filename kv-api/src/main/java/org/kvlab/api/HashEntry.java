package org.kvlab.api;

import java.util.Objects;

/**
 * One field of a hash and its value, as {@link Hashes} takes and returns them. The arrays are not copied: callers
 * must not change them. Equality is that of the records' array references, as for any record of arrays.
 *
 * @param field the field name, never {@code null}
 * @param value the value, or {@code null} where a method says it leaves values out
 */
public record HashEntry(byte[] field, byte[] value) {

    /**
     * Checks the field.
     *
     * @throws NullPointerException if {@code field} is {@code null}
     */
    public HashEntry {
        Objects.requireNonNull(field, "field");
    }
}
