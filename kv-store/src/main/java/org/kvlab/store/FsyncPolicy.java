package org.kvlab.store;

import java.util.Locale;

/** When the write-ahead log is forced to disk: Redis's {@code appendfsync} settings. */
public enum FsyncPolicy {
    /**
     * A write is durable once {@link org.kvlab.api.KeyValueStore#durable()} completes: after the force covering it,
     * shared by every write made meanwhile (group commit).
     */
    ALWAYS,
    /** A background thread forces the log once a second; a crash of the machine may lose the last second. */
    EVERYSEC,
    /** The log is never forced except on close; the operating system decides when data reaches the disk. */
    NO;

    /**
     * Parses a Redis name, {@code always}, {@code everysec} or {@code no}, ignoring case.
     *
     * @throws IllegalArgumentException if {@code name} is none of them
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public static FsyncPolicy parse(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "always":
                return ALWAYS;
            case "everysec":
                return EVERYSEC;
            case "no":
                return NO;
            default:
                throw new IllegalArgumentException("appendfsync: " + name + " (expected: always, everysec or no)");
        }
    }

    /** Returns the name Redis's {@code appendfsync} uses, e.g. {@code "everysec"}. */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
