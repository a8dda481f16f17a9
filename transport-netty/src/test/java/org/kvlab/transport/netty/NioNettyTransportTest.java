package org.kvlab.transport.netty;

import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.testsuite.contract.TransportContractTest;

/** Runs the shared transport contract over Netty's portable NIO flavor. */
final class NioNettyTransportTest extends TransportContractTest {

    @Override
    protected ServerTransport newServer(TransportConfig config) {
        return NettyTransports.newServer("netty-nio", config, new NioFlavor());
    }

    @Override
    protected ClientTransport newClient(TransportConfig config) {
        return NettyTransports.newClient("netty-nio", config, new NioFlavor());
    }

    @Override
    protected boolean waitsForReadiness() {
        return true;
    }
}
