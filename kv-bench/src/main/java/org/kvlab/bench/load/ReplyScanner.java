package org.kvlab.bench.load;

import java.nio.ByteBuffer;

/**
 * Counts whole RESP2/RESP3 replies in a byte stream without building them: errors ({@code -}, {@code !}) and nulls
 * ({@code $-1}, {@code *-1}, {@code _}) are counted on the side. Keeps a partial reply in its state across calls.
 * Allocates nothing after construction. Not thread-safe: one per connection.
 */
final class ReplyScanner {

    private static final int MAX_DEPTH = 32;

    private enum State { TYPE, LINE, LENGTH, BULK }

    private final long[] pending = new long[MAX_DEPTH];
    private int depth;
    private State state = State.TYPE;
    private byte type;
    private boolean negative;
    private long number;
    private long bulkLeft;
    private long replies;
    private long errors;
    private long nulls;

    /**
     * Consumes every byte of {@code in}.
     *
     * @return how many top-level replies completed in it
     * @throws IllegalStateException if the bytes are not RESP
     */
    int scan(ByteBuffer in) {
        long before = replies;
        while (in.hasRemaining()) {
            switch (state) {
                case TYPE -> {
                    type = in.get();
                    switch (type) {
                        case '$', '*', '%', '~', '>', '=', '!' -> {
                            negative = false;
                            number = 0;
                            state = State.LENGTH;
                        }
                        case '+', '-', ':', '_', ',', '#', '(' -> state = State.LINE;
                        default -> throw new IllegalStateException("not a RESP reply: type byte " + (type & 0xff));
                    }
                }
                case LINE -> {
                    if (skipLine(in)) {
                        if (type == '-') {
                            countError();
                        } else if (type == '_') {
                            countNull();
                        }
                        valueDone();
                    }
                }
                case LENGTH -> {
                    if (readLength(in)) {
                        lengthDone();
                    }
                }
                case BULK -> {
                    int take = (int) Math.min(bulkLeft, in.remaining());
                    in.position(in.position() + take);
                    bulkLeft -= take;
                    if (bulkLeft == 0) {
                        if (type == '!') {
                            countError();
                        }
                        valueDone();
                    }
                }
                default -> throw new AssertionError(state);
            }
        }
        return (int) (replies - before);
    }

    /** Returns the top-level replies seen so far. */
    long replies() {
        return replies;
    }

    /** Returns the error replies seen so far (top level or nested). */
    long errors() {
        return errors;
    }

    /** Returns the null replies seen so far, e.g. GET of an absent key. */
    long nulls() {
        return nulls;
    }

    private void countError() {
        errors++;
    }

    private void countNull() {
        nulls++;
    }

    private boolean skipLine(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (in.get() == '\n') {
                return true;
            }
        }
        return false;
    }

    private boolean readLength(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                if (negative) {
                    number = -number;
                }
                return true;
            } else if (b == '-') {
                negative = true;
            } else if (b >= '0' && b <= '9') {
                number = number * 10 + (b - '0');
            } else if (b != '\r') {
                throw new IllegalStateException("not a RESP length: byte " + (b & 0xff));
            }
        }
        return false;
    }

    private void lengthDone() {
        if (number < 0) {
            countNull();
            valueDone();
            return;
        }
        switch (type) {
            case '$', '=', '!' -> {
                bulkLeft = number + 2;
                state = State.BULK;
            }
            default -> {
                long elements = type == '%' ? number * 2 : number;
                if (elements == 0) {
                    valueDone();
                } else {
                    if (depth == MAX_DEPTH) {
                        throw new IllegalStateException("RESP reply nested deeper than " + MAX_DEPTH);
                    }
                    pending[depth++] = elements;
                    state = State.TYPE;
                }
            }
        }
    }

    private void valueDone() {
        state = State.TYPE;
        while (depth > 0) {
            if (--pending[depth - 1] > 0) {
                return;
            }
            depth--;
        }
        replies++;
    }
}
