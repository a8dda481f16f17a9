package org.kvlab.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class StoreBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"kvstore", "chm", "chm_wrap"})
    void table_holdsEveryKey_andNoAbsentOne(String impl) {
        StoreBenchmark.Table table = table(impl, 100);
        try {
            for (int i = 0; i < StoreBenchmark.KEYS; i += 997) {
                byte[] key = KeySequence.key("key:", i);
                byte[] value = table.facade.get(key, new ByteKey(key));
                assertEquals(100, value.length);
                assertEquals((byte) ('a' + i % 26), value[0]);
                byte[] absent = KeySequence.key("nokey:", i);
                assertNull(table.facade.get(absent, new ByteKey(absent)));
            }
        } finally {
            table.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kvstore", "chm", "chm_wrap"})
    void put_replacesTheValueOfTheCallsKey(String impl) {
        StoreBenchmark.Table table = table(impl, 3);
        try {
            byte[] key = KeySequence.key("key:", 7);
            table.facade.put(key, new ByteKey(key), 8);
            assertEquals((byte) ('a' + 8), table.facade.get(key, new ByteKey(key))[0]);
        } finally {
            table.tearDown();
        }
    }

    @Test
    void calls_holdEachKeyOfTheSequenceInOrder() {
        StoreBenchmark.Calls calls = new StoreBenchmark.Calls(KeySequence.uniform(StoreBenchmark.KEYS, 3), "key:");
        KeySequence expected = KeySequence.uniform(StoreBenchmark.KEYS, 3);
        for (int call = 0; call < KeySequence.LENGTH; call++) {
            int index = expected.next();
            assertEquals(call, calls.next());
            assertEquals(index, calls.indexes[call]);
            assertArrayEquals(KeySequence.key("key:", index), calls.keys[call]);
            assertEquals(new ByteKey(calls.keys[call]), calls.wrapped[call]);
        }
        assertEquals(0, calls.next());
    }

    @Test
    void facade_unknownImpl_saysWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreBenchmark.Facade.create("treemap", new byte[0][]));
        assertEquals("impl: treemap (expected: kvstore, chm or chm_wrap)", e.getMessage());
    }

    @Test
    void byteKey_equalsByContent() {
        ByteKey a = new ByteKey("key:000001".getBytes(StandardCharsets.US_ASCII));
        ByteKey b = new ByteKey("key:000001".getBytes(StandardCharsets.US_ASCII));
        ByteKey c = new ByteKey("key:000002".getBytes(StandardCharsets.US_ASCII));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
    }

    /** Returns a filled table of {@code impl}, as JMH would set it up; the caller tears it down. */
    private static StoreBenchmark.Table table(String impl, int valueSize) {
        StoreBenchmark.Table table = new StoreBenchmark.Table();
        table.impl = impl;
        table.valueSize = valueSize;
        table.setUp();
        return table;
    }
}
