package org.kvlab.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kv-server started by kv-bench runs with bin/kv-server's default JVM options, read from one file. */
final class ServerLauncherTest {

    @TempDir
    Path root;

    @Test
    void command_withoutOptions_takesThemFromTheJarsRepository() throws IOException {
        Path jar = emptyJar();
        Files.createDirectories(root.resolve("bin/lib"));
        Files.writeString(root.resolve("bin/lib/server-java-opts"), "-XX:+UseSerialGC -Xmx64m\n");

        List<String> command = ServerLauncher.command("java", jar, null);

        assertEquals(List.of("java", "-XX:+UseSerialGC", "-Xmx64m", "-jar", jar.toString()), command);
    }

    @Test
    void command_withOptions_takesThem() throws IOException {
        Path jar = emptyJar();

        List<String> command = ServerLauncher.command("java", jar, "-Xmx32m");

        assertEquals(List.of("java", "-Xmx32m", "-jar", jar.toString()), command);
    }

    @Test
    void command_withoutOptions_outsideARepository_saysToPassThem() throws IOException {
        Path jar = emptyJar();

        IOException e = assertThrows(IOException.class, () -> ServerLauncher.command("java", jar, null));

        assertTrue(e.getMessage().contains("pass --server-java-opts"), e.getMessage());
    }

    @Test
    void defaultOptions_areThoseOfBinKvServer() throws IOException {
        Path repository = Path.of("").toAbsolutePath().getParent();

        String options = ServerLauncher.defaultJavaOpts(repository.resolve("kv-server/target/kv-server.jar"));

        assertEquals(Files.readString(repository.resolve("bin/lib/server-java-opts")).strip(), options);
    }

    private Path emptyJar() throws IOException {
        Path jar = root.resolve("kv-server/target/kv-server.jar");
        Files.createDirectories(jar.getParent());
        return Files.createFile(jar);
    }
}
