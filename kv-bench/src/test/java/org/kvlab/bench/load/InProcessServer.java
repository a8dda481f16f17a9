package org.kvlab.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.kvlab.server.KvServer;
import org.kvlab.server.ServerSettings;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.Transports;
import org.kvlab.store.KvStore;

/** A real kvlab server on an ephemeral loopback port, on the best available transport, for tests. */
final class InProcessServer implements AutoCloseable {

    final KvStore store = KvStore.inMemory();
    final KvServer server;
    final InetSocketAddress address;

    InProcessServer() throws IOException {
        this(new ServerSettings());
    }

    InProcessServer(ServerSettings settings) throws IOException {
        server = KvServer.builder().store(store).transport(Transports.select(null).name()).settings(settings)
                .transportConfig(TransportConfig.builder().port(0).build()).build();
        address = server.start();
    }

    LoadSpec.Builder spec() {
        return LoadSpec.builder().port(address.getPort()).clients(4).keyspace(1000);
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
