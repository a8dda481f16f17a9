package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.HashEntry;
import org.kvlab.api.KeyChangeListener;
import org.kvlab.api.ListEnd;
import org.kvlab.api.ScoredMember;
import org.kvlab.api.ZAddOptions;

/** Every change to a key, by whatever path, reaches the store's {@link KeyChangeListener}s; reads reach none. */
final class KeyChangeListenerTest {

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final List<String> changes = new ArrayList<>();
    private KvStore store;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @BeforeEach
    void open() {
        store = KvStore.builder().clock(clock).build();
        store.addKeyChangeListener(new KeyChangeListener() {
            @Override
            public void keyChanged(int database, byte[] key) {
                changes.add(database + ":" + new String(key, UTF_8));
            }

            @Override
            public void keyExpired(int database, byte[] key) {
                changes.add("expired " + database + ":" + new String(key, UTF_8));
            }

            @Override
            public void databaseChanged(int database) {
                changes.add(database + ":*");
            }
        });
    }

    private List<String> drained() {
        List<String> distinct = new ArrayList<>();
        for (String c : changes) {
            if (!distinct.contains(c)) {
                distinct.add(c);
            }
        }
        changes.clear();
        return distinct;
    }

    @Test
    void stringWrites_areReported() {
        store.set(b("a"), b("1"));
        store.set(b("a"), b("2"));
        store.update(b("a"), v -> b("3"));
        store.incrByFloat(b("n"), b("1.5"));
        store.getAndDelete(b("n"));
        assertEquals(List.of("0:a", "0:n"), drained());
        store.setAll(new byte[][] {b("x"), b("y")}, new byte[][] {b("1"), b("2")}, false);
        assertEquals(List.of("0:x", "0:y"), drained());
    }

    @Test
    void typedWrites_inPlaceOrNot_areReported() {
        store.lists().push(b("l"), ListEnd.LEFT, b("a"));
        store.lists().push(b("l"), ListEnd.LEFT, b("b"));
        assertEquals(List.of("0:l"), drained());
        store.lists().pop(b("l"), ListEnd.LEFT, 1);
        assertEquals(List.of("0:l"), drained());
        store.hashes().set(b("h"), List.of(new HashEntry(b("f"), b("v"))));
        store.sets().add(b("s"), b("m"));
        store.sortedSets().add(b("z"), ZAddOptions.DEFAULT, List.of(new ScoredMember(b("m"), 1)));
        assertEquals(List.of("0:h", "0:s", "0:z"), drained());
    }

    @Test
    void reads_andWritesThatChangeNothing_areNotReported() {
        store.set(b("a"), b("1"));
        store.sets().add(b("s"), b("m"));
        drained();
        store.get(b("a"));
        store.exists(b("a"));
        store.sets().members(b("s"));
        store.delete(b("missing"));
        store.sets().remove(b("s"), b("not-a-member"));
        assertEquals(List.of(), drained());
    }

    @Test
    void expiryChanges_andExpiring_areReported() {
        store.set(b("a"), b("1"));
        store.set(b("b"), b("1"));
        drained();
        store.expire(b("a"), clock.millis() + 10, ExpireCondition.ALWAYS);
        store.persist(b("a"));
        assertEquals(List.of("0:a"), drained());
        store.expire(b("a"), clock.millis() + 10, ExpireCondition.ALWAYS);
        store.expire(b("b"), clock.millis() + 10, ExpireCondition.ALWAYS);
        drained();
        clock.advance(20);
        store.get(b("a")); // lazy expiry
        assertEquals(List.of("expired 0:a"), drained(), "an expired key's removal is told as its expiry only");
        store.databaseAt(0).expireCycle(); // active expiry
        assertEquals(List.of("expired 0:b"), drained());
    }

    @Test
    void aWriteOverAnExpiredKey_reportsTheExpiryFirst_andARemovalBeforeItsTimeDoesNot() {
        store.set(b("a"), b("1"));
        store.expire(b("a"), clock.millis() + 10, ExpireCondition.ALWAYS);
        store.set(b("b"), b("1"));
        store.expire(b("b"), clock.millis() + 10, ExpireCondition.ALWAYS);
        drained();
        store.delete(b("b"));
        assertEquals(List.of("0:b"), drained());
        clock.advance(20);
        store.set(b("a"), b("2"));
        assertEquals(List.of("expired 0:a", "0:a"), drained());
    }

    @Test
    void renameAndCopy_reportBothKeys_inTheirDatabases() {
        store.set(b("a"), b("1"));
        drained();
        store.rename(b("a"), b("b"), false);
        assertEquals(List.of("0:a", "0:b"), drained());
        store.copy(b("b"), 3, b("c"), false);
        assertEquals(List.of("3:c"), drained());
        store.database(3).delete(b("c"));
        assertEquals(List.of("3:c"), drained());
    }

    @Test
    void flushes_reportTheirDatabases() {
        store.set(b("a"), b("1"));
        drained();
        store.database(2).clear();
        assertEquals(List.of("2:*"), drained());
        store.clearAll();
        List<String> all = drained();
        assertEquals(store.databaseCount(), all.size());
        assertTrue(all.stream().allMatch(c -> c.endsWith(":*")));
    }

    @Test
    void listeners_areCalledWhileTheKeyIsLocked() {
        List<Boolean> locked = new ArrayList<>();
        store.addKeyChangeListener(new KeyChangeListener() {
            @Override
            public void keyChanged(int database, byte[] key) {
                int hash = KvHash.hash(key);
                ReentrantLock lock = store.databaseAt(database).segmentFor(hash);
                locked.add(lock.isHeldByCurrentThread());
            }

            @Override
            public void databaseChanged(int database) {
            }
        });
        store.set(b("a"), b("1"));
        store.hashes().set(b("h"), List.of(new HashEntry(b("f"), b("v"))));
        store.delete(b("a"));
        assertEquals(List.of(true, true, true), locked);
    }
}
