package org.kvlab.transport.iouring;

import org.junit.jupiter.api.Nested;
import org.kvlab.testsuite.client.KvlabKvClientTest;
import org.kvlab.testsuite.client.RedisKvClientTest;

/** The KvClient suite over the iouring client transport, against redis-server and against kvlab. */
final class IoUringKvClientTest {

    private static final String TRANSPORT = "iouring";

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
