package org.kvlab.command;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The error replies sent, by error code, for {@code INFO errorstats} and {@code total_error_replies}: the code is
 * the error's first word when a space ends it within 32 characters, else {@code ERR}, as Redis's
 * {@code afterErrorReply}.
 *
 * <p>Thread-safe.
 */
final class ErrorStats {

    private static final int MAX_CODE_LENGTH = 32;

    private final ConcurrentHashMap<String, LongAdder> byCode = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    /** Counts one error reply whose text, after the {@code -}, is {@code message}. */
    void replied(String message) {
        total.increment();
        int space = message.indexOf(' ');
        String code = space >= 0 && space < MAX_CODE_LENGTH ? message.substring(0, space) : "ERR";
        LongAdder count = byCode.get(code);
        if (count == null) {
            count = byCode.computeIfAbsent(code, c -> new LongAdder());
        }
        count.increment();
    }

    /** Returns how many error replies were sent since start or reset. */
    long total() {
        return total.sum();
    }

    /** Returns the count of each error code seen, sorted by code. */
    Map<String, Long> byCode() {
        Map<String, Long> sorted = new TreeMap<>();
        byCode.forEach((code, count) -> sorted.put(code, count.sum()));
        return sorted;
    }

    void reset() {
        total.reset();
        byCode.clear();
    }
}
