package org.kvlab.testsuite.client;

import java.net.InetSocketAddress;

/** A server a client test talks to: a {@code redis-server} process or an in-process kvlab server. */
public interface TestServer extends AutoCloseable {

    /** Returns the loopback address it listens on. */
    InetSocketAddress address();

    /** Stops it abruptly, as a crash would: a process gets SIGKILL, an in-process server closes every socket. */
    void kill();

    /** Stops it; idempotent. */
    @Override
    void close();
}
