package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kvlab.api.EncodingLimits;
import org.kvlab.api.HashEntry;
import org.kvlab.api.HashScanResult;

/** Both encodings of {@link HashValue}, the conversion between them, and its layout for snapshots. */
final class HashValueTest {

    private final EncodingLimits limits = new EncodingLimits();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private void set(HashValue h, String... pairs) {
        byte[][] args = new byte[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            args[i] = b(pairs[i]);
        }
        h.apply(HashValue.SET, args, limits);
    }

    private static List<String> flat(HashValue h) {
        List<String> out = new ArrayList<>();
        for (HashEntry e : h.entries(true, true)) {
            out.add(s(e.field()) + "=" + s(e.value()));
        }
        return out;
    }

    @Test
    void listpack_keepsInsertionOrder_updatesInPlace_removesInPlace() {
        HashValue h = new HashValue();
        set(h, "a", "1", "b", "2", "c", "3");
        set(h, "b", "two", "a", "");
        assertEquals(List.of("a=", "b=two", "c=3"), flat(h));
        h.apply(HashValue.DELETE, new byte[][] {b("b"), b("x")}, limits);
        assertEquals(List.of("a=", "c=3"), flat(h));
        assertEquals("listpack", h.encoding());
        assertEquals(2, h.size());
        assertArrayEquals(b("3"), h.get(b("c")));
        assertEquals(0, h.valueLength(b("a")));
        assertEquals(-1, h.valueLength(b("b")));
        assertNull(h.get(b("b")));
    }

    @Test
    void listpack_holdsLongValues_withMultiByteLengths() {
        limits.set("hash-max-listpack-value", "100000");
        HashValue h = new HashValue();
        String big = "v".repeat(20_000);
        set(h, "a", big, "b", "x".repeat(200), "c", "1");
        set(h, "a", "short");
        assertEquals("listpack", h.encoding());
        assertEquals(List.of("a=short", "b=" + "x".repeat(200), "c=1"), flat(h));
    }

    @Test
    void convertsPastTheEntryLimit_andNeverBack() {
        HashValue h = new HashValue();
        for (int i = 0; i < 128; i++) {
            set(h, "f" + i, "v" + i);
        }
        assertEquals("listpack", h.encoding());
        set(h, "f128", "v128");
        assertEquals("hashtable", h.encoding());
        for (int i = 0; i < 129; i++) {
            assertArrayEquals(b("v" + i), h.get(b("f" + i)), "f" + i);
        }
        for (int i = 1; i < 129; i++) {
            h.apply(HashValue.DELETE, new byte[][] {b("f" + i)}, limits);
        }
        assertEquals("hashtable", h.encoding());
        assertEquals(List.of("f0=v0"), flat(h));
    }

    @Test
    void convertsForAFieldOrValueOverTheValueLimit_evenOnUpdate() {
        HashValue h = new HashValue();
        set(h, "a", "x".repeat(64));
        assertEquals("listpack", h.encoding());
        set(h, "a", "x".repeat(65));
        assertEquals("hashtable", h.encoding());
        assertEquals(65, h.valueLength(b("a")));
    }

    @Test
    void hashtable_matchesAModel_throughGrowthAndShrinking() {
        HashValue h = new HashValue();
        Map<String, String> model = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 40_000; step++) {
            String field = "k" + random.nextInt(3000);
            if (random.nextInt(3) == 0) {
                h.apply(HashValue.DELETE, new byte[][] {b(field)}, limits);
                model.remove(field);
            } else {
                String value = "v" + step;
                set(h, field, value);
                model.put(field, value);
            }
            if (step == 30_000) {
                for (String f : new ArrayList<>(model.keySet())) {
                    h.apply(HashValue.DELETE, new byte[][] {b(f)}, limits);
                    model.remove(f);
                    if (model.size() < 20) {
                        break;
                    }
                }
            }
        }
        assertEquals(model.size(), h.size());
        for (Map.Entry<String, String> e : model.entrySet()) {
            assertArrayEquals(b(e.getValue()), h.get(b(e.getKey())), e.getKey());
        }
        Map<String, String> listed = new HashMap<>();
        for (HashEntry e : h.entries(true, true)) {
            listed.put(s(e.field()), s(e.value()));
        }
        assertEquals(model, listed);
    }

    @Test
    void scan_ofAHashtable_returnsEveryFieldPresentThroughout_whileItGrows() {
        HashValue h = new HashValue();
        for (int i = 0; i < 1000; i++) {
            set(h, "old" + i, "v");
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int added = 0;
        do {
            HashScanResult r = h.scan(cursor, 10, f -> true);
            for (HashEntry e : r.entries()) {
                seen.add(s(e.field()));
            }
            cursor = r.cursor();
            for (int k = 0; k < 50; k++) {
                set(h, "new" + added++, "v");
            }
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.contains("old" + i), "old" + i);
        }
    }

    @Test
    void scan_ofAListpack_returnsEverythingFiltered_withCursorZero() {
        HashValue h = new HashValue();
        set(h, "a1", "1", "b", "2", "a2", "3");
        HashScanResult r = h.scan(99, 1, f -> f[0] == 'a');
        assertEquals(0, r.cursor());
        assertEquals(2, r.entries().size());
        assertEquals("a2", s(r.entries().get(1).field()));
        assertEquals("3", s(r.entries().get(1).value()));
    }

    @Test
    void random_positiveCountIsDistinct_negativeCountRepeats() {
        for (int size : new int[] {5, 500}) {
            HashValue h = new HashValue();
            for (int i = 0; i < size; i++) {
                set(h, "f" + i, "v" + i);
            }
            Random random = new Random(7);
            for (int count = 1; count < size; count += size / 5) {
                List<HashEntry> picked = h.random(count, true, random::nextLong);
                Set<String> distinct = new HashSet<>();
                for (HashEntry e : picked) {
                    distinct.add(s(e.field()));
                    assertEquals(s(e.field()).substring(1), s(e.value()).substring(1));
                }
                assertEquals(count, distinct.size(), h.encoding() + " count " + count);
            }
            List<HashEntry> repeated = h.random(-3 * size, false, random::nextLong);
            assertEquals(3 * size, repeated.size());
            assertNull(repeated.get(0).value());
            assertEquals(size, h.random(size + 1, false, random::nextLong).size());
        }
    }

    @Test
    void copy_isIndependent_inBothEncodings() {
        for (int size : new int[] {3, 300}) {
            HashValue h = new HashValue();
            for (int i = 0; i < size; i++) {
                set(h, "f" + i, "v" + i);
            }
            HashValue copy = (HashValue) h.copy();
            set(h, "f0", "changed");
            h.apply(HashValue.DELETE, new byte[][] {b("f1")}, limits);
            assertArrayEquals(b("v0"), copy.get(b("f0")));
            assertArrayEquals(b("v1"), copy.get(b("f1")));
            assertEquals(size, copy.size());
        }
    }

    @Test
    void elementsAndLoad_roundTrip_keepingOrderAndEncoding() {
        for (int size : new int[] {0, 4, 128, 129, 2000}) {
            HashValue h = new HashValue();
            for (int i = 0; i < size; i++) {
                set(h, "f" + i, "v" + i);
            }
            byte[][] elements = h.elements();
            byte[][] shifted = new byte[elements.length + 1][];
            System.arraycopy(elements, 0, shifted, 1, elements.length);
            HashValue loaded = new HashValue();
            loaded.load(shifted, 1, limits);
            if (h.encoding().equals("listpack")) {
                assertEquals(flat(h), flat(loaded), "a listpack keeps its order");
            } else {
                assertEquals(new java.util.TreeSet<>(flat(h)), new java.util.TreeSet<>(flat(loaded)),
                        "a hash table's order is its own");
            }
            if (size > 0) {
                assertEquals(h.encoding(), loaded.encoding(), "size " + size);
            }
        }
    }

    @Test
    void badEffects_areRefused() {
        HashValue h = new HashValue();
        assertThrows(IllegalArgumentException.class, () -> h.apply(HashValue.SET, new byte[][] {b("f")}, limits));
        assertThrows(IllegalArgumentException.class, () -> h.apply(Container.op(org.kvlab.api.ValueType.HASH, 9),
                new byte[0][], limits));
        assertThrows(IllegalArgumentException.class, () -> h.load(new byte[][] {b("f")}, 0, limits));
    }

    @Test
    void memory_countsThePackedArray_andEveryEntryOfATable() {
        HashValue h = new HashValue();
        long empty = h.memory();
        set(h, "field", "value");
        assertEquals(empty + 16, h.memory(), "12 content bytes, 8-byte aligned");
        HashValue big = new HashValue();
        for (int i = 0; i < 100_000; i++) {
            set(big, "field:" + i, "value:" + i);
        }
        long perEntry = big.memory() / 100_000;
        assertTrue(perEntry >= 40 && perEntry <= 60, "bytes per entry: " + perEntry);
    }
}
