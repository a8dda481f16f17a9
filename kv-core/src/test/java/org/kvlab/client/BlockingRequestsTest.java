package org.kvlab.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The blocking pops' requests: their arguments, their decoders in RESP2 and RESP3, and how long the client lets the
 * server hold their replies.
 */
final class BlockingRequestsTest {

    private static Object reply(String wire) {
        List<Object> replies = new ArrayList<>();
        new ReplyParser(replies::add).feed(ByteBuffer.wrap(wire.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(1, replies.size(), "replies of " + wire);
        return replies.get(0);
    }

    private static <T> T decode(Request<T> request, String wire) {
        return request.decoder().decode(reply(wire));
    }

    @Test
    void timeouts_areSentInSecondsExactly() {
        assertEquals("BLPOP a b 0", ListRequests.blpop(Duration.ZERO, "a", "b").toString());
        assertEquals("BRPOP a 0.01", ListRequests.brpop(Duration.ofMillis(10), "a").toString());
        assertEquals("BLMOVE s d LEFT RIGHT 1.000000001",
                ListRequests.blmove("s", "d", ListEnd.LEFT, ListEnd.RIGHT, Duration.ofNanos(1_000_000_001)).toString());
        assertEquals("BRPOPLPUSH s d 3600", ListRequests.brpoplpush("s", "d", Duration.ofHours(1)).toString());
        assertEquals("BLMPOP 2.5 2 a b RIGHT COUNT 3",
                ListRequests.blmpop(Duration.ofMillis(2500), ListEnd.RIGHT, 3, "a", "b").toString());
        assertEquals("BZPOPMIN z 0.5", SortedSetRequests.bzpopMin(Duration.ofMillis(500), "z").toString());
        assertEquals("BZPOPMAX z y 0", SortedSetRequests.bzpopMax(Duration.ZERO, "z", "y").toString());
        assertEquals("BZMPOP 1 1 z MIN COUNT 2", SortedSetRequests.bzmpopMin(Duration.ofSeconds(1), 2, "z").toString());
        assertEquals("BZMPOP 0 1 z MAX COUNT 1", SortedSetRequests.bzmpopMax(Duration.ZERO, 1, "z").toString());
        assertThrows(IllegalArgumentException.class, () -> ListRequests.blpop(Duration.ofMillis(-1), "a"));
        assertThrows(IllegalArgumentException.class, () -> ListRequests.blpop(Duration.ZERO, new String[0]));
    }

    @Test
    void replies_decodeToTheKeyAndWhatWasPopped_orNullAfterATimeout() {
        assertEquals(Map.entry("k", "v"),
                decode(ListRequests.blpop(Duration.ZERO, "k"), "*2\r\n$1\r\nk\r\n$1\r\nv\r\n"));
        assertNull(decode(ListRequests.brpop(Duration.ZERO, "k"), "*-1\r\n"));
        assertNull(decode(ListRequests.brpop(Duration.ZERO, "k"), "_\r\n"));
        Map.Entry<byte[], byte[]> bytes = decode(ListRequests.blpop(Duration.ZERO, new byte[] {1}),
                "*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
        assertArrayEquals(new byte[] {'v'}, bytes.getValue());
        assertEquals(new KeyedList<>("k", List.of("a", "b")), decode(ListRequests.blmpop(Duration.ZERO, ListEnd.LEFT,
                2, "k"), "*2\r\n$1\r\nk\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n"));
        Map.Entry<String, ScoredMember<String>> member = decode(SortedSetRequests.bzpopMin(Duration.ZERO, "z"),
                "*3\r\n$1\r\nz\r\n$1\r\nm\r\n,1.5\r\n");
        assertEquals("z", member.getKey());
        assertEquals(new ScoredMember<>("m", 1.5), member.getValue());
        Map.Entry<String, List<ScoredMember<String>>> members = decode(
                SortedSetRequests.bzmpopMax(Duration.ZERO, 2, "z"),
                "*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\na\r\n$3\r\ninf\r\n");
        assertEquals(List.of(new ScoredMember<>("b", 2.0), new ScoredMember<>("a", Double.POSITIVE_INFINITY)),
                members.getValue());
        assertNull(decode(SortedSetRequests.bzmpopMax(Duration.ZERO, 2, "z"), "*-1\r\n"));
    }

    @Test
    void replyWait_isTheCommandsOwnTimeout_whicheverWayItWasBuilt() {
        assertEquals(10_000_000, ReplyWait.nanos(ListRequests.blpop(Duration.ofMillis(10), "a", "b").args()));
        assertEquals(ReplyWait.FOREVER, ReplyWait.nanos(new Object[] {"blpop", "a", "0"}));
        assertEquals(2_500_000_000L, ReplyWait.nanos(new Object[] {"BLMPOP", "2.5", "1", "k", "LEFT"}));
        assertEquals(1_000_000_000L, ReplyWait.nanos(new Object[] {"BLMOVE", "s", "d", "LEFT", "LEFT", "1"}));
        assertEquals(3_000_000_000L, ReplyWait.nanos(new Object[] {"brpoplpush".getBytes(StandardCharsets.UTF_8),
            "s", "d", "3".getBytes(StandardCharsets.UTF_8)}));
        assertEquals(5_000_000, ReplyWait.nanos(new Object[] {"WAIT", "1", "5"}));
        assertEquals(ReplyWait.FOREVER, ReplyWait.nanos(new Object[] {"WAIT", "1", "0"}));
        assertEquals(ReplyWait.FOREVER, ReplyWait.nanos(new Object[] {"BZPOPMIN", "z", "1e300"}));
        assertEquals(0, ReplyWait.nanos(new Object[] {"BLPOP", "a", "-1"}));
        assertEquals(0, ReplyWait.nanos(new Object[] {"BLPOP", "a", "soon"}));
        assertEquals(0, ReplyWait.nanos(new Object[] {"LPOP", "a"}));
        assertEquals(0, ReplyWait.nanos(new Object[] {"BITCOUNT", "a", "7"}));
        assertEquals(0, ReplyWait.nanos(new Object[] {"BLPOP"}));
    }

    @Test
    void aBatch_mayWaitAsLongAsAllItsBlockingCommands() {
        Pending.Batch finite = new Pending.Batch(List.of(new Object[] {"BLPOP", "a", "1"},
            new Object[] {"GET", "k"}, new Object[] {"BRPOP", "a", "2"}));
        assertEquals(Duration.ofSeconds(3).toNanos(), finite.waitNanos);
        Pending.Batch forever = new Pending.Batch(List.of(new Object[] {"BLPOP", "a", "1"},
            new Object[] {"BLPOP", "a", "0"}));
        assertEquals(ReplyWait.FOREVER, forever.waitNanos);
        Pending.Batch transaction = new Pending.Batch(List.of(new Object[] {"MULTI"},
            new Object[] {"BLPOP", "a", "0"}, new Object[] {"EXEC"}, new Object[] {"BLPOP", "a", "1"}));
        assertEquals(Duration.ofSeconds(1).toNanos(), transaction.waitNanos, "nothing blocks in a transaction");
        Pending.Batch asBytes = new Pending.Batch(List.of(new Object[] {bytes("multi")},
            new Object[] {bytes("BLPOP"), bytes("a"), bytes("0")}, new Object[] {bytes("eXeC")},
            new Object[] {bytes("MULTI")}, new Object[] {bytes("BLPOP"), bytes("a"), bytes("0")},
            new Object[] {bytes("Discard")}, new Object[] {bytes("BLPOP"), bytes("a"), bytes("2")},
            new Object[] {bytes("MULTIX")}, new Object[] {bytes("BLPOP"), bytes("a"), bytes("1")}));
        assertEquals(Duration.ofSeconds(3).toNanos(), asBytes.waitNanos, "names as bytes, in any case");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
