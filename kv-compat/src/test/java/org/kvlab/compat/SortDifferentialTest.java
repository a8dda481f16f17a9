package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.compat.Gen.b;
import static org.kvlab.compat.Gen.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of SORT and SORT_RO over lists, sets and sorted sets, with weights and GET values in strings and
 * hash fields, mixed with the writes that build them and with the bitmap and string-extra commands on keys of every
 * type (so WRONGTYPE and LCS's own type error occur), reply as redis-server does.
 *
 * <p>Where Redis's order depends on its own hash tables, only what is determined is compared: a set left unsorted
 * ({@code BY} a constant, no {@code STORE}), or a set or sorted set sorted {@code ALPHA BY} a pattern (equal weights
 * keep the input order, which for those is a hash table's). There the replies are compared as multisets of their
 * {@code GET} groups, or by length when a {@code LIMIT} picks from that order, and a list such a sort stored is
 * compared sorted, then removed from both servers.
 */
@RequiresRedis
final class SortDifferentialTest {

    private static final String[] ELEMENTS = {"1", "2", "3", "10", "-1", "1.5", "a", "b", "B", "ab", "\u00e9", "",
        "inf", "0x10", "x y", "07"};

    @Property(tries = 200)
    void sortCommands_replyAsRedis(@ForAll("commands") List<Cmd> commands) {
        Differential d = Differential.shared();
        d.reset();
        clearRedisErrno(d);
        for (Cmd c : commands) {
            check(d, c);
        }
    }

    @Property(tries = 80)
    void sortCommands_replyAsRedis_inResp3(@ForAll("commands") List<Cmd> commands) {
        Differential d = Differential.shared();
        d.reset();
        d.call(Differential.args("HELLO", "3"));
        clearRedisErrno(d);
        for (Cmd c : commands) {
            check(d, c);
        }
    }

    /**
     * Clears redis-server's {@code errno}: its SORT tests {@code errno == ERANGE} after {@code strtod} without setting
     * it to 0 first, so an {@code ERANGE} an earlier command left (a subnormal ZADD score, an out-of-range SORT
     * weight, from this or another test) fails a numeric SORT until some call clears it. INCRBYFLOAT clears it.
     */
    static void clearRedisErrno(Differential d) {
        d.call(Differential.args("INCRBYFLOAT", "sort:errno", "0"));
        d.call(Differential.args("DEL", "sort:errno"));
    }

    /** Checks one command; a SORT over a hash table's order is checked only as far as Redis determines it. */
    static void check(Differential d, Cmd c) {
        String name = new String(c.args[0], StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        if (!name.equals("sort") && !name.equals("sort_ro")) {
            d.check(c);
            return;
        }
        Reply[] type = d.call(b("TYPE"), c.args[1]);
        assertEquals(type[0].toString(), type[1].toString(), "TYPE before " + c);
        String source = type[0].text().trim().substring(1);
        SortShape shape = SortShape.of(c, name.equals("sort_ro"));
        boolean determined = shape.determined(source);
        Reply[] replies = d.call(c.args);
        Reply redis = replies[0];
        Reply kvlab = replies[1];
        if (determined || redis.isError() || kvlab.isError() || shape.store != null) {
            assertEquals(redis.toString(), kvlab.toString(), c.toString());
        } else if (shape.limited) {
            assertEquals(redis.type, kvlab.type, c + ": reply type");
            assertEquals(redis.elements.size(), kvlab.elements.size(), c + ": reply length");
        } else {
            assertEquals(groups(redis, shape.per), groups(kvlab, shape.per), c + " (as a multiset)");
        }
        if (shape.store != null && !determined && !redis.isError()) {
            Reply[] stored = d.call(b("LRANGE"), shape.store, b("0"), b("-1"));
            if (shape.limited) {
                assertEquals(stored[0].elements.size(), stored[1].elements.size(), "LRANGE after " + c);
            } else {
                assertEquals(groups(stored[0], shape.per), groups(stored[1], shape.per), "LRANGE after " + c);
            }
            d.call(b("DEL"), shape.store);
        }
    }

    /** The elements of an array reply in groups of {@code per}, the groups sorted: the reply as a multiset. */
    private static List<String> groups(Reply reply, int per) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i + per <= reply.elements.size(); i += per) {
            StringBuilder group = new StringBuilder();
            for (Reply r : reply.elements.subList(i, i + per)) {
                group.append(r).append('|');
            }
            groups.add(group.toString());
        }
        groups.sort(null);
        return groups;
    }

    /** What a generated SORT asks for, as far as the comparison needs. */
    private static final class SortShape {
        boolean dontSort;
        boolean alpha;
        boolean byPattern;
        boolean limited;
        byte[] store;
        int per = 1;

        static SortShape of(Cmd c, boolean readOnly) {
            SortShape s = new SortShape();
            int gets = 0;
            for (int i = 2; i < c.args.length; i++) {
                String word = new String(c.args[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                boolean next = i + 1 < c.args.length;
                if (word.equals("alpha")) {
                    s.alpha = true;
                } else if (word.equals("by") && next) {
                    byte[] pattern = c.args[++i];
                    s.byPattern = indexOf(pattern, (byte) '*') >= 0;
                    s.dontSort |= !s.byPattern;
                } else if (word.equals("get") && next) {
                    gets++;
                    i++;
                } else if (word.equals("store") && next && !readOnly) {
                    s.store = c.args[++i];
                } else if (word.equals("limit") && i + 2 < c.args.length) {
                    s.limited = true;
                    i += 2;
                }
            }
            s.per = Math.max(1, gets);
            return s;
        }

        /** Whether Redis's reply does not depend on the order of its hash tables for a value of type {@code source}. */
        boolean determined(String source) {
            boolean hashed = source.equals("set") || source.equals("zset");
            if (!hashed) {
                return true;
            }
            if (dontSort) {
                return source.equals("zset") || store != null;
            }
            return !(alpha && byPattern);
        }

        private static int indexOf(byte[] b, byte value) {
            for (int i = 0; i < b.length; i++) {
                if (b[i] == value) {
                    return i;
                }
            }
            return -1;
        }
    }

    @Provide
    Arbitrary<List<Cmd>> commands() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, writes()),
                net.jqwik.api.Tuple.of(4, sorts()),
                net.jqwik.api.Tuple.of(1, typedBitmapCommands()))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    static Arbitrary<byte[]> elements() {
        return Arbitraries.of(ELEMENTS).map(Gen::b);
    }

    /** Writes that build the sorted values, their weights and the hash fields GET and BY read. */
    static Arbitrary<Cmd> writes() {
        Arbitrary<byte[]> k = Gen.keys();
        Arbitrary<byte[]> e = elements();
        Arbitrary<List<byte[]>> some = e.list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<byte[]> weight = Arbitraries.of("1", "2", "-5", "0.5", "a", "", "10", "inf", "3", "nan").map(Gen::b);
        return Arbitraries.oneOf(
                Combinators.combine(k, some).as((key, es) -> command("RPUSH", List.of(key), es)),
                Combinators.combine(k, some).as((key, es) -> command("LPUSH", List.of(key), es)),
                Combinators.combine(k, some).as((key, es) -> command("SADD", List.of(key), es)),
                Combinators.combine(k, e, Arbitraries.integers().between(-3, 3), e)
                        .as((key, m, score, m2) -> command("ZADD", key, b(Integer.toString(score)), m, b("1"), m2)),
                Combinators.combine(e, weight).as((el, w) -> command("SET", concat("w_", el), w)),
                Combinators.combine(e, Arbitraries.of("f", "g"), weight)
                        .as((el, f, w) -> command("HSET", concat("h_", el), b(f), w)),
                Combinators.combine(k, Gen.values()).as((key, v) -> command("SET", key, v)),
                k.map(key -> command("DEL", key)),
                k.map(key -> command("LRANGE", key, b("0"), b("-1"))),
                k.map(key -> command("TYPE", key)));
    }

    /** SORT and SORT_RO with their options in any order. */
    static Arbitrary<Cmd> sorts() {
        Arbitrary<byte[]> k = Gen.keys();
        Arbitrary<byte[]> byPattern = Arbitraries.of("w_*", "h_*->f", "h_*->g", "nosort", "*", "w_*->", "#", "x*y",
                "*->f").map(Gen::b);
        Arbitrary<byte[]> getPattern = Arbitraries.of("#", "w_*", "h_*->f", "h_*->missing", "nokey", "*", "h_*->")
                .map(Gen::b);
        Arbitrary<byte[]> limitArg = Arbitraries.of("0", "1", "2", "-1", "5", "100", "x", "-100").map(Gen::b);
        Arbitrary<List<byte[]>> option = Arbitraries.oneOf(
                Arbitraries.of(List.of(b("ASC")), List.of(b("DESC")), List.of(b("ALPHA")), List.of(b("alpha")),
                        List.of(b("BADOPT")), List.of(b("LIMIT"), b("0"))),
                byPattern.map(p -> List.of(b("BY"), p)),
                getPattern.map(p -> List.of(b("GET"), p)),
                Combinators.combine(limitArg, limitArg).as((from, n) -> List.of(b("LIMIT"), from, n)),
                k.map(dest -> List.of(b("STORE"), dest)));
        Arbitrary<List<byte[]>> options = option.list().ofMaxSize(5).map(parts -> {
            List<byte[]> all = new ArrayList<>();
            parts.forEach(all::addAll);
            return all;
        });
        return Combinators.combine(Arbitraries.of("SORT", "SORT", "SORT_RO"), k, options)
                .as((name, key, opts) -> command(name, List.of(key), opts));
    }

    /** Bitmap and string-extra commands, so they meet lists, sets, sorted sets and hashes. */
    static Arbitrary<Cmd> typedBitmapCommands() {
        Arbitrary<byte[]> k = Gen.keys();
        return Arbitraries.oneOf(
                k.map(key -> command("GETBIT", key, b("0"))),
                k.map(key -> command("SETBIT", key, b("3"), b("1"))),
                k.map(key -> command("BITCOUNT", key)),
                k.map(key -> command("BITPOS", key, b("1"))),
                k.map(key -> command("BITFIELD", key, b("GET"), b("u8"), b("0"))),
                k.map(key -> command("BITFIELD", key, b("INCRBY"), b("i5"), b("2"), b("7"))),
                k.map(key -> command("BITFIELD_RO", key, b("GET"), b("i4"), b("1"))),
                k.map(key -> command("SUBSTR", key, b("0"), b("2"))),
                Combinators.combine(k, k).as((a, c) -> command("LCS", a, c)),
                Combinators.combine(k, k, k).as((dest, a, c) -> command("BITOP", b("OR"), dest, a, c)));
    }

    private static byte[] concat(String prefix, byte[] suffix) {
        byte[] p = b(prefix);
        byte[] all = Arrays.copyOf(p, p.length + suffix.length);
        System.arraycopy(suffix, 0, all, p.length, suffix.length);
        return all;
    }
}
