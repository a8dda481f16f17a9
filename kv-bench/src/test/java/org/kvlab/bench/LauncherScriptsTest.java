package org.kvlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/kv-server} and {@code bin/kv-bench} run {@code $JAVA_HOME/bin/java} when JAVA_HOME is set, else java
 * on PATH, and say which on stderr: the scripts copied into a scratch tree with empty jars (so they build nothing),
 * run against a fake JDK whose {@code java} prints its arguments.
 */
final class LauncherScriptsTest {

    private static final Path BIN = Path.of("").toAbsolutePath().getParent().resolve("bin");

    @TempDir
    Path root;

    private Path jdk;

    @BeforeEach
    void copyScriptsAndMakeAFakeJdk() throws IOException {
        for (String script : List.of("kv-server", "kv-bench", "lib/java.sh", "lib/server-java-opts",
                "lib/bench-java-opts")) {
            Path to = root.resolve("bin").resolve(script);
            Files.createDirectories(to.getParent());
            Files.copy(BIN.resolve(script), to, StandardCopyOption.COPY_ATTRIBUTES);
        }
        for (String jar : List.of("kv-server/target/kv-server.jar", "kv-bench/target/kv-bench.jar")) {
            Files.createDirectories(root.resolve(jar).getParent());
            Files.createFile(root.resolve(jar));
        }
        jdk = Files.createDirectories(root.resolve("jdk-99/bin")).getParent();
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"99.0.1\"\n");
        Path java = Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\necho \"java $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void kvServer_sourceNewerThanTheJar_rebuildsFirstAndSaysWhy() throws Exception {
        Path source = root.resolve("kv-core/src/main/java/Changed.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "");
        Files.setLastModifiedTime(root.resolve("kv-server/target/kv-server.jar"),
                java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(source).toMillis() - 60_000));

        Result r = run("kv-server", Map.of("JAVA_HOME", jdk.toString()), "--help");

        assertTrue(r.err.contains("kv-server: building " + root.resolve("kv-server/target/kv-server.jar")
                + ": kv-core/src/main/java/Changed.java is newer than"), r.err);
    }

    @Test
    void kvServer_javaHomeSet_runsItsJavaAndSaysSo() throws Exception {
        Result r = run("kv-server", Map.of("JAVA_HOME", jdk.toString()), "--help");

        assertEquals(0, r.status, r.err);
        assertEquals("kv-server: running " + jdk.resolve("bin/java") + " (Java 99.0.1, from JAVA_HOME)", r.err.strip());
        String defaults = Files.readString(BIN.resolve("lib/server-java-opts")).strip();
        assertEquals("java " + defaults + " -jar " + root.resolve("kv-server/target/kv-server.jar") + " --help",
                r.out.strip());
    }

    @Test
    void kvBench_javaHomeUnset_runsTheJavaOnPathAndSaysSo() throws Exception {
        Result r = run("kv-bench", Map.of("PATH", jdk.resolve("bin") + ":/usr/bin:/bin"), "profile");

        assertEquals(0, r.status, r.err);
        assertEquals("kv-bench: running " + jdk.resolve("bin/java") + " (Java 99.0.1)", r.err.strip());
        String defaults = Files.readString(BIN.resolve("lib/bench-java-opts")).strip();
        assertTrue(r.out.startsWith("java " + defaults + " -Dkvlab.home=" + root + " -jar "), r.out);
    }

    @Test
    void kvServer_javaHomeWithoutJava_failsSayingWhatToDo() throws Exception {
        Result r = run("kv-server", Map.of("JAVA_HOME", root.resolve("no-jdk").toString()), "--help");

        assertEquals(1, r.status);
        assertEquals("kv-server: JAVA_HOME=" + root.resolve("no-jdk") + " has no bin/java: point it at a JDK 17+, or "
                + "unset it to use java on PATH", r.err.strip());
        assertEquals("", r.out);
    }

    private Result run(String script, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(root.resolve("bin").resolve(script).toString());
        pb.command().addAll(List.of(args));
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("KVLAB_JAVA_OPTS");
        pb.environment().remove("KVLAB_BENCH_JAVA_OPTS");
        pb.environment().putAll(env);
        Path err = root.resolve("stderr");
        Process p = pb.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), script + " did not finish");
        return new Result(p.exitValue(), out, Files.readString(err));
    }

    private record Result(int status, String out, String err) {
    }
}
