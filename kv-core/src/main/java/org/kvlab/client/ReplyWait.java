package org.kvlab.client;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * How long a server may hold the reply of a blocking command on purpose, read from the command's own timeout
 * argument: {@code BLPOP}, {@code BRPOP}, {@code BZPOPMIN}, {@code BZPOPMAX} (the last), {@code BLMOVE},
 * {@code BRPOPLPUSH}, {@code BLMPOP}, {@code BZMPOP} (in seconds) and {@code WAIT} (in milliseconds). The client's
 * timeout counts from then on, so it never fires before the server's.
 */
final class ReplyWait {

    /** The command may wait for ever (a timeout of 0). */
    static final long FOREVER = -1;

    private ReplyWait() {
    }

    /**
     * Returns how long the server may hold the reply to {@code args} in nanoseconds: 0 for a command that does not
     * block (or whose timeout the server will refuse), {@link #FOREVER} for a timeout of 0.
     */
    static long nanos(Object[] args) {
        Object first = args[0];
        int length = first instanceof String s ? s.length() : ((byte[]) first).length;
        if (length < 4 || length > 10) {
            return 0;
        }
        int c = (first instanceof String s ? s.charAt(0) : ((byte[]) first)[0]) | 0x20;
        if (c != 'b' && c != 'w') {
            return 0;
        }
        String name = (first instanceof String s ? s : new String((byte[]) first, StandardCharsets.ISO_8859_1))
                .toUpperCase(Locale.ROOT);
        switch (name) {
            case "BLPOP": case "BRPOP": case "BZPOPMIN": case "BZPOPMAX":
                return seconds(args, args.length - 1);
            case "BLMOVE":
                return seconds(args, 5);
            case "BRPOPLPUSH":
                return seconds(args, 3);
            case "BLMPOP": case "BZMPOP":
                return seconds(args, 1);
            case "WAIT":
                return args.length < 3 ? 0 : wait(text(args[2]), 1_000_000);
            default:
                return 0;
        }
    }

    /**
     * Returns how long the server may hold the replies to {@code commands}, sent together: the sum of their waits,
     * {@link #FOREVER} if one may wait for ever; nothing between {@code MULTI} and {@code EXEC}, where no command
     * blocks.
     */
    static long nanos(List<? extends Object[]> commands) {
        long total = 0;
        boolean queued = false;
        for (Object[] command : commands) {
            Object name = command[0];
            if (named(name, "MULTI")) {
                queued = true;
            } else if (named(name, "EXEC") || named(name, "DISCARD")) {
                queued = false;
            } else if (!queued) {
                long wait = nanos(command);
                if (wait == FOREVER) {
                    return FOREVER;
                }
                total = Math.min(Long.MAX_VALUE / 4, total + wait);
            }
        }
        return total;
    }

    private static long seconds(Object[] args, int at) {
        return at < 1 || at >= args.length ? 0 : wait(text(args[at]), 1_000_000_000);
    }

    /**
     * Returns whether {@code arg}, a {@code String} or its bytes, is the command {@code name} (upper-case letters) in
     * any case; without building a {@code String}, as this runs for every command sent.
     */
    private static boolean named(Object arg, String name) {
        if (arg instanceof String s) {
            return s.equalsIgnoreCase(name);
        }
        byte[] bytes = (byte[]) arg;
        if (bytes.length != name.length()) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((bytes[i] & ~0x20) != name.charAt(i)) { // a letter's two cases differ in bit 5 alone
                return false;
            }
        }
        return true;
    }

    private static String text(Object arg) {
        return arg instanceof String s ? s : new String((byte[]) arg, StandardCharsets.ISO_8859_1);
    }

    /** Returns {@code value} units in nanoseconds, saturated; FOREVER for 0; 0 for what is no number or negative. */
    private static long wait(String value, long nanosPerUnit) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(value);
        } catch (NumberFormatException e) {
            return 0;
        }
        if (amount.signum() == 0) {
            return FOREVER;
        }
        if (amount.signum() < 0) {
            return 0;
        }
        BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
        return nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 4)) >= 0 ? FOREVER : nanos.longValue();
    }
}
