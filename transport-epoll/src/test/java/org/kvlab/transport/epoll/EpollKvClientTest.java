package org.kvlab.transport.epoll;

import org.junit.jupiter.api.Nested;
import org.kvlab.testsuite.client.KvlabKvClientTest;
import org.kvlab.testsuite.client.RedisKvClientTest;

/** The KvClient suite over the epoll client transport, against redis-server and against kvlab. */
final class EpollKvClientTest {

    private static final String TRANSPORT = "epoll";

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
