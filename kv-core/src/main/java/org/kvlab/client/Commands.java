package org.kvlab.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.SetOptions;

/** Builds the argument arrays of commands whose arguments are more than a name and keys. Stateless. */
final class Commands {

    private Commands() {
    }

    /** Returns {@code name} followed by {@code rest}. */
    static Object[] prefixed(String name, Object[] rest) {
        if (rest.length == 0) {
            throw new IllegalArgumentException(name + ": no keys (expected: at least one)");
        }
        Object[] args = new Object[rest.length + 1];
        args[0] = name;
        System.arraycopy(rest, 0, args, 1, rest.length);
        return args;
    }

    /** Returns {@code SET key value} with {@code options} as {@code NX|XX}, {@code KEEPTTL|PXAT} and {@code GET}. */
    static Object[] set(Object key, Object value, SetOptions options) {
        Object[] args = new Object[7];
        int n = 0;
        args[n++] = "SET";
        args[n++] = key;
        args[n++] = value;
        switch (options.condition()) {
            case IF_ABSENT -> args[n++] = "NX";
            case IF_PRESENT -> args[n++] = "XX";
            case ALWAYS -> {
            }
        }
        if (options.keepTtl()) {
            args[n++] = "KEEPTTL";
        } else if (options.expiryMillis() != Keyspace.NO_EXPIRY) {
            args[n++] = "PXAT";
            args[n++] = Long.toString(options.expiryMillis());
        }
        if (options.returnPrevious()) {
            args[n++] = "GET";
        }
        return n == args.length ? args : Arrays.copyOf(args, n);
    }

    /** Returns {@code name k1 v1 k2 v2 ...}. */
    static Object[] pairs(String name, Map<String, String> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(name + ": no entries (expected: at least one)");
        }
        Object[] args = new Object[1 + 2 * entries.size()];
        args[0] = name;
        int i = 1;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            args[i++] = e.getKey();
            args[i++] = e.getValue();
        }
        return args;
    }

    /** Returns {@code PEXPIRE key ms [NX|XX|GT|LT]}. */
    static Object[] expire(String key, Duration ttl, ExpireCondition condition) {
        return withCondition(new Object[] {"PEXPIRE", key, Long.toString(ttl.toMillis())}, condition);
    }

    /** Returns {@code PEXPIREAT key epoch-ms [NX|XX|GT|LT]}. */
    static Object[] expireAt(String key, Instant at, ExpireCondition condition) {
        return withCondition(new Object[] {"PEXPIREAT", key, Long.toString(at.toEpochMilli())}, condition);
    }

    private static Object[] withCondition(Object[] args, ExpireCondition condition) {
        if (condition == ExpireCondition.ALWAYS) {
            return args;
        }
        Object[] withIt = Arrays.copyOf(args, args.length + 1);
        withIt[args.length] = condition.name();
        return withIt;
    }

    /** Returns {@code SCAN cursor [MATCH pattern] [COUNT count]}. */
    static Object[] scan(long cursor, String match, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0, 0 for the server's default)");
        }
        Object[] args = new Object[6];
        int n = 0;
        args[n++] = "SCAN";
        args[n++] = Long.toUnsignedString(cursor);
        if (match != null) {
            args[n++] = "MATCH";
            args[n++] = match;
        }
        if (count > 0) {
            args[n++] = "COUNT";
            args[n++] = Integer.toString(count);
        }
        return Arrays.copyOf(args, n);
    }
}
