package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** A protocol error gets Redis's error reply and a close; the server and other connections carry on. */
public abstract class BadInputTest extends ServerFixture {

    @Test
    void invalidBulkLength_errorThenClose_othersUnaffected() {
        try (Jedis other = jedis(); RawClient raw = new RawClient(address)) {
            other.set("k", "v");
            raw.send("*1\r\n$-5\r\n");
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", raw.readUntilClosed());
            assertEquals("v", other.get("k"));
        }
    }

    @Test
    void commandsBeforeTheBadByte_areExecuted() {
        try (Jedis other = jedis(); RawClient raw = new RawClient(address)) {
            raw.send(RawClient.command("SET", "before", "1") + "*1\r\nx\r\n");
            assertEquals("+OK\r\n-ERR Protocol error: expected '$', got 'x'\r\n", raw.readUntilClosed());
            assertEquals("1", other.get("before"));
        }
    }

    @Test
    void unbalancedQuotesInline_errorThenClose() {
        try (RawClient raw = new RawClient(address)) {
            raw.send("SET \"unterminated\r\n");
            assertEquals("-ERR Protocol error: unbalanced quotes in request\r\n", raw.readUntilClosed());
        }
    }
}
