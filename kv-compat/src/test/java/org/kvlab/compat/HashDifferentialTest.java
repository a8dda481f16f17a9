package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.compat.Gen.b;
import static org.kvlab.compat.Gen.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Random sequences of hash commands, mixed with string and key commands on the same keys, reply as redis-server
 * does, byte for byte, in RESP2 and RESP3, at the default encoding limits and at small ones that make hashes convert.
 *
 * <p>Replies whose order Redis leaves to its hash table are compared sorted ({@link Differential#UNORDERED}); a
 * hash that both servers hold as a listpack keeps Redis's insertion order, and {@link #smallHashes_keepRedisOrder}
 * compares those replies as sent.
 */
@RequiresRedis
final class HashDifferentialTest {

    private static final Set<String> ORDERED = Set.of("hgetall", "hkeys", "hvals", "hscan");
    private static final byte[] LONG = b("L".repeat(70));

    @Property(tries = 200)
    void hashCommands_replyAsRedis(@ForAll("commands") List<Cmd> commands) {
        Differential d = Differential.shared();
        d.reset();
        for (Cmd c : commands) {
            check(d, c, false);
        }
    }

    @Property(tries = 150)
    void hashCommands_replyAsRedis_inResp3(@ForAll("commands") List<Cmd> commands) {
        Differential d = Differential.shared();
        d.reset();
        d.call(Differential.args("HELLO", "3"));
        for (Cmd c : commands) {
            check(d, c, false);
        }
    }

    @Property(tries = 150)
    void smallHashes_keepRedisOrder(@ForAll("shortCommands") List<Cmd> commands) {
        Differential d = Differential.shared();
        d.reset();
        for (Cmd c : commands) {
            check(d, c, true);
        }
    }

    @Property(tries = 100)
    void hashesConverting_atSmallLimits_replyAsRedis(@ForAll @IntRange(min = 0, max = 4) int entries,
            @ForAll("commands") List<Cmd> commands, @ForAll boolean resp3) {
        Differential d = Differential.shared();
        d.reset();
        if (resp3) {
            d.call(Differential.args("HELLO", "3"));
        }
        d.check("CONFIG", "SET", "hash-max-listpack-entries", Integer.toString(entries));
        d.check("CONFIG", "SET", "hash-max-listpack-value", Integer.toString(entries * 2));
        try {
            for (Cmd c : commands) {
                check(d, c, false);
            }
        } finally {
            d.check("CONFIG", "SET", "hash-max-listpack-entries", "128");
            d.check("CONFIG", "SET", "hash-max-listpack-value", "64");
        }
    }

    @Example
    void objectEncoding_changesPastRedisThresholds() {
        Differential d = Differential.shared();
        d.reset();
        Reply[] help = d.call(Differential.args("OBJECT", "HELP"));
        Assume.that(!help[1].isError()); // the OBJECT command comes from another branch; without it, nothing to compare
        for (int i = 0; i < 129; i++) {
            d.check("HSET", "entries", "f" + i, "v");
            if (i >= 127) {
                d.check("OBJECT", "ENCODING", "entries");
            }
        }
        d.check("HDEL", "entries", "f0", "f1");
        d.check("OBJECT", "ENCODING", "entries");
        d.check("HSET", "value", "f", "v".repeat(64));
        d.check("OBJECT", "ENCODING", "value");
        d.check("HSET", "value", "f", "v".repeat(65));
        d.check("OBJECT", "ENCODING", "value");
        d.check("HSET", "field", "f".repeat(65), "v");
        d.check("OBJECT", "ENCODING", "field");
        d.check("HSETNX", "nx", "f", "v");
        d.check("HSETNX", "nx", "f", "v".repeat(65));
        d.check("OBJECT", "ENCODING", "nx");
        d.check("HINCRBY", "nx", "f".repeat(65), "1");
        d.check("OBJECT", "ENCODING", "nx");
        d.check("CONFIG", "SET", "hash-max-listpack-entries", "0");
        try {
            d.check("HSET", "zero", "f", "v");
            d.check("OBJECT", "ENCODING", "zero");
        } finally {
            d.check("CONFIG", "SET", "hash-max-listpack-entries", "128");
        }
    }

    @Example
    void hincrbyfloat_extendedPrecision_asRedis() {
        Differential d = Differential.shared();
        d.reset();
        for (String[] step : new String[][] {{"a", "3"}, {"a", "9223372036854775807"}, {"a", "1.5"}, {"b", "0.1"},
            {"b", "0.2"}, {"b", "1e-20"}, {"c", "1e400"}, {"c", "-1e400"}, {"d", "0x1p-3"}, {"d", "0X.8"},
            {"e", "1.18973149535723176502e+4932"}, {"e", "1e4933"}, {"f", "3.6e-4951"}, {"f", "1e-4952"},
            {"g", "-0.0000000000000000051"}, {"h", "123456789012345678901234567890"}, {"h", "0.5"},
            {"i", "0x"}, {"i", "1."}, {"i", ".5"}, {"i", "+.5e1"}, {"i", "5e"}, {"i", "INFINITY"},
            {"i", "-nan"}}) {
            d.check("HINCRBYFLOAT", "h", step[0], step[1]);
        }
        d.check("HGETALL", "h");
    }

    @Example
    void hscan_ofAHashtable_visitsWhatRedisVisits() {
        Differential d = Differential.shared();
        d.reset();
        for (int i = 0; i < 500; i++) {
            d.check("HSET", "h", "f" + i, "v" + i);
        }
        List<List<String>> fields = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            List<String> seen = new ArrayList<>();
            String cursor = "0";
            do {
                Reply r = d.call(Differential.args("HSCAN", "h", cursor, "MATCH", "f1*", "COUNT", "20"))[side];
                cursor = text(r.elements.get(0));
                for (int k = 0; k < r.elements.get(1).elements.size(); k += 2) {
                    seen.add(text(r.elements.get(1).elements.get(k)) + "="
                            + text(r.elements.get(1).elements.get(k + 1)));
                }
            } while (!cursor.equals("0"));
            fields.add(new ArrayList<>(new TreeSet<>(seen)));
        }
        assertEquals(111, fields.get(0).size());
        assertEquals(fields.get(0), fields.get(1));
    }

    /**
     * Sends {@code c} to both servers and compares: as sent if {@code ordered} and the hash is a listpack on both,
     * else as {@link Differential#check} does (an HSCAN page that ends the scan with its pairs sorted; a page of a
     * hash table that does not end it, whose cursor is each server's own, only as a well-formed page).
     */
    private static void check(Differential d, Cmd c, boolean ordered) {
        String name = new String(c.args[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (ordered && ORDERED.contains(name) && isListpack(d, c.args[1])) {
            Reply[] r = d.call(c.args);
            assertEquals(r[0].toString(), r[1].toString(), c.toString());
        } else {
            d.check(c);
        }
    }

    /**
     * Whether both servers hold {@code key} as a listpack. A hash of short fields and values still converts when
     * HINCRBYFLOAT writes a long result (1e70 prints 71 digits), and a hash table's order is each server's own.
     */
    private static boolean isListpack(Differential d, byte[] key) {
        Reply[] encoding = d.call(b("OBJECT"), b("ENCODING"), key);
        boolean listpack = encoding[0].toString().contains("listpack");
        if (listpack != encoding[1].toString().contains("listpack")) {
            assertEquals(encoding[0].toString(), encoding[1].toString(), "OBJECT ENCODING");
        }
        return listpack;
    }

    private static String text(Reply bulk) {
        String t = bulk.text();
        return t.substring(t.indexOf('\n') + 1, t.length() - 2);
    }

    @Provide
    Arbitrary<List<Cmd>> commands() {
        return anyCommand(fields(true), Gen.values(), false).list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<Cmd>> shortCommands() {
        Arbitrary<byte[]> shortValues = Gen.values().filter(v -> v.length <= 64);
        return anyCommand(fields(false), shortValues, true).list().ofMinSize(1).ofMaxSize(30);
    }

    /** Eight fields at most, one not UTF-8, one empty, and (if {@code withLong}) one past the listpack's limit. */
    private static Arbitrary<byte[]> fields(boolean withLong) {
        List<byte[]> fields = new ArrayList<>(List.of(b("a"), b("b"), b("c"), b("f1"), b("10"), b(""),
                new byte[] {(byte) 0xff, 0, 'f'}));
        fields.add(withLong ? LONG : b("f2"));
        return Arbitraries.of(fields);
    }

    private static Arbitrary<byte[]> increments() {
        return Arbitraries.oneOf(Gen.values(), Arbitraries.of(b("0.1"), b("-1.5"), b("1e-20"), b("0x10"),
                b("1e400"), b("1e5000"), b("3.0000000000000000001"), b("-9223372036854775808")));
    }

    /** HRANDFIELD counts without WITHVALUES: every magnitude that cannot make Redis reply without end. */
    private static Arbitrary<byte[]> counts() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-10, 10).map(v -> b(Integer.toString(v))),
                Arbitraries.of(b("100"), b("-100"), b("9223372036854775807"), b("-9223372036854775808"), b("1.5"),
                        b("x"), b("")));
    }

    /** HRANDFIELD counts with WITHVALUES: those, and the edges of its own range check. */
    private static Arbitrary<byte[]> countsWithValues() {
        return Arbitraries.oneOf(counts(), Arbitraries.of(b("4611686018427387903"), b("4611686018427387904"),
                b("-4611686018427387904"), b("-9223372036854775807")));
    }

    private static Arbitrary<byte[]> scanOptions() {
        return Arbitraries.of(b("MATCH"), b("COUNT"), b("match"), b("1"), b("0"), b("-1"), b("*"), b("?"), b("[ab]*"),
                b("x"), b("TYPE"), b("hash"), b("100"));
    }

    /** One hash, string or key command over the shared keys, hash tables included (HSCAN from cursor 0 only). */
    static Arbitrary<Cmd> hashCommand() {
        return anyCommand(fields(true), Gen.values(), false);
    }

    /**
     * One hash, string or key command over the shared keys. HSCAN's cursor is 0 (or not a cursor) unless
     * {@code listpackOnly}: a hash table's buckets, which a nonzero cursor names, depend on each server's hashing.
     */
    private static Arbitrary<Cmd> anyCommand(Arbitrary<byte[]> f, Arbitrary<byte[]> v, boolean listpackOnly) {
        Arbitrary<byte[]> k = Gen.keys();
        Arbitrary<byte[]> i = Gen.ints();
        Arbitrary<List<byte[]>> pairs = Combinators.combine(f, v).as(List::of).list().ofMinSize(1).ofMaxSize(3)
                .map(l -> {
                    List<byte[]> flat = new ArrayList<>();
                    l.forEach(flat::addAll);
                    return flat;
                });
        Arbitrary<List<byte[]>> someFields = f.list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<byte[]> cursors = listpackOnly
                ? Arbitraries.of(b("0"), b("1"), b("18446744073709551615"), b("18446744073709551616"), b("-1"),
                        b("x"), b(" 0"))
                : Arbitraries.of(b("0"), b("+0"), b("-0"), b("x"), b(" 0"), b(""));
        return Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(k, pairs).as((key, p) -> command("HSET", List.of(key), p))),
                Tuple.of(1, Combinators.combine(k, pairs).as((key, p) -> command("HMSET", List.of(key), p))),
                Tuple.of(1, Combinators.combine(k, f, v, f).as((key, a, val, c) ->
                        command("HSET", key, a, val, c))),
                Tuple.of(2, Combinators.combine(k, f, v).as((key, a, val) -> command("HSETNX", key, a, val))),
                Tuple.of(3, Combinators.combine(k, f).as((key, a) -> command("HGET", key, a))),
                Tuple.of(2, Combinators.combine(k, someFields).as((key, l) ->
                        command("HMGET", List.of(key), l))),
                Tuple.of(3, Combinators.combine(k, someFields).as((key, l) ->
                        command("HDEL", List.of(key), l))),
                Tuple.of(2, Combinators.combine(k, f).as((key, a) -> command("HEXISTS", key, a))),
                Tuple.of(2, k.map(key -> command("HLEN", key))),
                Tuple.of(2, Combinators.combine(k, f).as((key, a) -> command("HSTRLEN", key, a))),
                Tuple.of(2, k.map(key -> command("HKEYS", key))),
                Tuple.of(2, k.map(key -> command("HVALS", key))),
                Tuple.of(3, k.map(key -> command("HGETALL", key))),
                Tuple.of(3, Combinators.combine(k, f, i).as((key, a, n) -> command("HINCRBY", key, a, n))),
                Tuple.of(3, Combinators.combine(k, f, increments()).as((key, a, n) ->
                        command("HINCRBYFLOAT", key, a, n))),
                Tuple.of(1, k.map(key -> command("HRANDFIELD", key))),
                Tuple.of(2, Combinators.combine(k, counts()).as((key, n) -> command("HRANDFIELD", key, n))),
                Tuple.of(2, Combinators.combine(k, countsWithValues(),
                        Arbitraries.of(b("WITHVALUES"), b("withvalues"), b("WITHSCORES"))).as((key, n, w) ->
                        command("HRANDFIELD", key, n, w))),
                Tuple.of(3, Combinators.combine(k, cursors, scanOptions().list().ofMaxSize(4))
                        .as((key, c, o) -> command("HSCAN", List.of(key, c), o))),
                Tuple.of(1, Combinators.combine(k, v).as((key, val) -> command("SET", key, val))),
                Tuple.of(1, k.map(key -> command("DEL", key))),
                Tuple.of(1, k.map(key -> command("TYPE", key))),
                Tuple.of(1, k.map(key -> command("EXISTS", key))),
                Tuple.of(1, Combinators.combine(k, k).as((a, c) -> command("RENAME", a, c))),
                Tuple.of(1, Combinators.combine(k, k).as((a, c) -> command("COPY", a, c))),
                Tuple.of(1, Combinators.combine(k, Arbitraries.of("100", "0", "-1"))
                        .as((key, s) -> command("EXPIRE", key, b(s)))));
    }
}
