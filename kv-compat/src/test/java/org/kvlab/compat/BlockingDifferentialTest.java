package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.compat.Gen.b;
import static org.kvlab.compat.Gen.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The blocking commands reply as redis-server does, byte for byte: on one connection, mixed with pushes and other
 * writes, each finds data at once, fails, or waits a timeout of a few milliseconds and replies null, and inside
 * {@code MULTI} none blocks, whatever its timeout; and a client blocked for ever on a second connection while the
 * first writes (alone or in transactions) is served (or stays blocked, or is unblocked by {@code CLIENT UNBLOCK})
 * exactly as Redis serves it, checked after every write.
 */
@RequiresRedis
final class BlockingDifferentialTest {

    /** How long a check waits for a server to decide whether the blocked client was served; never reached. */
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Property(tries = 100)
    void blockingCommands_thatFindDataFailOrTimeOut_replyAsRedis(@ForAll("withShortTimeouts") List<Cmd> commands,
            @ForAll boolean resp3) {
        Differential d = Differential.shared();
        d.reset();
        if (resp3) {
            d.call(Differential.args("HELLO", "3"));
        }
        for (Cmd c : commands) {
            d.check(c);
        }
    }

    @Property(tries = 100)
    void aClientBlockedWhileAnotherWrites_isServedAsRedisServesIt(@ForAll("setups") List<Cmd> setup,
            @ForAll("blockingForEver") Cmd blocking, @ForAll("writes") List<Cmd> writes,
            @ForAll("unblockReasons") String reason, @ForAll boolean resp3) {
        Differential d = Differential.shared();
        d.reset();
        for (Cmd c : setup) {
            d.check(c);
        }
        try (Differential.Other other = d.connectOther()) {
            if (resp3) {
                other.send(Differential.args("HELLO", "3"));
                other.read(); // names each server: not compared
            }
            other.send(Differential.args("CLIENT", "ID"));
            Reply[] ids = other.read();
            other.send(blocking.args);
            boolean blocked = settle(d, other, ids, blocking.toString());
            boolean inMulti = false;
            for (Cmd write : writes) {
                d.check(write);
                String name = new String(write.args[0], java.nio.charset.StandardCharsets.US_ASCII);
                inMulti = name.equals("MULTI") || inMulti && !name.equals("EXEC");
                if (blocked && !inMulti) {
                    blocked = settle(d, other, ids, blocking + " after " + write);
                }
            }
            if (blocked) {
                Reply[] unblocked = d.callEach(unblock(ids[0], reason), unblock(ids[1], reason));
                assertEquals(unblocked[0].toString(), unblocked[1].toString(), "CLIENT UNBLOCK " + reason);
                assertEquals(false, settle(d, other, ids, blocking + " unblocked"));
            }
            other.send(Differential.args("LRANGE", "k1", "0", "-1"));
            Reply[] after = other.read();
            assertEquals(after[0].toString(), after[1].toString(), "the blocked client's next command");
        }
    }

    /**
     * Waits until each server has either replied to the other connection's blocking command or shows it blocked in
     * {@code CLIENT LIST}; asserts both did the same (and the same reply). Returns whether it is blocked.
     */
    private static boolean settle(Differential d, Differential.Other other, Reply[] ids, String what) {
        Boolean[] blocked = new Boolean[2];
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (blocked[0] == null || blocked[1] == null) {
            boolean[] replied = other.replied();
            Reply[] lists = d.callEach(clientList(ids[0]), clientList(ids[1]));
            for (int side = 0; side < 2; side++) {
                if (blocked[side] == null && replied[side]) {
                    blocked[side] = false;
                } else if (blocked[side] == null && lists[side].text().contains(" flags=b ")) {
                    blocked[side] = true;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": undecided (redis " + blocked[0] + ", kvlab " + blocked[1] + ")");
            }
            Thread.onSpinWait();
        }
        assertEquals(blocked[0], blocked[1], what + ": blocked on Redis, not on kvlab, or the other way");
        if (!blocked[0]) {
            Reply[] replies = other.read();
            assertEquals(replies[0].toString(), replies[1].toString(), what);
        }
        return blocked[0];
    }

    private static byte[][] clientList(Reply id) {
        return Differential.args("CLIENT", "LIST", "ID", id.text().substring(1).trim());
    }

    private static byte[][] unblock(Reply id, String reason) {
        String n = id.text().substring(1).trim();
        return reason.isEmpty() ? Differential.args("CLIENT", "UNBLOCK", n)
                : Differential.args("CLIENT", "UNBLOCK", n, reason);
    }

    @Provide
    Arbitrary<List<Cmd>> withShortTimeouts() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, write().map(List::of)),
                        Tuple.of(2, blockingCommand(shortTimeouts()).map(List::of)),
                        Tuple.of(1, waits().map(List::of)),
                        Tuple.of(1, transaction(Arbitraries.oneOf(write(), waits(),
                                blockingCommand(Arbitraries.of(b("0"), b("0.01"), b("x")))))))
                .list().ofMinSize(3).ofMaxSize(12).map(BlockingDifferentialTest::flat);
    }

    @Provide
    Arbitrary<List<Cmd>> setups() {
        return write().list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<Cmd> blockingForEver() {
        return blockingCommand(Arbitraries.of(b("0"), b("0.0"), b("-0.0005")));
    }

    @Provide
    Arbitrary<List<Cmd>> writes() {
        return Arbitraries.frequencyOf(Tuple.of(5, write().map(List::of)), Tuple.of(1, transaction(write())))
                .list().ofMinSize(1).ofMaxSize(6).map(BlockingDifferentialTest::flat);
    }

    /** MULTI, one to three commands, EXEC. */
    private static Arbitrary<List<Cmd>> transaction(Arbitrary<Cmd> commands) {
        return commands.list().ofMinSize(1).ofMaxSize(3).map(queued -> {
            List<Cmd> all = new ArrayList<>();
            all.add(command("MULTI"));
            all.addAll(queued);
            all.add(command("EXEC"));
            return all;
        });
    }

    private static List<Cmd> flat(List<List<Cmd>> parts) {
        List<Cmd> all = new ArrayList<>();
        parts.forEach(all::addAll);
        return all;
    }

    @Provide
    Arbitrary<String> unblockReasons() {
        return Arbitraries.of("", "TIMEOUT", "ERROR", "error");
    }

    /** Two keys the commands share, mostly, so blocked clients meet pushes; sometimes a third. */
    private static Arbitrary<byte[]> keys() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(b("k1"), b("k2"))), Tuple.of(1, Arbitraries.just(
                b("k3"))));
    }

    /**
     * Timeouts that end within milliseconds, and ones Redis refuses: negative, not a number, out of a long
     * double's range, or so large that their milliseconds overflow.
     */
    private static Arbitrary<byte[]> shortTimeouts() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(b("0.01"), b("0.001"), b("0.0001"), b(".005"), b("1e-2"), b("0x1p-7"),
                        b("0.002"))),
                Tuple.of(2, Arbitraries.of(b("x"), b(""), b("-1"), b("-0.0015"), b("1e300"), b("inf"), b("nan"),
                        b("1e5000"), b(" 0.01"), b("92233720368547758"))));
    }

    /** WAIT with a timeout of a few milliseconds, or one Redis refuses: no replica ever acknowledges. */
    private static Arbitrary<Cmd> waits() {
        return Combinators.combine(Arbitraries.of(b("0"), b("1"), b("-1"), b("3"), b("x")),
                Arbitraries.of(b("5"), b("1"), b("-1"), b("x"), b("0.5"))).as((n, t) -> command("WAIT", n, t));
    }

    /** A write or read on the shared keys: list and sorted-set pushes mostly, pops, and type changes. */
    private static Arbitrary<Cmd> write() {
        Arbitrary<byte[]> k = keys();
        Arbitrary<List<byte[]>> elements = Arbitraries.of(b("a"), b("b"), b("c"), b("1")).list().ofMinSize(1)
                .ofMaxSize(3);
        Arbitrary<List<byte[]>> scored = Combinators.combine(Arbitraries.of(b("1"), b("2.5"), b("-inf")),
                Arbitraries.of(b("m"), b("n"), b("o"))).as(List::of).list().ofMinSize(1).ofMaxSize(2).map(pairs -> {
                    List<byte[]> flat = new ArrayList<>();
                    pairs.forEach(flat::addAll);
                    return flat;
                });
        return Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(k, elements).as((key, e) -> command("RPUSH", List.of(key), e))),
                Tuple.of(2, Combinators.combine(k, elements).as((key, e) -> command("LPUSH", List.of(key), e))),
                Tuple.of(3, Combinators.combine(k, scored).as((key, s) -> command("ZADD", List.of(key), s))),
                Tuple.of(1, k.map(key -> command("LPOP", key))),
                Tuple.of(1, k.map(key -> command("ZPOPMAX", key))),
                Tuple.of(1, Combinators.combine(k, k).as((a, c) -> command("RPOPLPUSH", a, c))),
                Tuple.of(1, k.map(key -> command("SET", key, b("text")))),
                Tuple.of(1, k.map(key -> command("DEL", key))),
                Tuple.of(1, k.map(key -> command("LRANGE", key, b("0"), b("-1")))),
                Tuple.of(1, k.map(key -> command("ZRANGE", key, b("0"), b("-1"), b("WITHSCORES")))));
    }

    /** One blocking command over the shared keys with a timeout from {@code timeouts}. */
    private static Arbitrary<Cmd> blockingCommand(Arbitrary<byte[]> timeouts) {
        Arbitrary<byte[]> k = keys();
        Arbitrary<List<byte[]>> some = k.list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<byte[]> side = Arbitraries.of(b("LEFT"), b("RIGHT"), b("left"), b("UP"));
        Arbitrary<byte[]> minMax = Arbitraries.of(b("MIN"), b("MAX"), b("max"), b("LEFT"));
        Arbitrary<List<byte[]>> count = Arbitraries.of(List.of(), List.of(b("COUNT"), b("2")),
                List.of(b("COUNT"), b("0")), List.of(b("COUNT")));
        return Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(some, timeouts).as((ks, t) -> command("BLPOP", ks, List.of(t)))),
                Tuple.of(2, Combinators.combine(some, timeouts).as((ks, t) -> command("BRPOP", ks, List.of(t)))),
                Tuple.of(2, Combinators.combine(k, k, side, side, timeouts)
                        .as((s, d, from, to, t) -> command("BLMOVE", s, d, from, to, t))),
                Tuple.of(1, Combinators.combine(k, k, timeouts).as((s, d, t) -> command("BRPOPLPUSH", s, d, t))),
                Tuple.of(2, Combinators.combine(timeouts, some, side, count).as((t, ks, where, c) ->
                        multiPop("BLMPOP", t, ks, where, c))),
                Tuple.of(2, Combinators.combine(some, timeouts).as((ks, t) -> command("BZPOPMIN", ks, List.of(t)))),
                Tuple.of(1, Combinators.combine(some, timeouts).as((ks, t) -> command("BZPOPMAX", ks, List.of(t)))),
                Tuple.of(2, Combinators.combine(timeouts, some, minMax, count).as((t, ks, where, c) ->
                        multiPop("BZMPOP", t, ks, where, c))));
    }

    private static Cmd multiPop(String name, byte[] timeout, List<byte[]> keys, byte[] where, List<byte[]> count) {
        List<byte[]> args = new ArrayList<>();
        args.add(timeout);
        args.add(b(Integer.toString(keys.size())));
        args.addAll(keys);
        args.add(where);
        args.addAll(count);
        return command(name, List.of(), args);
    }
}
