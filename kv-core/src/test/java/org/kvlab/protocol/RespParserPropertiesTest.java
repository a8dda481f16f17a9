package org.kvlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

final class RespParserPropertiesTest {

    /** Small limits, so that random input reaches them. */
    private static final ProtocolLimits SMALL = new ProtocolLimits(24, 40, 8, 120, 3, 10);

    /** One command and how it is sent; {@code args} empty for the inputs that carry no command. */
    record Frame(List<byte[]> args, int encoding) {

        byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (args.isEmpty()) {
                String[] noise = {"\r\n", "\n", "*0\r\n", "*-1\r\n", " \t \r\n"};
                out.writeBytes(noise[encoding % noise.length].getBytes(StandardCharsets.ISO_8859_1));
            } else if (encoding % 2 == 0) {
                out.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                for (byte[] arg : args) {
                    out.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.writeBytes(arg);
                    out.writeBytes(new byte[] {'\r', '\n'});
                }
            } else {
                for (byte[] arg : args) {
                    out.write(' ');
                    out.writeBytes(inline(arg, encoding).getBytes(StandardCharsets.ISO_8859_1));
                }
                out.writeBytes((encoding % 3 == 0 ? "\n" : "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            return out.toByteArray();
        }

        private static String inline(byte[] arg, int encoding) {
            boolean plain = arg.length > 0;
            for (byte b : arg) {
                plain &= b > ' ' && b < 127 && b != '"' && b != '\'' && b != '\\';
            }
            if (plain) {
                return new String(arg, StandardCharsets.ISO_8859_1);
            }
            StringBuilder quoted = new StringBuilder("\"");
            for (byte b : arg) {
                int c = b & 0xFF;
                if (c == '"' || c == '\\') {
                    quoted.append('\\').append((char) c);
                } else if (c == '\n') {
                    quoted.append("\\n");
                } else if (c >= ' ' && c < 127 && encoding % 5 != 0) {
                    quoted.append((char) c);
                } else {
                    quoted.append(String.format("\\x%02x", c));
                }
            }
            return quoted.append('"').toString();
        }
    }

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<byte[]> arg = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<List<byte[]>> args = Arbitraries.oneOf(arg.list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.just(List.<byte[]>of()));
        return Combinators.combine(args, Arbitraries.integers().between(0, 1000)).as(Frame::new);
    }

    @Property(tries = 300)
    void parse_anySplitOfValidCommands_givesTheSameCommands(
            @ForAll @Size(max = 20) List<@From("frames") Frame> frames,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 10_000) Integer> cuts,
            @ForAll BufferKind kind) throws ProtocolException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<List<String>> expected = new ArrayList<>();
        for (Frame frame : frames) {
            stream.writeBytes(frame.encode());
            if (!frame.args().isEmpty()) {
                List<String> command = new ArrayList<>();
                frame.args().forEach(a -> command.add(Collector.string(a)));
                expected.add(command);
            }
        }
        RespParser parser = new RespParser(ProtocolLimits.DEFAULTS);
        Outcome outcome = parseInChunks(parser, ProtocolLimits.DEFAULTS, stream.toByteArray(), cuts, kind);
        assertEquals(new Outcome(expected, null), outcome);
        assertFalse(parser.hasPartialCommand());
        assertEquals(0, parser.bufferedBytes());
    }

    @Provide
    Arbitrary<byte[]> protocolishBytes() {
        Arbitrary<String> pieces = Arbitraries.of("*", "$", "\r\n", "\r", "\n", "0", "1", "2", "3", "9", "-", "12",
                "\"", "'", "\\", "\\x4", " ", "a", "PING", "\u0000", "\u00ff", "*2\r\n", "$3\r\nabc\r\n", "$40",
                "$41", "*9", "*4\r\n");
        return pieces.list().ofMaxSize(60)
                .map(list -> String.join("", list).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Property(tries = 1000)
    void parse_randomBytes_yieldsCommandsOrAProtocolErrorWithinLimits_whateverTheSplit(
            @ForAll("protocolishBytes") byte[] input,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 2_000) Integer> cuts,
            @ForAll BufferKind kind, @ForAll boolean authenticated) {
        RespParser whole = new RespParser(SMALL);
        whole.setAuthenticated(authenticated);
        Outcome once = parseInChunks(whole, SMALL, input, List.of(), BufferKind.HEAP);
        RespParser split = new RespParser(SMALL);
        split.setAuthenticated(authenticated);
        Outcome chunked = parseInChunks(split, SMALL, input, cuts, kind);
        assertEquals(once, chunked);
        for (List<String> command : once.commands()) {
            assertTrue(!command.isEmpty()
                    && command.size() <= Math.max(SMALL.maxMultibulkLength(), SMALL.maxInlineLength()));
            for (String arg : command) {
                assertTrue(arg.length() <= Math.max(SMALL.maxBulkLength(), SMALL.maxInlineLength()));
            }
        }
    }

    @Property(tries = 500)
    void parse_arbitraryBytes_neverFailsOtherwiseThanWithAProtocolError(
            @ForAll @Size(max = 300) byte[] input,
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 400) Integer> cuts) {
        RespParser parser = new RespParser(SMALL);
        Outcome outcome = parseInChunks(parser, SMALL, input, cuts, BufferKind.HEAP);
        assertEquals(outcome, parseInChunks(new RespParser(SMALL), SMALL, input, List.of(), BufferKind.DIRECT));
    }

    /** The commands parsed and the error text, if any; fails the test if bytes are left or a limit is broken. */
    record Outcome(List<List<String>> commands, String error) {
    }

    static Outcome parseInChunks(RespParser parser, ProtocolLimits limits, byte[] input, List<Integer> cuts,
                                 BufferKind kind) {
        int[] points = cuts.stream().mapToInt(c -> Math.min(c, input.length)).sorted().toArray();
        Collector sink = new Collector();
        int from = 0;
        try {
            for (int i = 0; i <= points.length; i++) {
                int to = i < points.length ? points[i] : input.length;
                ByteBuffer chunk = kind.of(input, from, to - from);
                parser.parse(chunk, sink);
                assertFalse(chunk.hasRemaining());
                assertTrue(parser.bufferedBytes() <= limits.maxQueryBufferLength());
                from = to;
            }
            return new Outcome(sink.commands, null);
        } catch (ProtocolException e) {
            assertFalse(parser.hasPartialCommand());
            return new Outcome(sink.commands, Objects.requireNonNull(e.getMessage()));
        }
    }
}
