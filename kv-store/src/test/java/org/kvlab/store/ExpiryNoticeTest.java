package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.store.DurabilityTest.b;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.KeyChangeListener;
import org.kvlab.api.ListEnd;
import org.kvlab.api.SetOptions;

/**
 * A listener is told of an expired key's removal as {@link KeyChangeListener#keyExpired} only, whatever removes it,
 * and of a write over an expired key as its expiry, then a change; {@code SWAPDB} tells both databases after the
 * swap, under their locks.
 */
final class ExpiryNoticeTest {

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final List<String> notices = new ArrayList<>();
    private KvStore store;

    @BeforeEach
    void open() {
        store = KvStore.builder().clock(clock).build();
        store.addKeyChangeListener(new KeyChangeListener() {
            @Override
            public void keyChanged(int database, byte[] key) {
                notices.add("changed " + database + ":" + new String(key, StandardCharsets.UTF_8));
            }

            @Override
            public void keyExpired(int database, byte[] key) {
                notices.add("expired " + database + ":" + new String(key, StandardCharsets.UTF_8));
            }

            @Override
            public void databaseChanged(int database) {
                // reads what the database holds now, as a listener may here
                boolean held = store.database(database).read(new byte[][] {b("k")}, view -> view.string(b("k")))
                        != null;
                notices.add("database " + database + (held ? " holds k" : " lacks k"));
            }
        });
    }

    private List<String> drained() {
        List<String> out = new ArrayList<>(notices);
        notices.clear();
        return out;
    }

    private void expiring(String key) {
        store.set(b(key), b("v"), new SetOptions(SetOptions.Condition.ALWAYS, clock.millis() + 10, false, false));
    }

    @Test
    void removalsOfExpiredKeys_lazyActiveOrByADelete_areToldAsExpiries() {
        expiring("lazy");
        expiring("active");
        expiring("deleted");
        drained();
        clock.advance(20);
        store.get(b("lazy"));
        store.databaseAt(0).expireCycle();
        store.delete(b("deleted"));
        List<String> seen = drained();
        assertEquals(3, seen.size(), "notices " + seen);
        assertEquals(Set.of("expired 0:lazy", "expired 0:active", "expired 0:deleted"), new HashSet<>(seen));
    }

    @Test
    void writesOverAnExpiredKey_areToldAsItsExpiryThenAChange() {
        expiring("s");
        store.lists().push(b("l"), ListEnd.LEFT, b("x"));
        store.expire(b("l"), clock.millis() + 10, ExpireCondition.ALWAYS);
        drained();
        clock.advance(20);
        store.set(b("s"), b("again"));
        store.lists().push(b("l"), ListEnd.LEFT, b("y"));
        assertEquals(List.of("expired 0:s", "changed 0:s", "expired 0:l", "changed 0:l"), drained());
    }

    @Test
    void swapDatabases_tellsBothDatabases_whichMayReadTheirKeys() {
        store.database(2).set(b("k"), b("v"));
        drained();
        store.swapDatabases(2, 7);
        assertEquals(List.of("database 2 lacks k", "database 7 holds k"), drained());
        store.swapDatabases(4, 4);
        assertEquals(List.of(), drained());
    }
}
