package org.kvlab.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The commands by name, found from the bytes of a request's first argument, case-insensitively, without
 * allocating: an open-addressing table keyed on the lower-cased ASCII name. Immutable once built; thread-safe.
 */
final class CommandTable {

    private final Command[] slots;
    private final int mask;
    private final List<Command> all;

    CommandTable(List<Command> commands) {
        int capacity = Integer.highestOneBit(Math.max(16, commands.size() * 4) - 1) << 1;
        slots = new Command[capacity];
        mask = capacity - 1;
        for (Command c : commands) {
            int i = hash(c.lowerName, c.lowerName.length) & mask;
            while (slots[i] != null) {
                if (slots[i].name.equals(c.name)) {
                    throw new IllegalArgumentException("duplicate command: " + c.name);
                }
                i = (i + 1) & mask;
            }
            slots[i] = c;
        }
        all = Collections.unmodifiableList(new ArrayList<>(commands));
    }

    /** Returns the command named by {@code name} in any case, or {@code null}. */
    Command find(byte[] name) {
        int length = name.length;
        int i = hash(name, length) & mask;
        Command c;
        while ((c = slots[i]) != null) {
            if (matches(c.lowerName, name)) {
                return c;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Returns every command, in the order they were registered. */
    List<Command> all() {
        return all;
    }

    private static boolean matches(byte[] lower, byte[] name) {
        if (lower.length != name.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] != toLower(name[i])) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] name, int length) {
        int h = length;
        for (int i = 0; i < length; i++) {
            h = 31 * h + toLower(name[i]);
        }
        return h ^ (h >>> 16);
    }

    private static byte toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }
}
