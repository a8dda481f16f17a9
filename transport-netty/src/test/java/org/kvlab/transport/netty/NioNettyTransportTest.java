package org.kvlab.transport.netty;

import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;

/** Runs the shared Netty transport contract over Netty's portable NIO flavor. */
final class NioNettyTransportTest extends NettyTransportContract {

    @Override
    protected ServerTransport newServer(TransportConfig config) {
        return NettyTransports.newServer("netty-nio", config, new NioFlavor());
    }

    @Override
    protected ClientTransport newClient(TransportConfig config) {
        return NettyTransports.newClient("netty-nio", config, new NioFlavor());
    }
}
