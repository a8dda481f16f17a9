package org.kvlab.store;

import org.kvlab.api.Sets;

/** The {@link Sets} of one {@link Database}. Thread-safe. */
final class SetOps implements Sets {

    private final Database database;

    SetOps(Database database) {
        this.database = database;
    }
}
