package org.kvlab.testsuite.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvlab.api.KvException;
import org.kvlab.client.KvClient;
import org.kvlab.server.ServerSettings;

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
        return KvlabTestServer.start(transport(), settings);
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
