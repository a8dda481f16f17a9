package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.kvlab.api.NoSuchKeyException;

/**
 * Long random sequences over a few hundred keys, so segments grow, shrink and share buckets: the store agrees with a
 * {@link HashMap} after every step, in size and memory too.
 */
final class ResizePropertyTest {

    /** One step: an operation code and two key indices. */
    record Op(int code, int key, int other) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, 400)).as(Op::new).list().ofMinSize(200).ofMaxSize(3000);
    }

    @Property(tries = 60)
    void growingAndShrinking_matchesAHashMap(@ForAll("operations") List<Op> ops) {
        Map<String, String> model = new HashMap<>();
        try (KvStore store = KvStore.inMemory()) {
            int step = 0;
            for (Op op : ops) {
                String key = "key" + op.key;
                String other = "key" + op.other;
                switch (op.code) {
                    case 0:
                    case 1:
                        model.put(key, other);
                        store.set(b(key), b(other));
                        break;
                    case 2:
                        assertEquals(model.remove(key) != null, store.delete(b(key)));
                        break;
                    case 3:
                        if (model.containsKey(key)) {
                            model.put(other, model.remove(key));
                            store.rename(b(key), b(other), false);
                        } else {
                            try {
                                store.rename(b(key), b(other), false);
                                throw new AssertionError("renamed an absent key");
                            } catch (NoSuchKeyException expected) {
                                // as the model says
                            }
                        }
                        break;
                    case 4:
                        model.put(key, "x");
                        model.put(other, "y");
                        store.setAll(new byte[][] {b(key), b(other)}, new byte[][] {b("x"), b("y")}, false);
                        break;
                    default:
                        for (int i = 0; i < 50; i++) {
                            model.remove("key" + ((op.key + i) % 401));
                            store.delete(b("key" + ((op.key + i) % 401)));
                        }
                        break;
                }
                assertEquals(model.get(key), str(store.get(b(key))), "step " + step);
                assertEquals(model.size(), store.size(), "step " + step);
                step++;
            }
            long memory = 0;
            for (Map.Entry<String, String> entry : model.entrySet()) {
                assertEquals(entry.getValue(), str(store.get(b(entry.getKey()))));
                memory += Node.memory(b(entry.getKey()), b(entry.getValue()));
            }
            assertEquals(memory, store.usedMemory());
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String str(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }
}
