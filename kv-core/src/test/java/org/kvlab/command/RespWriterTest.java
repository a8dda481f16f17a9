package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.kvlab.protocol.RespWriter;
import org.kvlab.spi.OutputBuffer;

final class RespWriterTest {

    private static String written(int protocol, Consumer<RespWriter> replies) {
        OutputBuffer out = new OutputBuffer();
        RespWriter w = new RespWriter(out);
        w.protocol(protocol);
        replies.accept(w);
        return new String(out.array(), 0, out.size(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void scalars_areEncodedAsResp2() {
        assertEquals("+OK\r\n", written(2, RespWriter::ok));
        assertEquals("+PONG\r\n", written(2, w -> w.simpleString("PONG")));
        assertEquals(":0\r\n:1\r\n:-42\r\n:-9223372036854775808\r\n", written(2, w -> {
            w.integer(0);
            w.integer(1);
            w.integer(-42);
            w.integer(Long.MIN_VALUE);
        }));
        assertEquals("$3\r\nabc\r\n$0\r\n\r\n$-1\r\n", written(2, w -> {
            w.bulk("abc");
            w.bulk(new byte[0]);
            w.bulk((byte[]) null);
        }));
        assertEquals("$2\r\n-5\r\n$20\r\n-9223372036854775808\r\n$1\r\n0\r\n", written(2, w -> {
            w.bulk(-5L);
            w.bulk(Long.MIN_VALUE);
            w.bulk(0L);
        }));
    }

    @Test
    void bulk_ofEveryLengthUpTo300_isItsLengthThenItsBytes() {
        for (int length = 0; length <= 300; length++) {
            byte[] value = new byte[length + 2];
            Arrays.fill(value, (byte) 'v');
            int n = length;
            assertEquals("$" + length + "\r\n" + "v".repeat(length) + "\r\n", written(2, w -> w.bulk(value, 1, n)));
        }
    }

    @Test
    void error_keepsOneLine() {
        assertEquals("-ERR bad  thing here\r\n", written(2, w -> w.error("ERR bad\r\nthing here")));
    }

    @Test
    void nulls_differByProtocol() {
        assertEquals("$-1\r\n*-1\r\n", written(2, w -> {
            w.nullBulk();
            w.nullArray();
        }));
        assertEquals("_\r\n_\r\n", written(3, w -> {
            w.nullBulk();
            w.nullArray();
        }));
    }

    @Test
    void resp3Types_fallBackToResp2Forms() {
        Consumer<RespWriter> replies = w -> {
            w.mapHeader(1);
            w.bulk("k");
            w.setHeader(2);
            w.doubleValue(1.5);
            w.bool(true);
            w.verbatim("txt", "hi");
        };
        assertEquals("*2\r\n$1\r\nk\r\n*2\r\n$3\r\n1.5\r\n:1\r\n$2\r\nhi\r\n", written(2, replies));
        assertEquals("%1\r\n$1\r\nk\r\n~2\r\n,1.5\r\n#t\r\n=6\r\ntxt:hi\r\n", written(3, replies));
    }

    @Test
    void doubles_useShortestForms() {
        assertEquals(",3\r\n,inf\r\n,-inf\r\n,nan\r\n", written(3, w -> {
            w.doubleValue(3.0);
            w.doubleValue(Double.POSITIVE_INFINITY);
            w.doubleValue(Double.NEGATIVE_INFINITY);
            w.doubleValue(Double.NaN);
        }));
    }

    @Test
    void arrays_writeHeaders() {
        assertEquals("*0\r\n*3\r\n", written(2, w -> {
            w.arrayHeader(0);
            w.arrayHeader(3);
        }));
    }

    @Test
    void badArguments_areRejected() {
        RespWriter w = new RespWriter(new OutputBuffer());
        assertThrows(IllegalArgumentException.class, () -> w.protocol(4));
        assertThrows(IllegalArgumentException.class, () -> w.verbatim("text", "x"));
        assertThrows(IllegalArgumentException.class, () -> w.arrayHeader(-1));
        assertThrows(NullPointerException.class, () -> w.target(null));
    }
}
