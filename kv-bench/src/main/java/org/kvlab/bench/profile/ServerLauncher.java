package org.kvlab.bench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds how to run kv-server as its own process: {@code java [opts] -jar kv-server.jar}, the java given by
 * {@code --server-java} (a JDK 21+ for the virtual transport) or else this JVM's, the jar found from
 * {@code --server-jar}, else {@code -Dkvlab.home} ({@code bin/kv-bench} sets it), else the working directory and its
 * parents. Stateless.
 */
public final class ServerLauncher {

    private static final String JAR = "kv-server/target/kv-server.jar";
    /** The file, under the repository's root, of the JVM options {@code bin/kv-server} runs kv-server with. */
    private static final String DEFAULT_JAVA_OPTS = "bin/lib/server-java-opts";

    private ServerLauncher() {
    }

    /**
     * Returns the command that runs kv-server, without its own arguments.
     *
     * @param java the java executable, from {@link #java(Path)}
     * @param serverJar the jar, or {@code null} to search for it
     * @param javaOpts JVM options separated by spaces, or blank; {@code null} for {@code bin/kv-server}'s default,
     *     read from {@code bin/lib/server-java-opts} of the repository the jar was built in
     * @throws IOException naming where it looked and how to build the jar, if it is not found, or the default
     *     options' file, if they were asked for and it is not there
     */
    public static List<String> command(String java, Path serverJar, String javaOpts) throws IOException {
        Path jar = serverJar != null ? serverJar : find();
        if (!Files.isRegularFile(jar)) {
            throw new IOException("kv-server jar not found: " + jar
                    + " (build it: ./mvnw -B -q -DskipTests -pl kv-server -am package, or pass --server-jar)");
        }
        if (javaOpts == null) {
            javaOpts = defaultJavaOpts(jar);
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        if (javaOpts != null && !javaOpts.isBlank()) {
            command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        return command;
    }

    /**
     * Returns the JVM options {@code bin/kv-server} runs with unless {@code KVLAB_JAVA_OPTS} says otherwise: the
     * first line of {@code bin/lib/server-java-opts} in the repository of {@code jar}
     * ({@code ROOT/kv-server/target/kv-server.jar}).
     *
     * @throws IOException naming the file, if it cannot be read
     */
    static String defaultJavaOpts(Path jar) throws IOException {
        Path root = jar.toAbsolutePath().getParent();
        for (int up = 0; up < 2 && root != null; up++) {
            root = root.getParent();
        }
        Path file = root == null ? Path.of(DEFAULT_JAVA_OPTS).toAbsolutePath() : root.resolve(DEFAULT_JAVA_OPTS);
        if (!Files.isRegularFile(file)) {
            throw new IOException("kv-server's default JVM options not found: " + file + " (the jar " + jar
                    + " is not in a kvlab repository: pass --server-java-opts)");
        }
        return Files.readAllLines(file).stream().findFirst().orElse("").trim();
    }

    /**
     * Returns the java that runs kv-server: {@code serverJava}, a java executable or a JDK's home (its
     * {@code bin/java}), or this JVM's when {@code null}.
     *
     * @throws IllegalArgumentException if {@code serverJava} is neither an executable nor a directory with an
     *     executable {@code bin/java}
     */
    public static String java(Path serverJava) {
        if (serverJava == null) {
            return javaExecutable();
        }
        Path java = Files.isDirectory(serverJava) ? serverJava.resolve("bin").resolve("java") : serverJava;
        if (!Files.isRegularFile(java) || !Files.isExecutable(java)) {
            throw new IllegalArgumentException("server-java: " + serverJava + " (expected: a java executable or a "
                    + "JDK's home, e.g. /usr/lib/jvm/temurin-25-jdk-amd64)");
        }
        return java.toAbsolutePath().toString();
    }

    /** Returns the {@code java} of the running JVM. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path find() {
        String home = System.getProperty("kvlab.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).resolve(JAR);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(JAR);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return Path.of(JAR).toAbsolutePath();
    }
}
