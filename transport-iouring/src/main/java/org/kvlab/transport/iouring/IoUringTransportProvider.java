package org.kvlab.transport.iouring;

import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.TransportUnavailableException;
import org.kvlab.transport.netty.NettyTransports;

/**
 * Netty's io_uring transport, {@code iouring}, priority 30.
 *
 * <p>Trade-off: reads and writes are submitted to a ring shared with the kernel and their completions reaped in
 * batches, so one {@code io_uring_enter} can carry the I/O of many connections — fewest syscalls per request when
 * many clients are busy at once, but at one request in flight per connection it still pays a submit-and-wait per
 * loop turn, and it needs a recent kernel that allows io_uring (containers often block it with seccomp). Pick it to
 * cut kernel transitions under many concurrent clients; pick {@code epoll} for the most predictable behaviour.
 *
 * <p>The constructor touches no native class: availability is probed once, on the first call that needs it.
 * Thread-safe.
 */
public final class IoUringTransportProvider implements TransportProvider {

    /** The name this transport is selected by. */
    public static final String NAME = "iouring";

    /** Creates the provider; loads nothing native. */
    public IoUringTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 30;
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
        return NettyTransports.newServer(NAME, config, new IoUringFlavor(config));
    }

    /** {@inheritDoc} */
    @Override
    public ClientTransport createClient(TransportConfig config) {
        ensureAvailable();
        return NettyTransports.newClient(NAME, config, new IoUringFlavor(config));
    }

    @Override
    public String description() {
        return "Netty io_uring (Linux 5.x+): submissions and completions batched through a ring shared with the kernel";
    }

    private void ensureAvailable() {
        Throwable cause = Probe.CAUSE;
        if (cause != null) {
            throw new TransportUnavailableException("transport 'iouring' is not available here: " + cause, cause);
        }
    }

    /** Probes Netty's io_uring once, when first asked; a missing class or library becomes the cause. */
    private static final class Probe {
        static final Throwable CAUSE = probe();

        private static Throwable probe() {
            try {
                return io.netty.channel.uring.IoUring.isAvailable() ? null
                        : io.netty.channel.uring.IoUring.unavailabilityCause();
            } catch (LinkageError e) {
                return e;
            }
        }
    }
}
