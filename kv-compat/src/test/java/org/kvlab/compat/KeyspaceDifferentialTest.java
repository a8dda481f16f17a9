package org.kvlab.compat;

import static org.kvlab.compat.Gen.b;
import static org.kvlab.compat.Gen.command;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random sequences of string and keyspace commands reply as redis-server does, byte for byte. */
@RequiresRedis
final class KeyspaceDifferentialTest {

    @Property(tries = 150)
    void stringAndKeyCommands_replyAsRedis(@ForAll("commands") List<Cmd> commands) {
        Differential d = Differential.shared();
        d.reset();
        for (Cmd c : commands) {
            d.check(c);
        }
    }

    @Provide
    Arbitrary<List<Cmd>> commands() {
        return anyCommand().list().ofMinSize(1).ofMaxSize(25);
    }

    /** One string or keyspace command over the shared keys. */
    static Arbitrary<Cmd> anyCommand() {
        Arbitrary<byte[]> k = Gen.keys();
        Arbitrary<byte[]> v = Gen.values();
        Arbitrary<byte[]> i = Gen.ints();
        return Arbitraries.oneOf(
                Combinators.combine(k, v).as((key, val) -> command("SET", key, val)),
                Combinators.combine(k, v).as((key, val) -> command("SET", key, val, b("GET"))),
                Combinators.combine(k, v).as((key, val) -> command("SETNX", key, val)),
                Combinators.combine(k, v).as((key, val) -> command("APPEND", key, val)),
                Combinators.combine(k, v).as((key, val) -> command("GETSET", key, val)),
                Combinators.combine(k, i).as((key, n) -> command("INCRBY", key, n)),
                Combinators.combine(k, v).as((key, val) -> command("INCRBYFLOAT", key, val)),
                Combinators.combine(k, i, i).as((key, from, to) -> command("GETRANGE", key, from, to)),
                Combinators.combine(k, i, v).as((key, at, val) -> command("SETRANGE", key, at, val)),
                k.map(key -> command("GET", key)),
                k.map(key -> command("INCR", key)),
                k.map(key -> command("STRLEN", key)),
                k.map(key -> command("GETDEL", key)),
                k.map(key -> command("TYPE", key)),
                k.map(key -> command("EXISTS", key)),
                k.map(key -> command("DEL", key)),
                k.map(key -> command("TTL", key)),
                k.map(key -> command("PERSIST", key)),
                k.map(key -> command("OBJECT", b("ENCODING"), key)),
                Combinators.combine(k, k).as((a, c) -> command("RENAME", a, c)),
                Combinators.combine(k, k).as((a, c) -> command("RENAMENX", a, c)),
                Combinators.combine(k, k).as((a, c) -> command("COPY", a, c)),
                Combinators.combine(k, k).as((a, c) -> command("COPY", a, c, b("REPLACE"))),
                Combinators.combine(k, Arbitraries.of("0", "1", "2", "15", "16", "-1", "x"))
                        .as((key, db) -> command("MOVE", key, b(db))),
                Combinators.combine(k, Arbitraries.of("0", "1")).as((key, db) -> command("SELECT", b(db))),
                Combinators.combine(k, k, v).as((a, c, val) -> command("MSET", a, val, c, val)),
                Combinators.combine(k, k).as((a, c) -> command("MGET", a, c)),
                Combinators.combine(k, Arbitraries.of("100", "1000", "-1", "0", "x"))
                        .as((key, s) -> command("EXPIRE", key, b(s))),
                Arbitraries.of("string", "list", "set", "zset", "hash", "nosuchtype")
                        .map(t -> command("SCAN", b("0"), b("COUNT"), b("100"), b("TYPE"), b(t))),
                Arbitraries.just(command("DBSIZE")),
                Arbitraries.just(command("KEYS", b("*"))));
    }
}
