package org.kvlab.testsuite;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.kvlab.api.KeyValueStore;
import org.kvlab.server.KvServer;
import org.kvlab.server.ServerSettings;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;
import redis.clients.jedis.Jedis;

/**
 * Starts one in-memory kvlab server on the transport under test, on a free loopback port, for the whole test
 * class, and empties it before each test. Subclasses name the transport with {@link #transport()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerFixture {

    /** The server under test; started before the first test. */
    protected KvServer server;

    /** The address it listens on. */
    protected InetSocketAddress address;

    /** The store it serves, for what an embedded caller does beside the network clients. */
    protected KeyValueStore store;

    /** Returns the name of the transport under test, e.g. {@code "nio"}. */
    protected abstract String transport();

    /** Returns the transport settings; override to change them (the port is always 0). */
    protected TransportConfig.Builder transportConfig() {
        return TransportConfig.builder().bindAddress("127.0.0.1");
    }

    /** Returns the run-time settings the server starts with; override to change them (Redis's defaults). */
    protected ServerSettings serverSettings() {
        return new ServerSettings();
    }

    @BeforeAll
    final void startServer() throws Exception {
        store = KvStore.inMemory();
        server = KvServer.builder()
                .store(store)
                .transport(transport())
                .settings(serverSettings())
                .transportConfig(transportConfig().port(0).build())
                .build();
        address = server.start();
    }

    @AfterAll
    final void stopServer() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @BeforeEach
    final void flushAll() {
        try (Jedis jedis = jedis()) {
            jedis.flushAll();
        }
    }

    /** Returns a new Jedis connection to the server; close it. */
    protected Jedis jedis() {
        return new Jedis(address.getHostString(), address.getPort(), 10_000);
    }

    /** Returns {@code INFO clients}'s {@code connected_clients}. */
    protected long connectedClients() {
        try (Jedis jedis = jedis()) {
            return infoField(jedis.info("clients"), "connected_clients") - 1; // not counting this connection
        }
    }

    /** Returns the numeric field {@code name} of an {@code INFO} reply. */
    protected static long infoField(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("INFO has no field " + name + ":\n" + info);
    }
}
