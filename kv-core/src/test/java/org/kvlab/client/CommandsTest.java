package org.kvlab.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ScanResult;
import org.kvlab.api.SetOptions;
import org.kvlab.api.SetResult;

/** The arguments commands are built from, and how typed calls read replies. */
final class CommandsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void set_plain_hasNoOptions() {
        assertArrayEquals(new Object[] {"SET", "k", "v"}, Commands.set("k", "v", SetOptions.DEFAULT));
    }

    @Test
    void set_everyOption_inRedisOrder() {
        SetOptions options = new SetOptions(SetOptions.Condition.IF_ABSENT, 1_700_000_000_000L, false, true);
        assertArrayEquals(new Object[] {"SET", "k", "v", "NX", "PXAT", "1700000000000", "GET"},
                Commands.set("k", "v", options));
        SetOptions keep = new SetOptions(SetOptions.Condition.IF_PRESENT, Keyspace.NO_EXPIRY, true, false);
        assertArrayEquals(new Object[] {"SET", "k", "v", "XX", "KEEPTTL"}, Commands.set("k", "v", keep));
    }

    @Test
    void expire_withCondition_appendsIt() {
        assertArrayEquals(new Object[] {"PEXPIRE", "k", "1500"},
                Commands.expire("k", Duration.ofMillis(1500), ExpireCondition.ALWAYS));
        assertArrayEquals(new Object[] {"PEXPIREAT", "k", "1000", "GT"},
                Commands.expireAt("k", Instant.ofEpochMilli(1000), ExpireCondition.GT));
    }

    @Test
    void scan_optionalParts_onlyWhenGiven() {
        assertArrayEquals(new Object[] {"SCAN", "0"}, Commands.scan(0, null, 0));
        assertArrayEquals(new Object[] {"SCAN", "18446744073709551615", "MATCH", "a*", "COUNT", "10"},
                Commands.scan(-1, "a*", 10));
        assertEquals("count: -1 (expected: >= 0, 0 for the server's default)",
                assertThrows(IllegalArgumentException.class, () -> Commands.scan(0, null, -1)).getMessage());
    }

    @Test
    void pairsAndPrefixed_refuseEmpty() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("a", "1");
        entries.put("b", "2");
        assertArrayEquals(new Object[] {"MSET", "a", "1", "b", "2"}, Commands.pairs("MSET", entries));
        assertThrows(IllegalArgumentException.class, () -> Commands.pairs("MSET", Map.of()));
        assertArrayEquals(new Object[] {"DEL", "a", "b"}, Commands.prefixed("DEL", new Object[] {"a", "b"}));
        assertEquals("DEL: no keys (expected: at least one)",
                assertThrows(IllegalArgumentException.class, () -> Commands.prefixed("DEL", new Object[0]))
                        .getMessage());
    }

    @Test
    void setReply_withGet_tellsWhetherItWrote() {
        SetOptions nxGet = new SetOptions(SetOptions.Condition.IF_ABSENT, Keyspace.NO_EXPIRY, false, true);
        assertTrue(Replies.set(nxGet).decode(null).written(), "NX GET with no old value wrote");
        SetResult existed = Replies.set(nxGet).decode(b("old"));
        assertEquals(false, existed.written());
        assertArrayEquals(b("old"), existed.previous());
        SetOptions xxGet = new SetOptions(SetOptions.Condition.IF_PRESENT, Keyspace.NO_EXPIRY, false, true);
        assertEquals(false, Replies.set(xxGet).decode(null).written());
        assertEquals(SetResult.NOT_WRITTEN, Replies.set(SetOptions.DEFAULT).decode(null));
        assertEquals(SetResult.WRITTEN, Replies.set(SetOptions.DEFAULT).decode("OK"));
    }

    @Test
    void typedReplies_acceptBothProtocolsShapes() {
        assertEquals(2.5, Replies.DOUBLE.decode(b("2.5")));
        assertEquals(2.5, Replies.DOUBLE.decode(2.5));
        assertEquals(true, Replies.BOOLEAN.decode(1L));
        assertEquals(false, Replies.BOOLEAN.decode(Boolean.FALSE));
        assertEquals("txt", Replies.STRING.decode("txt"));
        assertEquals(Arrays.asList("a", null), Replies.STRING_LIST.decode(Arrays.asList(b("a"), null)));
        ScanResult scan = Replies.SCAN.decode(List.of(b("17"), List.of(b("k"))));
        assertEquals(17, scan.cursor());
        assertArrayEquals(b("k"), scan.keys().get(0));
        assertNull(Replies.BYTES.decode(null));
    }

    @Test
    void typedReplies_ofTheWrongShape_failClearly() {
        assertEquals("null where an integer was expected",
                assertThrows(IllegalStateException.class, () -> Replies.LONG.decode(null)).getMessage());
        assertEquals("a Long where an array was expected",
                assertThrows(IllegalStateException.class, () -> Replies.STRING_LIST.decode(5L)).getMessage());
        assertThrows(IllegalStateException.class, () -> Replies.VOID.decode(null));
    }
}
