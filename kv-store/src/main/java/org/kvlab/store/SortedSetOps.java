package org.kvlab.store;

import org.kvlab.api.SortedSets;

/** The {@link SortedSets} of one {@link Database}. Thread-safe. */
final class SortedSetOps implements SortedSets {

    private final Database database;

    SortedSetOps(Database database) {
        this.database = database;
    }
}
