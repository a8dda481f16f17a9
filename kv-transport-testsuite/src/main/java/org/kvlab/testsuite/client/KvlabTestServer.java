package org.kvlab.testsuite.client;

import java.net.InetSocketAddress;
import org.kvlab.server.KvServer;
import org.kvlab.server.ServerSettings;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;

/** An in-memory kvlab server in this JVM on a free loopback port, as a {@link TestServer}. */
final class KvlabTestServer implements TestServer {

    private final KvServer server;
    private final InetSocketAddress address;

    private KvlabTestServer(KvServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Starts a server on {@code transport} with {@code settings}. */
    static KvlabTestServer start(String transport, ServerSettings settings) throws Exception {
        KvServer kv = KvServer.builder()
                .store(KvStore.inMemory())
                .transport(transport)
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build())
                .settings(settings)
                .build();
        return new KvlabTestServer(kv, kv.start());
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void kill() {
        server.close();
    }

    @Override
    public void close() {
        server.close();
    }
}
