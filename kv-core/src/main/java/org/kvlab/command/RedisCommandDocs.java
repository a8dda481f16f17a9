package org.kvlab.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.kvlab.protocol.RespWriter;

/**
 * Redis 7.0's {@code COMMAND INFO} and {@code COMMAND DOCS} replies for each of its commands and subcommands, as the
 * resource {@code redis-commands.resp} holds them (written from redis-server by
 * {@code kv-core/src/main/scripts/redis_command_docs.py}; Redis's metadata, BSD 3-Clause, see NOTICE), rendered in
 * the connection's protocol: a RESP3 map or set becomes a RESP2 array as Redis sends it. Read on first use, off the
 * request path of every other command; immutable and thread-safe afterwards.
 */
final class RedisCommandDocs {

    private static final String RESOURCE = "redis-commands.resp";

    /** One reply of the resource: its RESP3 type byte, its text (bulk, simple string, integer), its elements. */
    private record Node(byte type, byte[] text, Node[] items) {

        /** Returns the value of map key {@code key}, or {@code null}. */
        Node get(String key) {
            for (int i = 0; i < items.length; i += 2) {
                if (new String(items[i].text, StandardCharsets.ISO_8859_1).equals(key)) {
                    return items[i + 1];
                }
            }
            return null;
        }

        String string() {
            return new String(text, StandardCharsets.ISO_8859_1);
        }
    }

    /** The resource, read once when {@code COMMAND INFO} or {@code COMMAND DOCS} first asks. */
    private static final class Loaded {
        static final Map<String, Node> INFO = new HashMap<>();
        static final Map<String, Node> DOCS = new HashMap<>();

        static {
            try (InputStream in = RedisCommandDocs.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " missing from kv-core's jar");
                }
                Parser p = new Parser(in.readAllBytes());
                for (Node info : p.next().items) {
                    indexInfo(info);
                }
                Node docs = p.next();
                for (int i = 0; i < docs.items.length; i += 2) {
                    indexDocs(docs.items[i].string(), docs.items[i + 1]);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading resource " + RESOURCE, e);
            }
        }

        private static void indexInfo(Node info) {
            INFO.put(info.items[0].string(), info);
            for (Node sub : info.items[9].items) {
                indexInfo(sub);
            }
        }

        private static void indexDocs(String name, Node docs) {
            DOCS.put(name, docs);
            Node subs = docs.get("subcommands");
            if (subs != null) {
                for (int i = 0; i < subs.items.length; i += 2) {
                    indexDocs(subs.items[i].string(), subs.items[i + 1]);
                }
            }
        }
    }

    private RedisCommandDocs() {
    }

    /** Returns whether Redis has a command (or subcommand, {@code container|name}) {@code name}, lower-case. */
    static boolean has(String name) {
        return Loaded.INFO.containsKey(name) && Loaded.DOCS.containsKey(name);
    }

    /**
     * Writes Redis's {@code COMMAND INFO} entry of {@code name} (see {@link #has}), listing only the subcommands
     * {@code keep} accepts (by their {@code container|name}).
     */
    static void writeInfo(String name, Predicate<String> keep, RespWriter w) {
        Node info = Loaded.INFO.get(name);
        w.arrayHeader(info.items.length);
        for (int i = 0; i < info.items.length - 1; i++) {
            write(info.items[i], w);
        }
        Node subs = info.items[info.items.length - 1];
        int kept = 0;
        for (Node sub : subs.items) {
            kept += keep.test(sub.items[0].string()) ? 1 : 0;
        }
        if (subs.type == '~') {
            w.setHeader(kept);
        } else {
            w.arrayHeader(kept);
        }
        for (Node sub : subs.items) {
            String subName = sub.items[0].string();
            if (keep.test(subName)) {
                writeInfo(subName, keep, w);
            }
        }
    }

    /**
     * Writes Redis's {@code COMMAND DOCS} entry of {@code name} (see {@link #has}), listing only the subcommands
     * {@code keep} accepts.
     */
    static void writeDocs(String name, Predicate<String> keep, RespWriter w) {
        Node docs = Loaded.DOCS.get(name);
        w.mapHeader(docs.items.length / 2);
        for (int i = 0; i < docs.items.length; i += 2) {
            write(docs.items[i], w);
            Node value = docs.items[i + 1];
            if (!docs.items[i].string().equals("subcommands")) {
                write(value, w);
                continue;
            }
            int kept = 0;
            for (int j = 0; j < value.items.length; j += 2) {
                kept += keep.test(value.items[j].string()) ? 1 : 0;
            }
            w.mapHeader(kept);
            for (int j = 0; j < value.items.length; j += 2) {
                String subName = value.items[j].string();
                if (keep.test(subName)) {
                    w.bulk(value.items[j].text);
                    writeDocs(subName, keep, w);
                }
            }
        }
    }

    private static void write(Node n, RespWriter w) {
        switch (n.type) {
            case '$' -> w.bulk(n.text);
            case '+' -> w.simpleString(n.string());
            case ':' -> w.integer(Long.parseLong(n.string()));
            case '*', '~', '%' -> {
                if (n.type == '*') {
                    w.arrayHeader(n.items.length);
                } else if (n.type == '~') {
                    w.setHeader(n.items.length);
                } else {
                    w.mapHeader(n.items.length / 2);
                }
                for (Node item : n.items) {
                    write(item, w);
                }
            }
            default -> throw new IllegalStateException("reply type " + (char) n.type + " in " + RESOURCE);
        }
    }

    /** Reads the resource's replies: '#' comment lines, then RESP3 with "\n" line ends. */
    private static final class Parser {
        private final byte[] b;
        private int p;

        Parser(byte[] bytes) {
            b = bytes;
            while (b[p] == '#') {
                p = lineEnd() + 1;
            }
        }

        Node next() {
            byte type = b[p++];
            int end = lineEnd();
            String head = new String(b, p, end - p, StandardCharsets.ISO_8859_1);
            p = end + 1;
            switch (type) {
                case '+', ':' -> {
                    return new Node(type, head.getBytes(StandardCharsets.ISO_8859_1), null);
                }
                case '$' -> {
                    int length = Integer.parseInt(head);
                    byte[] text = Arrays.copyOfRange(b, p, p + length);
                    p += length + 1;
                    return new Node(type, text, null);
                }
                case '*', '~', '%' -> {
                    Node[] items = new Node[Integer.parseInt(head) * (type == '%' ? 2 : 1)];
                    for (int i = 0; i < items.length; i++) {
                        items[i] = next();
                    }
                    return new Node(type, null, items);
                }
                default -> throw new IllegalStateException("reply type " + (char) type + " in " + RESOURCE);
            }
        }

        private int lineEnd() {
            int q = p;
            while (b[q] != '\n') {
                q++;
            }
            return q;
        }
    }
}
