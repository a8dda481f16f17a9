package org.kvlab.transport.epoll;

import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.testsuite.contract.TransportContractTest;

/** Runs the shared transport contract over native epoll. */
final class EpollTransportTest extends TransportContractTest {

    private final EpollTransportProvider provider = new EpollTransportProvider();

    @Override
    protected ServerTransport newServer(TransportConfig config) {
        return provider.createServer(config);
    }

    @Override
    protected ClientTransport newClient(TransportConfig config) {
        return provider.createClient(config);
    }

    @Override
    protected boolean waitsForReadiness() {
        return true;
    }
}
