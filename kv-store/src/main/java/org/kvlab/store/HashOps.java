package org.kvlab.store;

import org.kvlab.api.Hashes;

/** The {@link Hashes} of one {@link Database}. Thread-safe. */
final class HashOps implements Hashes {

    private final Database database;

    HashOps(Database database) {
        this.database = database;
    }
}
