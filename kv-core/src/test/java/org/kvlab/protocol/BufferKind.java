package org.kvlab.protocol;

import java.nio.ByteBuffer;

/** The kinds of buffer a transport may hand the parser; each holds the bytes from its position to its limit. */
enum BufferKind {
    /** The array itself, from a position. */
    HEAP,
    /** A copy in a slice of a larger array: a buffer with an array offset. */
    HEAP_SLICE,
    /** A read-only view, whose array is not accessible. */
    READ_ONLY_HEAP,
    /** A copy in a direct buffer, from a position. */
    DIRECT;

    ByteBuffer of(byte[] bytes, int from, int length) {
        switch (this) {
            case HEAP:
                return ByteBuffer.wrap(bytes, from, length);
            case HEAP_SLICE: {
                ByteBuffer whole = ByteBuffer.allocate(length + 7);
                whole.position(5);
                ByteBuffer slice = whole.slice();
                slice.put(bytes, from, length).flip();
                return slice;
            }
            case READ_ONLY_HEAP:
                return ByteBuffer.wrap(bytes, from, length).slice().asReadOnlyBuffer();
            default: {
                ByteBuffer direct = ByteBuffer.allocateDirect(length + 3);
                direct.position(3);
                direct.put(bytes, from, length).flip().position(3);
                return direct;
            }
        }
    }
}
