package org.kvlab.store;

import java.io.IOException;
import org.kvlab.api.Keyspace;

/**
 * Walks a point-in-time view of the keyspace ({@code [database][segment]} bucket arrays frozen by a snapshot): the one
 * place every snapshot format — kvlab's own, RDB — reads the keys from. Keys expired at the snapshot's time are
 * skipped. Stateless.
 */
final class KeyspaceWalk {

    /** Receives the live keys, database by database. */
    @FunctionalInterface
    interface Visitor {

        /**
         * Called before the keys of database {@code db}, which has {@code keys} live keys, {@code expiring} of them
         * with an expiry; never for an empty database. Does nothing unless overridden.
         */
        default void database(int db, long keys, long expiring) throws IOException {
        }

        /**
         * Receives one key: {@code value} is a string's bytes or a {@link Container}, lent ({@link Node#peek()}):
         * read while the tables are frozen, never kept past their thaw, when a {@code SET} may overwrite a string's
         * array in place again.
         */
        void entry(int db, byte[] key, Object value, long expiry) throws IOException;
    }

    private KeyspaceWalk() {
    }

    /** Visits every key of {@code tables} live at {@code nowMillis}. */
    static void walk(Node[][][] tables, long nowMillis, Visitor visitor) throws IOException {
        for (int db = 0; db < tables.length; db++) {
            long keys = 0;
            long expiring = 0;
            for (Node[] table : tables[db]) {
                for (Node head : table) {
                    for (Node p = head; p != null; p = p.next) {
                        if (!p.isExpiredAt(nowMillis)) {
                            keys++;
                            if (p.expiry != Keyspace.NO_EXPIRY) {
                                expiring++;
                            }
                        }
                    }
                }
            }
            if (keys == 0) {
                continue;
            }
            visitor.database(db, keys, expiring);
            for (Node[] table : tables[db]) {
                for (Node head : table) {
                    for (Node p = head; p != null; p = p.next) {
                        if (!p.isExpiredAt(nowMillis)) {
                            visitor.entry(db, p.key, p.peek(), p.expiry);
                        }
                    }
                }
            }
        }
    }
}
