package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.KeyChangeListener;

/**
 * {@code setCopy} (and {@code setAllCopies}) of a value as long as the one a key holds writes the bytes into the
 * store's own array when no one else can see it, and allocates a new one whenever someone may: a reader that was
 * handed the array, a snapshot in progress, another key sharing it. The array a {@code readString} reader is lent is captured here only to tell
 * whether it was reused. That such a SET allocates nothing is {@code RequestAllocationTest}'s (kv-core).
 */
final class SetInPlaceTest {

    @TempDir
    Path dir;

    private KvStore store;

    @BeforeEach
    void open() {
        store = KvStore.inMemory();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void setOfTheSameLength_writesIntoTheArrayTheStoreHolds() {
        store.setCopy(b("k"), b("abc"));
        byte[] before = lent(store, "k");

        store.setCopy(b("k"), b("xyz"));

        assertSame(before, lent(store, "k"));
        assertArrayEquals(b("xyz"), lent(store, "k"));
    }

    @Test
    void setOfAnotherLength_allocatesAnArray() {
        store.setCopy(b("k"), b("abc"));
        byte[] before = lent(store, "k");

        store.setCopy(b("k"), b("wxyz"));

        assertNotSame(before, lent(store, "k"));
        assertArrayEquals(b("abc"), before);
        assertArrayEquals(b("wxyz"), lent(store, "k"));
    }

    @Test
    void setAllCopiesOfTheSameLength_writeIntoTheArraysTheStoreHolds_andKeepNoArrayOfTheCaller() {
        byte[][] keys = {b("k"), b("n"), b("k")};
        byte[][] values = {b("abc"), b("def"), b("ghi")};
        store.setAllCopies(keys, values, false);
        byte[] before = lent(store, "k");

        store.setAllCopies(new byte[][] {b("k"), b("n")}, new byte[][] {b("xyz"), b("uvw")}, false);
        keys[0][0] = 'q';
        values[1][0] = 'q';

        assertSame(before, lent(store, "k"));
        assertArrayEquals(b("xyz"), store.get(b("k")));
        assertArrayEquals(b("uvw"), store.get(b("n")));
        assertNull(store.get(b("q")));
    }

    @Test
    void valueHandedOutByGet_neverChanges() {
        store.setCopy(b("k"), b("abc"));
        byte[] handedOut = store.get(b("k"));

        store.setCopy(b("k"), b("xyz"));
        store.setCopy(b("k"), b("uvw"));

        assertArrayEquals(b("abc"), handedOut);
        assertArrayEquals(b("uvw"), store.get(b("k")));
    }

    @Test
    void valueHandedOutBySetGet_neverChanges() {
        store.setCopy(b("k"), b("abc"));
        byte[] previous = store.set(b("k"), b("def"), new org.kvlab.api.SetOptions(
                org.kvlab.api.SetOptions.Condition.ALWAYS, Keyspace.NO_EXPIRY, false, true)).previous();
        store.setCopy(b("k"), b("ghi"));
        byte[] afterPlainSet = store.get(b("k"));
        store.setCopy(b("k"), b("xyz"));

        assertArrayEquals(b("abc"), previous);
        assertArrayEquals(b("ghi"), afterPlainSet);
        assertArrayEquals(b("xyz"), store.get(b("k")));
    }

    @Test
    void copiedKey_keepsItsValueWhenTheSourceIsSet() {
        store.setCopy(b("k"), b("abc"));
        assertTrue(store.copy(b("k"), 0, b("copy"), false));

        store.setCopy(b("k"), b("xyz"));

        assertArrayEquals(b("abc"), store.get(b("copy")));
        assertArrayEquals(b("xyz"), store.get(b("k")));
    }

    @Test
    void snapshotInProgress_seesTheValueItStartedWith() throws Exception {
        store.setCopy(b("k"), b("abc"));
        Node[][][] tables = store.freezeTables();
        try {
            store.setCopy(b("k"), b("xyz"));
            assertEquals(Map.of("k", "abc"), walk(tables));
        } finally {
            store.thawTables();
        }
        byte[] afterSnapshot = lent(store, "k");
        store.setCopy(b("k"), b("uvw"));

        assertSame(afterSnapshot, lent(store, "k"), "written in place again once thawed");
        assertArrayEquals(b("uvw"), store.get(b("k")));
    }

    @Test
    void keyWithExpiry_losesItAndIsThenWrittenInPlace() {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        try (KvStore timed = KvStore.builder().clock(clock).build()) {
            timed.setCopy(b("k"), b("abc"));
            timed.expire(b("k"), clock.millis() + 10_000, ExpireCondition.ALWAYS);

            timed.setCopy(b("k"), b("xyz"));
            byte[] set = lent(timed, "k");
            timed.setCopy(b("k"), b("uvw"));

            assertEquals(Keyspace.NO_EXPIRY, timed.expiryMillis(b("k")));
            assertSame(set, lent(timed, "k"));
            assertArrayEquals(b("uvw"), timed.get(b("k")));
        }
    }

    @Test
    void everyWrite_isToldToListenersAndTheFeedWithItsOwnBytes() {
        List<String> changed = new ArrayList<>();
        List<String> fed = new ArrayList<>();
        store.addKeyChangeListener(new KeyChangeListener() {
            @Override
            public void keyChanged(int database, byte[] key) {
                changed.add(text(key));
            }

            @Override
            public void databaseChanged(int database) {
                changed.add(database + ":*");
            }
        });
        store.feedWrites((db, args) -> {
            StringBuilder line = new StringBuilder();
            for (byte[] arg : args) {
                line.append(line.length() == 0 ? "" : " ").append(text(arg));
            }
            fed.add(line.toString());
        });
        store.setCopy(b("k"), b("abc"));

        store.setCopy(b("k"), b("xyz"));
        store.atomically(() -> {
            store.setCopy(b("k"), b("one"));
            store.setCopy(b("k"), b("two"));
            return null;
        });

        assertEquals(List.of("k", "k", "k", "k"), changed);
        assertEquals(List.of("SET k abc", "SET k xyz", "MULTI", "SET k one", "SET k two", "EXEC"), fed);
    }

    @Test
    void writesInPlace_areInTheLogAfterARestart() {
        try (KvStore durable = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).build()) {
            durable.setCopy(b("k"), b("abc"));
            durable.setCopy(b("k"), b("xyz"));
            durable.setCopy(b("other"), b("123"));
            durable.setCopy(b("k"), b("uvw"));
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertArrayEquals(b("uvw"), reopened.get(b("k")));
            assertArrayEquals(b("123"), reopened.get(b("other")));
        }
    }

    @Test
    void readers_neverSeeAValueHalfWritten() throws Exception {
        byte[] a = new byte[4096];
        byte[] z = new byte[4096];
        java.util.Arrays.fill(a, (byte) 'a');
        java.util.Arrays.fill(z, (byte) 'z');
        store.setCopy(b("k"), a);
        AtomicReference<String> torn = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                store.setCopy(b("k"), (i & 1) == 0 ? z : a);
            }
        });
        writer.start();
        while (writer.isAlive()) {
            store.readString(b("k"), value -> check(value, torn));
            check(store.get(b("k")), torn);
        }
        writer.join();

        assertNull(torn.get());
    }

    @Test
    void readStringOfAnAbsentKey_lendsNull() {
        AtomicReference<byte[]> lent = new AtomicReference<>(new byte[0]);

        store.readString(b("absent"), lent::set);

        assertNull(lent.get());
    }

    /** Records the first value that is neither all {@code a} nor all {@code z}. */
    private static void check(byte[] value, AtomicReference<String> torn) {
        for (byte x : value) {
            if (x != value[0]) {
                torn.compareAndSet(null, "mixed bytes " + (char) value[0] + " and " + (char) x);
                return;
            }
        }
    }

    /** Returns the array {@code readString} lends for {@code key}. */
    private static byte[] lent(KvStore store, String key) {
        AtomicReference<byte[]> lent = new AtomicReference<>();
        store.readString(b(key), lent::set);
        return lent.get();
    }

    private static Map<String, String> walk(Node[][][] tables) throws java.io.IOException {
        Map<String, String> seen = new HashMap<>();
        KeyspaceWalk.walk(tables, 0, (db, key, value, expiry) -> seen.put(text(key), text((byte[]) value)));
        return seen;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
