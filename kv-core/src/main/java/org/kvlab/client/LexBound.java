package org.kvlab.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One end of a lexicographical range of sorted-set members ({@code ZREMRANGEBYLEX}, {@link ZRange#byLex}): a
 * member, included or not, or the very lowest or highest. Immutable if the array given is not changed.
 */
public final class LexBound {

    /** Below every member: {@code -}. */
    public static final LexBound MIN = new LexBound("-");

    /** Above every member: {@code +}. */
    public static final LexBound MAX = new LexBound("+");

    /** The argument: a {@code String} or a {@code byte[]}. */
    private final Object arg;

    private LexBound(Object arg) {
        this.arg = arg;
    }

    /** Returns the bound that includes {@code member}, Redis's {@code [member}. */
    public static LexBound inclusive(String member) {
        return new LexBound("[" + Objects.requireNonNull(member, "member"));
    }

    /** Returns the bound that includes {@code member}, Redis's {@code [member}. */
    public static LexBound inclusive(byte[] member) {
        return new LexBound(prefixed('[', member));
    }

    /** Returns the bound that excludes {@code member}, Redis's {@code (member}. */
    public static LexBound exclusive(String member) {
        return new LexBound("(" + Objects.requireNonNull(member, "member"));
    }

    /** Returns the bound that excludes {@code member}, Redis's {@code (member}. */
    public static LexBound exclusive(byte[] member) {
        return new LexBound(prefixed('(', member));
    }

    /** Returns the argument sent: a {@code String} or a {@code byte[]}. */
    Object arg() {
        return arg;
    }

    private static byte[] prefixed(char prefix, byte[] member) {
        byte[] arg = new byte[member.length + 1];
        arg[0] = (byte) prefix;
        System.arraycopy(member, 0, arg, 1, member.length);
        return arg;
    }

    /** Returns the bound as Redis reads it, e.g. {@code [a}, {@code (a} or {@code -}; bytes as UTF-8. */
    @Override
    public String toString() {
        return arg instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) arg;
    }
}
