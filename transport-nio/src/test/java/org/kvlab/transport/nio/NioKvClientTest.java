package org.kvlab.transport.nio;

import org.junit.jupiter.api.Nested;
import org.kvlab.testsuite.client.KvlabKvClientTest;
import org.kvlab.testsuite.client.RedisKvClientTest;

/** The KvClient suite over the nio client transport, against redis-server and against kvlab. */
final class NioKvClientTest {

    private static final String TRANSPORT = "nio";

    @Nested
    final class AgainstRedis extends RedisKvClientTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }

    @Nested
    final class AgainstKvlab extends KvlabKvClientTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }
}
