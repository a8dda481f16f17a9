package org.kvlab.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvlab.store.FsyncPolicy;
import org.kvlab.store.KvStore;

final class WalBenchmarkTest {

    @TempDir
    Path parent;

    @ParameterizedTest
    @ValueSource(strings = {"always", "everysec", "no"})
    void set_isLoggedAndRecovered_andTheDirectoryIsRemovedAfterwards(String fsync) throws IOException {
        String previous = System.setProperty("kvlab.bench.dir", parent.toString());
        WalBenchmark.Durable durable = new WalBenchmark.Durable();
        durable.fsync = fsync;
        try {
            durable.setUp();
        } finally {
            restore(previous);
        }
        Path directory = durable.directory;
        assertTrue(directory.startsWith(parent), directory.toString());
        WalBenchmark benchmark = new WalBenchmark();
        WalBenchmark.Writer writer = new WalBenchmark.Writer();
        for (int i = 0; i < WalBenchmark.KEYS + 10; i++) {
            benchmark.set(durable, writer);
        }
        durable.store.close();
        try (KvStore reopened = KvStore.builder().dataDirectory(directory).fsync(FsyncPolicy.NO).build()) {
            for (int i = 0; i < WalBenchmark.KEYS; i += 99) {
                assertArrayEquals(durable.value, reopened.get(KeySequence.key("key:", i)));
            }
        }
        WalBenchmark.deleteTree(directory);
        assertFalse(Files.exists(directory));
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty("kvlab.bench.dir");
        } else {
            System.setProperty("kvlab.bench.dir", previous);
        }
    }
}
