package org.kvlab.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A sink that keeps copies of the commands it receives, as lists of strings (ISO-8859-1, one char a byte). */
final class Collector implements CommandSink {

    final List<List<String>> commands = new ArrayList<>();
    private final int stopAfter;

    Collector() {
        this(Integer.MAX_VALUE);
    }

    /** A collector whose sink returns false once it has received {@code stopAfter} commands in total. */
    Collector(int stopAfter) {
        this.stopAfter = stopAfter;
    }

    @Override
    public boolean onCommand(byte[][] args, int argc) {
        List<String> command = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            command.add(new String(args[i], StandardCharsets.ISO_8859_1));
        }
        commands.add(command);
        return commands.size() < stopAfter;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String string(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static List<String> command(String... args) {
        return Arrays.asList(args);
    }

    /** Parses each chunk in turn with one parser; every chunk must be consumed. */
    static List<List<String>> parseChunks(RespParser parser, byte[]... chunks) throws ProtocolException {
        Collector sink = new Collector();
        for (byte[] chunk : chunks) {
            ByteBuffer in = ByteBuffer.wrap(chunk);
            parser.parse(in, sink);
            if (in.hasRemaining()) {
                throw new AssertionError("parse left " + in.remaining() + " bytes");
            }
        }
        return sink.commands;
    }

    /** Parses one string with a fresh parser with default limits. */
    static List<List<String>> parseAll(String input) throws ProtocolException {
        return parseChunks(new RespParser(ProtocolLimits.DEFAULTS), bytes(input));
    }
}
