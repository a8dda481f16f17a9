package org.kvlab.spi;

/**
 * One I/O model, registered in {@code META-INF/services/org.kvlab.spi.TransportProvider}. Implementations must
 * have a public no-argument constructor that touches no native code: availability is probed lazily, once, by
 * {@link #isAvailable()}.
 */
public interface TransportProvider {

    /** Returns the name users select this transport by, e.g. {@code "nio"}: lower case, unique. */
    String name();

    /**
     * Returns the preference among available transports when the user names none: the highest wins. The
     * built-in values are blocking 10, virtual 15, nio 20, iouring 30, epoll 40.
     */
    int priority();

    /** Returns whether this transport can run here (its native library loads, the kernel allows it). */
    boolean isAvailable();

    /** Returns why {@link #isAvailable()} is {@code false}, or {@code null} when it is available. */
    Throwable unavailabilityCause();

    /**
     * Creates a server transport; nothing is bound until {@link ServerTransport#start}.
     *
     * @throws TransportUnavailableException if this transport is not available
     */
    ServerTransport createServer(TransportConfig config);

    /**
     * Creates a client transport.
     *
     * @throws TransportUnavailableException if this transport is not available
     */
    ClientTransport createClient(TransportConfig config);

    /** Returns a one-line description of the I/O model and when to pick it, for {@code --help} and logs. */
    String description();
}
