package org.kvlab.api;

/**
 * A store's keyspace counters since it started or since {@link KeyValueStore#resetKeyspaceStats()}, under the names
 * Redis's {@code INFO stats} gives them.
 *
 * @param hits lookups by a read that found their key ({@code keyspace_hits})
 * @param misses lookups by a read that did not ({@code keyspace_misses})
 * @param expiredKeys keys removed because their time to live had passed ({@code expired_keys})
 * @param evictedKeys keys removed to keep memory under {@code maxmemory} ({@code evicted_keys})
 */
public record KeyspaceStats(long hits, long misses, long expiredKeys, long evictedKeys) {
}
