package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

final class PartialSortTest {

    @Property(tries = 500)
    void sort_putsWhatAFullSortWouldInTheRange(
            @ForAll @Size(max = 120) List<@IntRange(min = 0, max = 1000) Integer> values,
            @ForAll @IntRange(min = 0, max = 130) int left, @ForAll @IntRange(min = 0, max = 130) int span) {
        Integer[] partial = values.toArray(new Integer[0]);
        Integer[] full = partial.clone();
        Arrays.sort(full);
        int right = Math.min(left + span, partial.length - 1);
        PartialSort.sort(partial, Comparator.naturalOrder(), left, right);
        for (int i = left; i <= right; i++) {
            assertEquals(full[i], partial[i], "position " + i);
        }
    }

    @Test
    void sort_ofEqualElements_movesThemAsRedisPqsortDoes() {
        // redis-server 7.0.15: RPUSH l 0 1 .. 9, SORT l BY nosuch_* ALPHA LIMIT 0 3 gives 9 1 2 (all weights equal)
        Integer[] ten = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        PartialSort.sort(ten, (x, y) -> 0, 0, 2);
        assertEquals(List.of(9, 1, 2), Arrays.asList(ten).subList(0, 3));
        // and with 0 .. 49, LIMIT 10 5 gives 10 11 12 13 14
        Integer[] fifty = new Integer[50];
        for (int i = 0; i < fifty.length; i++) {
            fifty[i] = i;
        }
        PartialSort.sort(fifty, (x, y) -> 0, 10, 14);
        assertEquals(List.of(10, 11, 12, 13, 14), Arrays.asList(fifty).subList(10, 15));
    }
}
