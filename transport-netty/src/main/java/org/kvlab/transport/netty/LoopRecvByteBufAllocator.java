package org.kvlab.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;

/**
 * Reads into the event loop's {@link LoopBuffer}, a fixed number of bytes per read, as
 * {@link io.netty.channel.FixedRecvByteBufAllocator} does but without a pool allocation per read. The handler
 * releases each read buffer before the loop reads the next connection, unless it queues the buffer, which the
 * loop buffer's reference count makes safe.
 */
final class LoopRecvByteBufAllocator extends DefaultMaxMessagesRecvByteBufAllocator {

    private final int bufferSize;
    private final LoopBuffer buffer;

    LoopRecvByteBufAllocator(int bufferSize, int maxMessagesPerRead) {
        super(maxMessagesPerRead);
        this.bufferSize = bufferSize;
        this.buffer = new LoopBuffer(bufferSize, 1); // each read's buffer is released before the next read
    }

    @Override
    public Handle newHandle() {
        return new MaxMessageHandle() {
            @Override
            public int guess() {
                return bufferSize;
            }

            @Override
            public ByteBuf allocate(ByteBufAllocator alloc) {
                return buffer.acquire(alloc, bufferSize);
            }
        };
    }
}
