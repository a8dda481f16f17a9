package org.kvlab.bench.jmh;

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
        StoreBenchmark.Table table = new StoreBenchmark.Table();
        table.impl = impl;
        table.valueSize = 100;
        table.setUp();
        try {
            for (int i = 0; i < StoreBenchmark.KEYS; i += 997) {
                byte[] value = table.facade.get(i);
                assertEquals(100, value.length);
                assertEquals((byte) ('a' + i % 26), value[0]);
                assertNull(table.facade.getAbsent(i));
            }
        } finally {
            table.tearDown();
        }
    }

    @Test
    void facade_unknownImpl_saysWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreBenchmark.Facade.create("treemap", new byte[0][], new byte[0][], new byte[0][]));
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
}
