package org.kvlab.command;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.kvlab.spi.Connection;
import org.kvlab.spi.OutputBuffer;

/**
 * A replica's link to its primary (Redis's {@code replicationCron}, {@code syncWithMaster} and {@code readSyncBulkPayload}
 * on one thread of its own, with a blocking socket): it connects, handshakes ({@code PING}, {@code AUTH} with
 * {@code masterauth}, {@code REPLCONF listening-port}, {@code REPLCONF capa eof capa psync2}, {@code PSYNC}), loads
 * the RDB of a full resynchronization into the store (length-prefixed or, as a diskless primary sends it, ended by a
 * 40-byte mark), then runs the command stream through the executor as the primary's own client (exempt from
 * {@code replica-read-only}), counting the offset; it acknowledges the offset every second and on
 * {@code REPLCONF GETACK}. A lost link (an I/O error, {@code repl-timeout} seconds of silence,
 * {@code CLIENT KILL TYPE master}) is retried every second with {@code PSYNC} of the offset reached, which the primary
 * continues from its backlog when it can ({@code +CONTINUE}).
 *
 * <p>Thread-safe: its state is read by {@code INFO} and {@code ROLE} on any thread; the socket's output is shared by
 * the link's thread and the acknowledgement timer under a lock.
 */
final class PrimaryLink {

    private static final System.Logger LOG = System.getLogger(PrimaryLink.class.getName());
    private static final long RETRY_MILLIS = 1000;
    private static final int MARK_LENGTH = 40;

    /** Redis's {@code repl_state} names as {@code ROLE} shows them. */
    enum State {
        CONNECT("connect"), CONNECTING("connecting"), HANDSHAKE("handshake"), SYNC("sync"), CONNECTED("connected");

        final String roleName;

        State(String roleName) {
            this.roleName = roleName;
        }
    }

    final String host;
    final int port;
    private final Replication replication;
    private final CommandExecutor executor;
    private final ServerContext context;
    private final Thread thread;
    private final Object output = new Object();
    private volatile boolean stopped;
    private volatile State state = State.CONNECT;
    private volatile Socket socket;
    private volatile long lastIoMillis;
    /** When the link last went down after being up; 0 while it never was up. */
    private volatile long downSinceMillis;
    /** The primary's client: its selected database and transaction outlive a reconnection that continues. */
    private Session primary;
    private final OutputBuffer discarded = new OutputBuffer();

    /** A link to {@code host:port}; it tells the primary the port {@code context} listens on as it handshakes. */
    PrimaryLink(String host, int port, Replication replication, CommandExecutor executor, ServerContext context) {
        this.host = host;
        this.port = port;
        this.replication = replication;
        this.executor = executor;
        this.context = context;
        this.thread = new Thread(this::run, "kvlab-replica-of-" + host + ":" + port);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Ends the link for good ({@code REPLICAOF NO ONE}, or another primary) without waiting for its thread, which
     * stops at its next read; {@link Replication} ignores what a stopped link reports.
     */
    void stop() {
        stopped = true;
        closeSocket();
        thread.interrupt();
    }

    /** Cuts the link (it reconnects); returns whether it was connected. */
    boolean kill() {
        boolean connected = state == State.CONNECTED;
        closeSocket();
        return connected;
    }

    State state() {
        return state;
    }

    boolean isUp() {
        return state == State.CONNECTED;
    }

    long lastIoMillis() {
        return lastIoMillis;
    }

    long downSinceMillis() {
        return downSinceMillis;
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void run() {
        while (!stopped) {
            state = State.CONNECTING;
            try (Socket s = new Socket()) {
                socket = s;
                if (stopped) {
                    break;
                }
                s.connect(new InetSocketAddress(host, port), (int) (replication.settings().timeoutSeconds() * 1000));
                s.setTcpNoDelay(true);
                s.setSoTimeout((int) (replication.settings().timeoutSeconds() * 1000));
                LinkInput in = new LinkInput(s.getInputStream());
                OutputStream out = s.getOutputStream();
                lastIoMillis = System.currentTimeMillis();
                state = State.HANDSHAKE;
                handshake(in, out);
                stream(in);
            } catch (SocketTimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "MASTER timeout: no data nor PING received...");
            } catch (IOException | RuntimeException e) {
                if (!stopped) {
                    LOG.log(System.Logger.Level.WARNING, "Connection with master lost: " + e);
                }
            } finally {
                socket = null;
                if (state == State.CONNECTED || state == State.SYNC) {
                    downSinceMillis = System.currentTimeMillis();
                }
                state = State.CONNECT;
            }
            if (!stopped) {
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException e) {
                    // stopped, or a retry now
                }
            }
        }
    }

    private void handshake(LinkInput in, OutputStream out) throws IOException {
        send(out, "PING");
        String pong = in.line();
        if (pong.startsWith("-") && !pong.startsWith("-NOAUTH") && !pong.startsWith("-NOPERM")
                && !pong.startsWith("-ERR operation not permitted")) {
            throw new IOException("Error reply to PING from master: '" + pong + "'");
        }
        String password = replication.settings().masterAuth();
        if (password != null) {
            String user = replication.settings().masterUser();
            if (user == null) {
                send(out, "AUTH", password);
            } else {
                send(out, "AUTH", user, password);
            }
            String reply = in.line();
            if (reply.startsWith("-")) {
                throw new IOException("Unable to AUTH to MASTER: " + reply);
            }
        }
        send(out, "REPLCONF", "listening-port", Integer.toString(context.port()));
        in.line(); // an error is no reason to stop, as Redis says
        send(out, "REPLCONF", "capa", "eof", "capa", "psync2");
        in.line();
        Replication.Resume resume = replication.resumePoint();
        send(out, "PSYNC", resume.replid(), Long.toString(resume.offset()));
        String reply = in.line();
        while (reply.isEmpty()) { // a primary's keep-alive newlines before it replies
            reply = in.line();
        }
        if (reply.startsWith("+FULLRESYNC")) {
            String[] parts = reply.split(" ");
            if (parts.length < 3) {
                throw new IOException("Bad FULLRESYNC reply from master: '" + reply + "'");
            }
            state = State.SYNC;
            loadRdb(in);
            primary = executor.newSession(new LinkConnection());
            primary.authenticated(true);
            primary.primaryLink(true);
            replication.synced(this, parts[1], Long.parseLong(parts[2]));
            LOG.log(System.Logger.Level.INFO, "MASTER <-> REPLICA sync: Finished with success");
        } else if (reply.startsWith("+CONTINUE")) {
            String id = reply.length() > "+CONTINUE ".length() ? reply.substring("+CONTINUE ".length()).trim() : null;
            replication.continued(this, id);
            if (primary == null) {
                primary = executor.newSession(new LinkConnection());
                primary.authenticated(true);
                primary.primaryLink(true);
            }
            LOG.log(System.Logger.Level.INFO, "Successful partial resynchronization with master.");
        } else {
            throw new IOException("Unexpected reply to PSYNC from master: " + reply);
        }
    }

    /** Reads the RDB payload and loads it, replacing the store's contents; clients get {@code -LOADING} meanwhile. */
    private void loadRdb(LinkInput in) throws IOException {
        String header = in.line();
        while (header.isEmpty()) {
            header = in.line();
        }
        if (!header.startsWith("$")) {
            throw new IOException("Bad protocol from MASTER, the first byte is not '$': " + header);
        }
        InputStream payload;
        String source = "the RDB of master " + host + ":" + port;
        if (header.startsWith("$EOF:")) {
            byte[] mark = header.substring(5).getBytes(StandardCharsets.US_ASCII);
            if (mark.length != MARK_LENGTH) {
                throw new IOException("Bad EOF mark from MASTER: " + header);
            }
            payload = new MarkedPayload(in, mark);
        } else {
            payload = new BoundedPayload(in, Long.parseLong(header.substring(1)));
        }
        long keys;
        replication.loadStarted(this);
        try {
            keys = executor.store().fromPrimary(() -> executor.store().loadRdb(payload, source));
            while (payload.read() >= 0) {
                // what is left before the end (nothing, for a well-formed RDB)
            }
        } finally {
            replication.loadEnded(this);
        }
        LOG.log(System.Logger.Level.INFO, "MASTER <-> REPLICA sync: Loaded {0} keys", keys);
    }

    /** Runs the command stream until the link fails or is stopped. */
    private void stream(LinkInput in) throws IOException {
        state = State.CONNECTED;
        acknowledge();
        while (!stopped) {
            long start = in.consumed();
            byte[][] args = in.command();
            lastIoMillis = System.currentTimeMillis();
            long length = in.consumed() - start;
            if (args.length >= 2 && Args.is(args[0], "replconf") && Args.is(args[1], "getack")) {
                replication.applied(this, length);
                acknowledge();
                continue;
            }
            primary.writer().target(discarded);
            executor.store().fromPrimary(() -> executor.execute(primary, args, args.length));
            discarded.clear();
            replication.applied(this, length);
        }
    }

    /** Sends {@code REPLCONF ACK <offset>}, if connected; called by the link's thread and the timer. */
    void acknowledge() {
        Socket s = socket;
        if (s == null || state != State.CONNECTED) {
            return;
        }
        try {
            synchronized (output) {
                send(s.getOutputStream(), "REPLCONF", "ACK", Long.toString(replication.processedOffset()));
            }
        } catch (IOException e) {
            closeSocket();
        }
    }

    private void send(OutputStream out, String... words) throws IOException {
        byte[][] args = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            args[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        synchronized (output) {
            out.write(Replication.encode(args));
            out.flush();
        }
    }

    /** The buffered input of the link: lines, the RESP commands of the stream, and a count of the bytes taken. */
    static final class LinkInput {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;
        private long consumedBefore;

        LinkInput(InputStream in) {
            this.in = in;
        }

        long consumed() {
            return consumedBefore + position;
        }

        int read() throws IOException {
            if (position == limit && !fill()) {
                return -1;
            }
            return buffer[position++] & 0xFF;
        }

        int read(byte[] into, int offset, int length) throws IOException {
            if (position == limit && !fill()) {
                return -1;
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, into, offset, n);
            position += n;
            return n;
        }

        private boolean fill() throws IOException {
            consumedBefore += position;
            position = 0;
            limit = 0;
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            limit = n;
            return true;
        }

        private int next() throws IOException {
            int b = read();
            if (b < 0) {
                throw new EOFException("the master closed the link");
            }
            return b;
        }

        /** Reads a line without its CRLF (or LF). */
        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int b = next(); b != '\n'; b = next()) {
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        /** Reads one command of the stream: an array of bulk strings. */
        byte[][] command() throws IOException {
            String head = line();
            while (head.isEmpty()) {
                head = line();
            }
            if (head.charAt(0) != '*') {
                throw new IOException("Protocol error from master: expected '*', got '" + head + "'");
            }
            byte[][] args = new byte[Integer.parseInt(head.substring(1))][];
            for (int i = 0; i < args.length; i++) {
                String bulk = line();
                if (bulk.isEmpty() || bulk.charAt(0) != '$') {
                    throw new IOException("Protocol error from master: expected '$', got '" + bulk + "'");
                }
                byte[] arg = new byte[Integer.parseInt(bulk.substring(1))];
                for (int off = 0; off < arg.length; ) {
                    int n = read(arg, off, arg.length - off);
                    if (n < 0) {
                        throw new EOFException("the master closed the link");
                    }
                    off += n;
                }
                next();
                next();
                args[i] = arg;
            }
            return args;
        }
    }

    /** The RDB of a {@code $<length>} payload: exactly that many bytes. */
    private static final class BoundedPayload extends InputStream {
        private final LinkInput in;
        private long remaining;

        BoundedPayload(LinkInput in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return in.next();
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(into, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("the master closed the link during the RDB");
            }
            remaining -= n;
            return n;
        }
    }

    /**
     * The RDB of a diskless {@code $EOF:<mark>} payload: every byte before the 40-byte mark that ends it. The last 40
     * bytes read are held back until a byte after them shows they are not the mark; reading stops at the mark.
     */
    private static final class MarkedPayload extends InputStream {
        private final LinkInput in;
        private final byte[] mark;
        private final byte[] window = new byte[MARK_LENGTH];
        /** Where the oldest held byte is; the window is full once {@link #held} reaches its length. */
        private int head;
        private int held;
        private boolean ended;

        MarkedPayload(LinkInput in, byte[] mark) {
            this.in = in;
            this.mark = mark;
        }

        @Override
        public int read() throws IOException {
            if (ended) {
                return -1;
            }
            while (held < MARK_LENGTH) {
                window[(head + held++) % MARK_LENGTH] = (byte) in.next();
            }
            if (window[(head + MARK_LENGTH - 1) % MARK_LENGTH] == mark[MARK_LENGTH - 1] && isMark()) {
                ended = true;
                return -1;
            }
            int oldest = window[head] & 0xFF;
            window[head] = (byte) in.next();
            head = (head + 1) % MARK_LENGTH;
            return oldest;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int n = 0;
            while (n < length) {
                int b = read();
                if (b < 0) {
                    return n == 0 ? -1 : n;
                }
                into[offset + n++] = (byte) b;
            }
            return n;
        }

        private boolean isMark() {
            for (int i = 0; i < MARK_LENGTH; i++) {
                if (window[(head + i) % MARK_LENGTH] != mark[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The primary's client as the executor sees it: no transport, replies discarded, closing cuts the link. */
    private final class LinkConnection implements Connection {
        @Override
        public long id() {
            return 0;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return InetSocketAddress.createUnresolved(host, port);
        }

        @Override
        public InetSocketAddress localAddress() {
            Socket s = socket;
            return s == null ? null : (InetSocketAddress) s.getLocalSocketAddress();
        }

        @Override
        public void close() {
            closeSocket();
        }

        @Override
        public void wake() {
            // the link's thread runs the primary's commands as they come; nothing waits for a wake-up
        }

        @Override
        public long unwrittenBytes() {
            return 0;
        }
    }
}
