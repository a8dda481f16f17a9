package org.kvlab.testsuite.client;

import java.net.InetSocketAddress;
import org.kvlab.server.KvServer;
import org.kvlab.server.ServerSettings;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;

/**
 * {@link KvClientContract} against an in-memory kvlab server started in this JVM, whose server transport is the
 * one under test too.
 */
public abstract class KvlabKvClientTest extends KvClientContract {

    @Override
    protected TestServer startServer(String password) throws Exception {
        ServerSettings settings = new ServerSettings();
        if (password != null) {
            settings.requirePass(password);
        }
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
}
