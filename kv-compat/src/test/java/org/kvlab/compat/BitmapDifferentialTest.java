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

/**
 * Random sequences of bitmap commands (SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO) and the string
 * extras (LCS SUBSTR), mixed with string and key commands on the same keys, reply as redis-server does, byte for
 * byte, in RESP2 and in RESP3. Offsets that write stay small (a valid write near 2^32 bits would make both servers
 * allocate 512 MB); offsets that only read, and invalid ones, go to the limits.
 */
@RequiresRedis
final class BitmapDifferentialTest {

    @Property(tries = 200)
    void bitmapCommands_replyAsRedis(@ForAll("commands") List<Cmd> commands) {
        Differential d = Differential.shared();
        d.reset();
        for (Cmd c : commands) {
            d.check(c);
        }
    }

    @Property(tries = 100)
    void bitmapCommands_replyAsRedis_inResp3(@ForAll("commands") List<Cmd> commands) {
        Differential d = Differential.shared();
        d.reset();
        d.call(Differential.args("HELLO", "3"));
        for (Cmd c : commands) {
            d.check(c);
        }
    }

    @Provide
    Arbitrary<List<Cmd>> commands() {
        return anyCommand().list().ofMinSize(1).ofMaxSize(30);
    }

    /** Values: the shared ones and short random bytes, most of them not UTF-8. */
    static Arbitrary<byte[]> values() {
        return Arbitraries.oneOf(Gen.values(), Arbitraries.bytes().array(byte[].class).ofMaxSize(10));
    }

    /** Bit offsets a write may use: small, a few kilobytes in, and invalid ones. */
    static Arbitrary<byte[]> writeOffsets() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 130).map(v -> b(Integer.toString(v))),
                Arbitraries.of(b("20000"), b("-1"), b("4294967296"), b("18446744073709551616"), b("1.5"), b(""),
                        b("x"), b("9223372036854775807"), b("-9223372036854775808")));
    }

    /** Bit offsets only read: the write ones and valid ones up to the 512 MB limit. */
    static Arbitrary<byte[]> readOffsets() {
        return Arbitraries.oneOf(writeOffsets(), Arbitraries.of(b("4294967295"), b("4294967288"), b("1000000")));
    }

    /** Offsets of BITFIELD: plain, {@code #n}, and invalid. */
    static Arbitrary<byte[]> fieldOffsets(boolean write) {
        return Arbitraries.oneOf(
                write ? writeOffsets() : readOffsets(),
                Arbitraries.integers().between(-1, 12).map(v -> b("#" + v)),
                Arbitraries.of(b("#"), b("#x"), b("#4294967296"), b("#9223372036854775807"), b("##1")));
    }

    static Arbitrary<byte[]> fieldTypes() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1, 64).map(v -> b("i" + v)),
                Arbitraries.integers().between(1, 63).map(v -> b("u" + v)),
                Arbitraries.of(b("u64"), b("i65"), b("i0"), b("u0"), b("x8"), b("I8"), b("u"), b("i-1"), b("i08"),
                        b("i8 "), b("")));
    }

    static Arbitrary<byte[]> fieldValues() {
        return Arbitraries.oneOf(Gen.ints(), Arbitraries.longs().map(v -> b(Long.toString(v))),
                Arbitraries.of(b("255"), b("256"), b("-128"), b("-129"), b("127"), b("128"), b("65535")));
    }

    /** One BITFIELD subcommand, as its words. */
    static Arbitrary<List<byte[]>> fieldOp() {
        Arbitrary<byte[]> t = fieldTypes();
        return Arbitraries.oneOf(
                Combinators.combine(t, fieldOffsets(false)).as((type, at) -> List.of(b("GET"), type, at)),
                Combinators.combine(t, fieldOffsets(true), fieldValues())
                        .as((type, at, v) -> List.of(b("SET"), type, at, v)),
                Combinators.combine(t, fieldOffsets(true), fieldValues())
                        .as((type, at, v) -> List.of(b("INCRBY"), type, at, v)),
                Arbitraries.of("WRAP", "SAT", "FAIL", "sat", "BAD").map(o -> List.of(b("OVERFLOW"), b(o))),
                Arbitraries.of(List.of(b("GET"), b("u8")), List.of(b("FOO"), b("u8"), b("0")),
                        List.of(b("OVERFLOW"))));
    }

    /** One bitmap, string-extra, string or key command over the shared keys. */
    static Arbitrary<Cmd> anyCommand() {
        Arbitrary<byte[]> k = Gen.keys();
        Arbitrary<byte[]> v = values();
        Arbitrary<byte[]> i = Gen.ints();
        Arbitrary<byte[]> bit = Arbitraries.of(b("0"), b("1"), b("0"), b("1"), b("2"), b("-1"), b("x"), b("01"));
        Arbitrary<byte[]> unit = Arbitraries.of(b("BIT"), b("BYTE"), b("bit"), b("byte"), b("BITS"));
        Arbitrary<byte[]> op = Arbitraries.of(b("AND"), b("OR"), b("XOR"), b("NOT"), b("not"), b("Or"), b("NAND"));
        return Arbitraries.oneOf(
                Combinators.combine(k, v).as((key, val) -> command("SET", key, val)),
                Combinators.combine(k, v).as((key, val) -> command("APPEND", key, val)),
                Combinators.combine(k, writeOffsets(), bit).as((key, at, on) -> command("SETBIT", key, at, on)),
                Combinators.combine(k, writeOffsets(), bit).as((key, at, on) -> command("SETBIT", key, at, on)),
                Combinators.combine(k, readOffsets()).as((key, at) -> command("GETBIT", key, at)),
                Combinators.combine(k, i, i, unit, Arbitraries.integers().between(2, 6))
                        .as((key, from, to, u, n) -> truncated(n, "BITCOUNT", key, from, to, u, u)),
                Combinators.combine(k, bit, i, i, unit, Arbitraries.integers().between(3, 7))
                        .as((key, on, from, to, u, n) -> truncated(n, "BITPOS", key, on, from, to, u, u)),
                Combinators.combine(op, k, k.list().ofMinSize(1).ofMaxSize(3))
                        .as((o, dest, sources) -> command("BITOP", List.of(o, dest), sources)),
                Combinators.combine(k, fieldOp().list().ofMaxSize(4))
                        .as((key, ops) -> command("BITFIELD", List.of(key), flat(ops))),
                Combinators.combine(k, fieldOp().list().ofMaxSize(3))
                        .as((key, ops) -> command("BITFIELD_RO", List.of(key), flat(ops))),
                Combinators.combine(k, k, lcsOptions()).as((a, c, opts) -> command("LCS", List.of(a, c), opts)),
                Combinators.combine(k, i, i).as((key, from, to) -> command("SUBSTR", key, from, to)),
                Combinators.combine(k, i, i).as((key, from, to) -> command("GETRANGE", key, from, to)),
                k.map(key -> command("GET", key)),
                k.map(key -> command("STRLEN", key)),
                k.map(key -> command("DEL", key)),
                k.map(key -> command("TYPE", key)),
                k.map(key -> command("TTL", key)),
                Combinators.combine(k, Arbitraries.of("100", "-1", "0"))
                        .as((key, s) -> command("EXPIRE", key, b(s))));
    }

    /** Options of LCS: a few of LEN, IDX, MINMATCHLEN n, WITHMATCHLEN and a wrong one. */
    static Arbitrary<List<byte[]>> lcsOptions() {
        Arbitrary<List<byte[]>> one = Arbitraries.oneOf(
                Arbitraries.of(List.of(b("LEN")), List.of(b("IDX")), List.of(b("idx")), List.of(b("WITHMATCHLEN")),
                        List.of(b("MINMATCHLEN")), List.of(b("NOPE"))),
                Arbitraries.of("0", "1", "2", "3", "-5", "x").map(n -> List.of(b("MINMATCHLEN"), b(n))));
        return one.list().ofMaxSize(3).map(BitmapDifferentialTest::flat);
    }

    /** The command {@code name} with the first {@code n - 1} of {@code args}. */
    private static Cmd truncated(int n, String name, byte[]... args) {
        List<byte[]> used = new ArrayList<>(List.of(args).subList(0, n - 1));
        return command(name, used.toArray(new byte[0][]));
    }

    private static List<byte[]> flat(List<List<byte[]>> parts) {
        List<byte[]> all = new ArrayList<>();
        for (List<byte[]> p : parts) {
            all.addAll(p);
        }
        return all;
    }
}
