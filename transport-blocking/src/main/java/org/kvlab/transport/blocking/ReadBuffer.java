package org.kvlab.transport.blocking;

import java.nio.ByteBuffer;

/**
 * The array a connection's thread reads into, sized to what arrives: it starts at {@link #INITIAL} bytes, doubles
 * (up to the configured read size) each time a read fills it, and goes back to {@link #INITIAL} after
 * {@link #SMALL_READS_TO_SHRINK} reads in a row that would have fitted there. A thread per connection blocks in its
 * read holding this array, so idle connections — and most connections of a request/response load, whose requests
 * are tens of bytes — hold {@value #INITIAL} bytes each rather than the full read size. Waiting for a second small
 * read before shrinking keeps a larger array for requests of a steady size above {@value #INITIAL} bytes: a request
 * that fills the small array is read whole by the next, larger one, and its short tail alone does not send the
 * connection back to two reads per request.
 */
final class ReadBuffer {

    /** The size a buffer starts at and returns to. */
    static final int INITIAL = 256;

    /** The reads in a row that would have fitted in {@link #INITIAL} bytes after which a larger array is dropped. */
    static final int SMALL_READS_TO_SHRINK = 2;

    private final int max;
    private final ByteBuffer small;
    /** Volatile for {@link #heldBytes()}, which other threads call. */
    private volatile ByteBuffer current;
    /** The reads in a row, into a larger array, that would have fitted in the small one. */
    private int smallReads;

    /**
     * @param max the largest array to read into, at least 1
     */
    ReadBuffer(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
        }
        this.max = max;
        this.small = ByteBuffer.allocate(Math.min(INITIAL, max));
        this.current = small;
    }

    /** Returns the bytes of the arrays this buffer holds now. Thread-safe. */
    long heldBytes() {
        ByteBuffer c = current;
        return small.capacity() + (c == small ? 0 : c.capacity());
    }

    /** Returns the array to read into next. */
    byte[] array() {
        return current.array();
    }

    /**
     * Returns the {@code n} bytes just read into {@link #array()} as a buffer (position 0, limit {@code n}), valid
     * until the next read, and sizes the array of the next read.
     */
    ByteBuffer read(int n) {
        ByteBuffer filled = current;
        filled.clear().limit(n);
        if (n == filled.capacity() && filled.capacity() < max) {
            current = ByteBuffer.allocate((int) Math.min((long) filled.capacity() * 2, max));
            smallReads = 0;
        } else if (filled != small) {
            smallReads = n <= small.capacity() ? smallReads + 1 : 0;
            if (smallReads == SMALL_READS_TO_SHRINK) {
                current = small;
                smallReads = 0;
            }
        }
        return filled;
    }
}
