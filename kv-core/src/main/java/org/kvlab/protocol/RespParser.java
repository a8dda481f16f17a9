package org.kvlab.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An incremental parser of Redis requests, one per connection: RESP multibulk commands
 * ({@code *N\r\n$len\r\n<bytes>\r\n...}) and inline commands (a line of words, with the quoting rules of Redis's
 * {@code sdssplitargs}), behaving as Redis 7's {@code processMultibulkBuffer} and {@code processInlineBuffer}.
 *
 * <p>Each call to {@link #parse} consumes every byte it is given. A command that is not complete yet is kept in
 * the parser's own state, so a large bulk arriving in many small reads is copied once into its argument array and
 * never scanned again. Memory held for a partial command is bounded by the bytes received for it: nothing is sized
 * from a count or length the client claims; a bulk's array starts at what has arrived plus 64 KiB and doubles as
 * data arrives, up to the announced length, so it never exceeds twice the bytes received plus 64 KiB.
 *
 * <p>Commands lying whole in the buffer take a fast path that reads them back to back, costing one allocation per
 * argument but the name, which is shared with the previous command when its bytes are the same and at most 8
 * (see {@link CommandSink}), and but the arguments read into arrays a sink gave back ({@link #reuseArguments}).
 * It reads a heap buffer's array directly; a buffer without an accessible array (direct or
 * read-only) is first copied, a 16 KiB window at a time, into an array kept per thread, not per connection, so
 * that idle connections hold nothing for it. Whatever the fast path does not take (a command cut by the end of
 * the buffer, inline commands, anything malformed or beyond a limit) is left to the byte-by-byte state machine,
 * which continues from where the fast path stopped; so the commands and errors never depend on which path read
 * them, nor on how the bytes were split.
 *
 * <p>Errors carry Redis's texts (see {@link ProtocolException}). Where this parser differs from Redis:
 * <ul>
 *   <li>Redis scans for line ends with {@code strchr}, which stops at a NUL byte, so a NUL in a header or inline
 *       line makes Redis wait for more data until "too big ..." ; here a NUL is an ordinary byte of a header (so the
 *       header is invalid at once) and ends the word list of an inline line, as {@code sdssplitargs} does.</li>
 *   <li>Line length limits are applied to the line itself, whatever the reads it came in, so that the result
 *       never depends on how the bytes were split: a header or inline line longer than
 *       {@link ProtocolLimits#maxInlineLength()} (not counting {@code \n}) is "too big".</li>
 *   <li>Redis closes a client whose query buffer exceeds {@code client-query-buffer-limit} without a reply; here
 *       the first byte that makes one command longer than {@link ProtocolLimits#maxQueryBufferLength()} throws
 *       {@code ProtocolException("query buffer limit exceeded")}, and the caller may choose to close silently.</li>
 * </ul>
 * As in Redis, the two bytes after a bulk and the byte after a header's {@code \r} are skipped unchecked.
 *
 * <p>Not thread-safe: one connection, one thread at a time.
 */
public final class RespParser {

    private static final int START = 0;
    private static final int INLINE = 1;
    private static final int COUNT = 2;
    private static final int COUNT_LF = 3;
    private static final int BULK_HEADER = 4;
    private static final int BULK_HEADER_LF = 5;
    private static final int BULK_DATA = 6;
    private static final int BULK_CRLF = 7;

    private static final int NUM_EMPTY = 0;
    private static final int NUM_MINUS = 1;
    private static final int NUM_ZERO = 2;
    private static final int NUM_DIGITS = 3;
    private static final int NUM_BAD = 4;

    private static final int INITIAL_ARGS = 16;
    /** How many command names a parser keeps to hand out again ({@link #name}). */
    private static final int RECENT_NAMES = 4;
    private static final int MAX_KEPT_ARGS = 1024;
    /**
     * The argument positions, after the name, whose arrays {@link #reuseArguments} keeps for later commands: enough for
     * an MSET of 15 pairs.
     */
    private static final int SPARE_POSITIONS = 31;
    /** The most bytes of argument arrays {@link #reuseArguments} keeps for later commands, at all positions. */
    private static final int MAX_SPARE_BYTES = 3 * 1024;
    private static final int BULK_HEADROOM = 64 * 1024;
    /** The size of a thread's {@link Window}. */
    private static final int WINDOW_BYTES = 16 * 1024;
    /** The fewest bytes ahead of the fast path a window is refilled to hold, when there are that many. */
    private static final int WINDOW_AHEAD = 1024;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<Window> WINDOW = ThreadLocal.withInitial(Window::new);
    /** The largest array a JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final ProtocolLimits limits;
    private boolean authenticated = true;

    private int state = START;
    /** Bytes of the current command counted before {@link #segmentStart} of the current call. */
    private long held;
    private int segmentStart;
    private long startNanos = -1;

    private byte[][] args = new byte[INITIAL_ARGS][];
    private int argc;
    /**
     * By argument position, an array a sink left in place and that a later argument of its length is read into;
     * null until {@link #reuseArguments}.
     */
    private byte[][] spares;
    /** The bytes of the arrays in {@link #spares}. */
    private int spareBytes;
    private int multibulkLeft;

    private int headerLength;
    private byte headerFirst;
    private int numState;
    private boolean numNegative;
    private long numValue;

    private byte[] bulk;
    private int bulkLength;
    private int bulkFill;
    private int crlfLeft;

    /**
     * The last {@value #RECENT_NAMES} distinct command names, each handed out again for the same bytes (so a
     * connection alternating SET and GET copies neither name), the oldest replaced by a new one.
     */
    private final byte[][] recentNames = new byte[RECENT_NAMES][];
    /** The bytes of each of {@link #recentNames} of at most 8 bytes as a little-endian long. */
    private final long[] recentNameWords = new long[RECENT_NAMES];
    /** Where in {@link #recentNames} the next new name goes. */
    private int nextName;

    /** What the fast path reads during a parse call: the buffer's array, or a window on it; null when neither. */
    private byte[] view;
    /** The buffer position that view[0] stands for (minus the array offset for a heap buffer). */
    private int viewStart;
    /** The buffer position after the last byte the view holds. */
    private int viewEnd;
    /** This thread's window while this parser uses it, or null. */
    private Window window;

    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] word = new byte[64];

    /**
     * Creates a parser for one connection, authenticated until told otherwise.
     *
     * @param limits the limits to enforce; not null
     * @throws NullPointerException if {@code limits} is null
     */
    public RespParser(ProtocolLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Sets whether the client has authenticated. When not, the unauthenticated limits of {@link ProtocolLimits}
     * apply to the headers parsed from then on (Redis: when {@code requirepass} is set and AUTH has not succeeded).
     *
     * @param authenticated whether the client has authenticated
     */
    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /**
     * Makes this parser reuse the argument arrays that a sink leaves in place: after
     * {@link CommandSink#onCommand} returns, each element of {@code args} but the name that the sink did not set to
     * {@code null} may become, overwritten, the same-length argument at the same position of a later command. A
     * sink that keeps an argument array sets its element to {@code null} before it returns. So a connection whose
     * commands copy what they keep reads them without allocating. Only the first {@value #SPARE_POSITIONS}
     * arguments after the name are kept for reuse, and no more than {@value #MAX_SPARE_BYTES} bytes of them in all:
     * what an idle connection holds stays small.
     */
    public void reuseArguments() {
        if (spares == null) {
            spares = new byte[SPARE_POSITIONS + 1][];
        }
    }

    /**
     * Returns whether part of a command has been received but not completed yet.
     *
     * @return whether a command is partially received
     */
    public boolean hasPartialCommand() {
        return state != START;
    }

    /**
     * Returns the {@link System#nanoTime()} of the parse call that received the first byte of the current partial
     * command, or -1 when there is none. A server uses it for a deadline on commands sent a byte at a time.
     *
     * @return the nano time the partial command started, or -1
     */
    public long partialCommandStartNanos() {
        return state == START ? -1 : startNanos;
    }

    /**
     * Returns the number of bytes received so far for the unfinished command, 0 when there is none (Redis's
     * {@code qbuf}).
     *
     * @return bytes received for the partial command
     */
    public long bufferedBytes() {
        return state == START ? 0 : held;
    }

    /**
     * Returns the bytes this parser allocated for the unfinished command's bulk argument and has not filled yet: the
     * query buffer's spare room (Redis's {@code qbuf-free}), 0 when no argument is partly received.
     *
     * @return bytes allocated and not yet received
     */
    public long spareBytes() {
        return state == START || bulk == null || bulkFill >= bulk.length ? 0 : bulk.length - bulkFill;
    }

    /**
     * Parses every complete command in {@code in} from its position to its limit, delivering each to {@code sink},
     * and consumes all the bytes: the start of a command not complete yet is kept in this parser. Returns early,
     * with {@code in.position()} just after the command, when the sink returns {@code false}. Works on heap and
     * direct buffers; does not keep a reference to {@code in}.
     *
     * @param in   the bytes received; its position is advanced
     * @param sink receives the complete commands; not null
     * @throws ProtocolException after delivering the complete commands before the bad byte, when the bytes
     *                           violate the protocol or a limit; the parser is then reset, and the connection
     *                           should be closed; {@code in.position()} is then unspecified
     * @throws NullPointerException if an argument is null
     */
    public void parse(ByteBuffer in, CommandSink sink) throws ProtocolException {
        Objects.requireNonNull(sink, "sink");
        int pos = in.position();
        final int lim = in.limit();
        segmentStart = pos;
        openView(in, lim);
        try {
            while (pos < lim) {
                // the command may take up to maxQueryBufferLength bytes: end is where its first excess byte would be
                int end = (int) Math.min(lim, segmentStart + (limits.maxQueryBufferLength() - held));
                if (pos == end) {
                    throw new ProtocolException("query buffer limit exceeded");
                }
                switch (state) {
                    case START:
                        if (in.get(pos) == '*') {
                            int next = fastCommands(in, pos, lim, sink);
                            if (next < 0) {
                                return;
                            }
                            if (next != pos) {
                                pos = next;
                                break;
                            }
                            pos++;
                            state = COUNT;
                            headerLength = 1;
                            resetNumber();
                        } else {
                            state = INLINE;
                            lineLength = 0;
                        }
                        break;
                    case COUNT:
                        pos = scanHeader(in, pos, end, COUNT_LF, "too big mbulk count string");
                        break;
                    case COUNT_LF:
                        pos++;
                        if (!startMultibulk(numberOrInvalid())) {
                            completeWithoutCommand(pos);
                        }
                        break;
                    case BULK_HEADER:
                        if (headerLength == 0) {
                            int next = fastMultibulk(in, pos, end, false);
                            if (next != pos) {
                                pos = next;
                                if (multibulkLeft == 0 && !deliver(in, pos, sink)) {
                                    return;
                                }
                                break;
                            }
                            headerFirst = in.get(pos++);
                            headerLength = 1;
                            if (headerFirst == '\r') {
                                state = BULK_HEADER_LF;
                                break;
                            }
                        }
                        pos = scanHeader(in, pos, end, BULK_HEADER_LF, "too big bulk count string");
                        break;
                    case BULK_HEADER_LF:
                        pos++;
                        startBulk(pos, end);
                        if (bulkLength == 0) {
                            state = BULK_CRLF;
                            crlfLeft = 2;
                        }
                        break;
                    case BULK_DATA:
                        pos = copyBulk(in, pos, end);
                        break;
                    case BULK_CRLF: {
                        int skip = Math.min(crlfLeft, end - pos);
                        pos += skip;
                        crlfLeft -= skip;
                        if (crlfLeft == 0 && addBulk() && !deliver(in, pos, sink)) {
                            return;
                        }
                        break;
                    }
                    case INLINE:
                        pos = scanInline(in, pos, end);
                        if (state == START && argc > 0 && !deliver(in, pos, sink)) {
                            return;
                        }
                        break;
                    default:
                        throw new IllegalStateException("state " + state);
                }
            }
            in.position(pos);
            if (state != START) {
                held += lim - segmentStart;
                segmentStart = lim;
                if (startNanos == -1) {
                    startNanos = System.nanoTime();
                }
            }
        } catch (ProtocolException e) {
            reset();
            throw e;
        } finally {
            closeView();
        }
    }

    /** Ends a command that has no arguments: {@code *0}, {@code *-1}, an empty inline line. */
    private void completeWithoutCommand(int pos) {
        state = START;
        held = 0;
        segmentStart = pos;
        startNanos = -1;
    }

    private int scanHeader(ByteBuffer in, int pos, int lim, int next, String tooBig) throws ProtocolException {
        int max = limits.maxInlineLength();
        while (pos < lim) {
            byte b = in.get(pos++);
            if (b == '\r') {
                state = next;
                return pos;
            }
            if (++headerLength > max) {
                throw new ProtocolException(tooBig);
            }
            numberByte(b);
        }
        return pos;
    }

    private void resetNumber() {
        numState = NUM_EMPTY;
        numNegative = false;
        numValue = 0;
    }

    /** One more byte of a decimal, by the rules of Redis's {@code string2ll}: no sign but '-', no leading zero. */
    private void numberByte(byte b) {
        int digit = b - '0';
        boolean isDigit = digit >= 0 && digit <= 9;
        switch (numState) {
            case NUM_EMPTY:
                if (b == '-') {
                    numNegative = true;
                    numState = NUM_MINUS;
                } else if (digit == 0) {
                    numState = NUM_ZERO;
                } else {
                    numState = isDigit ? NUM_DIGITS : NUM_BAD;
                    numValue = digit;
                }
                break;
            case NUM_MINUS:
                numState = isDigit && digit != 0 ? NUM_DIGITS : NUM_BAD;
                numValue = digit;
                break;
            case NUM_DIGITS:
                if (isDigit && numValue <= (Long.MAX_VALUE - digit) / 10) {
                    numValue = numValue * 10 + digit;
                } else {
                    numState = NUM_BAD;
                }
                break;
            default:
                numState = NUM_BAD;
                break;
        }
    }

    /** The header's number, or {@link Long#MIN_VALUE} when it is not one. */
    private long numberOrInvalid() {
        if (numState == NUM_ZERO) {
            return 0;
        }
        if (numState != NUM_DIGITS) {
            return Long.MIN_VALUE;
        }
        return numNegative ? -numValue : numValue;
    }

    /** Validates a multibulk count; returns whether arguments follow. */
    private boolean startMultibulk(long count) throws ProtocolException {
        if (count == Long.MIN_VALUE || count > limits.maxMultibulkLength()) {
            throw new ProtocolException("invalid multibulk length");
        }
        if (!authenticated && count > limits.unauthenticatedMaxMultibulk()) {
            throw new ProtocolException("unauthenticated multibulk length");
        }
        if (count <= 0) {
            return false;
        }
        multibulkLeft = (int) count;
        argc = 0;
        state = BULK_HEADER;
        headerLength = 0;
        resetNumber();
        return true;
    }

    /**
     * Points {@link #view} at the bytes of {@code in} for the fast path, for the rest of this parse call: the
     * buffer's own array when it has one; otherwise this thread's {@link Window}, filled on demand, or nothing when
     * that window is already in use by a parse further up this thread's stack.
     */
    private void openView(ByteBuffer in, int lim) {
        if (in.hasArray()) {
            view = in.array();
            viewStart = -in.arrayOffset();
            viewEnd = lim;
        } else {
            Window w = WINDOW.get();
            if (!w.inUse) {
                w.inUse = true;
                window = w;
                view = w.bytes;
            }
            viewStart = 0;
            viewEnd = 0;
        }
    }

    /** Lets go of the buffer and the window, so that nothing is kept after a parse call. */
    private void closeView() {
        view = null;
        if (window != null) {
            window.inUse = false;
            window = null;
        }
    }

    /**
     * Makes the view hold in[pos, ...) with at least {@link #WINDOW_AHEAD} bytes, or all up to end if fewer;
     * returns false when there is no view.
     */
    private boolean viewFrom(ByteBuffer in, int pos, int end) {
        if (window == null) {
            return view != null;
        }
        if (pos < viewStart || viewEnd - pos < Math.min(WINDOW_AHEAD, end - pos)) {
            fillWindow(in, pos, end);
        }
        return true;
    }

    private void fillWindow(ByteBuffer in, int pos, int end) {
        int n = Math.min(end - pos, view.length);
        in.get(pos, view, 0, n);
        viewStart = pos;
        viewEnd = pos + n;
    }

    /**
     * The fast path of a multibulk: when {@code count}, reads a well-formed {@code *N\r?} with 0 < N within the
     * limits at pos, as the state machine would, starting the multibulk; then reads the arguments that lie whole and
     * well-formed within the limits in in[pos, end) back to back, leaving the parser in the state the state machine
     * would be in after them ({@link #multibulkLeft} 0 when the command is complete). Returns the position after
     * what it read: pos itself when it read nothing, and then it changed nothing.
     */
    private int fastMultibulk(ByteBuffer in, int pos, int end, boolean count) throws ProtocolException {
        if (!viewFrom(in, pos, end)) {
            return pos;
        }
        int i = pos - viewStart;
        if (count) {
            i = fastCount(view, i, Math.min(viewEnd, end) - viewStart);
            if (i < 0) {
                return pos;
            }
        }
        i = fastBulks(view, i, Math.min(viewEnd, end) - viewStart);
        // a window cut the next argument short: slide it there, once per argument that does not fit
        while (window != null && multibulkLeft > 0 && viewEnd < end && i > 0) {
            fillWindow(in, i + viewStart, end);
            i = fastBulks(view, 0, Math.min(viewEnd, end) - viewStart);
        }
        return i + viewStart;
    }

    /**
     * The fast path from START: reads and delivers the commands lying whole and well-formed within the limits in
     * in[pos, lim) back to back (see {@link #fastMultibulk}), up to the first that is not, of which it reads what it
     * can. Returns the position after what it read, pos itself when nothing, or its complement ({@code ~position},
     * negative) when the sink asked to stop, with {@code in} positioned after that command.
     */
    private int fastCommands(ByteBuffer in, int pos, int lim, CommandSink sink) throws ProtocolException {
        long maxQuery = limits.maxQueryBufferLength();
        while (true) {
            // as in parse, at START: the command's first excess byte would be at pos + maxQuery
            int end = (int) Math.min(lim, pos + maxQuery);
            int next = fastMultibulk(in, pos, end, true);
            if (next == pos || multibulkLeft > 0) {
                return next;
            }
            pos = next;
            if (!deliver(in, pos, sink)) {
                return ~pos;
            }
        }
    }

    /**
     * Reads {@code *N\r?} with a positive N of at most 9 digits within the limits at a[i] before {@code to} and
     * starts the multibulk; returns the index after it, or -1 having changed nothing.
     */
    private int fastCount(byte[] a, int i, int to) throws ProtocolException {
        if (to - i < 4 || a[i] != '*') {
            return -1;
        }
        int p = i + 1;
        long count = a[p] - '0';
        if (count < 1 || count > 9) {
            return -1;
        }
        if (a[++p] != '\r') {
            // more than one digit: a loop, which costs more than the one-digit counts most commands have
            int digitsEnd = Math.min(to - 1, i + 11);
            while (p < digitsEnd) {
                int digit = a[p] - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                count = count * 10 + digit;
                p++;
            }
            if (p == digitsEnd || a[p] != '\r') {
                return -1;
            }
        }
        if (p - i > limits.maxInlineLength() || count > limits.maxMultibulkLength()
                || !authenticated && count > limits.unauthenticatedMaxMultibulk()) {
            return -1;
        }
        startMultibulk(count);
        return p + 2;
    }

    /**
     * Reads the bulks {@code $len\r?<data>??} lying whole in a[i, to), with a length of at most 9 digits and no
     * leading zero within the limits and a header within the line limit, as arguments of the current multibulk,
     * until it is complete; returns the index after the last one read.
     */
    private int fastBulks(byte[] a, int i, int to) {
        long maxLength = authenticated ? limits.maxBulkLength()
                : Math.min(limits.maxBulkLength(), limits.unauthenticatedMaxBulk());
        int maxHeader = limits.maxInlineLength();
        while (multibulkLeft > 0 && to - i >= 6 && a[i] == '$') {
            // "$<d>\r" and "$<d><d>\r" without a loop, as most lengths are; longer ones with one
            int p = i + 1;
            long length = a[p] - '0';
            if (length < 0 || length > 9) {
                break;
            }
            if (a[++p] != '\r') {
                int digit = a[p] - '0';
                if (length == 0 || digit < 0 || digit > 9) {
                    break;
                }
                length = length * 10 + digit;
                if (a[++p] != '\r') {
                    int digitsEnd = Math.min(to - 1, i + 11);
                    while (p < digitsEnd) {
                        digit = a[p] - '0';
                        if (digit < 0 || digit > 9) {
                            break;
                        }
                        length = length * 10 + digit;
                        p++;
                    }
                    if (p == digitsEnd || a[p] != '\r') {
                        break;
                    }
                }
            }
            int data = p + 2;
            if (p - i > maxHeader || length > maxLength || length > to - 2 - data) {
                break;
            }
            int dataEnd = data + (int) length;
            addArg(argc == 0 ? name(a, data, dataEnd) : argument(a, data, dataEnd));
            multibulkLeft--;
            i = dataEnd + 2;
        }
        return i;
    }

    /**
     * The command name a[from, to): one of the recent names' arrays when the bytes are the same, else a copy, which
     * becomes one of them in place of the oldest.
     */
    private byte[] name(byte[] a, int from, int to) {
        int n = to - from;
        // up to 8 bytes compared as one word: a loop over so few bytes costs more than the rest of the command
        boolean asWord = n <= Long.BYTES && from + Long.BYTES <= a.length;
        long word = asWord ? (long) LONG_LE.get(a, from) & (n == 0 ? 0 : -1L >>> (Long.SIZE - Byte.SIZE * n)) : 0;
        for (int i = 0; i < RECENT_NAMES; i++) {
            byte[] recent = recentNames[i];
            if (recent != null && recent.length == n
                    && (asWord ? recentNameWords[i] == word : Arrays.equals(recent, 0, n, a, from, to))) {
                return recent;
            }
        }
        byte[] name = Arrays.copyOfRange(a, from, to);
        recentNames[nextName] = name;
        recentNameWords[nextName] = n <= Long.BYTES ? littleEndianWord(name) : 0;
        nextName = (nextName + 1) % RECENT_NAMES;
        return name;
    }

    /** Returns the bytes of {@code name}, at most 8, as a little-endian long, zero above them. */
    private static long littleEndianWord(byte[] name) {
        long word = 0;
        for (int i = name.length - 1; i >= 0; i--) {
            word = word << Byte.SIZE | (name[i] & 0xFF);
        }
        return word;
    }

    /** The argument a[from, to) at position {@link #argc}: copied into a spare array of its length, else a new one. */
    private byte[] argument(byte[] a, int from, int to) {
        byte[] spare = spare(to - from);
        if (spare == null) {
            return Arrays.copyOfRange(a, from, to);
        }
        System.arraycopy(a, from, spare, 0, to - from);
        return spare;
    }

    /** Takes the spare array of {@code length} bytes kept for position {@link #argc}, or returns null. */
    private byte[] spare(int length) {
        if (spares == null || argc >= spares.length) {
            return null;
        }
        byte[] spare = spares[argc];
        if (spare == null || spare.length != length) {
            return null;
        }
        spares[argc] = null;
        spareBytes -= length;
        return spare;
    }

    /**
     * Keeps, for later commands, the argument arrays the sink left in args[1, n), each in place of the spare of its
     * position while the spares stay within {@value #MAX_SPARE_BYTES} bytes.
     */
    private void keepSpares(int n) {
        for (int i = 1, end = Math.min(n, spares.length); i < end; i++) {
            byte[] arg = args[i];
            if (arg == null) {
                continue;
            }
            int others = spareBytes - (spares[i] == null ? 0 : spares[i].length);
            if (others + arg.length <= MAX_SPARE_BYTES) {
                spares[i] = arg;
                spareBytes = others + arg.length;
            }
        }
    }

    private void startBulk(int pos, int lim) throws ProtocolException {
        if (headerFirst != '$') {
            char got = (char) (headerFirst & 0xFF);
            if (got == '\r' || got == '\n') {
                got = ' ';
            }
            throw new ProtocolException("expected '$', got '" + got + "'");
        }
        long length = numberOrInvalid();
        if (length < 0 || length > limits.maxBulkLength() || length > MAX_ARRAY) {
            throw new ProtocolException("invalid bulk length");
        }
        if (!authenticated && length > limits.unauthenticatedMaxBulk()) {
            throw new ProtocolException("unauthenticated bulk length");
        }
        bulkLength = (int) length;
        bulkFill = 0;
        byte[] spare = argc == 0 ? null : spare(bulkLength);
        bulk = spare != null ? spare : new byte[(int) Math.min(length, (long) (lim - pos) + BULK_HEADROOM)];
        state = BULK_DATA;
    }

    private int copyBulk(ByteBuffer in, int pos, int lim) {
        int n = Math.min(bulkLength - bulkFill, lim - pos);
        if (bulkFill + n > bulk.length) {
            long grown = Math.max((long) bulk.length * 2, (long) bulkFill + n);
            bulk = Arrays.copyOf(bulk, (int) Math.min(grown, bulkLength));
        }
        in.get(pos, bulk, bulkFill, n);
        bulkFill += n;
        if (bulkFill == bulkLength) {
            state = BULK_CRLF;
            crlfLeft = 2;
        }
        return pos + n;
    }

    /** Adds the finished bulk to the arguments; returns whether the command is complete. */
    private boolean addBulk() {
        addArg(bulk);
        bulk = null;
        if (--multibulkLeft == 0) {
            return true;
        }
        state = BULK_HEADER;
        headerLength = 0;
        resetNumber();
        return false;
    }

    private void addArg(byte[] arg) {
        if (argc == args.length) {
            args = Arrays.copyOf(args, args.length * 2);
        }
        args[argc++] = arg;
    }

    /** Delivers the complete command in args; returns the sink's answer, with in positioned after it. */
    private boolean deliver(ByteBuffer in, int pos, CommandSink sink) {
        state = START;
        held = 0;
        segmentStart = pos;
        startNanos = -1;
        in.position(pos);
        int n = argc;
        argc = 0;
        try {
            return sink.onCommand(args, n);
        } finally {
            if (spares != null) {
                keepSpares(n);
            }
            if (args.length > MAX_KEPT_ARGS) {
                args = new byte[INITIAL_ARGS][];
            } else {
                Arrays.fill(args, 0, n, null);
            }
        }
    }

    /** Reads an inline line up to '\n'; when complete, splits it into args and returns to START. */
    private int scanInline(ByteBuffer in, int pos, int lim) throws ProtocolException {
        int room = limits.maxInlineLength() - lineLength;
        int end = pos;
        while (end < lim && end - pos <= room && in.get(end) != '\n') {
            end++;
        }
        int n = end - pos;
        if (n > room) {
            throw new ProtocolException("too big inline request");
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        in.get(pos, line, lineLength, n);
        lineLength += n;
        if (end == lim) {
            return end;
        }
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        splitArgs(length);
        shrinkLineBuffers();
        if (argc == 0) {
            completeWithoutCommand(end + 1);
        } else {
            state = START;
        }
        return end + 1;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The byte at i of the line as a C string: 0 at its end. */
    private int at(int i, int length) {
        return i < length ? line[i] & 0xFF : 0;
    }

    /** Redis's {@code sdssplitargs} over line[0..length), treating the line as a NUL-terminated C string. */
    private void splitArgs(int length) throws ProtocolException {
        argc = 0;
        int p = 0;
        while (true) {
            while (at(p, length) != 0 && isSpace(at(p, length))) {
                p++;
            }
            if (at(p, length) == 0) {
                return;
            }
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            int w = 0;
            while (!done) {
                int c = at(p, length);
                if (inDouble) {
                    int h1;
                    int h2;
                    if (c == '\\' && at(p + 1, length) == 'x' && (h1 = hex(at(p + 2, length))) >= 0
                            && (h2 = hex(at(p + 3, length))) >= 0) {
                        w = appendWord(w, h1 * 16 + h2);
                        p += 3;
                    } else if (c == '\\' && at(p + 1, length) != 0) {
                        p++;
                        int e = at(p, length);
                        switch (e) {
                            case 'n': e = '\n'; break;
                            case 'r': e = '\r'; break;
                            case 't': e = '\t'; break;
                            case 'b': e = '\b'; break;
                            case 'a': e = 7; break;
                            default: break;
                        }
                        w = appendWord(w, e);
                    } else if (c == '"') {
                        int after = at(p + 1, length);
                        if (after != 0 && !isSpace(after)) {
                            throw unbalanced();
                        }
                        done = true;
                    } else if (c == 0) {
                        throw unbalanced();
                    } else {
                        w = appendWord(w, c);
                    }
                } else if (inSingle) {
                    if (c == '\\' && at(p + 1, length) == '\'') {
                        p++;
                        w = appendWord(w, '\'');
                    } else if (c == '\'') {
                        int after = at(p + 1, length);
                        if (after != 0 && !isSpace(after)) {
                            throw unbalanced();
                        }
                        done = true;
                    } else if (c == 0) {
                        throw unbalanced();
                    } else {
                        w = appendWord(w, c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> w = appendWord(w, c);
                    }
                }
                if (at(p, length) != 0) {
                    p++;
                }
            }
            addArg(Arrays.copyOf(word, w));
        }
    }

    private int appendWord(int w, int c) {
        if (w == word.length) {
            word = Arrays.copyOf(word, w * 2);
        }
        word[w] = (byte) c;
        return w + 1;
    }

    private ProtocolException unbalanced() {
        argc = 0;
        return new ProtocolException("unbalanced quotes in request");
    }

    /** Lets go of the buffers a long inline line made grow, so that an idle connection holds little. */
    private void shrinkLineBuffers() {
        if (line.length > 4096) {
            line = new byte[256];
        }
        if (word.length > 4096) {
            word = new byte[64];
        }
    }

    /** Forgets any partial command, after a protocol error. */
    private void reset() {
        state = START;
        held = 0;
        startNanos = -1;
        Arrays.fill(args, 0, Math.min(argc, args.length), null);
        argc = 0;
        bulk = null;
        lineLength = 0;
        shrinkLineBuffers();
        if (args.length > MAX_KEPT_ARGS) {
            args = new byte[INITIAL_ARGS][];
        }
    }

    /**
     * A thread's copy of part of a buffer that has no array (a direct or read-only buffer), so that the fast path
     * reads an array there too; one per thread rather than per connection, so that idle connections hold none.
     */
    private static final class Window {
        final byte[] bytes = new byte[WINDOW_BYTES];
        boolean inUse;
    }
}
