package org.kvlab.client;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An incremental RESP2 and RESP3 reply parser: fed whatever the transport read, in any split, it hands each
 * complete top-level reply to its {@link Sink} in order, on the feeding thread. Not thread-safe: one per
 * connection, fed by the transport's read thread.
 *
 * <p>Replies become: simple string {@code String} ({@code "OK"} is a constant), error and blob error
 * {@link KvServerException} (inside aggregates too, as an element), integer {@code Long}, bulk string
 * {@code byte[]}, null (RESP2 {@code $-1}, {@code *-1}, RESP3 {@code _}) {@code null}, array {@code List<Object>},
 * map {@code Map<Object, Object>} and set {@code Set<Object>} (insertion ordered, unmodifiable; bulk strings among
 * map keys and set members become UTF-8 {@code String}s, since {@code byte[]} has identity equality; a typed decoder
 * reads the items as sent through {@link Raw}), double {@code Double},
 * boolean {@code Boolean}, big number {@code BigInteger}, verbatim string {@code String} (its text, without the
 * format prefix). A push at top level (a RESP3 pub/sub message) goes to {@link Sink#onPush} as its
 * {@code List<Object>} of elements; attributes are read and dropped.
 *
 * <p>Memory is bounded: a line is at most {@link #MAX_LINE} bytes, a bulk string at most {@link #MAX_BULK} (and
 * its array grows only as its bytes arrive), and aggregates nest at most {@link #MAX_DEPTH} deep; a reply past a
 * bound is a {@link ReplyProtocolException}, after which the parser must be dropped with its connection.
 */
final class ReplyParser {

    /** The longest header or simple line accepted, CRLF excluded. */
    static final int MAX_LINE = 1024 * 1024;
    /** The longest bulk string accepted: Redis's {@code proto-max-bulk-len} default. */
    static final long MAX_BULK = 512L * 1024 * 1024;
    /** The largest array allocated for a payload before its bytes arrive. */
    static final int INITIAL_BULK = 64 * 1024;
    /** The deepest nesting of aggregates accepted. */
    static final int MAX_DEPTH = 512;

    /** Receives complete top-level replies. */
    interface Sink {
        /** Takes one reply, which may be {@code null} or a {@link KvServerException}. */
        void onReply(Object reply);

        /** Takes one RESP3 push (not a reply to a request): its elements. Dropped by default. */
        default void onPush(List<Object> push) {
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private final Sink sink;

    /** The bytes of a line split across reads; {@code lineLength} of them are valid. */
    private byte[] line = EMPTY;
    private int lineLength;
    /** The payload of a bulk, blob error or verbatim string being read, else {@code null}. */
    private byte[] bulk;
    private int bulkFilled;
    /** The payload's declared length; {@code bulk} grows towards it as bytes arrive. */
    private int bulkLength;
    private byte bulkType;
    /** How many bytes of a payload's trailing CRLF are still to come. */
    private int crlfPending;
    /** The innermost aggregate being filled, or {@code null} at top level. */
    private Frame top;
    private int depth;

    ReplyParser(Sink sink) {
        this.sink = sink;
    }

    /**
     * Consumes every byte of {@code in}, handing out each reply it completes.
     *
     * @throws ReplyProtocolException if the bytes are not valid RESP or exceed a bound
     */
    void feed(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (crlfPending > 0) {
                skipCrlf(in);
            } else if (bulk != null) {
                readPayload(in);
            } else {
                readLine(in);
            }
        }
    }

    private void skipCrlf(ByteBuffer in) {
        while (crlfPending > 0 && in.hasRemaining()) {
            byte expected = crlfPending == 2 ? (byte) '\r' : (byte) '\n';
            if (in.get() != expected) {
                throw new ReplyProtocolException("expected CRLF after a bulk payload");
            }
            crlfPending--;
        }
    }

    private void readPayload(ByteBuffer in) {
        if (bulkFilled == bulk.length) {
            bulk = Arrays.copyOf(bulk, (int) Math.min(bulkLength, 2L * bulk.length));
        }
        int n = Math.min(in.remaining(), bulk.length - bulkFilled);
        in.get(bulk, bulkFilled, n);
        bulkFilled += n;
        if (bulkFilled == bulkLength) {
            byte[] payload = bulk;
            bulk = null;
            crlfPending = 2;
            skipCrlf(in);
            deliver(payloadValue(bulkType, payload));
        }
    }

    private void readLine(ByteBuffer in) {
        int start = in.position();
        int limit = in.limit();
        int lf = -1;
        for (int i = start; i < limit; i++) {
            if (in.get(i) == '\n') {
                lf = i;
                break;
            }
        }
        if (lf < 0) {
            appendLine(in, start, limit - start);
            in.position(limit);
            return;
        }
        in.position(lf + 1);
        if (lineLength == 0) {
            parseLine(in, start, lf);
        } else {
            appendLine(in, start, lf + 1 - start);
            int end = lineLength - 1;
            lineLength = 0;
            parseLine(ByteBuffer.wrap(line, 0, end + 1), 0, end);
        }
    }

    private void appendLine(ByteBuffer in, int from, int count) {
        int needed = lineLength + count;
        if (needed > MAX_LINE + 2) {
            throw new ReplyProtocolException("reply line longer than " + MAX_LINE + " bytes");
        }
        if (needed > line.length) {
            byte[] grown = new byte[Math.max(needed, Math.max(64, line.length * 2))];
            System.arraycopy(line, 0, grown, 0, lineLength);
            line = grown;
        }
        in.get(from, line, lineLength, count);
        lineLength = needed;
    }

    /** Parses the line in {@code buf} from {@code start} (the type byte) to {@code lf}, the index of its LF. */
    private void parseLine(ByteBuffer buf, int start, int lf) {
        int end = lf - 1;
        if (end <= start - 1 || buf.get(end) != '\r') {
            throw new ReplyProtocolException("reply line not ended by CRLF");
        }
        if (end == start) {
            throw new ReplyProtocolException("empty reply line");
        }
        byte type = buf.get(start);
        int from = start + 1;
        switch (type) {
            case '+' -> deliver(simpleString(buf, from, end));
            case '-' -> deliver(new KvServerException(text(buf, from, end)));
            case ':' -> deliver(Long.valueOf(parseLong(buf, from, end)));
            case '$', '!', '=' -> startPayload(type, parseLong(buf, from, end));
            case '*', '~', '%', '>', '|' -> startAggregate(type, parseLong(buf, from, end));
            case '_' -> {
                expectEmpty(buf, from, end);
                deliver(null);
            }
            case ',' -> deliver(parseDouble(text(buf, from, end)));
            case '#' -> deliver(parseBoolean(buf, from, end));
            case '(' -> deliver(parseBigNumber(text(buf, from, end)));
            default -> throw new ReplyProtocolException("unknown reply type byte " + (type & 0xff));
        }
    }

    private void startPayload(byte type, long length) {
        if (length == -1 && type == '$') {
            deliver(null);
            return;
        }
        if (length < 0 || length > MAX_BULK) {
            throw new ReplyProtocolException("bad bulk length " + length + " (expected: 0-" + MAX_BULK + ")");
        }
        if (length == 0) {
            crlfPending = 2;
            deliver(payloadValue(type, EMPTY));
            return;
        }
        bulkType = type;
        bulkFilled = 0;
        bulkLength = (int) length;
        // a large payload's array grows as its bytes arrive, so a length alone cannot claim memory
        bulk = new byte[Math.min(bulkLength, INITIAL_BULK)];
    }

    private static Object payloadValue(byte type, byte[] payload) {
        return switch (type) {
            case '$' -> payload;
            case '!' -> new KvServerException(new String(payload, StandardCharsets.UTF_8));
            default -> {
                // verbatim: "txt:" or "mkd:" then the text
                if (payload.length < 4 || payload[3] != ':') {
                    throw new ReplyProtocolException("verbatim string without a format prefix");
                }
                yield new String(payload, 4, payload.length - 4, StandardCharsets.UTF_8);
            }
        };
    }

    private void startAggregate(byte type, long count) {
        if (count == -1 && type == '*') {
            deliver(null);
            return;
        }
        long elements = type == '%' || type == '|' ? count * 2 : count;
        if (count < 0 || elements > Integer.MAX_VALUE) {
            throw new ReplyProtocolException("bad aggregate length " + count);
        }
        if (elements == 0) {
            Frame empty = new Frame(type, 0, top);
            completed(empty);
            return;
        }
        if (depth == MAX_DEPTH) {
            throw new ReplyProtocolException("replies nested deeper than " + MAX_DEPTH);
        }
        top = new Frame(type, (int) elements, top);
        depth++;
    }

    /** Adds a finished value to the innermost aggregate, or hands it to the sink at top level. */
    private void deliver(Object value) {
        Object v = value;
        while (true) {
            Frame f = top;
            if (f == null) {
                sink.onReply(v);
                return;
            }
            f.items.add(v);
            if (--f.remaining > 0) {
                return;
            }
            top = f.parent;
            depth--;
            if (dropped(f)) {
                return;
            }
            v = build(f);
        }
    }

    /** Delivers an aggregate with no elements. */
    private void completed(Frame f) {
        if (!dropped(f)) {
            deliver(build(f));
        }
    }

    /**
     * Attributes, and pushes at top level, are not replies to a request: attributes are dropped, pushes handed to
     * {@link Sink#onPush}.
     */
    private boolean dropped(Frame f) {
        if (f.type == '>' && f.parent == null) {
            sink.onPush(f.items);
            return true;
        }
        return f.type == '|';
    }

    private static Object build(Frame f) {
        return switch (f.type) {
            case '%' -> new RawMap(f.items);
            case '~' -> new RawSet(f.items);
            default -> f.items;
        };
    }

    private static Object hashable(Object item) {
        return item instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : item;
    }

    private static String simpleString(ByteBuffer buf, int from, int end) {
        if (end - from == 2 && buf.get(from) == 'O' && buf.get(from + 1) == 'K') {
            return "OK";
        }
        return text(buf, from, end);
    }

    private static String text(ByteBuffer buf, int from, int end) {
        byte[] bytes = new byte[end - from];
        buf.get(from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void expectEmpty(ByteBuffer buf, int from, int end) {
        if (end != from) {
            throw new ReplyProtocolException("null reply with content");
        }
    }

    static long parseLong(ByteBuffer buf, int from, int end) {
        if (from == end) {
            throw new ReplyProtocolException("empty number in reply");
        }
        boolean negative = buf.get(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == end) {
            throw new ReplyProtocolException("bad number in reply");
        }
        long value = 0;
        for (; i < end; i++) {
            int d = buf.get(i) - '0';
            if (d < 0 || d > 9) {
                throw new ReplyProtocolException("bad number in reply");
            }
            // accumulate negatively so that Long.MIN_VALUE fits
            if (value < (Long.MIN_VALUE + d) / 10) {
                throw new ReplyProtocolException("number in reply overflows a long");
            }
            value = value * 10 - d;
        }
        if (negative) {
            return value;
        }
        if (value == Long.MIN_VALUE) {
            throw new ReplyProtocolException("number in reply overflows a long");
        }
        return -value;
    }

    private static Double parseDouble(String s) {
        switch (s) {
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                try {
                    return Double.valueOf(s);
                } catch (NumberFormatException e) {
                    throw new ReplyProtocolException("bad double in reply: " + s);
                }
        }
    }

    private static Boolean parseBoolean(ByteBuffer buf, int from, int end) {
        if (end - from == 1) {
            if (buf.get(from) == 't') {
                return Boolean.TRUE;
            }
            if (buf.get(from) == 'f') {
                return Boolean.FALSE;
            }
        }
        throw new ReplyProtocolException("bad boolean in reply");
    }

    private static BigInteger parseBigNumber(String s) {
        try {
            return new BigInteger(s);
        } catch (NumberFormatException e) {
            throw new ReplyProtocolException("bad big number in reply: " + s);
        }
    }

    /**
     * A RESP3 map or set as it was read: its items in order, bulk strings still {@code byte[]}, so a typed decoder
     * reads binary keys and members without loss. Its {@code Map} or {@code Set} view, with bulk keys and members
     * as UTF-8 {@code String}s, is built on first use.
     */
    interface Raw {
        /** Returns the items: a map's keys and values alternating, or a set's members, as sent. */
        List<Object> items();
    }

    /** A RESP3 map: {@link Raw} items, and a {@code Map} built on first use. Thread-safe. */
    static final class RawMap extends AbstractMap<Object, Object> implements Raw {
        private final List<Object> items;
        private volatile Map<Object, Object> view;

        RawMap(List<Object> items) {
            this.items = items;
        }

        @Override
        public List<Object> items() {
            return items;
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return view().entrySet();
        }

        @Override
        public Object get(Object key) {
            return view().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return view().containsKey(key);
        }

        @Override
        public int size() {
            return view().size();
        }

        private Map<Object, Object> view() {
            Map<Object, Object> v = view;
            if (v == null) {
                Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, items.size()));
                for (int i = 0; i < items.size(); i += 2) {
                    map.put(hashable(items.get(i)), items.get(i + 1));
                }
                v = Collections.unmodifiableMap(map);
                view = v;
            }
            return v;
        }
    }

    /** A RESP3 set: {@link Raw} items, and a {@code Set} built on first use. Thread-safe. */
    static final class RawSet extends AbstractSet<Object> implements Raw {
        private final List<Object> items;
        private volatile Set<Object> view;

        RawSet(List<Object> items) {
            this.items = items;
        }

        @Override
        public List<Object> items() {
            return items;
        }

        @Override
        public Iterator<Object> iterator() {
            return view().iterator();
        }

        @Override
        public int size() {
            return view().size();
        }

        @Override
        public boolean contains(Object o) {
            return view().contains(o);
        }

        private Set<Object> view() {
            Set<Object> v = view;
            if (v == null) {
                Set<Object> set = new LinkedHashSet<>(Math.max(4, items.size() * 2));
                for (Object item : items) {
                    set.add(hashable(item));
                }
                v = Collections.unmodifiableSet(set);
                view = v;
            }
            return v;
        }
    }

    /** An aggregate being filled. */
    private static final class Frame {
        final byte type;
        final List<Object> items;
        final Frame parent;
        int remaining;

        Frame(byte type, int elements, Frame parent) {
            this.type = type;
            this.items = elements == 0 ? new ArrayList<>(0) : new ArrayList<>(Math.min(elements, 1024));
            this.parent = parent;
            this.remaining = elements;
        }
    }

    /** The bytes from the server are not a valid reply; the connection must be closed. */
    static final class ReplyProtocolException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReplyProtocolException(String message) {
            super("protocol error in reply: " + message);
        }
    }
}
