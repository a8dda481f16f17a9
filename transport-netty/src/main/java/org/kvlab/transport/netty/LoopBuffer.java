package org.kvlab.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * One direct buffer per event loop, handed out again and again while nobody else holds it: an event loop reads
 * one connection at a time and usually writes each reply batch whole, so one buffer serves every connection of
 * the loop, with no pool allocation and release per read or write. A buffer still held elsewhere (a read queued
 * behind a held-back reply, a reply the socket did not take at once) shows as a reference count above one; the
 * caller then gets a fresh buffer from the channel's allocator, so sharing never changes what anyone sees.
 *
 * <p>Call {@link #acquire} only on an event loop thread; each loop's buffer is released when the loop ends.
 */
final class LoopBuffer {

    private final int capacity;
    private final FastThreadLocal<ByteBuf> buffers = new FastThreadLocal<>() {
        @Override
        protected ByteBuf initialValue() {
            return PooledByteBufAllocator.DEFAULT.directBuffer(capacity);
        }

        @Override
        protected void onRemoval(ByteBuf buffer) {
            buffer.release();
        }
    };

    /**
     * @param capacity the loop buffer's size in bytes; larger requests get buffers of their own
     */
    LoopBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.capacity = capacity;
    }

    /**
     * Returns an empty direct buffer of at least {@code minCapacity} bytes, owned by the caller (release it once):
     * this loop's buffer if it is free and large enough, else a new one from {@code alloc}.
     */
    ByteBuf acquire(ByteBufAllocator alloc, int minCapacity) {
        if (minCapacity <= capacity) {
            ByteBuf buffer = buffers.get();
            if (buffer.refCnt() == 1) {
                buffer.clear();
                if (buffer.capacity() > capacity) {
                    buffer.capacity(capacity); // a batch of replies grew it; give the memory back
                }
                return buffer.retain();
            }
        }
        return alloc.directBuffer(minCapacity);
    }
}
