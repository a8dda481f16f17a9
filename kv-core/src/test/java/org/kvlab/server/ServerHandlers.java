package org.kvlab.server;

import org.kvlab.spi.ConnectionHandler;

/** Opens to tests of other packages the factory a {@link KvServer} gives its transport, to serve without one. */
public final class ServerHandlers {

    private ServerHandlers() {
    }

    /** Returns the connection handler factory of {@code server}, as its transport would get it. */
    public static ConnectionHandler.Factory of(KvServer server) {
        return server.handlers();
    }
}
