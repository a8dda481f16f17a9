package org.kvlab.api;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Lists#multiPop} removed: the key of the first non-empty list and the elements taken from it, in the
 * order they were popped (from the chosen end inwards).
 *
 * @param key the key popped from
 * @param elements the popped elements, at least one
 */
public record ListPop(byte[] key, List<byte[]> elements) {

    /**
     * Checks and keeps the arguments; {@code elements} is copied into an unmodifiable list.
     *
     * @throws NullPointerException if an argument is {@code null}
     */
    public ListPop {
        Objects.requireNonNull(key, "key");
        elements = List.copyOf(elements);
    }
}
