package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Each of Redis 7's limits on what a client may send, over a real socket: the reply (or the silence) Redis gives,
 * the close, another client served meanwhile, and descriptors and heap back to where they were. Limits are
 * changed with {@code CONFIG SET} (and checked in {@code CONFIG GET}) and restored after each test.
 */
public abstract class LimitsTest extends HostileFixture {

    private static final String PROTOCOL_ERROR = "-ERR Protocol error: ";
    private static final int INLINE_MAX = 64 * 1024;

    @AfterEach
    final void restoreDefaults() {
        server.settings().requirePass(null).maxClients(10_000).timeoutSeconds(0)
                .protoMaxBulkLen(512L * 1024 * 1024).clientQueryBufferLimit(1024L * 1024 * 1024)
                .partialCommandTimeoutSeconds(30);
    }

    @Test
    void inlineLine_within64KB_isServed_andOver64KB_isTooBigInlineRequest() {
        try (Jedis other = jedis(); RawClient raw = new RawClient(address)) {
            // the limit counts the line up to its '\n', as the parser applies it whatever the reads
            String arg = "a".repeat(INLINE_MAX - "ECHO \r".length());
            raw.send("ECHO " + arg + "\r\n");
            String bulk = "$" + arg.length() + "\r\n" + arg + "\r\n";
            assertEquals(bulk, raw.read(bulk.length()));
            raw.send("ECHO " + arg + "b");
            assertEquals(PROTOCOL_ERROR + "too big inline request\r\n",
                    sendUntilClosed(raw, "b".repeat(1024), 1024 * 1024));
            assertServed(other);
        }
        assertResourcesRestored(false);
    }

    @Test
    void multibulkCountLine_over64KB_isTooBigMbulkCountString() {
        try (Jedis other = jedis(); RawClient raw = new RawClient(address)) {
            raw.send("*");
            assertEquals(PROTOCOL_ERROR + "too big mbulk count string\r\n",
                    sendUntilClosed(raw, "1".repeat(1024), 1024 * 1024));
            assertServed(other);
        }
        assertResourcesRestored(false);
    }

    @Test
    void bulkCountLine_over64KB_isTooBigBulkCountString() {
        try (Jedis other = jedis(); RawClient raw = new RawClient(address)) {
            raw.send("*1\r\n$");
            assertEquals(PROTOCOL_ERROR + "too big bulk count string\r\n",
                    sendUntilClosed(raw, "1".repeat(1024), 1024 * 1024));
            assertServed(other);
        }
        assertResourcesRestored(false);
    }

    @Test
    void bulkOverProtoMaxBulkLen_isInvalidBulkLength_andTheLimitIsConfigurable() {
        try (Jedis other = jedis()) {
            try (RawClient raw = new RawClient(address)) {
                raw.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870913\r\n");
                assertEquals(PROTOCOL_ERROR + "invalid bulk length\r\n", raw.readUntilClosed());
            }
            assertEquals("OK", other.configSet("proto-max-bulk-len", "1mb"));
            assertEquals(Map.of("proto-max-bulk-len", "1048576"), other.configGet("proto-max-bulk-len"));
            String limit = "v".repeat(1024 * 1024);
            try (RawClient raw = new RawClient(address)) {
                raw.send(RawClient.command("SET", "k", limit) + RawClient.command("STRLEN", "k"));
                assertEquals("+OK\r\n:1048576\r\n", raw.read("+OK\r\n:1048576\r\n".length()));
                raw.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048577\r\n");
                assertEquals(PROTOCOL_ERROR + "invalid bulk length\r\n", raw.readUntilClosed());
            }
            assertEquals(1024 * 1024, other.strlen("k"));
            other.del("k");
            assertServed(other);
        }
        assertResourcesRestored(false);
    }

    @Test
    void claimedHugeCountsAndLengths_costNothingUntilTheBytesArrive() {
        long heapBefore = usedHeapAfterGc();
        try (Jedis other = jedis()) {
            List<RawClient> claims = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    RawClient count = new RawClient(address);
                    claims.add(count);
                    count.send("*2147483647\r\n$4\r\nECHO\r\n$3\r\nabc\r\n");
                    RawClient length = new RawClient(address);
                    claims.add(length);
                    length.send("*2\r\n$4\r\nECHO\r\n$536870912\r\nonly a few bytes of it");
                }
                assertServed(other); // a round trip after the claims: every claim has been read by now
                awaitServerClients(claims.size() + 1);
                long heapWhileClaimed = usedHeapAfterGc();
                assertTrue(heapWhileClaimed < heapBefore + ResourceBaseline.HEAP_TOLERANCE,
                        "16 claims of 2^31-1 arguments or 512 MB took " + (heapWhileClaimed - heapBefore)
                                + " bytes of heap");
                for (int i = 0; i < claims.size(); i += 2) {
                    RawClient count = claims.get(i);
                    count.send("x\r\n"); // past the count and the first argument, a header line must start with '$'
                    assertEquals(PROTOCOL_ERROR + "expected '$', got 'x'\r\n", count.readUntilClosed());
                }
                assertServed(other);
            } finally {
                claims.forEach(RawClient::close);
            }
            try (RawClient raw = new RawClient(address)) {
                raw.send("*2147483648\r\n");
                assertEquals(PROTOCOL_ERROR + "invalid multibulk length\r\n", raw.readUntilClosed());
            }
        }
        assertResourcesRestored(false);
    }

    @Test
    void queryBufferOverClientQueryBufferLimit_isClosedWithoutReply() {
        try (Jedis other = jedis()) {
            assertEquals("OK", other.configSet("client-query-buffer-limit", "1mb"));
            assertEquals(Map.of("client-query-buffer-limit", "1048576"),
                    other.configGet("client-query-buffer-limit"));
            try (RawClient raw = new RawClient(address)) {
                raw.send("*2\r\n$4\r\nECHO\r\n$2000000\r\n");
                assertEquals("", sendUntilClosed(raw, "x".repeat(64 * 1024), 2_000_000));
            }
            assertServed(other);
        }
        assertResourcesRestored(false);
    }

    @Test
    void clientOverMaxclients_getsMaxNumberOfClientsReached_andIsClosed() {
        try (Jedis other = jedis()) {
            assertEquals("OK", other.configSet("maxclients", "2"));
            assertEquals(Map.of("maxclients", "2"), other.configGet("maxclients"));
            awaitServerClients(1); // earlier tests' connections may still be closing
            try (RawClient second = new RawClient(address)) {
                second.send(RawClient.command("PING"));
                assertEquals("+PONG\r\n", second.read(7)); // registered before the third connects
                try (RawClient third = new RawClient(address)) {
                    // as Redis: the error comes as the connection opens, before any request
                    assertEquals("-ERR max number of clients reached\r\n", third.readUntilClosed());
                }
                second.send(RawClient.command("PING"));
                assertEquals("+PONG\r\n", second.read(7));
            }
            awaitServerClients(1);
            assertEquals("OK", other.configSet("maxclients", "1"));
            try (RawClient over = new RawClient(address)) {
                assertEquals("-ERR max number of clients reached\r\n", over.readUntilClosed());
            }
            assertEquals("OK", other.configSet("maxclients", "2"));
            try (RawClient again = new RawClient(address)) {
                again.send(RawClient.command("PING"));
                assertEquals("+PONG\r\n", again.read(7));
            }
            assertServed(other);
        }
        assertResourcesRestored(false);
    }

    @Test
    void idleClient_isClosedAfterTimeout_whileABusyOneIsNot() {
        try (Jedis busy = jedis(); RawClient idle = new RawClient(address)) {
            assertEquals("OK", busy.configSet("timeout", "1"));
            assertEquals(Map.of("timeout", "1"), busy.configGet("timeout"));
            idle.send(RawClient.command("PING"));
            assertEquals("+PONG\r\n", idle.read(7));
            CompletableFuture<String> closed = CompletableFuture.supplyAsync(idle::readUntilClosed);
            while (!closed.isDone()) {
                assertServed(busy);
                ResourceBaseline.sleep(100);
            }
            assertEquals("", closed.join());
            busy.configSet("timeout", "0");
            assertServed(busy);
        }
        assertResourcesRestored(false);
    }

    @Test
    void commandArrivingAByteAtATime_isClosedAtThePartialCommandDeadline() {
        try (Jedis other = jedis(); RawClient slow = new RawClient(address)) {
            assertEquals("OK", other.configSet("partial-command-timeout", "1"));
            assertEquals(Map.of("partial-command-timeout", "1"), other.configGet("partial-command-timeout"));
            byte[] command = RawClient.command("SET", "loris", "x".repeat(200)).getBytes();
            CompletableFuture<String> closed = CompletableFuture.supplyAsync(slow::readUntilClosed);
            int sent = 0;
            try {
                while (!closed.isDone() && sent < command.length) {
                    slow.send(new byte[] {command[sent++]});
                    assertServed(other);
                    ResourceBaseline.sleep(50);
                }
            } catch (java.io.UncheckedIOException e) {
                // closed between the check and the write
            }
            assertEquals("", closed.join());
            assertTrue(sent < command.length, "the whole command went through, a byte at a time");
            assertFalse(other.exists("loris"));
            assertServed(other);
        }
        assertResourcesRestored(false);
    }

    @Test
    void requirepass_noauthWrongpassAuth_andTheUnauthenticatedHeaderLimits() {
        try (Jedis other = jedis()) {
            assertEquals("OK", other.configSet("requirepass", "s3cret"));
            assertEquals(Map.of("requirepass", "s3cret"), other.configGet("requirepass"));
            try (RawClient raw = new RawClient(address)) {
                raw.send(RawClient.command("GET", "k"));
                String noauth = "-NOAUTH Authentication required.\r\n";
                assertEquals(noauth, raw.read(noauth.length()));
                raw.send(RawClient.command("AUTH", "wrong"));
                String wrongpass = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
                assertEquals(wrongpass, raw.read(wrongpass.length()));
                raw.send(RawClient.command("AUTH", "s3cret") + RawClient.command("ECHO", "1", "2", "3", "4", "5",
                        "6", "7", "8", "9", "10") + RawClient.command("ECHO", "x".repeat(16385)));
                String authed = "+OK\r\n-ERR wrong number of arguments for 'echo' command\r\n$16385\r\n";
                assertEquals(authed, raw.read(authed.length()));
                raw.read(16385 + 2);
            }
            try (RawClient raw = new RawClient(address)) {
                raw.send("*11\r\n");
                assertEquals(PROTOCOL_ERROR + "unauthenticated multibulk length\r\n", raw.readUntilClosed());
            }
            try (RawClient raw = new RawClient(address)) {
                raw.send("*1\r\n$16385\r\n");
                assertEquals(PROTOCOL_ERROR + "unauthenticated bulk length\r\n", raw.readUntilClosed());
            }
            assertServed(other);
            other.configSet("requirepass", "");
        }
        assertResourcesRestored(false);
    }
}
