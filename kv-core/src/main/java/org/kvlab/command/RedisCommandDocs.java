package org.kvlab.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.kvlab.protocol.RespWriter;

/**
 * Redis 7.0's {@code COMMAND INFO} and {@code COMMAND DOCS} replies for each of its commands and subcommands, as the
 * resource {@code redis-commands.resp} holds them (written from redis-server by
 * {@code kv-core/src/main/scripts/redis_command_docs.py}; Redis's metadata, BSD 3-Clause, see NOTICE), rendered in
 * the connection's protocol: a RESP3 map or set becomes a RESP2 array as Redis sends it; and the keys of a call as
 * {@code COMMAND GETKEYS} finds them from those key specs. Read on first use, off the request path of every other
 * command; immutable and thread-safe afterwards.
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

    /** A key of a call: its argument position, and the flags of the key spec that found it, in Redis's order. */
    record Key(int position, List<String> flags) {
    }

    private static final List<String> RO_ACCESS = List.of("RO", "access");
    private static final List<String> RW_ACCESS_UPDATE = List.of("RW", "access", "update");
    private static final List<String> OW_UPDATE = List.of("OW", "update");

    private RedisCommandDocs() {
    }

    /** Returns Redis's arity of {@code name} (see {@link #has}). */
    static int arity(String name) {
        return Integer.parseInt(Loaded.INFO.get(name).items[1].string());
    }

    /** Returns whether {@code name} (see {@link #has}) has a key spec of a real key: Redis's doesCommandHaveKeys. */
    static boolean hasKeys(String name) {
        for (Node spec : Loaded.INFO.get(name).items[8].items) {
            if (!hasFlag(spec.get("flags"), "not_key")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the keys of the call {@code args[0..argc)} of command {@code name} (see {@link #has}; {@code args[0]} is
     * the command, or the subcommand of a container) as Redis 7.0's {@code getKeysFromCommandWithSpecs} finds them:
     * by the key specs, unless one holds a key whose role depends on the arguments (SET, BITFIELD), or one cannot be
     * applied (SORT's BY and GET patterns), where Redis parses the arguments itself. Empty when the specs meet an
     * argument they cannot use: a numkeys that is not a count, a key past the end.
     */
    static List<Key> keys(String name, byte[][] args, int argc) {
        switch (name) {
            case "set":
                return List.of(new Key(1, hasArgument(args, 3, argc, "get") ? RW_ACCESS_UPDATE : OW_UPDATE));
            case "bitfield":
                return List.of(new Key(1, bitfieldReadOnly(args, argc) ? RO_ACCESS : RW_ACCESS_UPDATE));
            default:
                break;
        }
        List<Key> keys = keysBySpecs(Loaded.INFO.get(name), args, argc);
        if (keys != null) {
            return keys;
        }
        return switch (name) {
            case "sort" -> sortKeys(args, argc);
            case "sort_ro" -> List.of(new Key(1, RO_ACCESS));
            default -> List.of();
        };
    }

    /** Redis's {@code getKeysUsingKeySpecs}: {@code null} where a spec cannot be applied to these arguments. */
    private static List<Key> keysBySpecs(Node info, byte[][] args, int argc) {
        List<Key> keys = new ArrayList<>();
        for (Node spec : info.items[8].items) {
            Node flags = spec.get("flags");
            if (hasFlag(flags, "not_key")) {
                continue;
            }
            Node begin = spec.get("begin_search");
            Node beginSpec = begin.get("spec");
            int first = 0;
            switch (begin.get("type").string()) {
                case "index" -> first = integer(beginSpec, "index");
                case "keyword" -> {
                    String keyword = beginSpec.get("keyword").string().toLowerCase(Locale.ROOT);
                    int startFrom = integer(beginSpec, "startfrom");
                    int start = startFrom > 0 ? startFrom : argc + startFrom;
                    int end = startFrom > 0 ? argc - 1 : 1;
                    for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                        if (i >= argc || i < 1) {
                            break;
                        }
                        if (Args.is(args[i], keyword)) {
                            first = i + 1;
                            break;
                        }
                    }
                    if (first == 0) {
                        continue;
                    }
                }
                default -> {
                    return null;
                }
            }
            Node find = spec.get("find_keys");
            Node findSpec = find.get("spec");
            int last;
            int step;
            switch (find.get("type").string()) {
                case "range" -> {
                    step = integer(findSpec, "keystep");
                    int lastKey = integer(findSpec, "lastkey");
                    int limit = integer(findSpec, "limit");
                    last = lastKey >= 0 ? first + lastKey
                            : limit == 0 ? argc + lastKey : first + ((argc - first) / limit + lastKey);
                }
                case "keynum" -> {
                    step = integer(findSpec, "keystep");
                    int keyNumIndex = integer(findSpec, "keynumidx");
                    if (keyNumIndex >= argc || first + keyNumIndex >= argc) {
                        return null;
                    }
                    long numKeys;
                    try {
                        numKeys = Args.toLong(args[first + keyNumIndex]);
                    } catch (CommandException notANumber) {
                        return null;
                    }
                    if (numKeys < 0 || numKeys > Integer.MAX_VALUE) {
                        return null;
                    }
                    first += integer(findSpec, "firstkey");
                    last = first + (int) numKeys - 1;
                }
                default -> {
                    return null;
                }
            }
            if (last >= argc || last < first || first >= argc) {
                return null;
            }
            List<String> keyFlags = strings(flags);
            for (int i = first; i <= last; i += step) {
                keys.add(new Key(i, keyFlags));
            }
            if (hasFlag(flags, "incomplete")) {
                return null;
            }
        }
        return keys;
    }

    /** Redis's {@code sortGetKeys}: the sorted key, and the last {@code STORE} target, options skipped as SORT does. */
    private static List<Key> sortKeys(byte[][] args, int argc) {
        int store = -1;
        for (int i = 2; i < argc; i++) {
            if (Args.is(args[i], "limit")) {
                i += 2;
            } else if (Args.is(args[i], "get") || Args.is(args[i], "by")) {
                i += 1;
            } else if (Args.is(args[i], "store") && i + 1 < argc) {
                store = i + 1;
            }
        }
        return store < 0 ? List.of(new Key(1, RO_ACCESS))
                : List.of(new Key(1, RO_ACCESS), new Key(store, OW_UPDATE));
    }

    /** Redis's {@code bitfieldGetKeys}: read-only when every operation up to the first write is a GET. */
    private static boolean bitfieldReadOnly(byte[][] args, int argc) {
        for (int i = 2; i < argc; i++) {
            int remaining = argc - i - 1;
            if (Args.is(args[i], "get") && remaining >= 2) {
                i += 2;
            } else if (Args.is(args[i], "overflow") && remaining >= 1) {
                i += 1;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean hasArgument(byte[][] args, int from, int argc, String word) {
        for (int i = from; i < argc; i++) {
            if (Args.is(args[i], word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasFlag(Node flags, String flag) {
        for (Node f : flags.items) {
            if (f.string().equals(flag)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> strings(Node set) {
        List<String> out = new ArrayList<>(set.items.length);
        for (Node n : set.items) {
            out.add(n.string());
        }
        return out;
    }

    private static int integer(Node map, String key) {
        return Integer.parseInt(map.get(key).string());
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
