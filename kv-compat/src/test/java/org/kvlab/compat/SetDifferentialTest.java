package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.compat.Gen.b;
import static org.kvlab.compat.Gen.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of set commands, mixed with string and keyspace commands on the same keys, reply as redis-server
 * 7.0 does, byte for byte, in RESP2 and RESP3.
 *
 * <p>Two commands need more than {@link Differential#check}: {@code SPOP} removes different members on each server,
 * so after comparing the replies' shapes the members each popped are put back and Redis's removed on both, leaving
 * the same sets; {@code SSCAN} of a {@code hashtable} returns members in hash order, so it is compared with a count
 * large enough to finish in one step, its members sorted.
 */
@RequiresRedis
final class SetDifferentialTest {

    @Property(tries = 250)
    void setCommands_replyAsRedis(@ForAll("commands") List<Cmd> commands) {
        run(commands, false);
    }

    @Property(tries = 150)
    void setCommands_replyAsRedis_inResp3(@ForAll("commands") List<Cmd> commands) {
        run(commands, true);
    }

    @Example
    void largeSets_convertToHashtable_andScanWhole() {
        Differential d = Differential.shared();
        d.reset();
        d.check(bigAdd(b("k1"), 0, 600));
        d.check(bigAdd(b("k2"), 300, 400));
        d.check("SCARD", "k1");
        d.check("SINTERCARD", "2", "k1", "k2", "LIMIT", "50");
        d.check("SINTERSTORE", "k3", "k1", "k2");
        d.check("SDIFFSTORE", "k3", "k1", "k2");
        d.check("SMEMBERS", "k3");
        checkScan(d, Gen.command("SSCAN", b("k1"), b("0"), b("COUNT"), b("10000")));
        checkScan(d, Gen.command("SSCAN", b("k1"), b("0"), b("MATCH"), b("5*"), b("COUNT"), b("10000")));
        checkPop(d, Gen.command("SPOP", b("k1"), b("590")));
        d.check("SMEMBERS", "k1");
    }

    private static void run(List<Cmd> commands, boolean resp3) {
        Differential d = Differential.shared();
        d.reset();
        if (resp3) {
            d.call(Differential.args("HELLO", "3"));
        }
        for (Cmd c : commands) {
            String name = new String(c.args[0], StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
            if (name.equals("spop")) {
                checkPop(d, c);
            } else if (name.equals("sscan")) {
                checkScan(d, c);
            } else {
                d.check(c);
            }
        }
    }

    /**
     * Compares an {@code SPOP}'s replies as {@link Differential} compares random ones (errors exactly, otherwise type
     * and element count), then makes both servers hold Redis's result: each adds back what either popped, then
     * removes what Redis popped.
     */
    private static void checkPop(Differential d, Cmd pop) {
        Reply[] replies = d.call(pop.args);
        Reply redis = replies[0];
        Reply kvlab = replies[1];
        if (redis.isError() || kvlab.isError()) {
            assertEquals(redis.toString(), kvlab.toString(), pop.toString());
            return;
        }
        assertEquals(redis.type, kvlab.type, pop + ": reply type; redis " + redis + ", kvlab " + kvlab);
        List<byte[]> redisPopped = bulks(redis);
        List<byte[]> kvlabPopped = bulks(kvlab);
        assertEquals(redisPopped.size(), kvlabPopped.size(), pop + ": redis " + redis + ", kvlab " + kvlab);
        if (sorted(redisPopped).equals(sorted(kvlabPopped))) {
            return;
        }
        List<byte[]> both = new ArrayList<>(redisPopped);
        both.addAll(kvlabPopped);
        d.call(command("SADD", List.of(pop.args[1]), both).args);
        d.call(command("SREM", List.of(pop.args[1]), redisPopped).args);
    }

    /** Returns the payloads of a bulk string reply or of an aggregate of them; none for a null. */
    private static List<byte[]> bulks(Reply reply) {
        List<byte[]> out = new ArrayList<>();
        if (reply.elements != null) {
            for (Reply element : reply.elements) {
                out.addAll(bulks(element));
            }
        } else if (reply.type == '$' && reply.raw[1] != '-') {
            int start = indexOf(reply.raw, (byte) '\n') + 1;
            out.add(Arrays.copyOfRange(reply.raw, start, reply.raw.length - 2));
        }
        return out;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> sorted(List<byte[]> members) {
        return members.stream().map(m -> new String(m, StandardCharsets.ISO_8859_1)).sorted()
                .collect(Collectors.toList());
    }

    /** Compares an {@code SSCAN}: errors exactly; otherwise the cursor and the members, sorted. */
    private static void checkScan(Differential d, Cmd scan) {
        Reply[] replies = d.call(scan.args);
        Reply redis = replies[0];
        Reply kvlab = replies[1];
        if (redis.isError() || kvlab.isError() || redis.elements == null || kvlab.elements == null) {
            assertEquals(redis.toString(), kvlab.toString(), scan.toString());
            return;
        }
        assertEquals(redis.elements.get(0).toString(), kvlab.elements.get(0).toString(), scan + ": cursor");
        assertEquals(redis.elements.get(1).sorted(false).toString(), kvlab.elements.get(1).sorted(false).toString(),
                scan + ": members");
    }

    @Provide
    Arbitrary<List<Cmd>> commands() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, setCommand()),
                Tuple.of(2, keyCommand()),
                Tuple.of(1, Combinators.combine(Gen.keys(), Arbitraries.integers().between(-5, 5))
                        .as((key, from) -> bigAdd(key, from * 100, 520))))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    /** Key and string commands on the same keys: wrong types, absent keys, expiry, renames and copies of sets. */
    private static Arbitrary<Cmd> keyCommand() {
        Arbitrary<byte[]> k = Gen.keys();
        return Arbitraries.oneOf(
                Combinators.combine(k, Gen.values()).as((key, v) -> command("SET", key, v)),
                k.map(key -> command("DEL", key)),
                k.map(key -> command("TYPE", key)),
                k.map(key -> command("EXISTS", key)),
                k.map(key -> command("EXPIRE", key, b("100"))),
                k.map(key -> command("TTL", key)),
                Combinators.combine(k, k).as((a, c) -> command("RENAME", a, c)),
                Combinators.combine(k, k).as((a, c) -> command("COPY", a, c, b("REPLACE"))),
                Arbitraries.just(command("KEYS", b("*"))),
                Arbitraries.just(command("DBSIZE")));
    }

    /** {@code SADD key from..from+count-1}: enough integers to outgrow an intset. */
    private static Cmd bigAdd(byte[] key, int from, int count) {
        byte[][] args = new byte[count + 2][];
        args[0] = b("SADD");
        args[1] = key;
        for (int i = 0; i < count; i++) {
            args[i + 2] = b(Integer.toString(from + i));
        }
        return new Cmd(args);
    }

    /** Members: mostly a few integers and words, so commands meet; also Gen's odd values. */
    private static Arbitrary<byte[]> members() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-3, 8).map(v -> b(Integer.toString(v))),
                Arbitraries.of(b("a"), b("b"), b("c"), b("01"), b("-0"), b("+1"), b("100000"),
                        b("9223372036854775807"), b("-9223372036854775808"), b("9223372036854775808")),
                Gen.values());
    }

    static Arbitrary<Cmd> setCommand() {
        Arbitrary<byte[]> k = Gen.keys();
        Arbitrary<byte[]> m = members();
        Arbitrary<List<byte[]>> ms = m.list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<List<byte[]>> ks = k.list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<byte[]> counts = Arbitraries.oneOf(Gen.ints(),
                Arbitraries.of(b("0"), b("1"), b("3"), b("-3"), b("10"), b("-10"), b("1000")));
        return Arbitraries.oneOf(
                Combinators.combine(k, ms).as((key, mm) -> command("SADD", List.of(key), mm)),
                Combinators.combine(k, ms).as((key, mm) -> command("SADD", List.of(key), mm)),
                Combinators.combine(k, ms).as((key, mm) -> command("SREM", List.of(key), mm)),
                k.map(key -> command("SMEMBERS", key)),
                k.map(key -> command("SCARD", key)),
                Combinators.combine(k, m).as((key, mm) -> command("SISMEMBER", key, mm)),
                Combinators.combine(k, ms).as((key, mm) -> command("SMISMEMBER", List.of(key), mm)),
                k.map(key -> command("SPOP", key)),
                Combinators.combine(k, counts).as((key, n) -> command("SPOP", key, n)),
                k.map(key -> command("SRANDMEMBER", key)),
                Combinators.combine(k, counts).as((key, n) -> command("SRANDMEMBER", key, n)),
                Combinators.combine(k, k, m).as((from, to, mm) -> command("SMOVE", from, to, mm)),
                ks.map(keys -> command("SINTER", List.of(), keys)),
                ks.map(keys -> command("SUNION", List.of(), keys)),
                ks.map(keys -> command("SDIFF", List.of(), keys)),
                Combinators.combine(k, ks).as((dest, keys) -> command("SINTERSTORE", List.of(dest), keys)),
                Combinators.combine(k, ks).as((dest, keys) -> command("SUNIONSTORE", List.of(dest), keys)),
                Combinators.combine(k, ks).as((dest, keys) -> command("SDIFFSTORE", List.of(dest), keys)),
                Combinators.combine(ks, Arbitraries.of("", "n-1", "n+1", "0", "x"), Gen.ints(),
                        Arbitraries.integers().between(0, 3)).as(SetDifferentialTest::sintercard),
                Combinators.combine(k, Arbitraries.of("0", "0", "x", "18446744073709551616"),
                        Arbitraries.of("", "*", "1*", "[ab]", "?"),
                        Arbitraries.of("", "100000", "0", "x", "bad")).as(SetDifferentialTest::sscan),
                Combinators.combine(k, Arbitraries.of("1", "2", "3")).as((key, n) -> command("SINTERCARD", b(n), key)),
                Combinators.combine(k, counts, counts).as((key, n, extra) -> command("SPOP", key, n, extra)));
    }

    /** {@code SINTERCARD numkeys keys... [LIMIT limit]} with numkeys right, off by one, or not a number. */
    private static Cmd sintercard(List<byte[]> keys, String numkeys, byte[] limit, int limitForm) {
        List<byte[]> args = new ArrayList<>();
        String n = numkeys.equals("") ? Integer.toString(keys.size())
                : numkeys.equals("n-1") ? Integer.toString(keys.size() - 1)
                : numkeys.equals("n+1") ? Integer.toString(keys.size() + 1) : numkeys;
        args.add(b(n));
        args.addAll(keys);
        if (limitForm == 1) {
            args.add(b("LIMIT"));
            args.add(limit);
        } else if (limitForm == 2) {
            args.add(b("limit"));
        } else if (limitForm == 3) {
            args.add(b("LIMIT"));
            args.add(b("1"));
            args.add(b("LIMIT"));
            args.add(limit);
        }
        return command("SINTERCARD", List.of(), args);
    }

    /**
     * {@code SSCAN key cursor [MATCH p] [COUNT c]}: the cursor 0 or not a cursor (another would name a different
     * bucket of each server's table), a count that finishes in one step or is wrong, or an unknown option.
     */
    private static Cmd sscan(byte[] key, String cursor, String match, String count) {
        List<byte[]> args = new ArrayList<>(List.of(key, b(cursor)));
        if (!match.isEmpty()) {
            args.add(b("MATCH"));
            args.add(b(match));
        }
        if (count.equals("bad")) {
            args.add(b("NOSUCHOPTION"));
        } else {
            args.add(b("COUNT"));
            args.add(b(count.isEmpty() ? "100000" : count));
        }
        return command("SSCAN", List.of(), args);
    }
}
