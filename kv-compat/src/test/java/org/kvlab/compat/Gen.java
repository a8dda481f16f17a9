package org.kvlab.compat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Building blocks of random commands: a few keys (so commands collide on them, across types), values that are
 * integers, floats, empty, long or not UTF-8, and indexes and counts at and past every edge.
 */
final class Gen {

    private Gen() {
    }

    /** The key names {@link #keys()} draws from, one of them not UTF-8. */
    static final List<byte[]> KEY_NAMES =
            List.of(b("k1"), b("k2"), b("k3"), b("{tag}k"), new byte[] {(byte) 0xff, 0, 'k'});

    /** A few key names, one of them not UTF-8. */
    static Arbitrary<byte[]> keys() {
        return Arbitraries.of(KEY_NAMES);
    }

    /** Short values: integers, floats, words, bytes that are not UTF-8, the empty string. */
    static Arbitrary<byte[]> values() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(-20, 20).map(v -> b(Long.toString(v))),
                Arbitraries.of(b(""), b("a"), b("b"), b("c"), b("hello"), b("1.5"), b("-0"), b("inf"), b("+inf"),
                        b("-inf"), b("nan"), b("1e3"), b(" 1"), b("9223372036854775807"),
                        b("-9223372036854775808"), new byte[] {(byte) 0xc3, 0x28, 0}, b("x".repeat(70))),
                Arbitraries.strings().withCharRange('a', 'e').ofMinLength(1).ofMaxLength(4).map(Gen::b));
    }

    /** Integers for indexes, counts and ranges: small, negative, huge, and a few that are not integers. */
    static Arbitrary<byte[]> ints() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-6, 6).map(v -> b(Integer.toString(v))),
                Arbitraries.of(b("100"), b("-100"), b("2147483648"), b("9223372036854775807"),
                        b("-9223372036854775808"), b("99999999999999999999"), b("1.5"), b("x"), b("")));
    }

    /** Returns {@code text} as UTF-8 bytes. */
    static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Returns a command: the name, then the arguments. */
    static Cmd command(String name, byte[]... args) {
        byte[][] command = new byte[args.length + 1][];
        command[0] = b(name);
        System.arraycopy(args, 0, command, 1, args.length);
        return new Cmd(command);
    }

    /** Returns a command: the name, then {@code head}, then every element of {@code tail}. */
    static Cmd command(String name, List<byte[]> head, List<byte[]> tail) {
        List<byte[]> all = new ArrayList<>(head);
        all.addAll(tail);
        return command(name, all.toArray(new byte[0][]));
    }
}
