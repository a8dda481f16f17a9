package org.kvlab.compat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One command of a generated sequence: its arguments, shown readably when a property fails. */
final class Cmd {

    final byte[][] args;

    Cmd(byte[][] args) {
        this.args = args;
    }

    @Override
    public String toString() {
        List<String> words = new ArrayList<>();
        for (byte[] arg : args) {
            String word = new String(arg, StandardCharsets.UTF_8);
            words.add(word.isEmpty() || word.contains(" ") || !word.equals(new String(arg, StandardCharsets.ISO_8859_1))
                    ? '"' + word.replace("\"", "\\\"") + '"' : word);
        }
        return String.join(" ", words);
    }
}
