package org.kvlab.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A store's memory limit and what it does at the limit, under Redis's configuration names and defaults:
 * {@code maxmemory} (bytes, 0 for none), {@code maxmemory-policy} ({@link EvictionPolicy}, default
 * {@code noeviction}), {@code maxmemory-samples} (keys sampled per eviction round, default 5), {@code lfu-log-factor}
 * (how slowly the access counter grows, default 10), {@code lfu-decay-time} (minutes per halving step of the
 * counter, default 1) and {@code replica-ignore-maxmemory} (alias {@code slave-ignore-maxmemory}: whether a replica's
 * store leaves the limit to its primary, default yes). A change applies to the next write.
 *
 * <p>Thread-safe: the fields are volatile, read on each use.
 */
public final class MemoryLimits {

    /** The older name Redis still takes, to the name Redis 7 gives the setting. */
    private static final Map<String, String> ALIASES = Map.of("slave-ignore-maxmemory", "replica-ignore-maxmemory");

    private volatile long maxMemory;
    private volatile EvictionPolicy policy = EvictionPolicy.NOEVICTION;
    private volatile int samples = 5;
    private volatile int lfuLogFactor = 10;
    private volatile int lfuDecayTime = 1;
    private volatile boolean replicaIgnoresMaxMemory = true;

    /** {@code maxmemory}: the memory limit in bytes, as the store estimates its memory; 0 for none (default). */
    public long maxMemory() {
        return maxMemory;
    }

    /**
     * Sets {@code maxmemory}. Returns this.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public MemoryLimits maxMemory(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxMemory: " + bytes + " (expected: >= 0)");
        }
        this.maxMemory = bytes;
        return this;
    }

    /** {@code maxmemory-policy}: which keys are evicted at the limit. */
    public EvictionPolicy policy() {
        return policy;
    }

    /**
     * Sets {@code maxmemory-policy}. Returns this.
     *
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public MemoryLimits policy(EvictionPolicy value) {
        if (value == null) {
            throw new NullPointerException("policy");
        }
        this.policy = value;
        return this;
    }

    /** {@code maxmemory-samples}: how many keys each eviction round samples per database. */
    public int samples() {
        return samples;
    }

    /**
     * Sets {@code maxmemory-samples}. Returns this.
     *
     * @throws IllegalArgumentException if {@code count} is under 1
     */
    public MemoryLimits samples(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("samples: " + count + " (expected: >= 1)");
        }
        this.samples = count;
        return this;
    }

    /** {@code lfu-log-factor}: the larger, the more accesses each step of the access counter takes. */
    public int lfuLogFactor() {
        return lfuLogFactor;
    }

    /**
     * Sets {@code lfu-log-factor}. Returns this.
     *
     * @throws IllegalArgumentException if {@code factor} is negative
     */
    public MemoryLimits lfuLogFactor(int factor) {
        if (factor < 0) {
            throw new IllegalArgumentException("lfuLogFactor: " + factor + " (expected: >= 0)");
        }
        this.lfuLogFactor = factor;
        return this;
    }

    /** {@code lfu-decay-time}: the minutes of idleness that take one from the access counter, 0 for never. */
    public int lfuDecayTime() {
        return lfuDecayTime;
    }

    /**
     * Sets {@code lfu-decay-time}. Returns this.
     *
     * @throws IllegalArgumentException if {@code minutes} is negative
     */
    public MemoryLimits lfuDecayTime(int minutes) {
        if (minutes < 0) {
            throw new IllegalArgumentException("lfuDecayTime: " + minutes + " (expected: >= 0)");
        }
        this.lfuDecayTime = minutes;
        return this;
    }

    /**
     * {@code replica-ignore-maxmemory}: whether the limit is left alone while the store is a replica's (see
     * {@link KeyValueStore#replica(boolean)}), as Redis 7.0's replica ignores its {@code maxmemory} by default
     * ({@code evict.c}): it neither evicts nor refuses a write, its primary's or its own clients', so that it stays
     * its primary's copy and the primary's evictions reach it as deletes. With {@code false}, a replica's store
     * evicts and refuses writes at the limit as a primary's does.
     */
    public boolean replicaIgnoresMaxMemory() {
        return replicaIgnoresMaxMemory;
    }

    /** Sets {@code replica-ignore-maxmemory}. Returns this. */
    public MemoryLimits replicaIgnoresMaxMemory(boolean ignores) {
        this.replicaIgnoresMaxMemory = ignores;
        return this;
    }

    /**
     * Returns the name Redis 7 gives the setting {@code name} (lower case): {@code replica-ignore-maxmemory} for its
     * alias {@code slave-ignore-maxmemory}; any other name as it is.
     */
    public static String canonicalName(String name) {
        return ALIASES.getOrDefault(name, name);
    }

    /** Returns every setting under its Redis name (aliases included), in the text {@code CONFIG GET} shows. */
    public Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("maxmemory", Long.toString(maxMemory));
        m.put("maxmemory-policy", policy.redisName());
        m.put("maxmemory-samples", Integer.toString(samples));
        m.put("lfu-log-factor", Integer.toString(lfuLogFactor));
        m.put("lfu-decay-time", Integer.toString(lfuDecayTime));
        m.put("replica-ignore-maxmemory", replicaIgnoresMaxMemory ? "yes" : "no");
        ALIASES.forEach((alias, name) -> m.put(alias, m.get(name)));
        return m;
    }

    /**
     * Sets the setting named {@code name} (a Redis name or alias, any case) from its {@code CONFIG SET} text:
     * {@code maxmemory} takes Redis's units ({@code 100mb}; {@code k}, {@code m}, {@code g} are powers of 1000,
     * {@code kb}, {@code mb}, {@code gb} of 1024).
     *
     * @return whether {@code name} is one of these settings
     * @throws IllegalArgumentException with Redis's reason if {@code value} is not valid
     */
    public boolean set(String name, String value) {
        switch (canonicalName(name.toLowerCase(Locale.ROOT))) {
            case "maxmemory":
                maxMemory = memoryValue(value);
                return true;
            case "maxmemory-policy":
                policy = EvictionPolicy.fromRedisName(value);
                return true;
            case "maxmemory-samples":
                samples = bounded(value, 1);
                return true;
            case "lfu-log-factor":
                lfuLogFactor = bounded(value, 0);
                return true;
            case "lfu-decay-time":
                lfuDecayTime = bounded(value, 0);
                return true;
            case "replica-ignore-maxmemory":
                replicaIgnoresMaxMemory = yesOrNo(value);
                return true;
            default:
                return false;
        }
    }

    /**
     * Parses a size as Redis's {@code memtoull}: digits with an optional unit, {@code b}, {@code k} (1000),
     * {@code kb} (1024), {@code m}, {@code mb}, {@code g}, {@code gb}, in any case; no digits read as 0, as in Redis.
     *
     * @throws IllegalArgumentException with Redis's reason if {@code value} is not such a size
     */
    public static long memoryValue(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        String[] units = {"gb", "mb", "kb", "g", "m", "k", "b"};
        long[] factors = {1L << 30, 1L << 20, 1L << 10, 1_000_000_000L, 1_000_000L, 1000L, 1L};
        long factor = 1;
        for (int i = 0; i < units.length; i++) {
            if (v.endsWith(units[i])) {
                factor = factors[i];
                v = v.substring(0, v.length() - units[i].length());
                break;
            }
        }
        if (!v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("argument must be a memory value");
        }
        if (v.isEmpty()) {
            return 0;
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("argument must be a memory value");
        }
    }

    private static boolean yesOrNo(String value) {
        if (!value.equalsIgnoreCase("yes") && !value.equalsIgnoreCase("no")) {
            throw new IllegalArgumentException("argument must be 'yes' or 'no'");
        }
        return value.equalsIgnoreCase("yes");
    }

    private static int bounded(String value, int min) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
        if (v < min || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("argument must be between " + min + " and " + Integer.MAX_VALUE
                    + " inclusive");
        }
        return (int) v;
    }
}
