package org.kvlab.store;

import java.util.Locale;

/**
 * What {@link KvStore#save()} and {@link KvStore#saveInBackground()} write (the {@code snapshot-format} setting).
 * Either way the data directory keeps kvlab's snapshot and write log, which recovery reads.
 */
public enum SnapshotFormat {

    /** kvlab's snapshot only. */
    KVLAB,

    /**
     * kvlab's snapshot and, from the same point in time, Redis 7.0's RDB file (version 10) in the data directory
     * under the {@linkplain KvStore.Builder#rdbFileName RDB file name}, which {@code redis-server} can load.
     */
    RDB;

    /**
     * Returns the format named {@code name}, {@code kvlab} or {@code rdb}, in any case.
     *
     * @throws IllegalArgumentException if it names neither
     */
    public static SnapshotFormat parse(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "kvlab":
                return KVLAB;
            case "rdb":
                return RDB;
            default:
                throw new IllegalArgumentException("snapshot-format: " + name + " (expected: kvlab or rdb)");
        }
    }
}
