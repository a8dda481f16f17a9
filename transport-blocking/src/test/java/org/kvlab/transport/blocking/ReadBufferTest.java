package org.kvlab.transport.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A connection's read array starts small, doubles while reads fill it, and goes back to small after two small reads in
 * a row.
 */
final class ReadBufferTest {

    @Test
    void startsSmall_doublesWhileReadsFillIt_upToTheMax() {
        ReadBuffer b = new ReadBuffer(16 * 1024);
        assertEquals(ReadBuffer.INITIAL, b.array().length);
        int expected = ReadBuffer.INITIAL;
        while (expected < 16 * 1024) {
            ByteBuffer filled = b.read(b.array().length);
            assertEquals(0, filled.position());
            assertEquals(expected, filled.limit());
            expected *= 2;
            assertEquals(expected, b.array().length);
        }
        b.read(b.array().length);
        assertEquals(16 * 1024, b.array().length, "never past the max");
    }

    @Test
    void twoReadsInARowThatFitTheSmallArray_bringItBack_aLargerOneKeepsTheSize() {
        ReadBuffer b = new ReadBuffer(16 * 1024);
        byte[] small = b.array();
        b.read(ReadBuffer.INITIAL);
        b.read(2 * ReadBuffer.INITIAL);
        assertEquals(4 * ReadBuffer.INITIAL, b.array().length);
        b.read(3 * ReadBuffer.INITIAL);
        assertEquals(4 * ReadBuffer.INITIAL, b.array().length, "a read between small and full keeps the size");
        b.read(10);
        assertEquals(4 * ReadBuffer.INITIAL, b.array().length, "one small read keeps the size");
        ByteBuffer filled = b.read(10);
        assertEquals(10, filled.limit());
        assertSame(small, b.array(), "back to the one small array, not a new one");
        assertEquals(ReadBuffer.INITIAL, b.heldBytes());
    }

    @Test
    void requestsOfASteadySizeAboveTheSmallArray_eachReadWhole_afterTheFirst() {
        ReadBuffer b = new ReadBuffer(16 * 1024);
        int request = ReadBuffer.INITIAL + 100;
        b.read(ReadBuffer.INITIAL); // the first request fills the small array
        b.read(request - ReadBuffer.INITIAL); // its tail
        for (int i = 0; i < 5; i++) {
            assertEquals(2 * ReadBuffer.INITIAL, b.array().length, "request " + i + " fits in one read");
            b.read(request);
        }
        assertEquals(3L * ReadBuffer.INITIAL, b.heldBytes(), "the small array and the larger one");
    }

    @Test
    void smallReadsInterruptedByALargerOne_startCountingAgain() {
        ReadBuffer b = new ReadBuffer(16 * 1024);
        b.read(ReadBuffer.INITIAL);
        b.read(10);
        b.read(ReadBuffer.INITIAL + 1);
        b.read(10);
        assertEquals(2 * ReadBuffer.INITIAL, b.array().length);
        b.read(10);
        assertEquals(ReadBuffer.INITIAL, b.array().length);
    }

    @Test
    void aMaxBelowTheInitialSize_isTheSize() {
        ReadBuffer b = new ReadBuffer(100);
        assertEquals(100, b.array().length);
        b.read(100);
        assertEquals(100, b.array().length);
        assertThrows(IllegalArgumentException.class, () -> new ReadBuffer(0));
    }
}
