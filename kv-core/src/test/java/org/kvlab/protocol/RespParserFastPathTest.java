package org.kvlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.kvlab.protocol.Collector.bytes;
import static org.kvlab.protocol.Collector.command;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The parser's fast path for whole commands: it must give the same commands as the state machine whatever the kind
 * of buffer (heap, heap slice with an array offset, read-only heap, direct) and whatever the reads, across its
 * window on buffers without an array, and its sharing of command names must never hand out a wrong name.
 */
final class RespParserFastPathTest {

    private static void multibulk(ByteArrayOutputStream out, List<String> expected, byte[]... args) {
        out.writeBytes(bytes("*" + args.length + "\r\n"));
        for (byte[] arg : args) {
            out.writeBytes(bytes("$" + arg.length + "\r\n"));
            out.writeBytes(arg);
            out.writeBytes(bytes("\r\n"));
            expected.add(Collector.string(arg));
        }
    }

    /** Parses input in reads of at most {@code read} bytes from buffers of one kind. */
    private static List<List<String>> parse(BufferKind kind, byte[] input, int read) throws ProtocolException {
        RespParser parser = new RespParser(ProtocolLimits.DEFAULTS);
        Collector sink = new Collector();
        for (int from = 0; from < input.length; from += read) {
            ByteBuffer in = kind.of(input, from, Math.min(read, input.length - from));
            parser.parse(in, sink);
            assertFalse(in.hasRemaining());
        }
        assertFalse(parser.hasPartialCommand());
        return sink.commands;
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void parse_mixedPipelineOfEveryShape_givesTheSameCommandsWhateverTheBufferAndReads(BufferKind kind) throws Exception {
        Random random = new Random(8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<List<String>> expected = new ArrayList<>();
        String[] names = {"SET", "set", "SE", "SETX", "GET", "Set", "S", ""};
        for (int i = 0; i < 3000; i++) {
            List<String> command = new ArrayList<>();
            int shape = random.nextInt(20);
            if (shape == 0) {
                out.writeBytes(bytes("PING\r\n"));
                command.add("PING");
            } else if (shape == 1) {
                // twelve arguments: a two-digit count
                byte[][] args = new byte[12][];
                args[0] = bytes("MSET");
                for (int a = 1; a < args.length; a++) {
                    args[a] = bytes("k" + random.nextInt(1000));
                }
                multibulk(out, command, args);
            } else {
                int[] lengths = {0, 1, 9, 10, 99, 100, 1000, 20_000};
                int length = shape == 2 ? lengths[random.nextInt(lengths.length)] : 5;
                byte[] value = new byte[length];
                random.nextBytes(value);
                multibulk(out, command, bytes(names[random.nextInt(names.length)]),
                        bytes("key:" + random.nextInt(1_000_000)), value);
            }
            expected.add(command);
        }
        byte[] input = out.toByteArray();
        for (int read : new int[] {input.length, 16 * 1024, 16 * 1024 + 1, 4096, 1000, 41, 7}) {
            assertEquals(expected, parse(kind, input, read), "reads of " + read);
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void parse_namesDifferingInCaseOrLength_areEachDeliveredAsSentAndStaySo(BufferKind kind) throws Exception {
        String[] names = {"SET", "SET", "set", "SE", "SETX", "SET", "Set", "S", "", "", "SET", "ABCDEFGH", "ABCDEFGI",
            "ABCDEFGH", "ABCDEFGHI", "ABCDEFGHI", "LONGER-NAME", "LONGER-NAMF", "AB", "AC"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < names.length; i++) {
            if (i < names.length - 2) {
                multibulk(out, new ArrayList<>(), bytes(names[i]), bytes("k"));
            } else {
                // names alone at the very end of the input, with fewer than 8 bytes after their start
                multibulk(out, new ArrayList<>(), bytes(names[i]));
            }
        }
        byte[] input = out.toByteArray();
        List<byte[]> kept = new ArrayList<>();
        ByteBuffer in = kind.of(input, 0, input.length);
        new RespParser(ProtocolLimits.DEFAULTS).parse(in, (args, argc) -> {
            kept.add(args[0]);
            return true;
        });
        List<String> got = new ArrayList<>();
        kept.forEach(name -> got.add(Collector.string(name)));
        assertEquals(Arrays.asList(names), got);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void parse_sameNameInARow_sharesOneArray_otherNamesDoNot(BufferKind kind) throws Exception {
        byte[] input = bytes("*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$3\r\nGET\r\n$1\r\nb\r\n*2\r\n$3\r\nget\r\n$1\r\nc\r\n");
        List<byte[]> names = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        new RespParser(ProtocolLimits.DEFAULTS).parse(kind.of(input, 0, input.length), (args, argc) -> {
            names.add(args[0]);
            keys.add(args[1]);
            return true;
        });
        assertSame(names.get(0), names.get(1));
        assertNotSame(names.get(1), names.get(2));
        assertEquals("get", Collector.string(names.get(2)));
        assertEquals(List.of("a", "b", "c"), keys.stream().map(Collector::string).toList());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void parse_sinkStoppingInThePipeline_leavesTheRestForTheNextCall(BufferKind kind) throws Exception {
        byte[] input = bytes("*1\r\n$1\r\na\r\n*1\r\n$1\r\nb\r\n*1\r\n$1\r\nc\r\n");
        ByteBuffer in = kind.of(input, 0, input.length);
        int start = in.position();
        RespParser parser = new RespParser(ProtocolLimits.DEFAULTS);
        Collector sink = new Collector(1);
        parser.parse(in, sink);
        assertEquals(start + 11, in.position());
        parser.parse(in, new Collector(1));
        assertEquals(start + 22, in.position());
        Collector rest = new Collector();
        parser.parse(in, rest);
        assertEquals(List.of(command("c")), rest.commands);
        assertFalse(in.hasRemaining());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void parse_sinkParsingAnotherBufferOnTheSameThread_eachParserGetsItsOwnCommands(BufferKind kind) throws Exception {
        byte[] outer = bytes("*1\r\n$5\r\nouter\r\n".repeat(3));
        byte[] inner = bytes("*1\r\n$5\r\ninner\r\n".repeat(2));
        RespParser innerParser = new RespParser(ProtocolLimits.DEFAULTS);
        Collector innerSink = new Collector();
        Collector outerSink = new Collector();
        new RespParser(ProtocolLimits.DEFAULTS).parse(kind.of(outer, 0, outer.length), (args, argc) -> {
            try {
                innerParser.parse(kind.of(inner, 0, inner.length), innerSink);
            } catch (ProtocolException e) {
                throw new AssertionError(e);
            }
            return outerSink.onCommand(args, argc);
        });
        assertEquals(List.of(command("outer"), command("outer"), command("outer")), outerSink.commands);
        assertEquals(6, innerSink.commands.size());
        assertEquals(command("inner"), innerSink.commands.get(5));
    }
}
