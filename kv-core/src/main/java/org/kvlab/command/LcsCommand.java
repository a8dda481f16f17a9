package org.kvlab.command;

import static org.kvlab.command.Command.READONLY;

import java.util.ArrayList;
import java.util.List;
import org.kvlab.api.ValueType;
import org.kvlab.protocol.RespWriter;

/**
 * {@code LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]}: the longest common subsequence of two strings,
 * by Redis's dynamic programming table and its walk back from the end, so ties resolve and matches come out as
 * Redis's do.
 */
final class LcsCommand {

    private static final CommandException NOT_STRINGS =
            new CommandException("ERR The specified keys must contain string values");
    private static final CommandException LEN_AND_IDX =
            new CommandException("ERR If you want both the length and indexes, please just use IDX.");
    private static final CommandException TABLE_TOO_LARGE = new CommandException(
            "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
    private static final CommandException NO_MEMORY =
            new CommandException("ERR Insufficient memory, failed allocating transient memory for LCS");
    private static final byte[] EMPTY = new byte[0];

    private final ServerContext context;

    LcsCommand(ServerContext context) {
        this.context = context;
    }

    void register(List<Command> t) {
        new Command.Group(t)
                .add("lcs", -3, READONLY, 1, 2, 1, this::lcs);
    }

    /**
     * A common run of both strings: {@code a[aStart..aEnd]} equals {@code b[bStart..bEnd]}, positions inclusive.
     */
    record Match(int aStart, int aEnd, int bStart, int bEnd) {

        /** Returns the run's length. */
        int length() {
            return aEnd - aStart + 1;
        }
    }

    /**
     * What {@link #compute} found: the length of the longest common subsequence, the subsequence itself (if asked
     * for) and its runs from the end of the strings backwards, those shorter than the minimum left out.
     */
    record Result(int length, byte[] subsequence, List<Match> matches) {
    }

    private void lcs(Session s, byte[][] a, int n, RespWriter w) {
        byte[][] strings = s.keyspace().read(new byte[][] {a[1], a[2]}, view -> {
            ValueType ta = view.lookup(a[1]);
            ValueType tb = view.lookup(a[2]);
            if ((ta != ValueType.NONE && ta != ValueType.STRING) || (tb != ValueType.NONE && tb != ValueType.STRING)) {
                throw NOT_STRINGS;
            }
            byte[] sa = view.string(a[1]);
            byte[] sb = view.string(a[2]);
            return new byte[][] {sa == null ? EMPTY : sa, sb == null ? EMPTY : sb};
        });
        boolean idx = false;
        boolean len = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < n; j++) {
            byte[] option = a[j];
            if (Args.is(option, "idx")) {
                idx = true;
            } else if (Args.is(option, "len")) {
                len = true;
            } else if (Args.is(option, "withmatchlen")) {
                withMatchLen = true;
            } else if (Args.is(option, "minmatchlen") && j + 1 < n) {
                minMatchLen = Math.max(0, Args.toLong(a[++j]));
            } else {
                throw CommandException.SYNTAX;
            }
        }
        if (len && idx) {
            throw LEN_AND_IDX;
        }
        long cells = (strings[0].length + 1L) * (strings[1].length + 1L);
        if (cells * Integer.BYTES > context.maxBulkLength()) {
            throw TABLE_TOO_LARGE;
        }
        Result r;
        try {
            r = compute(strings[0], strings[1], idx || !len, minMatchLen);
        } catch (OutOfMemoryError e) {
            throw NO_MEMORY;
        }
        if (idx) {
            w.mapHeader(2);
            w.bulk("matches");
            w.arrayHeader(r.matches().size());
            for (Match m : r.matches()) {
                w.arrayHeader(withMatchLen ? 3 : 2);
                w.arrayHeader(2);
                w.integer(m.aStart());
                w.integer(m.aEnd());
                w.arrayHeader(2);
                w.integer(m.bStart());
                w.integer(m.bEnd());
                if (withMatchLen) {
                    w.integer(m.length());
                }
            }
            w.bulk("len");
            w.integer(r.length());
        } else if (len) {
            w.integer(r.length());
        } else {
            w.bulk(r.subsequence());
        }
    }

    /**
     * Computes the longest common subsequence of {@code a} and {@code b}; with {@code walk}, also the subsequence
     * and its runs of at least {@code minMatchLen} bytes (0: all), found walking back from the ends as Redis does.
     *
     * @throws OutOfMemoryError if the {@code (a.length + 1) * (b.length + 1)} table does not fit in memory
     */
    static Result compute(byte[] a, byte[] b, boolean walk, long minMatchLen) {
        int alen = a.length;
        int blen = b.length;
        int width = blen + 1;
        long cells = (long) (alen + 1) * width;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new OutOfMemoryError("LCS table of " + cells + " cells");
        }
        int[] table = new int[(int) cells];
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                int at = i * width + j;
                if (a[i - 1] == b[j - 1]) {
                    table[at] = table[at - width - 1] + 1;
                } else {
                    table[at] = Math.max(table[at - width], table[at - 1]);
                }
            }
        }
        int length = table[alen * width + blen];
        if (!walk) {
            return new Result(length, null, List.of());
        }
        byte[] subsequence = new byte[length];
        List<Match> matches = new ArrayList<>();
        int idx = length;
        int i = alen;
        int j = blen;
        // the run being followed backwards; aStart == alen while there is none
        int aStart = alen;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        while (i > 0 && j > 0) {
            boolean emit;
            if (a[i - 1] == b[j - 1]) {
                subsequence[--idx] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else {
                    aStart--;
                    bStart--;
                }
                emit = aStart == 0 || bStart == 0;
                i--;
                j--;
            } else {
                if (table[(i - 1) * width + j] > table[i * width + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                emit = aStart != alen;
            }
            if (emit) {
                if (minMatchLen == 0 || aEnd - aStart + 1 >= minMatchLen) {
                    matches.add(new Match(aStart, aEnd, bStart, bEnd));
                }
                aStart = alen;
            }
        }
        return new Result(length, subsequence, matches);
    }
}
