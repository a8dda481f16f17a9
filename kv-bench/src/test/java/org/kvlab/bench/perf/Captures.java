package org.kvlab.bench.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the perf captures under {@code src/test/resources/perf/} (see its README for how each was made). */
public final class Captures {

    private Captures() {
    }

    /** Returns the text of capture {@code name}, e.g. {@code seed-server.txt}. */
    public static String text(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/perf/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + name + " under src/test/resources/perf");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses capture {@code name}. */
    public static PerfCounts counts(String name) {
        return PerfStatParser.parse(text(name));
    }
}
