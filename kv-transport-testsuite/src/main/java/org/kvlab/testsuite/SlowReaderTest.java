package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kvlab.spi.TransportConfig;
import redis.clients.jedis.Jedis;

/**
 * {@code client-output-buffer-limit} for clients that ask for big replies and never read them, with
 * {@link TransportConfig#outputBufferLimit()} at 1 MiB: a transport stops reading from a client whose replies back
 * up (Netty's write-buffer water marks, a blocked write), so requests wait in the kernel and cost nothing here;
 * requests read together that ask for more than the limit close the client. Either way memory stays bounded, the
 * replies a held-back client does read are whole, and the other clients are served throughout. (Redis's default
 * for normal clients is no limit at all.)
 */
public abstract class SlowReaderTest extends HostileFixture {

    /** The output buffer limit of this class's server. */
    protected static final int OUTPUT_LIMIT = 1024 * 1024;

    private static final int VALUE_SIZE = 256 * 1024;

    @Override
    protected TransportConfig.Builder transportConfig() {
        return super.transportConfig().outputBufferLimit(OUTPUT_LIMIT);
    }

    @Test
    void readerThatNeverReads_isHeldBackOrClosed_withMemoryBounded() {
        try (Jedis other = jedis()) {
            String value = "v".repeat(VALUE_SIZE);
            other.set("big", value);
            long heapBefore = usedHeapAfterGc();
            try (RawClient slow = new RawClient(address)) {
                // 100 MB of replies asked for one command at a time, none read, with a round trip of another
                // client after each: a transport that stops reading from a client whose replies back up leaves its
                // requests waiting in the kernel; one that reads several at once closes it at the limit
                String get = RawClient.command("GET", "big");
                boolean closed = false;
                try {
                    for (int i = 0; i < 400; i++) {
                        slow.send(get);
                        assertEquals("PONG", other.ping());
                    }
                } catch (UncheckedIOException e) {
                    closed = true;
                }
                long heapWhileStalled = usedHeapAfterGc();
                assertTrue(heapWhileStalled < heapBefore + ResourceBaseline.HEAP_TOLERANCE,
                        "a reader that never read cost " + (heapWhileStalled - heapBefore) + " bytes of heap");
                if (!closed) {
                    // held back, or closed with the sends still accepted by the kernel; once the reader reads, the
                    // server may read the requests that waited together and close at the limit, but only between
                    // whole replies
                    String reply = "$" + VALUE_SIZE + "\r\n" + value + "\r\n";
                    for (int i = 0; i < 3; i++) {
                        String next = slow.readOrClosed(reply.length());
                        if (next == null) {
                            break;
                        }
                        assertEquals(reply, next, "reply " + i + " once the reader reads");
                    }
                }
            }
            assertServed(other);
        }
        assertResourcesRestored(false);
    }

    @Test
    void pipelinedBigReplies_inOneRead_costMemoryBoundedByTheLimit() {
        List<MemoryPoolMXBean> oldGen = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isUsageThresholdSupported()
                        && !p.getName().contains("Survivor") && !p.getName().contains("Eden"))
                .collect(Collectors.toList());
        try (Jedis other = jedis()) {
            other.set("big", "v".repeat(VALUE_SIZE));
            usedHeapAfterGc();
            long before = oldGen.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
            oldGen.forEach(MemoryPoolMXBean::resetPeakUsage);
            try (RawClient slow = new RawClient(address)) {
                // one read of the server holds hundreds of these: 16 KiB of GETs asks for ~190 MB of replies
                String get = RawClient.command("GET", "big");
                sendUntilClosed(slow, get.repeat(16 * 1024 / get.length()), 400L * get.length());
            }
            assertServed(other);
            long peak = oldGen.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            long bound = before + 32L * OUTPUT_LIMIT + ResourceBaseline.HEAP_TOLERANCE;
            assertTrue(peak <= bound, "long-lived heap peaked at " + (peak - before) + " bytes over its "
                    + "baseline for a client with an output buffer limit of " + OUTPUT_LIMIT + " bytes; pools "
                    + oldGen.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toList()));
        }
        assertResourcesRestored(false);
    }
}
