package org.kvlab.store;

import org.kvlab.api.Lists;

/** The {@link Lists} of one {@link Database}. Thread-safe. */
final class ListOps implements Lists {

    private final Database database;

    ListOps(Database database) {
        this.database = database;
    }
}
