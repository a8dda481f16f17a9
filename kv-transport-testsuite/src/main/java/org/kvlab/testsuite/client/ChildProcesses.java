package org.kvlab.testsuite.client;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What tests that start a Redis tool as a child process share: finding its executable, and starting it again when
 * another process took the free port it was given.
 */
public final class ChildProcesses {

    private static final int STARTS = 3;

    private ChildProcesses() {
    }

    /** Starts a child process on a port found free a moment before. */
    @FunctionalInterface
    public interface Start<T> {
        /** Starts it; an {@link IOException} if it did not come up (its port may have been taken meanwhile). */
        T start() throws IOException, InterruptedException;
    }

    /**
     * Returns the executable {@code name} on the {@code PATH}, else in one of {@code otherDirs} (where Debian puts
     * tools that are not on a user's {@code PATH}), or {@code null} if there is none.
     */
    public static Path executable(String name, String... otherDirs) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of(otherDirs));
        for (String dir : dirs) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Runs {@code start} up to three times: another process may take the free port between the probe and the child's
     * bind. Throws the first failure, the later ones suppressed in it, if every start fails.
     */
    public static <T> T startRetryingPortRace(Start<T> start) throws IOException, InterruptedException {
        IOException failure = null;
        for (int attempt = 0; attempt < STARTS; attempt++) {
            try {
                return start.start();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }
}
