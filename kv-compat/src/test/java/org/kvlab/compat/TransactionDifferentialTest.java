package org.kvlab.compat;

import static org.kvlab.compat.Gen.b;
import static org.kvlab.compat.Gen.command;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of MULTI, EXEC, DISCARD, WATCH and UNWATCH, mixed with every type's commands, commands refused
 * while queuing, and another client's writes, {@code FLUSHDB} and {@code SWAPDB}, reply as redis-server does, byte
 * for byte, in RESP2 and RESP3 (a watched key's change makes EXEC reply a null array of the protocol's form).
 */
@RequiresRedis
final class TransactionDifferentialTest {

    /** One command of a sequence, by this test's client or by another one. */
    record Step(boolean other, Cmd command) {
        @Override
        public String toString() {
            return (other ? "other> " : "") + command;
        }
    }

    /** Replies compared by something else than their bytes ({@link Differential}): not to be run inside EXEC. */
    private static final Set<String> NOT_BYTE_FOR_BYTE = Set.of("object", "keys", "scan", "sscan", "hscan", "zscan",
            "smembers", "sinter", "sunion", "sdiff", "hkeys", "hvals", "hgetall", "spop", "srandmember",
            "hrandfield", "zrandmember", "randomkey");

    @Property(tries = 200)
    void transactions_mixedWithTypedCommandsErrorsAndOtherClients_replyAsRedis(@ForAll("steps") List<Step> steps,
            @ForAll boolean resp3) {
        Differential d = start(resp3);
        for (Step step : steps) {
            if (step.other()) {
                d.checkOther(step.command());
            } else {
                d.check(step.command());
            }
        }
        d.check("EXEC");
    }

    @Property(tries = 200)
    void watchThenAnotherClientsCommand_abortsExecExactlyWhenRedisDoes(@ForAll("setup") List<Cmd> setup,
            @ForAll("keys") List<byte[]> watched, @ForAll("typed") Cmd byOther, @ForAll("typedList") List<Cmd> queued,
            @ForAll boolean resp3) {
        Differential d = start(resp3);
        for (Cmd c : setup) {
            d.check(c);
        }
        d.check(command("WATCH", watched.toArray(new byte[0][])));
        d.checkOther(byOther);
        d.check("MULTI");
        for (Cmd c : queued) {
            d.check(c);
        }
        d.check("EXEC");
    }

    private static Differential start(boolean resp3) {
        Differential d = Differential.shared();
        d.reset();
        if (resp3) {
            d.call(Differential.args("HELLO", "3")); // its reply names each server's version and client id
        }
        return d;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> mine = Arbitraries.frequencyOf(
                Tuple.of(8, typedCommand()),
                Tuple.of(3, Arbitraries.just(command("MULTI"))),
                Tuple.of(3, Arbitraries.just(command("EXEC"))),
                Tuple.of(1, Arbitraries.just(command("DISCARD"))),
                Tuple.of(2, keyList().map(keys -> command("WATCH", keys.toArray(new byte[0][])))),
                Tuple.of(1, Arbitraries.just(command("UNWATCH"))),
                Tuple.of(2, refusedWhileQueuing()),
                Tuple.of(1, Arbitraries.of("0", "1").map(db -> command("SELECT", b(db)))))
                .map(c -> new Step(false, c));
        Arbitrary<Step> others = Arbitraries.frequencyOf(
                Tuple.of(6, typedCommand()),
                Tuple.of(1, Arbitraries.of("0", "1").map(db -> command("SELECT", b(db)))),
                Tuple.of(1, Arbitraries.just(command("FLUSHDB"))),
                Tuple.of(1, Arbitraries.just(command("SWAPDB", b("0"), b("1")))))
                .map(c -> new Step(true, c));
        return Arbitraries.frequencyOf(Tuple.of(4, mine), Tuple.of(1, others)).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Cmd>> setup() {
        return typedCommand().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<byte[]>> keys() {
        return keyList();
    }

    @Provide
    Arbitrary<Cmd> typed() {
        return typedCommand();
    }

    @Provide
    Arbitrary<List<Cmd>> typedList() {
        return typedCommand().list().ofMaxSize(6);
    }

    private static Arbitrary<List<byte[]>> keyList() {
        return Gen.keys().list().ofMinSize(1).ofMaxSize(3);
    }

    /** Any type's command whose reply is compared byte for byte, on the shared keys. */
    private static Arbitrary<Cmd> typedCommand() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, KeyspaceDifferentialTest.anyCommand()),
                Tuple.of(2, HashDifferentialTest.hashCommand()),
                Tuple.of(2, ListDifferentialTest.listCommand()),
                Tuple.of(2, SetDifferentialTest.setCommand()),
                Tuple.of(2, SortedSetDifferentialTest.anyCommand()),
                Tuple.of(1, BitmapDifferentialTest.anyCommand()))
                .filter(c -> !NOT_BYTE_FOR_BYTE.contains(name(c)));
    }

    /** Commands Redis refuses before running them: sent in MULTI, they make EXEC abort (a refused EXEC at once). */
    private static Arbitrary<Cmd> refusedWhileQueuing() {
        return Arbitraries.of(
                command("NOPE", b("x")),
                command("GET"),
                command("SET", b("k1")),
                command("CLIENT", b("NOSUCH")),
                command("CLIENT", b("ID"), b("extra")),
                command("OBJECT", b("ENCODING")),
                command("CONFIG", b("GET")),
                command("WATCH"),
                command("MULTI", b("x")),
                command("DISCARD", b("x")),
                command("EXEC", b("x")));
    }

    private static String name(Cmd c) {
        return new String(c.args[0], StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    }
}
