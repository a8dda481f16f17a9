package org.kvlab.command;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.kvlab.api.LongDouble;

/**
 * The timeouts of blocking commands, read as Redis 7.0's {@code getTimeoutFromObjectOrReply} reads them: in seconds
 * a {@code long double} ({@code BLPOP}), in milliseconds an integer ({@code WAIT}); 0 means no timeout.
 */
final class Timeouts {

    static final CommandException NEGATIVE = new CommandException("ERR timeout is negative");
    static final CommandException NOT_FLOAT = new CommandException("ERR timeout is not a float or out of range");
    static final CommandException NOT_INTEGER =
            new CommandException("ERR timeout is not an integer or out of range");

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Timeouts() {
    }

    /**
     * Reads a timeout in seconds and returns it in milliseconds: {@code ceill(seconds * 1000.0)} in {@code long double}
     * arithmetic, converted to a {@code long long} as x86-64 does (a value out of its range, or infinite, becomes its
     * minimum, so "negative").
     *
     * @throws CommandException "timeout is not a float or out of range" or "timeout is negative"
     */
    static long seconds(byte[] arg) {
        BigDecimal seconds;
        try {
            seconds = LongDouble.parse(arg);
        } catch (NumberFormatException e) {
            throw NOT_FLOAT;
        } catch (LongDouble.InfiniteException e) {
            throw NEGATIVE;
        }
        BigDecimal product = LongDouble.round(seconds.multiply(THOUSAND));
        if (product == null) {
            throw NEGATIVE;
        }
        BigDecimal millis = product.setScale(0, RoundingMode.CEILING);
        if (millis.compareTo(LONG_MIN) < 0 || millis.compareTo(LONG_MAX) > 0 || millis.signum() < 0) {
            throw NEGATIVE;
        }
        return millis.longValueExact();
    }

    /**
     * Reads a timeout in milliseconds, a 64-bit integer.
     *
     * @throws CommandException "timeout is not an integer or out of range" or "timeout is negative"
     */
    static long millis(byte[] arg) {
        long millis;
        try {
            millis = Args.toLong(arg);
        } catch (CommandException e) {
            throw NOT_INTEGER;
        }
        if (millis < 0) {
            throw NEGATIVE;
        }
        return millis;
    }
}
