package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ValueType;

/** {@link Keyspace#combine}, {@link Keyspace#read} and {@link Keyspace#storeList} on strings and absent keys. */
final class KeyViewTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);

    private KvStore open() {
        return KvStore.builder().dataDirectory(dir).clock(clock).build();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[] concat(byte[][] values) {
        StringBuilder sb = new StringBuilder();
        for (byte[] v : values) {
            sb.append(v == null ? "-" : new String(v, UTF_8));
        }
        return b(sb.toString());
    }

    @Test
    void combine_writesTheTargetFromTheSources_withoutExpiry() {
        try (KvStore store = open()) {
            store.set(b("a"), b("x"));
            store.set(b("t"), b("old"));
            store.expire(b("t"), NOW + 10_000, ExpireCondition.ALWAYS);
            assertArrayEquals(b("x-x"), store.combine(b("t"), new byte[][] {b("a"), b("none"), b("a")},
                    KeyViewTest::concat));
            assertArrayEquals(b("x-x"), store.get(b("t")));
            assertEquals(Keyspace.NO_EXPIRY, store.expiryMillis(b("t")));
        }
    }

    @Test
    void combine_seesTheTargetsOldValue_whenItIsASource() {
        try (KvStore store = open()) {
            store.set(b("t"), b("1"));
            store.combine(b("t"), new byte[][] {b("t"), b("t")}, KeyViewTest::concat);
            assertArrayEquals(b("11"), store.get(b("t")));
        }
    }

    @Test
    void combine_nullResult_removesTheTarget_failureChangesNothing() {
        try (KvStore store = open()) {
            store.set(b("t"), b("v"));
            assertThrows(IllegalStateException.class, () -> store.combine(b("t"), new byte[][] {b("a")}, v -> {
                throw new IllegalStateException("refused");
            }));
            assertArrayEquals(b("v"), store.get(b("t")));
            assertNull(store.combine(b("t"), new byte[][] {b("a")}, v -> null));
            assertFalse(store.exists(b("t")));
        }
    }

    @Test
    void combine_andStoreList_surviveARestart() {
        try (KvStore store = open()) {
            store.set(b("a"), b("x"));
            store.set(b("gone"), b("y"));
            store.set(b("gone2"), b("z"));
            store.combine(b("t"), new byte[][] {b("a")}, KeyViewTest::concat);
            store.combine(b("gone"), new byte[][] {b("a")}, v -> null);
            assertEquals(0, store.storeList(b("gone2"), null, view -> new byte[0][]));
        }
        try (KvStore store = open()) {
            assertArrayEquals(b("x"), store.get(b("t")));
            assertFalse(store.exists(b("gone")));
            assertFalse(store.exists(b("gone2")));
        }
    }

    @Test
    void read_ofNamedKeys_seesTheirValues_andRefusesOthers() {
        try (KvStore store = open()) {
            store.set(b("a"), b("1"));
            store.set(b("b"), b("2"));
            store.set(b("old"), b("3"));
            store.expire(b("old"), NOW + 5, ExpireCondition.ALWAYS);
            clock.advance(6);
            String seen = store.read(new byte[][] {b("a"), b("old"), b("none")}, view -> {
                assertEquals(ValueType.STRING, view.type(b("a")));
                assertEquals(ValueType.NONE, view.type(b("old")), "an expired key is absent");
                assertNull(view.elements(b("a")), "a string has no elements");
                assertNull(view.string(b("none")));
                assertThrows(IllegalArgumentException.class, () -> view.string(b("b")));
                return new String(view.string(b("a")), UTF_8);
            });
            assertEquals("1", seen);
        }
    }

    @Test
    void read_ofEveryKey_seesAnyKey() {
        try (KvStore store = open()) {
            for (int i = 0; i < 100; i++) {
                store.set(b("k" + i), b("v" + i));
            }
            int found = store.read(null, view -> {
                int n = 0;
                for (int i = 0; i < 100; i++) {
                    n += Arrays.equals(b("v" + i), view.string(b("k" + i))) ? 1 : 0;
                }
                return n;
            });
            assertEquals(100, found);
        }
    }

    @Test
    void storeList_ofNoElements_removesTheTarget_afterTheViewSawIt() {
        try (KvStore store = open()) {
            store.set(b("t"), b("v"));
            int stored = store.storeList(b("t"), new byte[][] {b("a")}, view -> {
                assertArrayEquals(b("v"), view.string(b("t")), "the target is readable");
                return new byte[0][];
            });
            assertEquals(0, stored);
            assertFalse(store.exists(b("t")));
            assertEquals(0, store.storeList(b("t"), null, view -> new byte[0][]));
        }
    }

    @Test
    void storeList_failure_changesNothing() {
        try (KvStore store = open()) {
            store.set(b("t"), b("v"));
            assertThrows(IllegalStateException.class, () -> store.storeList(b("t"), null, view -> {
                throw new IllegalStateException("refused");
            }));
            assertThrows(NullPointerException.class,
                    () -> store.storeList(b("t"), null, view -> new byte[][] {b("x"), null}));
            assertArrayEquals(b("v"), store.get(b("t")));
        }
    }
}
