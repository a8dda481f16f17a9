package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.spi.TransportConfig;
import redis.clients.jedis.Jedis;

/**
 * Protected mode with the server listening on every interface ({@code 0.0.0.0}): a loopback peer is served, a peer
 * that comes through a non-loopback address of this machine gets {@code -DENIED ...} and is closed, unless a
 * password is set or protected mode is off. Skipped, saying why, on a machine with no non-loopback IPv4 address
 * (kv-core's {@code KvServerTest} checks the decision itself with made-up peer addresses).
 */
public abstract class ProtectedModeTest extends HostileFixture {

    @Override
    protected TransportConfig.Builder transportConfig() {
        return super.transportConfig().bindAddress("0.0.0.0");
    }

    @Override
    protected Jedis jedis() {
        return new Jedis("127.0.0.1", address.getPort(), 10_000);
    }

    @AfterEach
    final void restoreDefaults() {
        server.settings().requirePass(null).protectedMode(true);
    }

    @Test
    void nonLoopbackPeer_isDenied_loopbackServed_untilAPasswordOrProtectedModeNo() {
        InetAddress external = nonLoopbackAddress();
        InetSocketAddress remote = new InetSocketAddress(external, address.getPort());
        try (Jedis loopback = jedis()) {
            try (RawClient denied = new RawClient(remote)) {
                String reply = denied.readUntilClosed(); // as Redis: said as the connection opens
                assertTrue(reply.startsWith("-DENIED Redis is running in protected mode because protected mode is "
                        + "enabled and no password is set for the default user."), reply);
                assertTrue(reply.endsWith("\r\n") && reply.indexOf("\r\n") == reply.length() - 2, reply);
            }
            assertServed(loopback);

            assertEquals("OK", loopback.configSet("requirepass", "s3cret"));
            try (RawClient withPassword = new RawClient(remote)) {
                withPassword.send(RawClient.command("PING") + RawClient.command("AUTH", "s3cret")
                        + RawClient.command("PING"));
                String expected = "-NOAUTH Authentication required.\r\n+OK\r\n+PONG\r\n";
                assertEquals(expected, withPassword.read(expected.length()));
            }
            assertEquals("OK", loopback.configSet("requirepass", ""));

            assertEquals("OK", loopback.configSet("protected-mode", "no"));
            try (RawClient unprotected = new RawClient(remote)) {
                unprotected.send(RawClient.command("PING"));
                assertEquals("+PONG\r\n", unprotected.read(7));
            }
            assertServed(loopback);
        }
        assertResourcesRestored(false);
    }

    /** Returns an IPv4 address of an interface that is up and not loopback, or skips the test. */
    private static InetAddress nonLoopbackAddress() {
        Optional<InetAddress> found;
        try {
            found = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(ProtectedModeTest::isUp)
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a.getAddress().length == 4 && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .findFirst();
        } catch (SocketException e) {
            found = Optional.empty();
        }
        if (found.isEmpty()) {
            System.out.println("SKIPPED: no non-loopback IPv4 address on this machine to connect from; "
                    + "KvServerTest covers the protected-mode decision with made-up peer addresses");
        }
        assumeTrue(found.isPresent(), "no non-loopback IPv4 address on this machine");
        return found.get();
    }

    private static boolean isUp(NetworkInterface i) {
        try {
            return i.isUp() && !i.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
