package org.kvlab.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.Transports;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringSocketChannel;
import org.junit.jupiter.api.Test;
import org.kvlab.testsuite.ServerFixture;

/**
 * Lettuce with Netty's io_uring on the class path, as this module puts it there (and no epoll, which Lettuce would
 * prefer), runs its own connections on io_uring; they connect to a server on the iouring transport and work. Lettuce
 * 7.2.3 failed every such connect ("incompatible event loop type: SingleThreadIoEventLoop"); 7.7.0 does not.
 */
final class LettuceOnIoUringTest extends ServerFixture {

    @Override
    protected String transport() {
        return "iouring";
    }

    @Test
    void lettuce_runsOnIoUring_andConnects() {
        assumeTrue(IoUring.isAvailable(), () -> "io_uring is unavailable here: " + IoUring.unavailabilityCause());
        assertEquals(IoUringSocketChannel.class, Transports.socketChannelClass(), "Lettuce's channel");
        RedisClient client = RedisClient.create(RedisURI.create(address.getHostString(), address.getPort()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            assertEquals("OK", sync.set("greeting", "hello"));
            assertEquals("hello", sync.get("greeting"));
        } finally {
            client.shutdown();
        }
    }
}
