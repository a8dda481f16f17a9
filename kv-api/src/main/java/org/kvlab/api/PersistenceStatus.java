package org.kvlab.api;

/**
 * The state of a store's persistence, as Redis's {@code INFO persistence} reports it. A store without a data
 * directory reports every status as ok and every count as 0.
 *
 * @param changesSinceLastSave changes written to the log since the last successful snapshot began
 *     ({@code rdb_changes_since_last_save})
 * @param lastSaveOk whether the last {@link KeyValueStore#save()} or {@link KeyValueStore#saveInBackground()}
 *     succeeded, or none ran ({@code rdb_last_bgsave_status})
 * @param rewriteInProgress whether a snapshot, which rewrites the log, is running ({@code aof_rewrite_in_progress})
 * @param lastRewriteOk whether the last automatic log rewrite succeeded, or none ran
 *     ({@code aof_last_bgrewrite_status})
 * @param lastWriteOk whether the log accepts writes: false after a failed write or force, until a snapshot begun
 *     after it succeeds ({@code aof_last_write_status})
 * @param delayedFsyncs how many writes waited for a force that had run for 2 s or more ({@code aof_delayed_fsync})
 */
public record PersistenceStatus(long changesSinceLastSave, boolean lastSaveOk, boolean rewriteInProgress,
        boolean lastRewriteOk, boolean lastWriteOk, long delayedFsyncs) {

    /** The status of a store without a data directory. */
    public static final PersistenceStatus NONE = new PersistenceStatus(0, true, false, true, true, 0);
}
