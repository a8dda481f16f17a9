package org.kvlab.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The commands that ran longer than {@code slowlog-log-slower-than} microseconds, newest first, at most
 * {@code slowlog-max-len} of them ({@code SLOWLOG}). An entry keeps at most 32 arguments and 128 bytes of each, with
 * Redis's {@code "... (N more arguments)"} and {@code "... (N more bytes)"} in place of the rest.
 *
 * <p>Thread-safe: entries are added under the log's lock, which only commands slower than the threshold take.
 */
final class SlowLog {

    private static final int MAX_ARGS = 32;
    private static final int MAX_ARG_BYTES = 128;

    /** One slow command: its id, when it ran (Unix seconds), for how long (µs), its arguments and its client. */
    record Entry(long id, long timestamp, long micros, byte[][] args, String address, String clientName) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;
    private volatile long slowerThanMicros = 10_000;
    private volatile int maxLength = 128;

    /** Returns {@code slowlog-log-slower-than}: commands taking at least this many µs are logged; negative: none. */
    long slowerThanMicros() {
        return slowerThanMicros;
    }

    void slowerThanMicros(long micros) {
        this.slowerThanMicros = micros;
    }

    /** Returns {@code slowlog-max-len}: how many entries are kept. */
    int maxLength() {
        return maxLength;
    }

    synchronized void maxLength(int length) {
        this.maxLength = length;
        trim();
    }

    /** Returns whether a command that ran {@code micros} µs is logged. */
    boolean isSlow(long micros) {
        long threshold = slowerThanMicros;
        return threshold >= 0 && micros >= threshold;
    }

    /** Logs the command {@code args[0..argc)} that ran {@code micros} µs, if it is slow enough. */
    void add(byte[][] args, int argc, long micros, long epochSeconds, String address, String clientName) {
        if (!isSlow(micros)) {
            return;
        }
        int kept = Math.min(argc, MAX_ARGS);
        byte[][] copy = new byte[kept][];
        for (int i = 0; i < kept; i++) {
            if (i == kept - 1 && kept < argc) {
                copy[i] = ("... (" + (argc - kept + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (args[i].length > MAX_ARG_BYTES) {
                String more = "... (" + (args[i].length - MAX_ARG_BYTES) + " more bytes)";
                byte[] cut = new byte[MAX_ARG_BYTES + more.length()];
                System.arraycopy(args[i], 0, cut, 0, MAX_ARG_BYTES);
                System.arraycopy(more.getBytes(StandardCharsets.US_ASCII), 0, cut, MAX_ARG_BYTES, more.length());
                copy[i] = cut;
            } else {
                copy[i] = args[i].clone();
            }
        }
        synchronized (this) {
            entries.addFirst(new Entry(nextId++, epochSeconds, micros, copy, address, clientName));
            trim();
        }
    }

    private void trim() {
        while (entries.size() > maxLength) {
            entries.removeLast();
        }
    }

    /** Returns the newest {@code count} entries, newest first. */
    synchronized List<Entry> newest(long count) {
        List<Entry> list = new ArrayList<>();
        Iterator<Entry> it = entries.iterator();
        while (list.size() < count && it.hasNext()) {
            list.add(it.next());
        }
        return list;
    }

    synchronized int length() {
        return entries.size();
    }

    /** Forgets every entry; ids keep counting. */
    synchronized void reset() {
        entries.clear();
    }
}
