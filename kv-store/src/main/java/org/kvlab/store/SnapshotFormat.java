package org.kvlab.store;

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
    RDB
}
