package org.kvlab.client;

import java.util.List;

/**
 * One step of {@code HSCAN}, {@code SSCAN} or {@code ZSCAN}: the cursor to pass next and the items of this step.
 * Immutable.
 *
 * @param cursor the cursor to pass next, 0 when the iteration is complete
 * @param items the items of this step: members, field-value entries or scored members
 * @param <E> the type of an item
 */
public record ScanPage<E>(long cursor, List<E> items) {

    /**
     * Copies {@code items}.
     *
     * @throws NullPointerException if {@code items} or one of them is {@code null}
     */
    public ScanPage {
        items = List.copyOf(items);
    }
}
