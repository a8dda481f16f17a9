package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.NoSuchKeyException;
import org.kvlab.api.SetOptions;

/** Random operation sequences give the same results on a {@link KvStore} as on a plain map with a fake clock. */
final class ModelPropertyTest {

    private static final long START = 1_000_000L;

    /** One step: an operation code, two key indices, a value and a time offset. */
    record Op(int code, int key, int other, int value, int offset) {
    }

    /** The model's entry. */
    record Entry(String value, long expiry) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                        Arbitraries.integers().between(0, 16),
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(-20, 60))
                .as(Op::new);
        return op.list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void randomOperations_matchTheModel(@ForAll("operations") List<Op> ops) {
        MutableClock clock = new MutableClock(START);
        List<Map<String, Entry>> model = List.of(new HashMap<>(), new HashMap<>());
        try (KvStore store = KvStore.builder().clock(clock).databases(2).build()) {
            for (Op op : ops) {
                long now = clock.millis();
                model.forEach(db -> db.values().removeIf(e -> e.expiry >= 0 && now > e.expiry)); // as keyIsExpired
                Map<String, Entry> m = model.get(0);
                String key = "k" + op.key;
                String other = "k" + op.other;
                String value = "v" + op.value;
                long at = now + op.offset;
                Entry current = m.get(key);
                Object expected;
                Object actual;
                switch (op.code) {
                    case 0:
                        expected = current == null ? null : current.value;
                        actual = str(store.get(b(key)));
                        break;
                    case 1:
                        m.put(key, new Entry(value, -1));
                        store.set(b(key), b(value));
                        expected = actual = null;
                        break;
                    case 2: {
                        boolean write = current == null;
                        long expiry = at > 0 ? at : -1;
                        if (write) {
                            m.put(key, new Entry(value, expiry)); // a SET keeps even an expiry already past
                        }
                        expected = write + "/" + (current == null ? null : current.value);
                        var r = store.set(b(key), b(value), new SetOptions(SetOptions.Condition.IF_ABSENT,
                                expiry, false, true));
                        actual = r.written() + "/" + str(r.previous());
                        break;
                    }
                    case 3: {
                        boolean write = current != null;
                        if (write) {
                            m.put(key, new Entry(value, current.expiry));
                        }
                        expected = write;
                        actual = store.set(b(key), b(value), new SetOptions(SetOptions.Condition.IF_PRESENT,
                                Keyspace.NO_EXPIRY, true, false)).written();
                        break;
                    }
                    case 4:
                        expected = m.remove(key) != null;
                        actual = store.delete(b(key));
                        break;
                    case 5: {
                        ExpireCondition condition = ExpireCondition.values()[op.value % 5];
                        long when = Math.max(0, at);
                        boolean allowed = current != null && allowed(condition, current.expiry, when);
                        if (allowed) {
                            putOrDelete(m, key, current.value, when, now);
                        }
                        expected = allowed;
                        actual = store.expire(b(key), when, condition);
                        break;
                    }
                    case 6:
                        expected = current != null && current.expiry >= 0;
                        if ((Boolean) expected) {
                            m.put(key, new Entry(current.value, -1));
                        }
                        actual = store.persist(b(key));
                        break;
                    case 7:
                        if (current == null) {
                            expected = "no such key";
                        } else if (key.equals(other)) {
                            expected = op.value % 2 == 0;
                        } else if (op.value % 2 == 1 && m.containsKey(other)) {
                            expected = false;
                        } else {
                            m.remove(key);
                            m.put(other, current);
                            expected = true;
                        }
                        actual = rename(store, key, other, op.value % 2 == 1);
                        break;
                    case 8:
                        clock.advance(Math.abs(op.offset));
                        expected = actual = null;
                        break;
                    case 9:
                        expected = current == null ? Keyspace.ABSENT : current.expiry;
                        actual = store.expiryMillis(b(key));
                        break;
                    case 10:
                        String appended = (current == null ? "" : current.value) + value;
                        m.put(key, new Entry(appended, current == null ? -1 : current.expiry));
                        expected = appended;
                        actual = str(store.update(b(key), old -> b((old == null ? "" : str(old)) + value)));
                        break;
                    case 11:
                        expected = current == null ? null : current.value;
                        m.remove(key);
                        actual = str(store.getAndDelete(b(key)));
                        break;
                    case 12: {
                        long expiry = op.offset % 2 == 0 ? -1 : at;
                        expected = current == null ? null : current.value;
                        if (current != null) {
                            putOrDelete(m, key, current.value, expiry, now);
                        }
                        actual = str(store.getAndSetExpiry(b(key), Math.max(expiry, -1)));
                        break;
                    }
                    case 13: {
                        boolean nx = op.value % 2 == 1;
                        boolean write = !nx || (!m.containsKey(key) && !m.containsKey(other));
                        if (write) {
                            m.put(key, new Entry(value, -1));
                            m.put(other, new Entry(value + "!", -1));
                        }
                        expected = write;
                        actual = store.setAll(new byte[][] {b(key), b(other)}, new byte[][] {b(value), b(value + "!")},
                                nx);
                        break;
                    }
                    case 14: {
                        boolean replace = op.value % 2 == 0;
                        Map<String, Entry> target = model.get(1);
                        boolean write = current != null && (replace || !target.containsKey(other));
                        if (write) {
                            target.put(other, current);
                        }
                        expected = write;
                        actual = store.copy(b(key), 1, b(other), replace);
                        break;
                    }
                    case 15:
                        store.expireCycle();
                        expected = live(model.get(0));
                        actual = live(store, 0);
                        break;
                    default:
                        expected = live(model.get(1));
                        actual = live(store, 1);
                        break;
                }
                assertEquals(expected, actual, () -> op + " at " + now);
            }
            long end = clock.millis();
            model.forEach(db -> db.values().removeIf(e -> e.expiry >= 0 && end > e.expiry));
            assertEquals(live(model.get(0)), live(store, 0));
            assertEquals(live(model.get(1)), live(store, 1));
        }
    }

    /** Gives {@code key} {@code expiry}, or deletes it if that is not after now, as Redis's checkAlreadyExpired. */
    private static void putOrDelete(Map<String, Entry> m, String key, String value, long expiry, long now) {
        if (expiry >= 0 && expiry <= now) {
            m.remove(key);
        } else {
            m.put(key, new Entry(value, expiry));
        }
    }

    private static boolean allowed(ExpireCondition condition, long current, long when) {
        switch (condition) {
            case NX:
                return current < 0;
            case XX:
                return current >= 0;
            case GT:
                return current >= 0 && when > current;
            case LT:
                return current < 0 || when < current;
            default:
                return true;
        }
    }

    private static Object rename(KvStore store, String key, String other, boolean nx) {
        try {
            return store.rename(b(key), b(other), nx);
        } catch (NoSuchKeyException e) {
            return e.getMessage();
        }
    }

    private static Map<String, Entry> live(Map<String, Entry> m) {
        return new TreeMap<>(m);
    }

    private static Map<String, Entry> live(KvStore store, int db) {
        Keyspace keyspace = store.database(db);
        List<byte[]> keys = new ArrayList<>();
        long cursor = 0;
        do {
            var result = keyspace.scan(cursor, 3, k -> true);
            keys.addAll(result.keys());
            cursor = result.cursor();
        } while (cursor != 0);
        Map<String, Entry> out = new TreeMap<>();
        for (byte[] key : keys) {
            out.put(str(key), new Entry(str(keyspace.get(key)), keyspace.expiryMillis(key)));
        }
        assertEquals(keys.size(), out.size(), () -> "scan returned duplicates: " + Arrays.deepToString(keys.toArray()));
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String str(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }
}
