package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kvlab.store.DurabilityTest.b;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.HashEntry;
import org.kvlab.api.ListEnd;
import org.kvlab.api.SetOptions;

/** A {@link org.kvlab.api.WriteFeed} is told each change as the Redis commands a primary would propagate. */
final class WriteFeedTest {

    private static final long NOW = 1_700_000_000_000L;

    private final MutableClock clock = new MutableClock(NOW);
    private final List<String> fed = new ArrayList<>();
    private KvStore store;

    @BeforeEach
    void open() {
        store = KvStore.builder().clock(clock).build();
        store.feedWrites((db, args) -> {
            StringBuilder line = new StringBuilder(db + ":");
            for (byte[] arg : args) {
                line.append(' ').append(new String(arg, StandardCharsets.UTF_8));
            }
            fed.add(line.toString());
        });
    }

    @Test
    void stringsAndExpiries_areAbsolute() {
        store.set(b("k"), b("v"), new SetOptions(SetOptions.Condition.ALWAYS, NOW + 5000, false, false));
        store.expire(b("k"), NOW + 9000, ExpireCondition.ALWAYS);
        store.persist(b("k"));
        store.delete(b("k"));
        assertEquals(List.of("0: SET k v PXAT " + (NOW + 5000), "0: PEXPIREAT k " + (NOW + 9000), "0: PERSIST k",
                "0: DEL k"), fed);
    }

    @Test
    void expiredKey_isDeletedWhenRemoved() {
        store.set(b("k"), b("v"), new SetOptions(SetOptions.Condition.ALWAYS, NOW + 10, false, false));
        fed.clear();
        clock.advance(20);
        store.expireCycle();
        assertEquals(List.of("0: DEL k"), fed);
    }

    @Test
    void writeToAnExpiredCollection_deletesItBeforeCreatingItAnew() {
        store.hashes().set(b("h"), List.of(new HashEntry(b("f"), b("old"))));
        store.expire(b("h"), NOW + 10, ExpireCondition.ALWAYS);
        fed.clear();
        clock.advance(20);
        store.hashes().set(b("h"), List.of(new HashEntry(b("g"), b("new"))));
        assertEquals(List.of("-1: MULTI", "0: DEL h", "0: HSET h g new", "-1: EXEC"), fed);
    }

    @Test
    void listEffects_becomeListCommands() {
        store.database(1).lists().push(b("l"), ListEnd.RIGHT, b("a"), b("b"), b("a"));
        store.database(1).lists().pop(b("l"), ListEnd.LEFT);
        store.database(1).lists().insertAfter(b("l"), b("b"), b("c")); // b a -> b c a
        store.database(1).lists().insertAfter(b("l"), b("a"), b("a")); // b c a a: the element after is not first
        store.database(1).lists().push(b("l"), ListEnd.LEFT, b("a")); // a b c a a
        store.database(1).lists().insertAfter(b("l"), b("c"), b("a")); // a b c a a a
        store.database(1).lists().trim(b("l"), 1, -2);
        assertEquals(List.of("1: RPUSH l a b a", "1: LPOP l 1", "1: LINSERT l BEFORE a c", "1: LINSERT l AFTER a a",
                "1: LPUSH l a", "1: LINSERT l AFTER c a", "1: LTRIM l 1 -2"), fed);
    }

    @Test
    void atomicStep_isOneTransaction() {
        store.atomically(() -> {
            store.hashes().set(b("h"), List.of(new HashEntry(b("f"), b("v"))));
            store.sets().add(b("s"), b("m"));
            return null;
        });
        assertEquals(List.of("-1: MULTI", "0: HSET h f v", "0: SADD s m", "-1: EXEC"), fed);
    }

    @Test
    void rdb_holdsWhatWasFedBeforeItsPointInTime() throws Exception {
        store.set(b("k"), b("v"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] fedBefore = new int[1];
        store.writeRdb(out, () -> fedBefore[0] = fed.size());
        assertEquals(1, fedBefore[0]);
        KvStore copy = KvStore.inMemory();
        new RdbReader(new java.io.ByteArrayInputStream(out.toByteArray()), "test", out.size()).load(copy);
        assertEquals("v", new String(copy.get(b("k")), StandardCharsets.UTF_8));
    }

    @Test
    void secondFeed_isRefused() {
        assertThrows(IllegalStateException.class, () -> store.feedWrites((db, args) -> { }));
    }
}
