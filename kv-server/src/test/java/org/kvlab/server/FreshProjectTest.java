package org.kvlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.KeyValueStore;
import org.kvlab.store.KvStore;

/**
 * A fresh Maven project that depends on kv-store as the README's "Embedding the store" says — its {@code <dependency>}
 * block and its Java blocks as pasted — builds with Maven and runs. The project sees kv-store as a user does after
 * {@code ./mvnw install}, without writing the user's local repository: this build's kv-store, kv-api and parent pom
 * are laid out in a local repository of the test's own, chained before the build's ({@code maven.repo.local.tail},
 * read only) for Maven's plugins, and the project is built offline by the Maven running this build.
 */
final class FreshProjectTest {

    private static final Pattern EMBEDDING = Pattern.compile("## Embedding the store\n(.*?)\n## ", Pattern.DOTALL);
    private static final Pattern XML_BLOCK = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @TempDir
    Path dir;

    @Test
    void readmesEmbeddingBlocks_buildAndRun_inAFreshMavenProject() throws Exception {
        String mavenHome = System.getProperty("kvlab.maven.home", "");
        String userRepository = System.getProperty("kvlab.maven.repo.local", "");
        String version = System.getProperty("kvlab.version", "");
        assumeTrue(!mavenHome.isEmpty() && !userRepository.isEmpty() && !version.isEmpty(),
                "run by Maven: kv-server's pom passes the Maven home, local repository and version to this test");

        Matcher section = EMBEDDING.matcher(Files.readString(Path.of("..", "README.md")));
        assertTrue(section.find(), "the README has a section 'Embedding the store'");
        Matcher xml = XML_BLOCK.matcher(section.group(1));
        assertTrue(xml.find(), "the section has a <dependency> block");
        assertTrue(xml.group(1).contains("<version>" + version + "</version>"),
                "the README's dependency names this build's version, " + version + ":\n" + xml.group(1));

        Path repository = dir.resolve("repository");
        publish(repository, "kvlab-parent", Path.of("..", "pom.xml"), null);
        publish(repository, "kv-api", Path.of("..", "kv-api", "pom.xml"), codeOf(KeyValueStore.class));
        publish(repository, "kv-store", Path.of("..", "kv-store", "pom.xml"), codeOf(KvStore.class));

        Path project = dir.resolve("project");
        Path sources = Files.createDirectories(project.resolve("src/main/java"));
        Files.writeString(project.resolve("pom.xml"), pom(xml.group(1), Files.readString(Path.of("..", "pom.xml"))));
        List<String> classes = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(section.group(1));
        while (block.find()) {
            Matcher name = CLASS_NAME.matcher(block.group(1));
            assertTrue(name.find(), "a Java block of the section is not a whole class:\n" + block.group(1));
            Files.writeString(sources.resolve(name.group(1) + ".java"), block.group(1));
            classes.add(name.group(1));
        }
        assertTrue(classes.contains("StoreExample"), "the section has the StoreExample block: " + classes);

        String javaHome = System.getProperty("java.home");
        run(project, List.of(Path.of(mavenHome, "bin", "mvn").toString(), "-B", "-o", "-q",
                "-Dmaven.repo.local=" + repository, "-Dmaven.repo.local.tail=" + userRepository, "compile"),
                javaHome);
        String classPath = String.join(File.pathSeparator, project.resolve("target/classes").toString(),
                artifact(repository, "kv-store", "jar").toString(), artifact(repository, "kv-api", "jar").toString());
        String printed = run(project, List.of(Path.of(javaHome, "bin", "java").toString(), "-cp", classPath,
                "StoreExample"), javaHome);
        assertEquals("hello", printed.strip());
    }

    /**
     * The project a user starts: coordinates, Java 17, and the README's dependency as pasted. Its compiler and
     * resources plugins are the versions this build uses ({@code parent}, the parent pom's text), which a build on a
     * fresh machine has fetched, not the newer defaults of Maven's that it has no need of: offline, it could not get
     * them.
     */
    private static String pom(String dependency, String parent) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>com.example</groupId>\n"
                + "  <artifactId>embedding</artifactId>\n"
                + "  <version>1.0</version>\n"
                + "  <properties>\n"
                + "    <maven.compiler.release>17</maven.compiler.release>\n"
                + "    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>\n"
                + "  </properties>\n"
                + "  <dependencies>\n" + dependency + "  </dependencies>\n"
                + "  <build>\n"
                + "    <plugins>\n"
                + plugin("maven-compiler-plugin", parent)
                + plugin("maven-resources-plugin", parent)
                + "    </plugins>\n"
                + "  </build>\n"
                + "</project>\n";
    }

    private static String plugin(String artifactId, String parent) {
        Matcher version = Pattern.compile("<artifactId>" + artifactId + "</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(parent);
        assertTrue(version.find(), "the parent pom pins " + artifactId);
        return "      <plugin><artifactId>" + artifactId + "</artifactId><version>" + version.group(1)
                + "</version></plugin>\n";
    }

    /** Puts {@code pom} and the jar of {@code classes} (a jar, or a directory to jar) where Maven looks for them. */
    private static void publish(Path repository, String artifactId, Path pom, Path classes) throws IOException {
        Files.createDirectories(artifact(repository, artifactId, "pom").getParent());
        Files.copy(pom, artifact(repository, artifactId, "pom"));
        if (classes == null) {
            return;
        }
        Path jar = artifact(repository, artifactId, "jar");
        if (Files.isRegularFile(classes)) {
            Files.copy(classes, jar);
            return;
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static Path artifact(Path repository, String artifactId, String extension) {
        String version = System.getProperty("kvlab.version");
        return repository.resolve("org/kvlab").resolve(artifactId).resolve(version)
                .resolve(artifactId + "-" + version + "." + extension);
    }

    /** Where the build has the classes of {@code type}: its module's jar, or its classes directory. */
    private static Path codeOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Runs {@code command} in {@code directory} on {@code javaHome}; returns its output, failing on a bad exit. */
    private static String run(Path directory, List<String> command, String javaHome)
            throws IOException, InterruptedException {
        Path log = directory.resolveSibling(directory.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", javaHome);
        builder.environment().remove("MAVEN_ARGS");
        Process process = builder.start();
        try (OutputStream ignored = process.getOutputStream()) {
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "still running after 5 minutes: " + command);
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
