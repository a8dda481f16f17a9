package org.kvlab.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Deletes the temporary directories the tests make for their servers' files. */
final class TempDirs {

    private TempDirs() {
    }

    /** Deletes {@code root} and everything under it, deepest first. */
    static void delete(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
