package org.kvlab.store;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.kvlab.api.EncodingLimits;

/**
 * Random sequences of list effects, under node bounds from one element to 64 KB and compress depths 0 to 2, leave a
 * {@link ListValue} reading as a plain {@link List} does, with every node within its bound, the nodes within the
 * depth of either end raw, and reading the same after a {@link ListValue#copy()} and a reload of its
 * {@link ListValue#elements()}.
 */
final class ListValuePropertyTest {

    /** One effect: a code, an index or count (taken modulo what fits), an element, a repeat count. */
    record Step(int code, int number, String element, int times) {
    }

    @Provide
    Arbitrary<Integer> fills() {
        return Arbitraries.of(-5, -2, -1, 0, 1, 2, 3, 4, 7, 100);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> element = Arbitraries.oneOf(
                Arbitraries.of("a", "b", "c", "0", "7", "-1", "127", "128", "4095", "-4097", "100000",
                        "9223372036854775807", "-9223372036854775808", "007", "-0", ""),
                Arbitraries.strings().withCharRange('a', 'c').ofMinLength(1).ofMaxLength(3),
                Arbitraries.integers().between(0, 6000).map(n -> "x".repeat(n)));
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(-50, 50),
                        element,
                        Arbitraries.integers().between(1, 40))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.of(0, 1, 2);
    }

    @Property(tries = 300)
    void effects_leaveTheListAsAPlainListWouldBe(@ForAll("fills") int fill, @ForAll("depths") int depth,
            @ForAll("steps") List<Step> steps) {
        EncodingLimits limits = new EncodingLimits();
        limits.set("list-max-listpack-size", Integer.toString(fill));
        limits.set("list-compress-depth", Integer.toString(depth));
        ListValue list = new ListValue();
        List<String> model = new ArrayList<>();
        for (Step s : steps) {
            byte[] e = s.element().getBytes(ISO_8859_1);
            int size = model.size();
            switch (s.code()) {
                case 0, 1 -> {
                    byte[][] es = new byte[s.times()][];
                    for (int i = 0; i < es.length; i++) {
                        es[i] = (s.element() + (s.number() < 0 ? "" : i)).getBytes(ISO_8859_1);
                        if (s.code() == 0) {
                            model.add(0, new String(es[i], ISO_8859_1));
                        } else {
                            model.add(new String(es[i], ISO_8859_1));
                        }
                    }
                    list.apply(s.code() == 0 ? ListValue.PUSH_LEFT : ListValue.PUSH_RIGHT, es, limits);
                }
                case 2, 3 -> {
                    int n = Math.floorMod(s.number(), size + 1);
                    if (s.code() == 2) {
                        model.subList(0, n).clear();
                    } else {
                        model.subList(size - n, size).clear();
                    }
                    list.apply(s.code() == 2 ? ListValue.POP_LEFT : ListValue.POP_RIGHT,
                            new byte[][] {ListValue.number(n)}, limits);
                }
                case 4 -> {
                    if (size > 0) {
                        int i = Math.floorMod(s.number(), size);
                        model.set(i, s.element());
                        list.apply(ListValue.SET, new byte[][] {ListValue.number(i), e}, limits);
                    }
                }
                case 5, 6 -> {
                    int i = Math.floorMod(s.number(), size + 1);
                    model.add(i, s.element());
                    list.apply(ListValue.INSERT, new byte[][] {ListValue.number(i), e}, limits);
                }
                case 7 -> {
                    long count = s.number() / 10;
                    removeFromModel(model, count, s.element());
                    list.apply(ListValue.REMOVE, new byte[][] {ListValue.number(count), e}, limits);
                }
                case 8 -> {
                    int left = Math.floorMod(s.number(), size + 1);
                    int right = Math.floorMod(s.times(), size - left + 1);
                    model.subList(size - right, size).clear();
                    model.subList(0, left).clear();
                    list.apply(ListValue.TRIM,
                            new byte[][] {ListValue.number(left), ListValue.number(right)}, limits);
                }
                default -> {
                    if (size > 0) {
                        int i = Math.floorMod(s.number(), size);
                        assertEquals(model.get(i), new String(list.get(i), ISO_8859_1), "get " + i);
                        assertEquals(model.indexOf(s.element()), list.indexOf(e), "indexOf " + s.element());
                    }
                }
            }
            ListValueTest.checkLayout(list, fill);
            ListValueTest.checkEndsRaw(list, depth);
            assertEquals(model, strings(list.elements()), "after " + s);
        }
        ListValue copy = (ListValue) list.copy();
        assertEquals(model, strings(copy.elements()));
        ListValue reloaded = new ListValue();
        reloaded.load(list.elements(), 0, limits);
        assertEquals(model, strings(reloaded.elements()));
        ListValueTest.checkLayout(reloaded, fill);
        if (!model.isEmpty()) {
            assertArrayEquals(list.range(0, model.size() - 1), copy.range(0, model.size() - 1));
        }
    }

    private static void removeFromModel(List<String> model, long count, String element) {
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        if (count >= 0) {
            for (int i = 0; i < model.size() && limit > 0; ) {
                if (model.get(i).equals(element)) {
                    model.remove(i);
                    limit--;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = model.size() - 1; i >= 0 && limit > 0; i--) {
                if (model.get(i).equals(element)) {
                    model.remove(i);
                    limit--;
                }
            }
        }
    }

    private static List<String> strings(byte[][] elements) {
        List<String> out = new ArrayList<>();
        for (byte[] e : elements) {
            out.add(new String(e, ISO_8859_1));
        }
        return out;
    }
}
