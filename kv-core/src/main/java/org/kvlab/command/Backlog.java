package org.kvlab.command;

/**
 * The replication backlog: the last {@code repl-backlog-size} bytes of the command stream, a ring buffer as Redis's,
 * from which a replica that lost its link resumes ({@code +CONTINUE}) if the bytes it lacks are still here. Offsets
 * are the stream's: the byte at offset {@code o} is the {@code o}-th byte ever sent, counting from 1. Not
 * thread-safe: its {@link Replication} guards it.
 */
final class Backlog {

    private byte[] buffer;
    /** Where the next byte goes. */
    private int next;
    /** How many bytes it holds, at most the buffer's length. */
    private long length;

    Backlog(long size) {
        buffer = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
    }

    /** Returns the capacity in bytes. */
    int size() {
        return buffer.length;
    }

    /** Returns how many bytes it holds ({@code repl_backlog_histlen}). */
    long length() {
        return length;
    }

    /** Appends {@code bytes}, dropping the oldest past the capacity. */
    void add(byte[] bytes) {
        int from = Math.max(0, bytes.length - buffer.length);
        int remaining = bytes.length - from;
        while (remaining > 0) {
            int n = Math.min(remaining, buffer.length - next);
            System.arraycopy(bytes, from, buffer, next, n);
            from += n;
            remaining -= n;
            next = (next + n) % buffer.length;
        }
        length = Math.min(buffer.length, length + bytes.length);
    }

    /** Returns the last {@code count} bytes, at most {@link #length()}, oldest first. */
    byte[] last(long count) {
        int n = (int) count;
        byte[] out = new byte[n];
        int start = Math.floorMod(next - n, buffer.length);
        int first = Math.min(n, buffer.length - start);
        System.arraycopy(buffer, start, out, 0, first);
        System.arraycopy(buffer, 0, out, first, n - first);
        return out;
    }

    /** Resizes to {@code size} bytes, keeping the newest bytes that fit. */
    void resize(long size) {
        byte[] kept = last(Math.min(length, size));
        buffer = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
        next = 0;
        length = 0;
        add(kept);
    }
}
