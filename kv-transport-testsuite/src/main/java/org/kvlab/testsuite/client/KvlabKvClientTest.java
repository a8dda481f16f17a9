package org.kvlab.testsuite.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.kvlab.api.KvException;
import org.kvlab.client.KvClient;
import org.kvlab.server.KvServer;
import org.kvlab.server.ServerSettings;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;

/**
 * {@link KvClientContract} against an in-memory kvlab server started in this JVM, whose server transport is the
 * one under test too, plus a server that refuses a client over {@code maxclients}.
 */
public abstract class KvlabKvClientTest extends KvClientContract {

    @Override
    protected TestServer startServer(String password) throws Exception {
        ServerSettings settings = new ServerSettings();
        if (password != null) {
            settings.requirePass(password);
        }
        return start(settings);
    }

    private TestServer start(ServerSettings settings) throws Exception {
        KvServer kv = KvServer.builder()
                .store(KvStore.inMemory())
                .transport(transport())
                .transportConfig(TransportConfig.builder().bindAddress("127.0.0.1").port(0).build())
                .settings(settings)
                .build();
        InetSocketAddress address = kv.start();
        return new TestServer() {
            @Override
            public InetSocketAddress address() {
                return address;
            }

            @Override
            public void kill() {
                kv.close();
            }

            @Override
            public void close() {
                kv.close();
            }
        };
    }

    @Test
    void serverOverMaxclients_theClientSeesTheServersReason() throws Exception {
        try (TestServer full = start(new ServerSettings().maxClients(1));
                KvClient first = builder(full).poolSize(1).build()) {
            first.ping();
            KvException e = assertThrows(KvException.class, () -> {
                try (KvClient refused = builder(full).build()) {
                    refused.ping();
                }
            });
            assertTrue(e.getMessage().contains("max number of clients reached"), e.getMessage());
        }
    }
}
