package org.kvlab.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class RequestMixTest {

    private static final Pattern KEY = Pattern.compile("key:\\d{12}");

    @Test
    void next_ratioTwoToOne_givesSetSetGetWithKeysInTheKeyspace() {
        RequestMix mix = RequestMix.ratio(2, 1, 7, 5, 42, 3);

        List<byte[][]> batch = mix.next(3);

        assertEquals(3, batch.size());
        assertEquals(List.of("SET", "SET", "GET"), batch.stream().map(c -> ascii(c[0])).toList());
        for (byte[][] command : batch) {
            String key = ascii(command[1]);
            assertTrue(KEY.matcher(key).matches(), key);
            assertTrue(Long.parseLong(key.substring(4)) < 7, key);
        }
        assertArrayEquals("xxxxx".getBytes(StandardCharsets.US_ASCII), batch.get(0)[2]);
        assertEquals(2, batch.get(2).length);
        assertEquals(2, mix.setCount());
        assertEquals(1, mix.getCount());
    }

    @Test
    void next_oneBatch_givesEachCommandItsOwnKeyArray() {
        RequestMix mix = RequestMix.ratio(1, 1, 1_000_000, 3, 7, 4);

        List<byte[][]> batch = mix.next(4);

        Set<byte[]> keys = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> texts = new HashSet<>();
        for (byte[][] command : batch) {
            keys.add(command[1]);
            texts.add(ascii(command[1]));
        }
        assertEquals(4, keys.size());
        assertEquals(4, texts.size());
    }

    @Test
    void next_followingCalls_reuseTheArraysAndKeepTheRatioAcrossBatches() {
        RequestMix mix = RequestMix.ratio(1, 2, 10, 3, 1, 2);

        byte[][] first = mix.next(2).get(0);
        List<byte[][]> second = mix.next(1);

        assertEquals(1, second.size());
        assertEquals("GET", ascii(second.get(0)[0]));
        assertSame(first[1], second.get(0)[1]);
        assertEquals(1, mix.setCount());
        assertEquals(2, mix.getCount());
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
