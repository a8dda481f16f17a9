package org.kvlab.command;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * The clients in {@code MONITOR} mode, and the feed they get: each command run, as Redis's
 * {@code replicationFeedMonitors} writes it, {@code +1700000000.123456 [0 127.0.0.1:50000] "SET" "k" "v"}, offered to
 * each monitor's {@link Outbox} so that a monitor that stops reading is closed at its output buffer limit.
 *
 * <p>Thread-safe. {@link #active()} is one volatile read: with no monitor, a command costs nothing more.
 */
final class Monitors {

    private static final PubSub.Subscription[] NONE = new PubSub.Subscription[0];

    private final Clock clock;
    /** The monitors' subscriptions, replaced whole on each change. */
    private volatile PubSub.Subscription[] monitors = NONE;

    Monitors(Clock clock) {
        this.clock = clock;
    }

    /** Returns whether any client monitors. */
    boolean active() {
        return monitors.length > 0;
    }

    /** Makes {@code session} a monitor; returns {@code false} if it was one already. */
    synchronized boolean start(Session session) {
        for (PubSub.Subscription m : monitors) {
            if (m.session == session) {
                return false;
            }
        }
        PubSub.Subscription[] more = Arrays.copyOf(monitors, monitors.length + 1);
        more[monitors.length] = new PubSub.Subscription(session);
        monitors = more;
        session.monitoring(true);
        return true;
    }

    /** Stops {@code session} monitoring, if it did: its connection closed. */
    synchronized void stop(Session session) {
        PubSub.Subscription[] current = monitors;
        for (int i = 0; i < current.length; i++) {
            if (current[i].session == session) {
                session.outbox().cancel(current[i]);
                session.monitoring(false);
                PubSub.Subscription[] fewer = new PubSub.Subscription[current.length - 1];
                System.arraycopy(current, 0, fewer, 0, i);
                System.arraycopy(current, i + 1, fewer, i, current.length - i - 1);
                monitors = fewer;
                return;
            }
        }
    }

    /** Sends every monitor the line of command {@code args[0..argc)} that {@code source} ran. */
    void feed(Session source, byte[][] args, int argc) {
        PubSub.Subscription[] current = monitors;
        if (current.length == 0) {
            return;
        }
        byte[] line = line(clock.instant(), source.database(), source.address(), args, argc);
        for (PubSub.Subscription m : current) {
            m.session.outbox().offer(line, m);
        }
    }

    /** Returns the monitor line of a command, CRLF included. */
    static byte[] line(Instant time, int database, String address, byte[][] args, int argc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        String head = "+" + time.getEpochSecond() + "." + String.format(Locale.ROOT, "%06d", time.getNano() / 1000)
                + " [" + database + " " + address + "]";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < argc; i++) {
            out.write(' ');
            repr(out, args[i]);
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** Appends {@code arg} quoted as Redis's {@code sdscatrepr}: escapes for quote, backslash and control bytes. */
    static void repr(ByteArrayOutputStream out, byte[] arg) {
        out.write('"');
        for (byte b : arg) {
            int c = b & 0xff;
            switch (c) {
                case '\\': case '"':
                    out.write('\\');
                    out.write(c);
                    break;
                case '\n': escape(out, 'n'); break;
                case '\r': escape(out, 'r'); break;
                case '\t': escape(out, 't'); break;
                case 7: escape(out, 'a'); break;
                case '\b': escape(out, 'b'); break;
                default:
                    if (c >= 0x20 && c < 0x7f) {
                        out.write(c);
                    } else {
                        String hex = String.format(Locale.ROOT, "\\x%02x", c);
                        out.writeBytes(hex.getBytes(StandardCharsets.US_ASCII));
                    }
            }
        }
        out.write('"');
    }

    private static void escape(ByteArrayOutputStream out, char c) {
        out.write('\\');
        out.write(c);
    }
}
