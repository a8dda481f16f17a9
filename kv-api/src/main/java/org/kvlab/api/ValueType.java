package org.kvlab.api;

import java.util.Locale;

/** The type of the value stored at a key, as Redis's {@code TYPE} names it. */
public enum ValueType {
    /** The key does not exist. */
    NONE,
    /** A binary-safe string. */
    STRING;

    /** Returns the name Redis's {@code TYPE} command replies with, e.g. {@code "string"}. */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
