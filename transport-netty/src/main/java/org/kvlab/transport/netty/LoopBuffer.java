package org.kvlab.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * A few direct buffers per event loop, handed out again and again while nobody else holds them, so that reads and
 * replies cost no pool allocation and release each. An event loop reads one connection at a time and releases the
 * read buffer before the next, so one buffer serves all its reads. Its replies wait for the end of the loop's turn
 * ({@link TurnFlushes}), each connection's batch in a buffer of its own, all released once written: the loop keeps
 * up to {@code buffersPerLoop} of them and takes the next free one, in turn, so that a turn serving many connections
 * finds a free buffer at once. A buffer still held elsewhere (a read queued behind a held-back reply, a reply the
 * socket did not take at once) shows as a reference count above one and is skipped; with every kept buffer held,
 * the caller gets a fresh buffer from the channel's allocator, so sharing never changes what anyone sees.
 *
 * <p>Call {@link #acquire} only on an event loop thread; each loop's buffers are released when the loop ends.
 */
final class LoopBuffer {

    private final int capacity;
    private final int buffersPerLoop;
    private final FastThreadLocal<Kept> buffers = new FastThreadLocal<>() {
        @Override
        protected Kept initialValue() {
            return new Kept(buffersPerLoop);
        }

        @Override
        protected void onRemoval(Kept kept) {
            for (int i = 0; i < kept.count; i++) {
                kept.buffers[i].release();
            }
        }
    };

    /**
     * @param capacity each kept buffer's size in bytes; larger requests get buffers of their own
     * @param buffersPerLoop how many buffers an event loop keeps at most
     */
    LoopBuffer(int capacity, int buffersPerLoop) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        if (buffersPerLoop <= 0) {
            throw new IllegalArgumentException("buffersPerLoop: " + buffersPerLoop + " (expected: > 0)");
        }
        this.capacity = capacity;
        this.buffersPerLoop = buffersPerLoop;
    }

    /**
     * Returns an empty direct buffer of at least {@code minCapacity} bytes, owned by the caller (release it once):
     * one of this loop's buffers if one is free and large enough (a new one kept, while fewer than
     * {@code buffersPerLoop} are), else a new one from {@code alloc}.
     */
    ByteBuf acquire(ByteBufAllocator alloc, int minCapacity) {
        if (minCapacity <= capacity) {
            Kept kept = buffers.get();
            for (int i = 0; i < kept.count; i++) {
                ByteBuf buffer = kept.buffers[kept.next];
                kept.next = kept.next + 1 == kept.count ? 0 : kept.next + 1;
                if (buffer.refCnt() == 1) {
                    buffer.clear();
                    if (buffer.capacity() > capacity) {
                        buffer.capacity(capacity); // a batch of replies grew it; give the memory back
                    }
                    return buffer.retain();
                }
            }
            if (kept.count < kept.buffers.length) {
                ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(capacity);
                kept.buffers[kept.count++] = buffer;
                return buffer.retain();
            }
        }
        return alloc.directBuffer(minCapacity);
    }

    /** One event loop's buffers: {@code buffers[0..count)}, each holding one reference of ours; the next to try. */
    private static final class Kept {
        final ByteBuf[] buffers;
        int count;
        int next;

        Kept(int buffersPerLoop) {
            buffers = new ByteBuf[buffersPerLoop];
        }
    }
}
