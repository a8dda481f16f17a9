package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.KeyChangeListener;
import org.kvlab.api.ListEnd;
import org.kvlab.api.SetOptions;

/**
 * The notices behind Redis's {@code new} and {@code keymiss} keyspace events: a key added (absent or expired before)
 * and a read that finds no key, the latter counted in {@code keyspace_misses}; a quiet look is neither.
 */
final class NewKeyAndMissNoticeTest {

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final List<String> notices = new ArrayList<>();
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
            }

            @Override
            public void keyCreated(int database, byte[] key) {
                notices.add("new " + database + ":" + new String(key, UTF_8));
            }

            @Override
            public void keyMissed(int database, byte[] key) {
                notices.add("miss " + database + ":" + new String(key, UTF_8));
            }

            @Override
            public void databaseChanged(int database) {
            }
        });
    }

    private List<String> drained() {
        List<String> out = new ArrayList<>(notices);
        notices.clear();
        return out;
    }

    @Test
    void aKeyAdded_isNew_anOverwriteIsNot_norAnEmptiedCollection() {
        store.set(b("a"), b("1"));
        store.set(b("a"), b("2"));
        store.lists().push(b("l"), ListEnd.LEFT, b("x"));
        store.lists().push(b("l"), ListEnd.LEFT, b("y"));
        assertEquals(List.of("new 0:a", "new 0:l"), drained());
    }

    @Test
    void aWriteOverAnExpiredKey_isNew() {
        store.set(b("a"), b("1"), new SetOptions(SetOptions.Condition.ALWAYS, clock.millis() + 10, false, false));
        drained();
        clock.advance(20);
        store.set(b("a"), b("2"));
        assertEquals(List.of("new 0:a"), drained());
    }

    @Test
    void renameAndCopy_ontoAKeyThere_areNewAsInRedis() {
        store.set(b("a"), b("1"));
        store.set(b("b"), b("2"));
        store.set(b("c"), b("3"));
        drained();
        store.rename(b("a"), b("b"), false);
        store.copy(b("b"), 0, b("c"), true);
        assertEquals(List.of("new 0:b", "new 0:c"), drained());
    }

    @Test
    void aReadOfAMissingKey_isAMiss_counted_aQuietLookIsNeither() {
        long misses = store.keyspaceStats().misses();
        assertEquals(null, store.get(b("nothing")));
        assertEquals(List.of("miss 0:nothing"), drained());
        assertEquals(misses + 1, store.keyspaceStats().misses());

        assertFalse(store.existsQuietly(b("nothing")));
        store.set(b("here"), b("1"));
        drained();
        assertTrue(store.existsQuietly(b("here")));
        assertEquals(List.of(), drained());
        assertEquals(misses + 1, store.keyspaceStats().misses());
    }
}
