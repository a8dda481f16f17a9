package org.kvlab.transport.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

final class LoopBufferTest {

    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

    @Test
    void acquire_afterRelease_returnsTheSameBufferEmpty() {
        LoopBuffer loop = new LoopBuffer(64, 1);
        ByteBuf first = loop.acquire(alloc, 10);
        first.writeBytes(new byte[] {1, 2, 3});
        first.release();
        ByteBuf second = loop.acquire(alloc, 10);
        assertSame(first, second);
        assertEquals(0, second.readableBytes());
        assertEquals(0, second.writerIndex());
        assertTrue(second.isDirect());
        second.release();
    }

    @Test
    void acquire_whileHeldElsewhere_returnsAFreshBuffer() {
        LoopBuffer loop = new LoopBuffer(64, 1);
        ByteBuf queued = loop.acquire(alloc, 10);
        queued.writeBytes(new byte[] {7, 8, 9});
        ByteBuf other = loop.acquire(alloc, 10);
        assertNotSame(queued, other);
        assertEquals(3, queued.readableBytes(), "the held buffer keeps its bytes");
        assertEquals(7, queued.getByte(0));
        other.release();
        queued.release();
        ByteBuf again = loop.acquire(alloc, 10);
        assertSame(queued, again);
        again.release();
    }

    @Test
    void acquire_largerThanTheLoopBuffer_returnsABufferOfItsOwn() {
        LoopBuffer loop = new LoopBuffer(64, 1);
        ByteBuf big = loop.acquire(alloc, 1000);
        assertTrue(big.capacity() >= 1000);
        ByteBuf small = loop.acquire(alloc, 10);
        assertNotSame(big, small);
        big.release();
        small.release();
    }

    @Test
    void acquire_afterABatchGrewIt_shrinksItBack() {
        LoopBuffer loop = new LoopBuffer(64, 1);
        ByteBuf grown = loop.acquire(alloc, 10);
        grown.writeBytes(new byte[500]);
        grown.release();
        ByteBuf again = loop.acquire(alloc, 10);
        assertSame(grown, again);
        assertEquals(64, again.capacity());
        again.release();
    }

    @Test
    void acquire_onAnotherThread_getsThatThreadsBuffer() throws Exception {
        LoopBuffer loop = new LoopBuffer(64, 1);
        ByteBuf mine = loop.acquire(alloc, 10);
        ByteBuf[] theirs = new ByteBuf[1];
        Thread other = new Thread(() -> {
            theirs[0] = loop.acquire(alloc, 10);
            theirs[0].release();
        });
        other.start();
        other.join();
        assertNotSame(mine, theirs[0]);
        mine.release();
    }

    @Test
    void acquire_whileKeptBuffersAreHeld_takesTheNextFreeOne_upToBuffersPerLoop() {
        LoopBuffer loop = new LoopBuffer(64, 2);
        ByteBuf first = loop.acquire(alloc, 10);
        ByteBuf second = loop.acquire(alloc, 10);
        ByteBuf third = loop.acquire(alloc, 10);
        assertNotSame(first, second);
        assertNotSame(first, third);
        assertNotSame(second, third);
        second.release();
        assertSame(second, loop.acquire(alloc, 10), "a free kept buffer, while the other is held");
        second.release();
        first.release();
        third.release();
        ByteBuf again = loop.acquire(alloc, 10);
        ByteBuf andAgain = loop.acquire(alloc, 10);
        assertTrue(again == first && andAgain == second || again == second && andAgain == first,
                "both kept buffers again, not the third");
        again.release();
        andAgain.release();
    }

    @Test
    void constructor_nonPositiveSizes_sayWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LoopBuffer(0, 1));
        assertEquals("capacity: 0 (expected: > 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LoopBuffer(64, 0));
        assertEquals("buffersPerLoop: 0 (expected: > 0)", e.getMessage());
    }
}
