package org.kvlab.transport.netty;

import java.util.Objects;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;

/** Makes server and client transports over a {@link NettyFlavor}. Thread-safe (stateless). */
public final class NettyTransports {

    private NettyTransports() {
    }

    /**
     * Creates a server transport; nothing is bound or started until {@link ServerTransport#start}.
     *
     * @param name the provider's name, reported by {@link ServerTransport#name()}; not {@code null}
     * @param config the settings; not {@code null}
     * @param flavor the Netty transport to run on; not {@code null}
     * @throws NullPointerException if an argument is {@code null}
     */
    public static ServerTransport newServer(String name, TransportConfig config, NettyFlavor flavor) {
        return new NettyServerTransport(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(flavor, "flavor"));
    }

    /**
     * Creates a client transport and starts its event loops ({@link TransportConfig#eventLoops()} threads).
     *
     * @param name the provider's name, reported by {@link ClientTransport#name()}; not {@code null}
     * @param config the settings; not {@code null}
     * @param flavor the Netty transport to run on; not {@code null}
     * @throws NullPointerException if an argument is {@code null}
     */
    public static ClientTransport newClient(String name, TransportConfig config, NettyFlavor flavor) {
        return new NettyClientTransport(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(flavor, "flavor"));
    }
}
