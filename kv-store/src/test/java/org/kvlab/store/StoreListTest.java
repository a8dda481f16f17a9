package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ValueType;
import org.kvlab.api.WrongTypeException;

/**
 * {@link Keyspace#storeList} of elements (SORT ... STORE): the list it writes, read back through a view, after a
 * restart and through snapshots. Needs the list type's container.
 */
final class StoreListTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private KvStore open() {
        return KvStore.builder().dataDirectory(dir).clock(new MutableClock(NOW)).build();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[][] bs(String... values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = b(values[i]);
        }
        return out;
    }

    /** The elements of the list at {@code key}, as text. */
    private static List<String> list(Keyspace store, String key) {
        return store.read(new byte[][] {b(key)}, view -> {
            assertEquals(ValueType.LIST, view.type(b(key)));
            List<String> out = new ArrayList<>();
            for (byte[] e : view.elements(b(key))) {
                out.add(new String(e, UTF_8));
            }
            return out;
        });
    }

    @Test
    void storeList_replacesAnyValue_byAListWithoutExpiry() {
        try (KvStore store = open()) {
            store.set(b("t"), b("v"));
            store.expire(b("t"), NOW + 10_000, ExpireCondition.ALWAYS);
            assertEquals(3, store.storeList(b("t"), null, view -> bs("c", "", "c")));
            assertEquals(List.of("c", "", "c"), list(store, "t"));
            assertEquals(Keyspace.NO_EXPIRY, store.expiryMillis(b("t")));
            assertEquals(1, store.storeList(b("t"), new byte[][] {b("t")}, view -> {
                assertEquals(3, view.elements(b("t")).length, "the view sees the list before it is replaced");
                return bs("z");
            }));
            assertEquals(List.of("z"), list(store, "t"));
        }
    }

    @Test
    void combine_ofAListSource_isWrongType_andChangesNothing() {
        try (KvStore store = open()) {
            store.storeList(b("l"), null, view -> bs("x"));
            store.set(b("t"), b("v"));
            assertThrows(WrongTypeException.class, () -> store.combine(b("t"), new byte[][] {b("l")}, v -> b("new")));
            assertArrayEquals(b("v"), store.get(b("t")));
            assertArrayEquals(b("new"), store.combine(b("l"), new byte[][] {b("t")}, v -> b("new")),
                    "a list target is replaced");
        }
    }

    @Test
    void storedLists_surviveARestart_andSnapshots_includingOneWrittenDuringABackgroundSave() throws Exception {
        try (KvStore store = open()) {
            store.storeList(b("a"), null, view -> bs("1", "2"));
            store.storeList(b("b"), null, view -> bs("3"));
        }
        try (KvStore store = open()) {
            assertEquals(List.of("1", "2"), list(store, "a"));
            store.save();
            store.storeList(b("c"), null, view -> bs("4", "5", "6"));
        }
        try (KvStore store = open()) {
            assertEquals(List.of("1", "2"), list(store, "a"));
            assertEquals(List.of("4", "5", "6"), list(store, "c"));
            var saving = store.saveInBackground();
            store.storeList(b("a"), null, view -> bs("7"));
            store.storeList(b("d"), null, view -> bs("8", "9"));
            saving.toCompletableFuture().get();
        }
        try (KvStore store = open()) {
            assertEquals(List.of("7"), list(store, "a"));
            assertEquals(List.of("3"), list(store, "b"));
            assertEquals(List.of("4", "5", "6"), list(store, "c"));
            assertEquals(List.of("8", "9"), list(store, "d"));
        }
    }
}
