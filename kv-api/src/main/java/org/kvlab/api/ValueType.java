package org.kvlab.api;

import java.util.Locale;

/** The type of the value stored at a key, as Redis's {@code TYPE} names it. */
public enum ValueType {
    /** The key does not exist. */
    NONE,
    /** A binary-safe string. */
    STRING,
    /** A list of strings in insertion order ({@link Lists}). */
    LIST,
    /** An unordered set of distinct strings ({@link Sets}). */
    SET,
    /** A set of distinct strings ordered by score ({@link SortedSets}). */
    ZSET,
    /** A map of field strings to value strings ({@link Hashes}). */
    HASH;

    /** Returns the name Redis's {@code TYPE} command replies with, e.g. {@code "string"}. */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the type whose {@link #redisName()} is {@code name} in any case, or {@code null} if none is. */
    public static ValueType fromRedisName(String name) {
        for (ValueType type : values()) {
            if (type != NONE && type.redisName().equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }
}
