package org.kvlab.api;

/**
 * The outcome of {@link Keyspace#set(byte[], byte[], SetOptions)}.
 *
 * @param written whether the value was written
 * @param previous the value before the call if {@link SetOptions#returnPrevious()} was set and the key existed,
 *     else {@code null}
 */
public record SetResult(boolean written, byte[] previous) {

    /** Written, nothing returned. */
    public static final SetResult WRITTEN = new SetResult(true, null);

    /** Not written, nothing returned. */
    public static final SetResult NOT_WRITTEN = new SetResult(false, null);
}
