package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.kvlab.server.ServerSettings;

/** The command table's lookup by bytes, strict integer parsing and glob matching. */
final class LookupAndParsingTest {

    @Test
    void everyCommand_isFoundInAnyCase() {
        try (Wire wire = new Wire(new ServerSettings())) {
            CommandExecutor executor = new CommandExecutor(wire.store, new NoServer());
            Random random = new Random(7);
            for (Command c : executor.table().all()) {
                char[] name = c.name.toCharArray();
                for (int i = 0; i < name.length; i++) {
                    if (random.nextBoolean()) {
                        name[i] = Character.toUpperCase(name[i]);
                    }
                }
                assertSame(c, executor.table().find(new String(name).getBytes(StandardCharsets.US_ASCII)));
            }
            assertNull(executor.table().find("gett".getBytes(StandardCharsets.US_ASCII)));
            assertNull(executor.table().find(new byte[0]));
        }
    }

    @Test
    void duplicateCommands_areRejected() {
        Command a = new Command("x", 1, 0, 0, 0, 0, null, (s, args, n, w) -> { });
        Command b = new Command("X", 1, 0, 0, 0, 0, null, (s, args, n, w) -> { });
        assertThrows(IllegalArgumentException.class, () -> new CommandTable(List.of(a, b)));
    }

    @Property
    void toLong_acceptsCanonicalDecimals(@ForAll long value) {
        assertEquals(value, Args.toLong(Long.toString(value).getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void toLong_rejectsWhatRedisRejects() {
        for (String bad : new String[] {"", "+1", "01", "-0", " 1", "1 ", "1.0", "-", "9223372036854775808",
            "-9223372036854775809", "99999999999999999999", "0x10"}) {
            assertThrows(CommandException.class, () -> Args.toLong(bad.getBytes(StandardCharsets.US_ASCII)), bad);
        }
    }

    @Property
    void glob_withoutSpecialCharacters_isEquality(@ForAll @AlphaChars @StringLength(max = 6) String a,
            @ForAll @AlphaChars @StringLength(max = 6) String b) {
        assertEquals(a.equals(b), Glob.matches(bytes(a), bytes(b), false));
        assertTrue(Glob.matches(bytes("*"), bytes(a), false));
        assertTrue(Glob.matches(bytes(a + "*"), bytes(a + b), false));
        assertEquals(a.equalsIgnoreCase(b), Glob.matches(bytes(a), bytes(b), true));
    }

    @Test
    void glob_handlesClassesAndEscapes() {
        assertTrue(Glob.matches(bytes("a[b-d]e"), bytes("ace"), false));
        assertFalse(Glob.matches(bytes("a[^b-d]e"), bytes("ace"), false));
        assertTrue(Glob.matches(bytes("a\\?"), bytes("a?"), false));
        assertFalse(Glob.matches(bytes("a\\?"), bytes("ab"), false));
        assertTrue(Glob.matches(bytes("*x*y*"), bytes("1x2y3"), false));
        assertFalse(Glob.matches(bytes("a?"), bytes("a"), false));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
