package org.kvlab.transport.epoll;

import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.TransportUnavailableException;
import org.kvlab.transport.netty.NettyTransports;

/**
 * Netty's native epoll transport, {@code epoll}, priority 40: the default on Linux.
 *
 * <p>Trade-off: a few event-loop threads serve every connection with readiness notification, like Redis — about
 * one {@code read} and one {@code write} per request batch plus an {@code epoll_wait} per loop turn — through direct
 * JNI calls and pooled direct buffers, so less garbage and fewer copies than {@code nio}. It needs Linux and the
 * bundled native library; elsewhere it reports itself unavailable with Netty's cause. Pick it to serve many clients
 * with few threads; pick {@code iouring} to batch submissions, {@code nio} for portability.
 *
 * <p>The constructor touches no native class: availability is probed once, on the first call that needs it.
 * Thread-safe.
 */
public final class EpollTransportProvider implements TransportProvider {

    /** The name this transport is selected by. */
    public static final String NAME = "epoll";

    /** Creates the provider; loads nothing native. */
    public EpollTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 40;
    }

    @Override
    public boolean isAvailable() {
        return Probe.CAUSE == null;
    }

    @Override
    public Throwable unavailabilityCause() {
        return Probe.CAUSE;
    }

    /** {@inheritDoc} */
    @Override
    public ServerTransport createServer(TransportConfig config) {
        ensureAvailable();
        return NettyTransports.newServer(NAME, config, new EpollFlavor());
    }

    /** {@inheritDoc} */
    @Override
    public ClientTransport createClient(TransportConfig config) {
        ensureAvailable();
        return NettyTransports.newClient(NAME, config, new EpollFlavor());
    }

    @Override
    public String description() {
        return "Netty native epoll (Linux): few event loops, readiness-based, one read and one write per batch";
    }

    private void ensureAvailable() {
        Throwable cause = Probe.CAUSE;
        if (cause != null) {
            throw new TransportUnavailableException("transport 'epoll' is not available here: " + cause, cause);
        }
    }

    /** Probes Netty's epoll once, when first asked; a missing class or library becomes the cause. */
    private static final class Probe {
        static final Throwable CAUSE = probe();

        private static Throwable probe() {
            try {
                return io.netty.channel.epoll.Epoll.isAvailable() ? null
                        : io.netty.channel.epoll.Epoll.unavailabilityCause();
            } catch (LinkageError e) {
                return e;
            }
        }
    }
}
