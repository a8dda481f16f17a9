package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The replication backlog keeps the newest bytes of the stream, up to its size. */
final class BacklogTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void add_underCapacity_keepsEverything() {
        Backlog backlog = new Backlog(8);
        backlog.add(b("abc"));
        backlog.add(b("de"));
        assertEquals(5, backlog.length());
        assertArrayEquals(b("abcde"), backlog.last(5));
        assertArrayEquals(b("de"), backlog.last(2));
    }

    @Test
    void add_pastCapacity_dropsTheOldest_acrossTheWrap() {
        Backlog backlog = new Backlog(8);
        backlog.add(b("abcdef"));
        backlog.add(b("ghij"));
        assertEquals(8, backlog.length());
        assertArrayEquals(b("cdefghij"), backlog.last(8));
    }

    @Test
    void add_ofMoreThanTheCapacity_keepsItsTail() {
        Backlog backlog = new Backlog(4);
        backlog.add(b("xy"));
        backlog.add(b("abcdefg"));
        assertArrayEquals(b("defg"), backlog.last(4));
    }

    @Test
    void resize_keepsTheNewestBytesThatFit() {
        Backlog backlog = new Backlog(8);
        backlog.add(b("abcdefghij"));
        backlog.resize(3);
        assertEquals(3, backlog.length());
        assertArrayEquals(b("hij"), backlog.last(3));
        backlog.resize(6);
        backlog.add(b("kl"));
        assertArrayEquals(b("hijkl"), backlog.last(5));
    }
}
