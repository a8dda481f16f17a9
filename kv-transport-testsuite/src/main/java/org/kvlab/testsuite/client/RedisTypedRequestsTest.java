package org.kvlab.testsuite.client;

import org.junit.jupiter.api.Assumptions;

/**
 * {@link TypedRequestsContract} against a real {@code redis-server} started on a free port for the test class
 * (skipped, with the reason, where redis-server is not installed).
 */
public abstract class RedisTypedRequestsTest extends TypedRequestsContract {

    @Override
    protected TestServer startServer() throws Exception {
        Assumptions.assumeTrue(RedisServerProcess.executable() != null,
                "redis-server is not installed (apt-get install redis-server): skipping the tests against Redis");
        return RedisServerProcess.start(null);
    }
}
