package org.kvlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RespParser#reuseArguments()}: the arrays a sink leaves in place become later arguments of their length. */
final class RespParserReuseTest {

    private final RespParser parser = new RespParser(ProtocolLimits.DEFAULTS);
    private final List<byte[]> values = new ArrayList<>();

    @Test
    void argumentLeftInPlace_isReadIntoAgain_atItsPositionAndLength() throws ProtocolException {
        parser.reuseArguments();

        parse("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$3\r\nxyz\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$3\r\nuvw\r\n", false);

        assertSame(values.get(0), values.get(1));
        assertEquals("uvw", new String(values.get(1), StandardCharsets.US_ASCII));
    }

    @Test
    void argumentTheSinkKept_isNeverWrittenAgain() throws ProtocolException {
        parser.reuseArguments();

        parse("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$3\r\nxyz\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$3\r\nuvw\r\n", true);

        assertNotSame(values.get(0), values.get(1));
        assertEquals("xyz", new String(values.get(0), StandardCharsets.US_ASCII));
    }

    @Test
    void argumentOfAnotherLength_isANewArray() throws ProtocolException {
        parser.reuseArguments();

        parse("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$3\r\nxyz\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$4\r\nuvwt\r\n", false);

        assertNotSame(values.get(0), values.get(1));
        assertEquals("uvwt", new String(values.get(1), StandardCharsets.US_ASCII));
    }

    @Test
    void argumentSplitAcrossReads_isReadIntoALeftArrayToo() throws ProtocolException {
        parser.reuseArguments();
        parse("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$3\r\nxyz\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$3\r\nu", false);

        parse("vw\r\n", false);

        assertSame(values.get(0), values.get(1));
        assertEquals("uvw", new String(values.get(1), StandardCharsets.US_ASCII));
    }

    @Test
    void withoutReuse_everyArgumentIsANewArray() throws ProtocolException {
        parse("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$3\r\nxyz\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$3\r\nuvw\r\n", false);

        assertNotSame(values.get(0), values.get(1));
        assertEquals("xyz", new String(values.get(0), StandardCharsets.US_ASCII));
    }

    @Test
    void argumentsOfAManyPairMset_areReadIntoAgain_atEveryPosition() throws ProtocolException {
        parser.reuseArguments();
        List<byte[][]> commands = new ArrayList<>();
        String mset = command("MSET", "k1", "v1", "k2", "v2", "k3", "v3", "k4", "v4", "k5", "v5", "k6", "v6");

        parseAll(mset + mset, commands);

        for (int i = 1; i <= 12; i++) {
            assertSame(commands.get(0)[i], commands.get(1)[i], "argument " + i);
        }
    }

    @Test
    void sparesOverTheirByteLimit_areNotKept() throws ProtocolException {
        parser.reuseArguments();
        List<byte[][]> commands = new ArrayList<>();
        String big = "x".repeat(1500);
        String three = command("MSET", big, big, big);

        parseAll(three + three, commands);

        assertSame(commands.get(0)[1], commands.get(1)[1]);
        assertSame(commands.get(0)[2], commands.get(1)[2]);
        assertNotSame(commands.get(0)[3], commands.get(1)[3], "a third spare of 1,500 bytes is over 3 KB in all");
    }

    /** Parses {@code requests}, noting a copy of each command's arguments array (the arrays themselves, not copies). */
    private void parseAll(String requests, List<byte[][]> commands) throws ProtocolException {
        parser.parse(ByteBuffer.wrap(requests.getBytes(StandardCharsets.US_ASCII)), (args, argc) -> {
            commands.add(java.util.Arrays.copyOf(args, argc));
            return true;
        });
    }

    private static String command(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    /** Parses {@code requests}, noting each value (argument 2); a sink that {@code keeps} sets its element to null. */
    private void parse(String requests, boolean keeps) throws ProtocolException {
        parser.parse(ByteBuffer.wrap(requests.getBytes(StandardCharsets.US_ASCII)), (args, argc) -> {
            values.add(args[2]);
            if (keeps) {
                args[2] = null;
            }
            return true;
        });
    }
}
