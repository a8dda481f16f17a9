package org.kvlab.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that replies are appended to and transports write from. Not thread-safe: it belongs
 * to one connection, or to one event loop that serves its connections one at a time.
 *
 * <p>{@link #clear()} gives memory back when a large reply made it grow past the buffer's retained capacity, so an
 * idle connection holds at most {@link #RETAINED_CAPACITY} bytes; a buffer an event loop shares among its connections
 * may keep more, so that a turn of large replies does not grow a new array every time.
 */
public final class OutputBuffer {

    /** The capacity a cleared buffer keeps by default; larger arrays are dropped on {@link #clear()}. */
    public static final int RETAINED_CAPACITY = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private final int retainedCapacity;
    private byte[] bytes = EMPTY;
    private int size;

    /** Creates an empty buffer that keeps at most {@link #RETAINED_CAPACITY} bytes when cleared. */
    public OutputBuffer() {
        this(RETAINED_CAPACITY);
    }

    /**
     * Creates an empty buffer that keeps at most {@code retainedCapacity} bytes when cleared.
     *
     * @throws IllegalArgumentException if {@code retainedCapacity} is negative
     */
    public OutputBuffer(int retainedCapacity) {
        if (retainedCapacity < 0) {
            throw new IllegalArgumentException("retainedCapacity: " + retainedCapacity + " (expected: >= 0)");
        }
        this.retainedCapacity = retainedCapacity;
    }

    /** Appends one byte. */
    public void write(int b) {
        ensureRoom(1);
        bytes[size++] = (byte) b;
    }

    /** Appends all of {@code src}. */
    public void write(byte[] src) {
        write(src, 0, src.length);
    }

    /** Appends {@code length} bytes of {@code src} from {@code offset}. */
    public void write(byte[] src, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    /** Appends the remaining bytes of {@code src}, advancing its position. */
    public void write(ByteBuffer src) {
        int length = src.remaining();
        ensureRoom(length);
        src.get(bytes, size, length);
        size += length;
    }

    /** Appends {@code text}, which must be ASCII, one byte per char. */
    public void writeAscii(CharSequence text) {
        int length = text.length();
        ensureRoom(length);
        for (int i = 0; i < length; i++) {
            bytes[size + i] = (byte) text.charAt(i);
        }
        size += length;
    }

    /** Appends the decimal digits of {@code value} without allocating. */
    public void writeDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            write(MIN_LONG);
            return;
        }
        if (value < 0) {
            write('-');
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        ensureRoom(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
    }

    /** Returns the number of bytes held. */
    public int size() {
        return size;
    }

    /** Returns whether no bytes are held. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Returns the backing array; bytes {@code [0, size())} are the content. Valid until the next write. */
    public byte[] array() {
        return bytes;
    }

    /** Returns a heap buffer over the content, position 0 and limit {@link #size()}. Valid until the next write. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    /** Removes the first {@code count} bytes, the ones a partial write sent. */
    public void discard(int count) {
        if (count < 0 || count > size) {
            throw new IndexOutOfBoundsException("count: " + count + " (expected: 0.." + size + ")");
        }
        System.arraycopy(bytes, count, bytes, 0, size - count);
        size -= count;
    }

    /**
     * Drops every byte after the first {@code length}: a reply that failed half-way is taken back.
     *
     * @throws IndexOutOfBoundsException if {@code length} is not in {@code [0, size()]}
     */
    public void truncate(int length) {
        if (length < 0 || length > size) {
            throw new IndexOutOfBoundsException("length: " + length + " (expected: 0.." + size + ")");
        }
        size = length;
    }

    /** Removes every byte, dropping the array if it grew past the retained capacity. */
    public void clear() {
        size = 0;
        if (bytes.length > retainedCapacity) {
            bytes = EMPTY;
        }
    }

    private void ensureRoom(int extra) {
        int needed = size + extra;
        if (needed < 0) {
            throw new OutOfMemoryError("output buffer over 2 GiB");
        }
        if (needed > bytes.length) {
            int grown = Math.max(Math.max(256, needed), bytes.length + (bytes.length >> 1));
            bytes = Arrays.copyOf(bytes, grown < 0 ? Integer.MAX_VALUE - 8 : grown);
        }
    }
}
