package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.WrongTypeException;

/** The one-field HSET of the embedded API. */
final class HashOpsTest {

    private final KvStore store = KvStore.inMemory();

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void set_oneField_returnsWhetherTheFieldWasNew() {
        assertTrue(store.hashes().set(b("h"), b("f"), b("1")));
        assertFalse(store.hashes().set(b("h"), b("f"), b("2")));
        assertTrue(store.hashes().set(b("h"), b("g"), b("3")));

        assertArrayEquals(b("2"), store.hashes().get(b("h"), b("f")));
        assertEquals(2, store.hashes().length(b("h")));
    }

    @Test
    void set_oneFieldOnAString_throwsAndLeavesIt() {
        store.set(b("s"), b("v"));

        assertThrows(WrongTypeException.class, () -> store.hashes().set(b("s"), b("f"), b("1")));
        assertArrayEquals(b("v"), store.get(b("s")));
    }

    @Test
    void set_oneNullField_throws() {
        assertThrows(NullPointerException.class, () -> store.hashes().set(b("h"), null, b("1")));
        assertEquals(0, store.hashes().length(b("h")));
    }
}
