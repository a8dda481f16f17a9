package org.kvlab.client;

import java.util.List;
import java.util.Objects;

/**
 * Elements popped from one of several keys, and that key, as {@code LMPOP} replies them. Immutable if the arrays
 * are not changed.
 *
 * @param key the key the elements came from
 * @param elements the elements, in the order they were popped
 * @param <V> {@code String} or {@code byte[]}, by the form of the request
 */
public record KeyedList<V>(V key, List<V> elements) {

    /**
     * Copies {@code elements}.
     *
     * @throws NullPointerException if {@code key}, {@code elements} or an element is {@code null}
     */
    public KeyedList {
        Objects.requireNonNull(key, "key");
        elements = List.copyOf(elements);
    }
}
