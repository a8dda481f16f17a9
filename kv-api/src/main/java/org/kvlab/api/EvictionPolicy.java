package org.kvlab.api;

import java.util.Locale;

/**
 * Which keys a store evicts when a write needs memory past its {@code maxmemory} (Redis's {@code maxmemory-policy}):
 * among all keys or only those with a time to live, the least recently used, the least frequently used, a random
 * one, or the one that expires soonest; or none, refusing the write ({@link #NOEVICTION}, the default).
 */
public enum EvictionPolicy {
    /** Evicts nothing: a write that needs memory past the limit fails with {@link KvOutOfMemoryException}. */
    NOEVICTION("noeviction", false, false),
    /** Evicts the least recently used key, by Redis's sampled approximation. */
    ALLKEYS_LRU("allkeys-lru", false, false),
    /** Evicts the least frequently used key, by Redis's logarithmic access counter. */
    ALLKEYS_LFU("allkeys-lfu", false, true),
    /** Evicts a random key. */
    ALLKEYS_RANDOM("allkeys-random", false, false),
    /** Evicts the least recently used key among those with a time to live. */
    VOLATILE_LRU("volatile-lru", true, false),
    /** Evicts the least frequently used key among those with a time to live. */
    VOLATILE_LFU("volatile-lfu", true, true),
    /** Evicts a random key among those with a time to live. */
    VOLATILE_RANDOM("volatile-random", true, false),
    /** Evicts the key that expires soonest, among a sample of those with a time to live. */
    VOLATILE_TTL("volatile-ttl", true, false);

    private final String redisName;
    private final boolean volatileOnly;
    private final boolean lfu;

    EvictionPolicy(String redisName, boolean volatileOnly, boolean lfu) {
        this.redisName = redisName;
        this.volatileOnly = volatileOnly;
        this.lfu = lfu;
    }

    /** Returns the policy's name in Redis's configuration, as {@code CONFIG GET maxmemory-policy} shows it. */
    public String redisName() {
        return redisName;
    }

    /** Returns whether only keys with a time to live may be evicted. */
    public boolean volatileOnly() {
        return volatileOnly;
    }

    /** Returns whether keys carry an access frequency ({@code OBJECT FREQ}) rather than an idle time. */
    public boolean lfu() {
        return lfu;
    }

    /**
     * Returns the policy named {@code name} in Redis's configuration, in any case.
     *
     * @throws IllegalArgumentException with Redis's {@code CONFIG SET} reason if no policy has that name
     */
    public static EvictionPolicy fromRedisName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (EvictionPolicy policy : values()) {
            if (policy.redisName.equals(wanted)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("argument(s) must be one of the following: volatile-lru, volatile-lfu, "
                + "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction");
    }
}
