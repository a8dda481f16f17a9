package org.kvlab.transport.iouring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.testsuite.contract.TransportContractTest;

/** Runs the shared transport contract over io_uring, where the kernel allows it. */
final class IoUringTransportTest extends TransportContractTest {

    private final IoUringTransportProvider provider = new IoUringTransportProvider();

    @BeforeEach
    void requireIoUring() {
        assumeTrue(provider.isAvailable(), () -> "io_uring unavailable here: " + provider.unavailabilityCause());
    }

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
