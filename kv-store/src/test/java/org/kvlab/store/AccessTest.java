package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ListEnd;

final class AccessTest {

    private final KvStore store = KvStore.inMemory();
    private final Database database = store.databaseAt(0);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void effects_noneRecorded_isNull() {
        Access access = new Access(database, b("k"), null, true, 0);

        assertNull(access.effects());
    }

    @Test
    void effects_oneRecorded_isThatOne() {
        Access access = new Access(database, b("k"), null, true, 0);

        access.delete(b("k"));

        Effect effect = access.effects();
        assertEquals(Effect.DELETE, effect.op);
        assertArrayEquals(b("k"), effect.key);
        assertNull(effect.next);
    }

    @Test
    void effects_severalRecordedOnSeveralKeys_areInTheOrderRecorded() {
        byte[] a = b("a");
        byte[] c = b("c");
        Access access = new Access(database, null, new byte[][] {a, c}, true, 0);

        access.record(c, ListValue.PUSH_LEFT, b("x"));
        access.delete(a);
        access.record(c, ListValue.PUSH_RIGHT, b("y"));

        Effect first = access.effects();
        assertEquals(3, Effect.count(first));
        assertSame(c, first.key);
        assertEquals(ListValue.PUSH_LEFT, first.op);
        assertSame(a, first.next.key);
        assertEquals(Effect.DELETE, first.next.op);
        assertEquals(ListValue.PUSH_RIGHT, first.next.next.op);
    }

    @Test
    void close_dropsTheKeysAndEffects_untilOpenedAgain() {
        Access access = new Access(database, b("k"), null, true, 0);
        access.delete(b("k"));

        access.close();

        assertFalse(access.isOpen());
        assertNull(access.effects());
        assertThrows(IllegalArgumentException.class, () -> access.delete(b("k")));
        access.open(b("other"), null, true, 0);
        access.delete(b("other"));
        assertEquals(1, Effect.count(access.effects()));
    }

    @Test
    void record_nextOperationsFirstEffect_reusesTheObject_andStartsAChainOfItsOwn() {
        Access access = new Access(database, b("k"), null, true, 0);
        access.record(b("k"), ListValue.PUSH_LEFT, b("x"));
        access.record(b("k"), ListValue.PUSH_RIGHT, b("y"));
        Effect firstOfTheFirst = access.effects();
        access.close();

        access.open(b("k"), null, true, 0);
        access.record(b("k"), ListValue.POP_LEFT, ListValue.number(1));

        Effect first = access.effects();
        assertSame(firstOfTheFirst, first);
        assertEquals(ListValue.POP_LEFT, first.op);
        assertEquals(1, Effect.count(first));
    }

    @Test
    void close_theReusedEffectHoldsNoArrayOfTheOperation() {
        Access access = new Access(database, b("k"), null, true, 0);
        access.record(b("k"), ListValue.PUSH_LEFT, b("x"));
        Effect effect = access.effects();

        access.close();

        assertNull(effect.key);
        assertNull(effect.args);
    }

    @Test
    void anOperationRunInsideAnotherOnItsSegment_getsAnAccessOfItsOwn() {
        byte[] key = b("k");

        database.access(key, true, true, outer -> {
            outer.record(key, ListValue.PUSH_RIGHT, b("outer"));
            store.lists().push(key, ListEnd.RIGHT, b("inner"));
            return null;
        });

        assertEquals(List.of("inner", "outer"), strings(store.lists().range(key, 0, -1)));
    }

    @Test
    void record_equalKeyInAnotherArray_isTheLockedKey() {
        Access access = new Access(database, b("k"), null, true, 0);

        access.record(b("k"), ListValue.PUSH_LEFT, b("x"));

        assertEquals(1, Effect.count(access.effects()));
    }

    @Test
    void record_keyNotLockedByASingleKeyAccess_throws() {
        Access access = new Access(database, b("k"), null, true, 0);

        assertThrows(IllegalArgumentException.class, () -> access.record(b("other"), ListValue.PUSH_LEFT, b("x")));
    }

    @Test
    void record_keyNotLockedByASeveralKeyAccess_throws() {
        Access access = new Access(database, null, new byte[][] {b("a"), b("c")}, true, 0);

        assertThrows(IllegalArgumentException.class, () -> access.delete(b("b")));
    }

    @Test
    void record_readOnlyAccess_throws() {
        Access access = new Access(database, b("k"), null, false, 0);

        assertThrows(IllegalStateException.class, () -> access.delete(b("k")));
    }

    private static List<String> strings(List<byte[]> values) {
        return values.stream().map(v -> new String(v, UTF_8)).toList();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
