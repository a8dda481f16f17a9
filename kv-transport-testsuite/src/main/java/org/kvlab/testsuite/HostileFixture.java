package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.Jedis;

/**
 * A {@link ServerFixture} for tests of clients that misbehave: before each test it waits for the server to have
 * no clients and samples this JVM's descriptors and heap, so a test can check it gave everything back.
 */
public abstract class HostileFixture extends ServerFixture {

    private ResourceBaseline baseline;

    @BeforeEach
    final void sampleResources() {
        awaitServerClients(0);
        baseline = ResourceBaseline.capture();
    }

    /**
     * Waits for every connection to be gone on the server's side, then for descriptors and heap to be back to what
     * they were before the test (threads too if {@code threadsToo}).
     *
     * @throws AssertionError naming what was not given back within 10 s
     */
    protected final void assertResourcesRestored(boolean threadsToo) {
        awaitServerClients(0);
        baseline.assertRestored(threadsToo);
    }

    /** Returns the heap used now, after a GC, in bytes. */
    protected static long usedHeapAfterGc() {
        return ResourceBaseline.usedHeapAfterGc();
    }

    /** Waits up to 10 s for the server to count {@code expected} connected clients. */
    protected final void awaitServerClients(int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.connectedClients() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connected clients: " + server.connectedClients() + " (expected "
                        + expected + ")");
            }
            ResourceBaseline.sleep(20);
        }
    }

    /** Checks that {@code jedis} is still served: it writes and reads back a key. */
    protected static void assertServed(Jedis jedis) {
        assertEquals("OK", jedis.set("still-served", "yes"));
        assertEquals("yes", jedis.get("still-served"));
    }

    /**
     * Writes {@code chunk} repeatedly, as Redis's desync tests do, until the server closes the connection or
     * {@code maxBytes} have gone, then returns everything the server sent before closing.
     */
    protected static String sendUntilClosed(RawClient raw, String chunk, long maxBytes) {
        try {
            for (long sent = 0; sent < maxBytes; sent += chunk.length()) {
                raw.send(chunk);
            }
        } catch (UncheckedIOException e) {
            // the server closed (reset) the connection: read what it said before
        }
        return raw.readUntilClosed();
    }
}
