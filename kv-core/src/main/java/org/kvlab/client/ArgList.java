package org.kvlab.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The arguments of one command being built: {@code String}s and {@code byte[]}s as {@link RequestEncoder} sends
 * them, numbers as Redis reads them. Not thread-safe; used once.
 */
final class ArgList {

    private Object[] args;
    private int size;

    ArgList(int capacity) {
        this.args = new Object[Math.max(capacity, 2)];
    }

    /** Returns a list starting with {@code name}. */
    static ArgList of(String name, int capacity) {
        return new ArgList(capacity).add(name);
    }

    /**
     * Returns {@code name key rest...}.
     *
     * @throws IllegalArgumentException naming {@code what} if {@code rest} is empty
     */
    static ArgList keyAnd(String name, Object key, String what, Object[] rest) {
        return of(name, 2 + rest.length).add(key).addAll(what, rest);
    }

    /**
     * Returns {@code name numkeys key...}, with room for {@code more} arguments, for commands that take a count of
     * keys.
     *
     * @throws IllegalArgumentException if {@code keys} is empty
     */
    static ArgList numKeys(String name, Object[] keys, int more) {
        return of(name, 2 + keys.length + more).add(keys.length).addAll("keys", keys);
    }

    /**
     * Adds a {@code String} or {@code byte[]} argument.
     *
     * @throws NullPointerException if {@code arg} is {@code null}
     */
    ArgList add(Object arg) {
        Objects.requireNonNull(arg, "argument");
        if (size == args.length) {
            args = Arrays.copyOf(args, size * 2);
        }
        args[size++] = arg;
        return this;
    }

    /** Adds an integer in decimal. */
    ArgList add(long value) {
        return add(Long.toString(value));
    }

    /**
     * Adds a floating-point number as Redis reads it.
     *
     * @throws IllegalArgumentException if {@code value} is NaN
     */
    ArgList add(double value) {
        return add(number(value));
    }

    /**
     * Adds a blocking command's timeout in seconds, exactly (to the nanosecond); {@link Duration#ZERO} waits for ever.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    ArgList addTimeout(Duration timeout) {
        return add(seconds(timeout));
    }

    /**
     * Returns {@code timeout} in seconds as a decimal a server reads exactly, {@code 0} for {@link Duration#ZERO}.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is {@code null}
     */
    static String seconds(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0, 0 to wait for ever)");
        }
        return new BigDecimal(BigInteger.valueOf(timeout.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000))
                .add(BigInteger.valueOf(timeout.getNano())), 9).stripTrailingZeros().toPlainString();
    }

    /**
     * Adds every element of {@code rest}.
     *
     * @throws IllegalArgumentException naming {@code what} if {@code rest} is empty
     * @throws NullPointerException if an element is {@code null}
     */
    ArgList addAll(String what, Object[] rest) {
        if (rest.length == 0) {
            throw new IllegalArgumentException(args[0] + ": no " + what + " (expected: at least one)");
        }
        for (Object arg : rest) {
            add(arg);
        }
        return this;
    }

    /**
     * Adds each entry's key then its value, in the map's iteration order.
     *
     * @throws IllegalArgumentException naming {@code what} if {@code entries} is empty
     */
    ArgList addPairs(String what, Map<?, ?> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(args[0] + ": no " + what + " (expected: at least one)");
        }
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            add(e.getKey()).add(e.getValue());
        }
        return this;
    }

    /** Adds {@code [MATCH pattern] [COUNT count]} of the {@code SCAN} family. */
    ArgList addScanOptions(Object match, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0, 0 for the server's default)");
        }
        if (match != null) {
            add("MATCH").add(match);
        }
        if (count > 0) {
            add("COUNT").add(count);
        }
        return this;
    }

    /** Returns the arguments. */
    Object[] toArray() {
        return size == args.length ? args : Arrays.copyOf(args, size);
    }

    /** Returns the arguments separated by spaces, {@code byte[]}s as UTF-8. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(args[i] instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : args[i]);
        }
        return sb.toString();
    }

    /**
     * Returns {@code value} as Redis reads a score or increment: {@code +inf}, {@code -inf}, or the shortest
     * decimal that reads back as the same double.
     *
     * @throws IllegalArgumentException if {@code value} is NaN
     */
    static String number(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("NaN (expected: a number; Redis refuses NaN)");
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
