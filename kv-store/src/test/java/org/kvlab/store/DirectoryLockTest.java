package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.KvPersistenceException;

/** A second process on a data directory in use is refused with a clear message; once the first is gone, it opens. */
final class DirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void open_whileAnotherProcessHasTheDirectory_isRefusedUntilThatProcessIsGone() throws Exception {
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                dir.toString(), "no", "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), UTF_8))) {
            assertNotNull(out.readLine(), "the other process opened the directory and wrote");
            KvPersistenceException e = assertThrows(KvPersistenceException.class,
                    () -> KvStore.builder().dataDirectory(dir).build());
            assertEquals("The data directory " + dir + " is in use by another store", e.getMessage());
            other.toHandle().destroyForcibly();
            other.waitFor();
        } finally {
            other.destroyForcibly();
        }
        try (KvStore store = KvStore.builder().dataDirectory(dir).build()) {
            assertTrue(store.database(0).size() > 0, "the other process's writes are there");
        }
    }
}
