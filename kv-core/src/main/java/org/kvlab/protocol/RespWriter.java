package org.kvlab.protocol;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.kvlab.api.ElementSink;
import org.kvlab.spi.OutputBuffer;

/**
 * Encodes replies in RESP2 or RESP3 into an {@link OutputBuffer}. One writer belongs to one connection: its
 * protocol version is that connection's ({@code HELLO 3} switches it), and {@link #target(OutputBuffer)} points it
 * at the buffer of the current read batch. Replies that RESP3 adds (maps, sets, doubles, booleans, verbatim
 * strings, the null) are written in their RESP2 form while the protocol is 2. The common replies are preencoded:
 * writing them copies bytes and allocates nothing.
 *
 * <p>Not thread-safe.
 */
public final class RespWriter {

    private static final byte[] OK = ascii("+OK\r\n");
    private static final byte[] ZERO = ascii(":0\r\n");
    private static final byte[] ONE = ascii(":1\r\n");
    private static final byte[] NULL_BULK = ascii("$-1\r\n");
    private static final byte[] NULL_ARRAY = ascii("*-1\r\n");
    private static final byte[] NULL3 = ascii("_\r\n");
    private static final byte[] EMPTY_ARRAY = ascii("*0\r\n");
    private static final byte[] TRUE3 = ascii("#t\r\n");
    private static final byte[] FALSE3 = ascii("#f\r\n");
    private static final byte[] CRLF = ascii("\r\n");
    /** The headers {@code $N\r\n} of bulk strings shorter than this, made once: most values are short. */
    private static final int SMALL_BULK = 128;
    private static final byte[][] BULK_HEADERS = new byte[SMALL_BULK][];

    static {
        for (int length = 0; length < SMALL_BULK; length++) {
            BULK_HEADERS[length] = ascii("$" + length + "\r\n");
        }
    }

    /** Told of each error reply a writer writes, for error statistics. */
    @FunctionalInterface
    public interface ErrorListener {
        /** Called after the error reply {@code message} (its text after the {@code -}) was written. */
        void errorReplied(String message);
    }

    private OutputBuffer out;
    private int protocol = 2;
    private ErrorListener errorListener;
    private final Consumer<byte[]> bulks = this::bulk;
    private final ElementSink bulkArray = new ElementSink() {
        @Override
        public void count(int elements) {
            arrayHeader(elements);
        }

        @Override
        public void element(byte[] array, int offset, int length) {
            bulk(array, offset, length);
        }

        @Override
        public void element(long value) {
            bulk(value);
        }
    };

    /** Creates a RESP2 writer with no target; call {@link #target(OutputBuffer)} before writing. */
    public RespWriter() {
    }

    /** Creates a RESP2 writer appending to {@code out}. */
    public RespWriter(OutputBuffer out) {
        this.out = out;
    }

    /** Makes the following replies go to {@code out}, which must not be {@code null}. */
    public void target(OutputBuffer out) {
        if (out == null) {
            throw new NullPointerException("out");
        }
        this.out = out;
    }

    /** Makes {@link #error(String)} tell {@code listener} of each error written; {@code null} for no one. */
    public void errorListener(ErrorListener listener) {
        this.errorListener = listener;
    }

    /** Returns the buffer replies go to, {@code null} before the first {@link #target(OutputBuffer)}. */
    public OutputBuffer target() {
        return out;
    }

    /** Returns the protocol version, 2 or 3. */
    public int protocol() {
        return protocol;
    }

    /**
     * Sets the protocol version.
     *
     * @throws IllegalArgumentException unless {@code version} is 2 or 3
     */
    public void protocol(int version) {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("version: " + version + " (expected: 2 or 3)");
        }
        this.protocol = version;
    }

    /** Writes {@code +OK}. */
    public void ok() {
        out.write(OK);
    }

    /** Writes a simple string; {@code text} must be ASCII without CR or LF. */
    public void simpleString(String text) {
        out.write('+');
        out.writeAscii(text);
        out.write(CRLF);
    }

    /**
     * Writes an error: {@code message} is the text after the {@code -}, starting with its code, e.g.
     * {@code "ERR syntax error"}. CR and LF in it become spaces, as Redis does, so the reply stays one line.
     */
    public void error(String message) {
        out.write('-');
        int length = message.length();
        for (int i = 0; i < length; i++) {
            char c = message.charAt(i);
            out.write(c == '\r' || c == '\n' ? ' ' : c);
        }
        out.write(CRLF);
        if (errorListener != null) {
            errorListener.errorReplied(message);
        }
    }

    /** Writes an integer reply. */
    public void integer(long value) {
        if (value == 0) {
            out.write(ZERO);
        } else if (value == 1) {
            out.write(ONE);
        } else {
            out.write(':');
            out.writeDecimal(value);
            out.write(CRLF);
        }
    }

    /** Writes {@code value} as a bulk string, or the null bulk string if it is {@code null}. */
    public void bulk(byte[] value) {
        if (value == null) {
            nullBulk();
        } else {
            bulk(value, 0, value.length);
        }
    }

    /** Writes {@code length} bytes of {@code value} from {@code offset} as a bulk string. */
    public void bulk(byte[] value, int offset, int length) {
        if (length < SMALL_BULK) {
            out.write(BULK_HEADERS[length]);
        } else {
            out.write('$');
            out.writeDecimal(length);
            out.write(CRLF);
        }
        out.write(value, offset, length);
        out.write(CRLF);
    }

    /** Writes {@code value} as a UTF-8 bulk string, or the null bulk string if it is {@code null}. */
    public void bulk(String value) {
        bulk(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the decimal form of {@code value} as a bulk string. */
    public void bulk(long value) {
        int digits = value < 0 ? 2 : 1;
        for (long v = Math.abs(value == Long.MIN_VALUE ? Long.MAX_VALUE : value); v >= 10; v /= 10) {
            digits++;
        }
        out.write(BULK_HEADERS[digits]);
        out.writeDecimal(value);
        out.write(CRLF);
    }

    /** Writes the null bulk string: {@code $-1} in RESP2, {@code _} in RESP3. */
    public void nullBulk() {
        out.write(protocol == 3 ? NULL3 : NULL_BULK);
    }

    /** Writes the null array: {@code *-1} in RESP2, {@code _} in RESP3. */
    public void nullArray() {
        out.write(protocol == 3 ? NULL3 : NULL_ARRAY);
    }

    /**
     * Returns a consumer that writes each array it is given as {@link #bulk(byte[])} does (the null bulk string for
     * {@code null}), keeping none: the reader {@link org.kvlab.api.Keyspace#readString} lends a value to.
     */
    public Consumer<byte[]> bulks() {
        return bulks;
    }

    /**
     * Returns a sink that writes what it is handed as an array of bulk strings, a range straight from the store
     * into the reply; it allocates nothing.
     */
    public ElementSink bulkArray() {
        return bulkArray;
    }

    /** Writes the header of an array of {@code count} elements; the caller writes the elements. */
    public void arrayHeader(int count) {
        if (count == 0) {
            out.write(EMPTY_ARRAY);
            return;
        }
        aggregate('*', count);
    }

    /**
     * Writes the header of a map of {@code count} entries; the caller writes each key then its value. RESP2 sees
     * a flat array of {@code 2 * count} elements.
     */
    public void mapHeader(int count) {
        if (protocol == 3) {
            aggregate('%', count);
        } else {
            arrayHeader(2 * count);
        }
    }

    /** Writes the header of a set of {@code count} elements; RESP2 sees an array. */
    public void setHeader(int count) {
        if (protocol == 3) {
            aggregate('~', count);
        } else {
            arrayHeader(count);
        }
    }

    /**
     * Writes the header of a push of {@code count} elements (a pub/sub message or confirmation): RESP3 {@code >},
     * RESP2 an array; the caller writes the elements.
     */
    public void pushHeader(int count) {
        if (protocol == 3) {
            aggregate('>', count);
        } else {
            arrayHeader(count);
        }
    }

    /** Writes a double: RESP3 {@code ,}, RESP2 a bulk string of its shortest decimal form. */
    public void doubleValue(double value) {
        String text;
        if (Double.isNaN(value)) {
            text = "nan";
        } else if (Double.isInfinite(value)) {
            text = value > 0 ? "inf" : "-inf";
        } else if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            text = Long.toString((long) value);
        } else {
            text = Double.toString(value);
        }
        if (protocol == 3) {
            out.write(',');
            out.writeAscii(text);
            out.write(CRLF);
        } else {
            bulk(text);
        }
    }

    /** Writes a boolean: RESP3 {@code #t}/{@code #f}, RESP2 the integer 1 or 0. */
    public void bool(boolean value) {
        if (protocol == 3) {
            out.write(value ? TRUE3 : FALSE3);
        } else {
            out.write(value ? ONE : ZERO);
        }
    }

    /**
     * Writes a verbatim string: RESP3 {@code =} with the three-letter {@code format} (e.g. {@code "txt"}),
     * RESP2 a plain bulk string of {@code text}.
     *
     * @throws IllegalArgumentException if {@code format} is not three characters
     */
    public void verbatim(String format, String text) {
        if (format.length() != 3) {
            throw new IllegalArgumentException("format: " + format + " (expected: 3 characters)");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (protocol == 3) {
            out.write('=');
            out.writeDecimal(bytes.length + 4L);
            out.write(CRLF);
            out.writeAscii(format);
            out.write(':');
            out.write(bytes);
            out.write(CRLF);
        } else {
            bulk(bytes);
        }
    }

    private void aggregate(char type, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
        out.write(type);
        out.writeDecimal(count);
        out.write(CRLF);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
