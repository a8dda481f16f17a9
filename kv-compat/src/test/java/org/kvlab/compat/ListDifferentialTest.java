package org.kvlab.compat;

import static org.kvlab.compat.Gen.b;
import static org.kvlab.compat.Gen.command;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of list commands, mixed with string and key commands on the same keys, reply as redis-server does,
 * byte for byte: with Redis's default node bound and with {@code list-max-listpack-size} 1, 2 or 4, which makes a few
 * elements cross node boundaries; in RESP2 and after {@code HELLO 3}; and with {@code list-compress-depth 1}.
 */
@RequiresRedis
final class ListDifferentialTest {

    @Property(tries = 200)
    void listCommands_replyAsRedis(@ForAll("nodeBounds") String nodeBound, @ForAll("commands") List<Cmd> commands) {
        run(nodeBound, false, commands);
    }

    @Property(tries = 100)
    void listCommands_inResp3_replyAsRedis(@ForAll("nodeBounds") String nodeBound,
            @ForAll("commands") List<Cmd> commands) {
        run(nodeBound, true, commands);
    }

    /**
     * The same under {@code list-compress-depth 1}, on lists seeded with a few hundred compressible elements so that
     * the inner nodes are held compressed while the commands read and change them.
     */
    @Property(tries = 100)
    void listCommands_withCompressDepth1_replyAsRedis(@ForAll("nodeBounds") String nodeBound,
            @ForAll("commands") List<Cmd> commands) {
        List<Cmd> seeded = new ArrayList<>();
        for (String key : new String[] {"k1", "k2"}) {
            List<byte[]> elements = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                elements.add(i % 3 == 0 ? b("a") : b("compressible element number " + i % 10));
            }
            seeded.add(command("RPUSH", List.of(b(key)), elements));
        }
        seeded.addAll(commands);
        seeded.add(command("OBJECT", b("ENCODING"), b("k1")));
        seeded.add(command("LRANGE", b("k1"), b("0"), b("-1")));
        Differential d = Differential.shared();
        d.check("CONFIG", "SET", "list-compress-depth", "1");
        try {
            run(nodeBound, false, seeded);
        } finally {
            d.check("CONFIG", "SET", "list-compress-depth", "0");
        }
    }

    @Test
    void longListsAcrossSmallNodes_replyAsRedis() {
        List<Cmd> commands = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            commands.add(command("RPUSH", b("k1"), b("v" + i), b(Integer.toString(i % 7)), b("a")));
            commands.add(command("LPUSH", b("k1"), b("w" + i)));
        }
        commands.add(command("LINSERT", b("k1"), b("BEFORE"), b("v20"), b("pivot")));
        commands.add(command("LSET", b("k1"), b("-30"), b("x".repeat(100))));
        commands.add(command("LREM", b("k1"), b("-3"), b("a")));
        commands.add(command("LREM", b("k1"), b("5"), b("3")));
        commands.add(command("LPOS", b("k1"), b("a"), b("RANK"), b("-2"), b("COUNT"), b("0")));
        commands.add(command("LRANGE", b("k1"), b("0"), b("-1")));
        commands.add(command("LTRIM", b("k1"), b("17"), b("-23")));
        commands.add(command("LRANGE", b("k1"), b("0"), b("-1")));
        commands.add(command("LMPOP", b("2"), b("k2"), b("k1"), b("RIGHT"), b("COUNT"), b("9")));
        commands.add(command("LINDEX", b("k1"), b("33")));
        run("4", false, commands);
    }

    private static void run(String nodeBound, boolean resp3, List<Cmd> commands) {
        Differential d = Differential.shared();
        d.reset();
        d.check("CONFIG", "SET", "list-max-listpack-size", nodeBound);
        if (resp3) {
            d.call(Differential.args("HELLO", "3"));
        }
        for (Cmd c : commands) {
            d.check(c);
        }
    }

    @Provide
    Arbitrary<String> nodeBounds() {
        return Arbitraries.of("-2", "4", "2", "1");
    }

    @Provide
    Arbitrary<List<Cmd>> commands() {
        return Arbitraries.frequencyOf(
                        Tuple.of(6, listCommand()),
                        Tuple.of(1, otherCommand()))
                .list().ofMinSize(5).ofMaxSize(30).withSizeDistribution(RandomDistribution.uniform());
    }

    /** The shared keys, mostly two of them, so lists grow and commands meet them. */
    static Arbitrary<byte[]> keys() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(b("k1"), b("k2"))), Tuple.of(1, Gen.keys()));
    }

    /** Elements: mostly a few that repeat, so pivots, LREM and LPOS find them; sometimes any value. */
    static Arbitrary<byte[]> elements() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(b("a"), b("b"), b("c"), b("1"), b("-1"), b("007"), b(""))),
                Tuple.of(1, Gen.values()));
    }

    /** One list command over the shared keys, arguments at and past every edge. */
    static Arbitrary<Cmd> listCommand() {
        Arbitrary<byte[]> k = keys();
        Arbitrary<byte[]> e = elements();
        Arbitrary<byte[]> i = Gen.ints();
        Arbitrary<List<byte[]>> some = e.list().ofMinSize(1).ofMaxSize(8);
        Arbitrary<byte[]> side = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(b("LEFT"), b("RIGHT"), b("left"), b("Right"))),
                Tuple.of(1, Arbitraries.of(b("MIDDLE"))));
        return Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(k, some).as((key, vs) -> command("LPUSH", List.of(key), vs))),
                Tuple.of(4, Combinators.combine(k, some).as((key, vs) -> command("RPUSH", List.of(key), vs))),
                Tuple.of(1, Combinators.combine(k, some).as((key, vs) -> command("LPUSHX", List.of(key), vs))),
                Tuple.of(1, Combinators.combine(k, some).as((key, vs) -> command("RPUSHX", List.of(key), vs))),
                Tuple.of(1, k.map(key -> command("LPOP", key))),
                Tuple.of(1, k.map(key -> command("RPOP", key))),
                Tuple.of(1, Combinators.combine(k, i).as((key, n) -> command("LPOP", key, n))),
                Tuple.of(1, Combinators.combine(k, i).as((key, n) -> command("RPOP", key, n))),
                Tuple.of(1, k.map(key -> command("LLEN", key))),
                Tuple.of(2, Combinators.combine(k, i, i).as((key, from, to) -> command("LRANGE", key, from, to))),
                Tuple.of(3, k.map(key -> command("LRANGE", key, b("0"), b("-1")))),
                Tuple.of(2, Combinators.combine(k, i).as((key, at) -> command("LINDEX", key, at))),
                Tuple.of(2, Combinators.combine(k, i, e).as((key, at, v) -> command("LSET", key, at, v))),
                Tuple.of(3, Combinators.combine(k, Arbitraries.of(b("BEFORE"), b("after"), b("AROUND")), e, e)
                        .as((key, where, pivot, v) -> command("LINSERT", key, where, pivot, v))),
                Tuple.of(2, Combinators.combine(k, i, e).as((key, n, v) -> command("LREM", key, n, v))),
                Tuple.of(1, Combinators.combine(k, i, i).as((key, from, to) -> command("LTRIM", key, from, to))),
                Tuple.of(3, Combinators.combine(k, e, lposOptions())
                        .as((key, v, options) -> command("LPOS", List.of(key, v), options))),
                Tuple.of(2, Combinators.combine(k, k, side, side).as((from, to, a, c) -> command("LMOVE", from, to, a,
                        c))),
                Tuple.of(1, Combinators.combine(k, k).as((from, to) -> command("RPOPLPUSH", from, to))),
                Tuple.of(1, lmpop()));
    }

    /** LPOS options: RANK, COUNT and MAXLEN with any integers, sometimes repeated, unknown or missing a value. */
    static Arbitrary<List<byte[]>> lposOptions() {
        Arbitrary<List<byte[]>> option = Combinators.combine(
                        Arbitraries.of(b("RANK"), b("rank"), b("COUNT"), b("MAXLEN"), b("BOGUS")),
                        Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.integers().between(-3, 3).map(n -> b(Integer.toString(n)))),
                                Tuple.of(1, Gen.ints())))
                .as(List::of);
        Arbitrary<byte[]> dangling = Arbitraries.of(b("COUNT")).injectNull(0.9);
        return Combinators.combine(option.list().ofMaxSize(3), dangling).as((options, last) -> {
            List<byte[]> out = new ArrayList<>();
            options.forEach(out::addAll);
            if (last != null) {
                out.add(last);
            }
            return out;
        });
    }

    /** LMPOP with a matching numkeys mostly, else any integer; LEFT or RIGHT, sometimes COUNT. */
    static Arbitrary<Cmd> lmpop() {
        Arbitrary<List<byte[]>> keys = keys().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<byte[]> numKeys = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(null)),
                Tuple.of(1, Gen.ints()));
        Arbitrary<List<byte[]>> tail = Arbitraries.oneOf(
                Arbitraries.of(b("LEFT"), b("RIGHT"), b("right"), b("UP")).map(List::of),
                Combinators.combine(Arbitraries.of(b("LEFT"), b("RIGHT")), Gen.ints())
                        .as((where, n) -> List.of(where, b("COUNT"), n)),
                Arbitraries.of(b("LEFT")).map(where -> List.of(where, b("COUNT"))));
        return Combinators.combine(numKeys, keys, tail).as((n, ks, t) -> {
            List<byte[]> args = new ArrayList<>();
            args.add(n == null ? b(Integer.toString(ks.size())) : n);
            args.addAll(ks);
            args.addAll(t);
            return command("LMPOP", List.of(), args);
        });
    }

    /** Commands of other types on the same keys, so lists meet strings, expiries and deletions. */
    static Arbitrary<Cmd> otherCommand() {
        Arbitrary<byte[]> k = keys();
        return Arbitraries.oneOf(
                Combinators.combine(k, Gen.values()).as((key, v) -> command("SET", key, v)),
                k.map(key -> command("DEL", key)),
                k.map(key -> command("TYPE", key)),
                k.map(key -> command("EXISTS", key)),
                k.map(key -> command("EXPIRE", key, b("100"))),
                k.map(key -> command("TTL", key)),
                k.map(key -> command("GET", key)),
                Combinators.combine(k, k).as((a, c) -> command("RENAME", a, c)),
                Combinators.combine(k, k).as((a, c) -> command("COPY", a, c, b("REPLACE"))));
    }
}
