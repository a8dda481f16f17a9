package org.kvlab.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kvlab.api.ScanResult;
import org.kvlab.api.SetOptions;
import org.kvlab.api.SetResult;

/**
 * The decoders of typed calls. Each accepts what RESP2 and RESP3 servers send for the command (e.g. a bulk or a
 * double for {@code INCRBYFLOAT}, a bulk or a verbatim string for {@code INFO}).
 */
final class Replies {

    /** The reply as parsed. */
    static final Decoder<Object> RAW = reply -> reply;

    /** A bulk string or null. */
    static final Decoder<byte[]> BYTES = Replies::bytes;

    /** A bulk or simple string, or null, as UTF-8 text. */
    static final Decoder<String> STRING = Replies::string;

    /** An integer. */
    static final Decoder<Long> LONG = Replies::toLong;

    /** An integer 1 or 0, or a RESP3 boolean. */
    static final Decoder<Boolean> BOOLEAN = reply -> reply instanceof Boolean b ? b : toLong(reply) == 1;

    /** A number as a double: bulk, simple string, or RESP3 double; {@code inf} and {@code -inf} too. */
    static final Decoder<Double> DOUBLE = Replies::toDouble;

    /** A double as {@link #DOUBLE} reads it, or null. */
    static final Decoder<Double> NULLABLE_DOUBLE = reply -> reply == null ? null : toDouble(reply);

    /** An integer, or null. */
    static final Decoder<Long> NULLABLE_LONG = reply -> reply == null ? null : toLong(reply);

    /** An array of doubles or nulls. */
    static final Decoder<List<Double>> NULLABLE_DOUBLE_LIST = reply -> {
        List<?> items = list(reply);
        List<Double> result = new ArrayList<>(items.size());
        for (Object item : items) {
            result.add(item == null ? null : toDouble(item));
        }
        return result;
    };

    /** An array of integers. */
    static final Decoder<List<Long>> LONG_LIST = reply -> {
        List<?> items = list(reply);
        List<Long> result = new ArrayList<>(items.size());
        for (Object item : items) {
            result.add(toLong(item));
        }
        return result;
    };

    /** An array of integers 1 or 0 (or RESP3 booleans). */
    static final Decoder<List<Boolean>> BOOLEAN_LIST = reply -> {
        List<?> items = list(reply);
        List<Boolean> result = new ArrayList<>(items.size());
        for (Object item : items) {
            result.add(BOOLEAN.decode(item));
        }
        return result;
    };

    /** A status reply; nothing to return. */
    static final Decoder<Void> VOID = reply -> {
        if (reply == null) {
            throw new IllegalStateException("null reply where a status was expected");
        }
        return null;
    };

    /** An array of bulk strings or nulls. */
    static final Decoder<List<byte[]>> BYTES_LIST = reply -> {
        List<?> items = list(reply);
        List<byte[]> result = new ArrayList<>(items.size());
        for (Object item : items) {
            result.add(bytes(item));
        }
        return result;
    };

    /** An array of strings or nulls. */
    static final Decoder<List<String>> STRING_LIST = reply -> {
        List<?> items = list(reply);
        List<String> result = new ArrayList<>(items.size());
        for (Object item : items) {
            result.add(string(item));
        }
        return result;
    };

    /** {@code SCAN}'s cursor and keys. */
    static final Decoder<ScanResult> SCAN = reply -> {
        List<?> parts = list(reply);
        if (parts.size() != 2) {
            throw new IllegalStateException("SCAN reply with " + parts.size() + " elements (expected: 2)");
        }
        return new ScanResult(Long.parseUnsignedLong(string(parts.get(0))), BYTES_LIST.decode(parts.get(1)));
    };

    private Replies() {
    }

    /** Returns the decoder of {@code SET}'s reply under {@code options}. */
    static Decoder<SetResult> set(SetOptions options) {
        if (options.returnPrevious()) {
            return reply -> {
                byte[] previous = bytes(reply);
                boolean written = switch (options.condition()) {
                    case ALWAYS -> true;
                    case IF_ABSENT -> previous == null;
                    case IF_PRESENT -> previous != null;
                };
                return new SetResult(written, previous);
            };
        }
        return reply -> reply == null ? SetResult.NOT_WRITTEN : SetResult.WRITTEN;
    }

    static byte[] bytes(Object reply) {
        if (reply == null || reply instanceof byte[]) {
            return (byte[]) reply;
        }
        if (reply instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("a " + reply.getClass().getSimpleName() + " where a string was expected");
    }

    static String string(Object reply) {
        if (reply == null || reply instanceof String) {
            return (String) reply;
        }
        if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (reply instanceof Number || reply instanceof Boolean) {
            return reply.toString();
        }
        throw new IllegalStateException("a " + reply.getClass().getSimpleName() + " where a string was expected");
    }

    static long toLong(Object reply) {
        if (reply instanceof Long l) {
            return l;
        }
        if (reply instanceof byte[] || reply instanceof String) {
            return Long.parseLong(string(reply));
        }
        throw new IllegalStateException((reply == null ? "null" : "a " + reply.getClass().getSimpleName())
                + " where an integer was expected");
    }

    /** Returns a number as a double, reading Redis's {@code inf}, {@code +inf}, {@code -inf} and {@code nan}. */
    static double toDouble(Object reply) {
        if (reply instanceof Double d) {
            return d;
        }
        if (reply instanceof Long l) {
            return l;
        }
        String s = string(reply);
        if (s == null) {
            throw new IllegalStateException("null where a number was expected");
        }
        return switch (s) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    /** Returns the elements of an array, or of a RESP3 map (keys and values alternating) or set, as sent. */
    static List<?> items(Object reply) {
        if (reply instanceof ReplyParser.Raw raw) {
            return raw.items();
        }
        return list(reply);
    }

    static List<?> list(Object reply) {
        if (reply instanceof List<?> l) {
            return l;
        }
        throw new IllegalStateException((reply == null ? "null" : "a " + reply.getClass().getSimpleName())
                + " where an array was expected");
    }
}
