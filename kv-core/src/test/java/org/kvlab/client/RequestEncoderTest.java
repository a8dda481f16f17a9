package org.kvlab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kvlab.spi.OutputBuffer;

final class RequestEncoderTest {

    private final OutputBuffer out = new OutputBuffer();

    private String written() {
        return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
    }

    @Test
    void encode_stringsAndBytes_asMultibulk() {
        RequestEncoder.encode(out, new Object[] {"SET", "key", new byte[] {'a', '\r', '\n'}});
        assertEquals("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$3\r\na\r\n\r\n", written());
    }

    @Test
    void encode_nonAsciiString_countsUtf8Bytes() {
        RequestEncoder.encode(out, new Object[] {"ECHO", "h\u00e9\u20ac"});
        assertEquals("*2\r\n$4\r\nECHO\r\n$6\r\nh\u00e9\u20ac\r\n", written());
    }

    @Test
    void encode_emptyArgument_isEmptyBulk() {
        RequestEncoder.encode(out, new Object[] {"SET", "", new byte[0]});
        assertEquals("*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n", written());
    }

    @Test
    void encode_twoCommands_appendInOrder() {
        RequestEncoder.encode(out, new Object[] {"PING"});
        RequestEncoder.encode(out, new Object[] {"GET", "k"});
        assertEquals("*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", written());
    }

    @Test
    void encode_noArguments_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RequestEncoder.encode(out, new Object[0]));
        assertEquals("args: empty (expected: a command name and its arguments)", e.getMessage());
    }

    @Test
    void encode_nullArgument_isRejectedLeavingTheBufferUntouched() {
        RequestEncoder.encode(out, new Object[] {"PING"});
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> RequestEncoder.encode(out, new Object[] {"GET", null}));
        assertEquals("args[1] is null", e.getMessage());
        assertEquals("*1\r\n$4\r\nPING\r\n", written());
    }

    @Test
    void encode_otherType_isRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RequestEncoder.encode(out, new Object[] {"INCRBY", "k", 5}));
        assertEquals("args[2]: java.lang.Integer (expected: byte[] or String)", e.getMessage());
        assertEquals(0, out.size());
    }
}
