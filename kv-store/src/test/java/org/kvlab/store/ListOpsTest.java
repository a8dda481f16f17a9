package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.IndexOutOfRangeException;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ListEnd;
import org.kvlab.api.ListPop;
import org.kvlab.api.Lists;
import org.kvlab.api.NoSuchKeyException;
import org.kvlab.api.ValueType;
import org.kvlab.api.WrongTypeException;

/** The embedded {@link Lists} API: what each operation returns and changes, and what it refuses. */
final class ListOpsTest {

    private final KvStore store = KvStore.inMemory();
    private final Keyspace db = store.database(0);
    private final Lists lists = db.lists();

    @AfterEach
    void close() {
        store.close();
    }

    private static List<String> strings(List<byte[]> elements) {
        List<String> out = new ArrayList<>();
        for (byte[] e : elements) {
            out.add(new String(e, UTF_8));
        }
        return out;
    }

    private List<String> all(String key) {
        return strings(lists.range(b(key), 0, -1));
    }

    @Test
    void push_createsTheList_andReturnsItsLength() {
        assertEquals(2, lists.push(b("k"), ListEnd.RIGHT, b("a"), b("b")));
        assertEquals(4, lists.push(b("k"), ListEnd.LEFT, b("c"), b("d")));
        assertEquals(List.of("d", "c", "a", "b"), all("k"));
        assertEquals(ValueType.LIST, db.type(b("k")));
        assertEquals("quicklist", db.encoding(b("k")));
        assertThrows(IllegalArgumentException.class, () -> lists.push(b("k"), ListEnd.LEFT));
    }

    @Test
    void pushIfExists_onAMissingList_returnsZeroAndCreatesNothing() {
        assertEquals(0, lists.pushIfExists(b("k"), ListEnd.LEFT, b("a")));
        assertTrue(!db.exists(b("k")));
        lists.push(b("k"), ListEnd.LEFT, b("a"));
        assertEquals(2, lists.pushIfExists(b("k"), ListEnd.RIGHT, b("b")));
    }

    @Test
    void pop_returnsNullForAMissingList_andRemovesAnEmptiedOne() {
        assertNull(lists.pop(b("k"), ListEnd.LEFT));
        assertNull(lists.pop(b("k"), ListEnd.LEFT, 3));
        lists.push(b("k"), ListEnd.RIGHT, b("a"), b("b"), b("c"));
        assertEquals(List.of(), lists.pop(b("k"), ListEnd.LEFT, 0));
        assertEquals(List.of("c", "b"), strings(lists.pop(b("k"), ListEnd.RIGHT, 2)));
        assertArrayEquals(b("a"), lists.pop(b("k"), ListEnd.LEFT));
        assertTrue(!db.exists(b("k")));
        assertThrows(IllegalArgumentException.class, () -> lists.pop(b("k"), ListEnd.LEFT, -1));
    }

    @Test
    void operationsOnAString_throwWrongType_andChangeNothing() {
        db.set(b("s"), b("v"));
        assertThrows(WrongTypeException.class, () -> lists.push(b("s"), ListEnd.LEFT, b("a")));
        assertThrows(WrongTypeException.class, () -> lists.length(b("s")));
        assertThrows(WrongTypeException.class, () -> lists.pop(b("s"), ListEnd.RIGHT, 0));
        assertThrows(WrongTypeException.class, () -> lists.positions(b("s"), b("a"), 1, 0, 0));
        assertArrayEquals(b("v"), db.get(b("s")));
    }

    @Test
    void rangeIndexAndSet_readIndexesAsRedis() {
        lists.push(b("k"), ListEnd.RIGHT, b("a"), b("b"), b("c"));
        assertEquals(List.of("b", "c"), strings(lists.range(b("k"), -2, 100)));
        assertEquals(List.of(), lists.range(b("k"), 2, 1));
        assertEquals(List.of(), lists.range(b("missing"), 0, -1));
        assertArrayEquals(b("c"), lists.index(b("k"), -1));
        assertNull(lists.index(b("k"), 3));
        lists.set(b("k"), -3, b("z"));
        assertEquals(List.of("z", "b", "c"), all("k"));
        assertThrows(IndexOutOfRangeException.class, () -> lists.set(b("k"), 3, b("x")));
        assertThrows(NoSuchKeyException.class, () -> lists.set(b("missing"), 0, b("x")));
    }

    @Test
    void insertRemoveAndTrim_reportWhatTheyDid() {
        assertEquals(0, lists.insertBefore(b("k"), b("a"), b("x")));
        lists.push(b("k"), ListEnd.RIGHT, b("a"), b("b"), b("a"));
        assertEquals(-1, lists.insertAfter(b("k"), b("nope"), b("x")));
        assertEquals(4, lists.insertAfter(b("k"), b("a"), b("x")));
        assertEquals(5, lists.insertBefore(b("k"), b("a"), b("y")));
        assertEquals(List.of("y", "a", "x", "b", "a"), all("k"));
        assertEquals(1, lists.remove(b("k"), -1, b("a")));
        assertEquals(List.of("y", "a", "x", "b"), all("k"));
        lists.trim(b("k"), 1, 2);
        assertEquals(List.of("a", "x"), all("k"));
        lists.trim(b("k"), 5, 10);
        assertTrue(!db.exists(b("k")));
    }

    @Test
    void positions_validateRankCountAndMaxLength() {
        lists.push(b("k"), ListEnd.RIGHT, b("a"), b("b"), b("a"));
        assertEquals(2L, lists.position(b("k"), b("a"), -1, 0));
        assertNull(lists.position(b("k"), b("a"), 3, 0));
        assertArrayEquals(new long[] {0, 2}, lists.positions(b("k"), b("a"), 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> lists.position(b("k"), b("a"), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> lists.position(b("k"), b("a"), Long.MIN_VALUE, 0));
        assertThrows(IllegalArgumentException.class, () -> lists.positions(b("k"), b("a"), 1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> lists.positions(b("k"), b("a"), 1, 0, -1));
    }

    @Test
    void move_rotatesOneList_keepingItsExpiry() {
        lists.push(b("k"), ListEnd.RIGHT, b("a"), b("b"), b("c"));
        long expiry = store.clock().millis() + 100_000;
        db.expire(b("k"), expiry, ExpireCondition.ALWAYS);
        assertArrayEquals(b("a"), lists.move(b("k"), b("k"), ListEnd.LEFT, ListEnd.RIGHT));
        assertEquals(List.of("b", "c", "a"), all("k"));
        assertEquals(expiry, db.expiryMillis(b("k")));
        assertArrayEquals(b("b"), lists.move(b("k"), b("other"), ListEnd.LEFT, ListEnd.LEFT));
        assertEquals(List.of("b"), all("other"));
        assertEquals(Keyspace.NO_EXPIRY, db.expiryMillis(b("other")));
        assertNull(lists.move(b("missing"), b("k"), ListEnd.LEFT, ListEnd.LEFT));
    }

    @Test
    void move_toAString_throwsWrongType_andMovesNothing() {
        lists.push(b("k"), ListEnd.RIGHT, b("a"));
        db.set(b("s"), b("v"));
        assertThrows(WrongTypeException.class, () -> lists.move(b("k"), b("s"), ListEnd.LEFT, ListEnd.LEFT));
        assertEquals(List.of("a"), all("k"));
    }

    @Test
    void multiPop_takesFromTheFirstExistingList() {
        lists.push(b("b"), ListEnd.RIGHT, b("1"), b("2"), b("3"));
        ListPop popped = lists.multiPop(List.of(b("a"), b("b")), ListEnd.RIGHT, 2);
        assertArrayEquals(b("b"), popped.key());
        assertEquals(List.of("3", "2"), strings(popped.elements()));
        assertNull(lists.multiPop(List.of(b("a"), b("c")), ListEnd.LEFT, 1));
        assertThrows(IllegalArgumentException.class, () -> lists.multiPop(List.of(), ListEnd.LEFT, 1));
        assertThrows(IllegalArgumentException.class, () -> lists.multiPop(List.of(b("b")), ListEnd.LEFT, 0));
    }

    @Test
    void memory_countsTheListAndGivesItBackWhenItIsRemoved() {
        long before = store.usedMemory();
        byte[][] values = new byte[10_000][];
        for (int i = 0; i < values.length; i++) {
            values[i] = b("value" + i);
        }
        lists.push(b("k"), ListEnd.RIGHT, values);
        long grown = store.usedMemory() - before;
        assertTrue(grown > 10_000 * 10 && grown < 10_000 * 20, "a 10-byte element costs about 12 bytes: " + grown);
        lists.pop(b("k"), ListEnd.LEFT, 10_000);
        assertEquals(before, store.usedMemory());
    }
}
