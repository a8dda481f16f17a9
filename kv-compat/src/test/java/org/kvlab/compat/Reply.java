package org.kvlab.compat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One RESP2 or RESP3 reply as it came off the wire: its type byte, its exact bytes, and for aggregates its
 * elements. {@link #unordered()} gives the same reply with its elements (or pairs) sorted, for the replies Redis
 * documents as unordered.
 */
final class Reply {

    final byte type;
    final byte[] raw;
    final List<Reply> elements;

    private Reply(byte type, byte[] raw, List<Reply> elements) {
        this.type = type;
        this.raw = raw;
        this.elements = elements;
    }

    /** Reads exactly one reply. */
    static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        raw.write(type);
        String line = line(in, raw);
        List<Reply> elements = null;
        switch (type) {
            case '$': case '=': case '!': {
                int length = Integer.parseInt(line);
                if (length >= 0) {
                    byte[] body = in.readNBytes(length + 2);
                    if (body.length < length + 2) {
                        throw new EOFException("connection closed in a bulk string");
                    }
                    raw.write(body);
                }
                break;
            }
            case '*': case '~': case '>': case '%': case '|': {
                int count = Integer.parseInt(line);
                if (count >= 0) {
                    int n = type == '%' || type == '|' ? 2 * count : count;
                    elements = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        Reply element = read(in);
                        elements.add(element);
                        raw.write(element.raw);
                    }
                }
                break;
            }
            default:
                break;
        }
        return new Reply((byte) type, raw.toByteArray(), elements);
    }

    private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("connection closed in a reply line");
            }
            sb.append((char) c);
            raw.write(c);
        }
        if (in.read() != '\n') {
            throw new IOException("CR without LF in a reply line");
        }
        raw.write('\r');
        raw.write('\n');
        return sb.toString();
    }

    /** Returns whether this is an error reply. */
    boolean isError() {
        return type == '-' || type == '!';
    }

    /**
     * Returns this reply with its elements sorted by their bytes, or its pairs sorted by their first element's bytes
     * when {@code pairs}; other replies unchanged.
     */
    Reply sorted(boolean pairs) {
        if (elements == null) {
            return this;
        }
        int step = pairs || type == '%' ? 2 : 1;
        List<Reply[]> groups = new ArrayList<>();
        for (int i = 0; i + step <= elements.size(); i += step) {
            groups.add(elements.subList(i, i + step).toArray(new Reply[0]));
        }
        groups.sort(Comparator.comparing((Reply[] g) -> g[0].raw, Arrays::compare)
                .thenComparing(g -> g[step - 1].raw, Arrays::compare));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int header = indexOf(raw, (byte) '\n') + 1;
        out.write(raw, 0, header);
        List<Reply> sorted = new ArrayList<>();
        for (Reply[] g : groups) {
            for (Reply r : g) {
                out.writeBytes(r.raw);
                sorted.add(r);
            }
        }
        return new Reply(type, out.toByteArray(), sorted);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (byte b : raw) {
            if (b == '\r') {
                sb.append("\\r");
            } else if (b == '\n') {
                sb.append("\\n");
            } else if (b < 32 || b > 126) {
                sb.append(String.format("\\x%02x", b & 0xFF));
            } else {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    /** Returns the reply's text as ISO-8859-1, for messages. */
    String text() {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }
}
