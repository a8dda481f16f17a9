package org.kvlab.testsuite.client;

import org.kvlab.server.ServerSettings;

/**
 * {@link TypedRequestsContract} against an in-memory kvlab server started in this JVM, whose server transport is the
 * one under test too: the client's typed requests get from kvlab what they get from Redis.
 */
public abstract class KvlabTypedRequestsTest extends TypedRequestsContract {

    @Override
    protected TestServer startServer() throws Exception {
        return KvlabTestServer.start(transport(), new ServerSettings());
    }
}
