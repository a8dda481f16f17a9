package org.kvlab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Random RESP2/RESP3 reply streams, cut into random pieces, parse to the replies they encode. */
final class ReplyParserPropertiesTest {

    /** A bulk string as a comparable value. */
    record Bin(String hex) {
        static Bin of(byte[] bytes) {
            return new Bin(HexFormat.of().formatHex(bytes));
        }
    }

    /** An error reply as a comparable value. */
    record Err(String message) {
    }

    /** Writes random replies and records what each should parse to. */
    static final class Generator {
        final Random random;
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();

        Generator(Random random) {
            this.random = random;
        }

        void ascii(String s) {
            wire.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }

        byte[] randomBytes(int max) {
            byte[] b = new byte[random.nextInt(max + 1)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextInt(3) == 0 ? "\r\n$*".charAt(random.nextInt(4)) : random.nextInt(256));
            }
            return b;
        }

        String word() {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                s.append((char) ('a' + random.nextInt(26)));
            }
            return s.toString();
        }

        /** Writes one reply and returns its expected value; {@code depth} bounds nesting. */
        Object reply(int depth) {
            int kind = random.nextInt(depth > 0 ? 17 : 12);
            if (depth > 0 && random.nextInt(8) == 0) {
                attribute(depth - 1);
            }
            switch (kind) {
                case 0: {
                    String s = word();
                    ascii("+" + s + "\r\n");
                    return s;
                }
                case 1: {
                    String s = "ERR " + word();
                    ascii("-" + s + "\r\n");
                    return new Err(s);
                }
                case 2: {
                    long v = random.nextBoolean() ? random.nextLong() : random.nextInt(2000) - 1000;
                    ascii(":" + v + "\r\n");
                    return v;
                }
                case 3:
                case 4: {
                    byte[] b = randomBytes(random.nextInt(4) == 0 ? 5000 : 20);
                    ascii("$" + b.length + "\r\n");
                    wire.writeBytes(b);
                    ascii("\r\n");
                    return Bin.of(b);
                }
                case 5:
                    ascii(new String[] {"$-1\r\n", "*-1\r\n", "_\r\n"}[random.nextInt(3)]);
                    return null;
                case 6: {
                    double d = random.nextInt(5) == 0 ? Double.POSITIVE_INFINITY : random.nextDouble() * 1e6;
                    ascii("," + (Double.isInfinite(d) ? "inf" : Double.toString(d)) + "\r\n");
                    return d;
                }
                case 7: {
                    boolean b = random.nextBoolean();
                    ascii(b ? "#t\r\n" : "#f\r\n");
                    return b;
                }
                case 8: {
                    BigInteger n = new BigInteger(200, random).subtract(BigInteger.ONE.shiftLeft(199));
                    ascii("(" + n + "\r\n");
                    return n;
                }
                case 9: {
                    String s = word() + "\r\n" + word();
                    byte[] payload = ("txt:" + s).getBytes(StandardCharsets.UTF_8);
                    ascii("=" + payload.length + "\r\n");
                    wire.writeBytes(payload);
                    ascii("\r\n");
                    return s;
                }
                case 10: {
                    String s = "SYNTAX " + word() + "\r\n" + word();
                    ascii("!" + s.length() + "\r\n" + s + "\r\n");
                    return new Err(s);
                }
                case 11: {
                    ascii("*0\r\n");
                    return List.of();
                }
                case 12:
                case 13: {
                    int n = random.nextInt(6);
                    ascii("*" + n + "\r\n");
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        items.add(reply(depth - 1));
                    }
                    return items;
                }
                case 14: {
                    int n = random.nextInt(4);
                    ascii("%" + n + "\r\n");
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        Object key = key();
                        Object value = reply(depth - 1);
                        map.put(key, value);
                    }
                    return map;
                }
                case 15: {
                    int n = random.nextInt(4);
                    ascii("~" + n + "\r\n");
                    Set<Object> set = new LinkedHashSet<>();
                    for (int i = 0; i < n; i++) {
                        set.add(key());
                    }
                    return set;
                }
                default: {
                    int n = 1 + random.nextInt(3);
                    ascii("*" + n + "\r\n");
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        items.add(reply(depth - 1));
                    }
                    return items;
                }
            }
        }

        /** Writes a map key or set member: a bulk or simple string, or an integer; returns its expected value. */
        Object key() {
            int kind = random.nextInt(3);
            String s = "k" + random.nextInt(5);
            if (kind == 0) {
                ascii("$" + s.length() + "\r\n" + s + "\r\n");
                return s;
            }
            if (kind == 1) {
                ascii("+" + s + "\r\n");
                return s;
            }
            long v = random.nextInt(5);
            ascii(":" + v + "\r\n");
            return v;
        }

        void attribute(int depth) {
            int n = 1 + random.nextInt(2);
            ascii("|" + n + "\r\n");
            for (int i = 0; i < n; i++) {
                key();
                reply(Math.max(0, depth));
            }
        }

        void push(int depth) {
            int n = 1 + random.nextInt(3);
            ascii(">" + n + "\r\n");
            for (int i = 0; i < n; i++) {
                reply(depth);
            }
        }
    }

    /** Turns what the parser produced into the comparable values the generator expects. */
    static Object normalize(Object value) {
        if (value instanceof byte[] b) {
            return Bin.of(b);
        }
        if (value instanceof KvServerException e) {
            return new Err(e.getMessage());
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(normalize(item));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(normalize(k), normalize(v)));
            return out;
        }
        if (value instanceof Set<?> set) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object item : set) {
                out.add(normalize(item));
            }
            return out;
        }
        return value;
    }

    @Property(tries = 300)
    void anyReplies_cutAnywhere_parseToTheirValuesInOrder(@ForAll Random random,
            @ForAll @IntRange(min = 1, max = 40) int maxPiece, @ForAll boolean direct) {
        Generator g = new Generator(random);
        List<Object> expected = new ArrayList<>();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            if (random.nextInt(5) == 0) {
                g.push(1);
            }
            expected.add(g.reply(3));
        }
        byte[] wire = g.wire.toByteArray();

        List<Object> parsed = new ArrayList<>();
        ReplyParser parser = new ReplyParser(reply -> parsed.add(normalize(reply)));
        int at = 0;
        while (at < wire.length) {
            int piece = Math.min(wire.length - at, 1 + random.nextInt(maxPiece));
            ByteBuffer buf = direct ? ByteBuffer.allocateDirect(piece + 3) : ByteBuffer.allocate(piece + 3);
            buf.position(3);
            buf.put(wire, at, piece).flip().position(3);
            parser.feed(buf);
            at += piece;
        }
        assertEquals(expected, parsed);
    }

    @Property(tries = 1000)
    void randomBytes_parseOrFailWithProtocolErrorOnly(@ForAll Random random,
            @ForAll @IntRange(min = 1, max = 16) int maxPiece) {
        byte[] alphabet = "+-:$*%~>|_,#(=!\r\n0123456789-tfinaOK:".getBytes(StandardCharsets.US_ASCII);
        byte[] wire = new byte[1 + random.nextInt(200)];
        for (int i = 0; i < wire.length; i++) {
            wire[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
        }
        ReplyParser parser = new ReplyParser(reply -> { });
        int at = 0;
        try {
            while (at < wire.length) {
                int piece = Math.min(wire.length - at, 1 + random.nextInt(maxPiece));
                parser.feed(ByteBuffer.wrap(wire, at, piece));
                at += piece;
            }
        } catch (ReplyParser.ReplyProtocolException expected) {
            // the only failure allowed: any other exception fails the property
        }
    }

    @Property(tries = 50)
    void largeBulk_inPieces_growsToExactlyItsLength(@ForAll @IntRange(min = 0, max = 300_000) int length,
            @ForAll Random random) {
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(("$" + length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        wire.writeBytes(payload);
        wire.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = wire.toByteArray();
        List<Object> parsed = new ArrayList<>();
        ReplyParser parser = new ReplyParser(parsed::add);
        for (int at = 0; at < bytes.length;) {
            int piece = Math.min(bytes.length - at, 1 + random.nextInt(20_000));
            parser.feed(ByteBuffer.wrap(bytes, at, piece));
            at += piece;
        }
        assertEquals(1, parsed.size());
        assertEquals(Bin.of(payload), Bin.of((byte[]) parsed.get(0)));
    }

    @Property(tries = 200)
    void longs_roundTripExactly(@ForAll long value) {
        List<Object> parsed = new ArrayList<>();
        new ReplyParser(parsed::add).feed(ByteBuffer.wrap((":" + value + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(value), parsed);
    }
}
