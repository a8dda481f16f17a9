package org.kvlab.command;

import java.util.Arrays;
import java.util.Locale;

/**
 * Redis's {@code client-output-buffer-limit}: for each class of client, the output a client may have waiting before
 * the server closes it — a hard limit, reached once, and a soft limit, reached for longer than a number of seconds.
 * A limit of 0 is no limit. Immutable; {@link #toString()} is the {@code CONFIG GET} form.
 */
public final class OutputBufferLimits {

    /** The classes of client, in Redis's order; a client is {@code PUBSUB} while it has a subscription. */
    public enum ClientClass {
        /** Every client that is not one of the others. */
        NORMAL,
        /** A replica (kvlab has none; the class is configurable as in Redis). */
        REPLICA,
        /** A client with at least one channel, pattern or shard channel subscription. */
        PUBSUB;

        /** Returns the class's name in {@code CONFIG} and {@code CLIENT LIST TYPE}: normal, slave, pubsub. */
        String configName() {
            return this == REPLICA ? "slave" : name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One class's limits.
     *
     * @param hardBytes the output that closes a client at once, 0 for none
     * @param softBytes the output that closes a client that stays at or over it longer than {@code softSeconds}, 0
     *     for none
     * @param softSeconds how long a client may stay at or over {@code softBytes}
     */
    public record Limit(long hardBytes, long softBytes, long softSeconds) {
    }

    /** Redis's defaults: {@code normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60}. */
    public static final OutputBufferLimits DEFAULTS = new OutputBufferLimits(new Limit[] {
        new Limit(0, 0, 0), new Limit(256L << 20, 64L << 20, 60), new Limit(32L << 20, 8L << 20, 60)});

    private final Limit[] limits;

    private OutputBufferLimits(Limit[] limits) {
        this.limits = limits;
    }

    /** Returns the limits of {@code clientClass}. */
    public Limit limit(ClientClass clientClass) {
        return limits[clientClass.ordinal()];
    }

    /**
     * Returns these limits with the classes named in {@code text} changed, as {@code CONFIG SET} does: groups of
     * {@code <class> <hard> <soft> <soft-seconds>}, the class {@code normal}, {@code replica} (or {@code slave}) or
     * {@code pubsub}, the sizes with Redis's optional units ({@code 1k}, {@code 1kb}, {@code 1m}, {@code 1mb},
     * {@code 1g}, {@code 1gb}). All groups are checked before any applies.
     *
     * @throws IllegalArgumentException with Redis's message if {@code text} is not valid
     */
    public OutputBufferLimits with(String text) {
        String trimmed = text.trim();
        String[] words = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (words.length % 4 != 0) {
            throw new IllegalArgumentException("Wrong number of arguments in buffer limit configuration.");
        }
        Limit[] changed = Arrays.copyOf(limits, limits.length);
        for (int i = 0; i < words.length; i += 4) {
            ClientClass c = classNamed(words[i]);
            if (c == null) {
                throw new IllegalArgumentException("Invalid client class specified in buffer limit configuration.");
            }
            long hard = bytes(words[i + 1]);
            long soft = bytes(words[i + 2]);
            long seconds = seconds(words[i + 3]);
            if (hard < 0 || soft < 0 || seconds < 0) {
                throw new IllegalArgumentException(
                        "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            changed[c.ordinal()] = new Limit(hard, soft, seconds);
        }
        return new OutputBufferLimits(changed);
    }

    /** Returns the class named {@code name} in any case ({@code replica} and {@code slave} alike), or null. */
    static ClientClass classNamed(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "normal":
                return ClientClass.NORMAL;
            case "replica": case "slave":
                return ClientClass.REPLICA;
            case "pubsub":
                return ClientClass.PUBSUB;
            default:
                return null;
        }
    }

    /** Parses Redis's {@code memtoull}: digits then an optional unit; -1 if malformed or too large. */
    private static long bytes(String text) {
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        long unit;
        switch (text.substring(digits).toLowerCase(Locale.ROOT)) {
            case "": case "b": unit = 1; break;
            case "k": unit = 1000; break;
            case "kb": unit = 1024; break;
            case "m": unit = 1000 * 1000; break;
            case "mb": unit = 1024 * 1024; break;
            case "g": unit = 1000L * 1000 * 1000; break;
            case "gb": unit = 1024L * 1024 * 1024; break;
            default: return -1;
        }
        if (digits == 0) {
            return -1;
        }
        try {
            return Math.multiplyExact(Long.parseLong(text.substring(0, digits)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    /** Parses a whole number of seconds, with an optional sign as {@code strtoll} takes it; -1 if malformed. */
    private static long seconds(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (ClientClass c : ClientClass.values()) {
            Limit l = limits[c.ordinal()];
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(c.configName()).append(' ').append(l.hardBytes()).append(' ').append(l.softBytes()).append(' ')
                    .append(l.softSeconds());
        }
        return sb.toString();
    }
}
