package org.kvlab.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kvlab.client.KvServerException;
import org.kvlab.spi.ClientConnection;
import org.kvlab.spi.ClientTransport;

/**
 * One subscriber of the fan-out workload: a connection that sends {@code SUBSCRIBE channel} once and from then on
 * only reads, counting the {@code message} frames the server pushes ({@code *3 $7 message $N channel $M payload} in
 * RESP2, {@code >3 ...} in RESP3). It reads the flat arrays and scalars a subscribed connection receives, with no
 * per-message allocation, and closes the connection on anything else (a nested array).
 *
 * <p>It sits on a {@link ClientTransport} of its own because {@link org.kvlab.client.KvClient} completes replies
 * to requests only and has no subscriber API yet; once it has one, this class gives way to it. Thread-safe: the
 * transport's read thread writes the counts, any thread reads them.
 */
final class Subscriber implements ClientConnection.Handler {

    private static final long SUBSCRIBE_TIMEOUT_SECONDS = 10;
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] SUBSCRIBE = ascii("subscribe");
    private static final int KIND_MAX = 16;
    private static final int LINE_MAX = 1024;

    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final byte[] line = new byte[LINE_MAX];
    private final byte[] kind = new byte[KIND_MAX];
    private volatile ClientConnection connection;
    private volatile long messages;
    private volatile long lastMessageNanos;
    private volatile boolean closed;
    /** Bytes of the current line so far, without its CRLF; this and the fields below: the read thread only. */
    private int lineLength;
    /** Bytes of the current bulk string still to come, its CRLF included; -1 when reading a line. */
    private long bulkLeft = -1;
    private int kindLength;
    /** Elements still to come in the current frame; 0 between frames. */
    private int elementsLeft;
    private int elementIndex;
    private boolean sawCr;

    Subscriber() {
    }

    /**
     * Connects, subscribes to {@code channel} and waits for the server's confirmation.
     *
     * @throws IOException if the connection cannot be made, or is lost or not confirmed in time
     * @throws KvServerException if the server answers SUBSCRIBE with an error (it has no pub/sub, say)
     */
    static Subscriber open(ClientTransport transport, InetSocketAddress address, byte[] channel) throws IOException {
        Subscriber s = new Subscriber();
        s.connection = transport.connect(address, s);
        byte[] command = concat(ascii("*2\r\n$9\r\nSUBSCRIBE\r\n$" + channel.length + "\r\n"), channel, ascii("\r\n"));
        try {
            s.connection.send(command, 0, command.length);
            s.subscribed.get(SUBSCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return s;
        } catch (ExecutionException e) {
            s.close();
            if (e.getCause() instanceof KvServerException refused) {
                throw new KvServerException("SUBSCRIBE: " + refused.getMessage());
            }
            throw new IOException("SUBSCRIBE " + new String(channel, StandardCharsets.UTF_8) + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            s.close();
            throw new IOException("SUBSCRIBE got no confirmation within " + SUBSCRIBE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            s.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while subscribing", e);
        } catch (RuntimeException e) {
            s.close();
            throw new IOException("SUBSCRIBE: " + e.getMessage(), e);
        }
    }

    /** Returns the messages received since the connection was made. */
    long messages() {
        return messages;
    }

    /** Returns the {@link System#nanoTime()} of the last message, or 0 before the first. */
    long lastMessageNanos() {
        return lastMessageNanos;
    }

    /** Returns whether the connection was closed or lost. */
    boolean isClosed() {
        return closed;
    }

    /** Closes the connection. Idempotent. */
    void close() {
        ClientConnection c = connection;
        if (c != null) {
            c.close();
        }
        closed = true;
    }

    @Override
    public void onRead(ByteBuffer in) {
        try {
            while (in.hasRemaining()) {
                if (bulkLeft >= 0) {
                    readBulk(in);
                } else {
                    byte b = in.get();
                    if (sawCr && b == '\n') {
                        sawCr = false;
                        onLine();
                        lineLength = 0;
                    } else {
                        if (sawCr) {
                            append((byte) '\r');
                        }
                        sawCr = b == '\r';
                        if (!sawCr) {
                            append(b);
                        }
                    }
                }
            }
        } catch (IllegalStateException e) {
            in.position(in.limit());
            subscribed.completeExceptionally(new IOException("unexpected reply: " + e.getMessage()));
            close();
        }
    }

    @Override
    public void onClose(Throwable cause) {
        closed = true;
        subscribed.completeExceptionally(new IOException("connection closed"
                + (cause == null ? "" : ": " + cause.getMessage()), cause));
    }

    private void append(byte b) {
        if (lineLength < LINE_MAX) {
            line[lineLength++] = b;
        }
    }

    private void readBulk(ByteBuffer in) {
        int n = (int) Math.min(bulkLeft, in.remaining());
        boolean first = elementIndex == 0 && elementsLeft > 0;
        int capture = first ? (int) Math.min(n, Math.max(0, Math.min(bulkLeft - 2, KIND_MAX - kindLength))) : 0;
        in.get(kind, kindLength, capture);
        kindLength += capture;
        in.position(in.position() + n - capture);
        bulkLeft -= n;
        if (bulkLeft == 0) {
            bulkLeft = -1;
            elementDone();
        }
    }

    private void onLine() {
        if (lineLength == 0) {
            throw new IllegalStateException("an empty line");
        }
        byte type = line[0];
        if (elementsLeft == 0) {
            switch (type) {
                case '*', '>' -> {
                    long count = number();
                    if (count > 0) {
                        elementsLeft = (int) Math.min(count, Integer.MAX_VALUE);
                        elementIndex = 0;
                        kindLength = 0;
                    }
                }
                case '-' -> subscribed.completeExceptionally(new KvServerException(
                        new String(line, 1, lineLength - 1, StandardCharsets.UTF_8)));
                case '$' -> {
                    long length = number();
                    if (length >= 0) {
                        bulkLeft = length + 2;
                    }
                }
                case '+', ':' -> {
                    // a reply outside any frame (PONG, say): nothing to count
                }
                default -> throw new IllegalStateException("type byte '" + (char) type + "'");
            }
            return;
        }
        switch (type) {
            case '$' -> {
                long length = number();
                if (length < 0) {
                    elementDone();
                } else {
                    bulkLeft = length + 2;
                }
            }
            case ':', '+', '-' -> elementDone();
            default -> throw new IllegalStateException("type byte '" + (char) type + "' inside a pushed frame");
        }
    }

    private void elementDone() {
        if (elementsLeft == 0) {
            return; // a bulk string outside any frame
        }
        elementIndex++;
        if (--elementsLeft == 0) {
            frameDone();
        }
    }

    private void frameDone() {
        if (is(MESSAGE)) {
            lastMessageNanos = System.nanoTime();
            messages = messages + 1; // only the read thread writes
        } else if (is(SUBSCRIBE)) {
            subscribed.complete(null);
        }
    }

    private boolean is(byte[] name) {
        return Arrays.equals(kind, 0, kindLength, name, 0, name.length);
    }

    private long number() {
        long n = 0;
        boolean negative = lineLength > 1 && line[1] == '-';
        for (int i = negative ? 2 : 1; i < lineLength; i++) {
            byte d = line[i];
            if (d < '0' || d > '9' || n > Long.MAX_VALUE / 10 - 9) {
                throw new IllegalStateException("a bad length line");
            }
            n = n * 10 + (d - '0');
        }
        return negative ? -n : n;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
