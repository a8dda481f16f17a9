package org.kvlab.api;

/**
 * What the store knows of one key's value beyond its contents, as Redis's {@code DEBUG OBJECT} shows it: the memory
 * the store counts for it, its encoding, the length of its value in Redis's RDB format, its access stamp, and the
 * identity of the object holding the value (where Redis shows its address).
 * Immutable.
 */
public final class KeyFootprint {

    private final long memory;
    private final String encoding;
    private final long serializedLength;
    private final int accessStamp;
    private final long idleSeconds;
    private final int valueIdentity;

    /**
     * Creates a footprint.
     *
     * @param memory the bytes the store counts for the key and its value ({@link Keyspace#memoryUsage})
     * @param encoding the value's encoding, with Redis's {@code OBJECT ENCODING} names
     * @param serializedLength the bytes of the value (not the key) in Redis's RDB format, strings LZF-compressed as
     *     Redis's default {@code rdbcompression yes} does
     * @param accessStamp the key's access stamp: seconds since 2020 at its last access, or its LFU counter while the
     *     eviction policy is LFU (Redis's {@code lru} field)
     * @param idleSeconds the seconds since its last access ({@code OBJECT IDLETIME})
     * @param valueIdentity the identity hash code of the object holding the value
     */
    public KeyFootprint(long memory, String encoding, long serializedLength, int accessStamp, long idleSeconds,
            int valueIdentity) {
        this.valueIdentity = valueIdentity;
        this.memory = memory;
        this.encoding = encoding;
        this.serializedLength = serializedLength;
        this.accessStamp = accessStamp;
        this.idleSeconds = idleSeconds;
    }

    /** Returns the bytes the store counts for the key and its value, as {@link Keyspace#memoryUsage} does. */
    public long memory() {
        return memory;
    }

    /** Returns the value's encoding, with Redis's {@code OBJECT ENCODING} names. */
    public String encoding() {
        return encoding;
    }

    /** Returns the bytes of the value in Redis's RDB format, as Redis's {@code serializedlength}. */
    public long serializedLength() {
        return serializedLength;
    }

    /** Returns the key's access stamp: its last access in seconds since 2020, or its LFU counter under LFU. */
    public int accessStamp() {
        return accessStamp;
    }

    /** Returns the identity hash code of the object holding the value: it changes when the value is replaced. */
    public int valueIdentity() {
        return valueIdentity;
    }

    /** Returns the seconds since the key's last access. */
    public long idleSeconds() {
        return idleSeconds;
    }
}
