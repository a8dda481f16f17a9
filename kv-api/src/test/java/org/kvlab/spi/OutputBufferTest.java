package org.kvlab.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class OutputBufferTest {

    private static String content(OutputBuffer out) {
        return new String(out.array(), 0, out.size(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void writes_appendInOrder() {
        OutputBuffer out = new OutputBuffer();
        out.write('+');
        out.writeAscii("OK");
        out.write(new byte[] {'\r', '\n'});
        out.write(ByteBuffer.wrap(":1\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("+OK\r\n:1\r\n", content(out));
    }

    @Test
    void writeDecimal_formatsEveryMagnitudeAndSign() {
        long[] values = {0, 7, -7, 10, 99, 100, -1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            OutputBuffer out = new OutputBuffer();
            out.writeDecimal(v);
            assertEquals(Long.toString(v), content(out));
        }
    }

    @Test
    void discard_dropsWrittenPrefix() {
        OutputBuffer out = new OutputBuffer();
        out.writeAscii("abcdef");
        out.discard(2);
        assertEquals("cdef", content(out));
        assertThrows(IndexOutOfBoundsException.class, () -> out.discard(5));
    }

    @Test
    void clear_releasesArraysOverRetainedCapacity() {
        OutputBuffer out = new OutputBuffer();
        byte[] big = new byte[OutputBuffer.RETAINED_CAPACITY + 1];
        Arrays.fill(big, (byte) 'x');
        out.write(big);
        assertArrayEquals(big, Arrays.copyOf(out.array(), out.size()));
        out.clear();
        assertTrue(out.isEmpty());
        assertTrue(out.array().length <= OutputBuffer.RETAINED_CAPACITY);
    }

    @Test
    void clear_keepsArraysUpToAGivenRetainedCapacity() {
        OutputBuffer out = new OutputBuffer(1 << 20);
        out.write(new byte[200_000]);
        byte[] grown = out.array();
        out.clear();
        out.write(new byte[150_000]);
        assertSame(grown, out.array(), "the array that held 200,000 bytes serves the next turn");
        out.write(new byte[1 << 20]);
        out.clear();
        assertTrue(out.array().length <= 1 << 20);
        assertThrows(IllegalArgumentException.class, () -> new OutputBuffer(-1));
    }

    @Test
    void asByteBuffer_coversContentOnly() {
        OutputBuffer out = new OutputBuffer();
        out.writeAscii("xyz");
        ByteBuffer view = out.asByteBuffer();
        assertEquals(0, view.position());
        assertEquals(3, view.remaining());
    }
}
