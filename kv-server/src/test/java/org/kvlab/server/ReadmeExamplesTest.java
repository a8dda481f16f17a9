package org.kvlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Java block of the README compiles as pasted, against the modules a user depends on. */
final class ReadmeExamplesTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @TempDir
    Path dir;

    @Test
    void everyJavaBlock_isAWholeClassThatCompiles() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher block = JAVA_BLOCK.matcher(readme);
        List<String> sources = new ArrayList<>();
        while (block.find()) {
            Matcher name = CLASS_NAME.matcher(block.group(1));
            assertTrue(name.find(), "a Java block of the README is not a whole class:\n" + block.group(1));
            Path source = dir.resolve(name.group(1) + ".java");
            Files.writeString(source, block.group(1));
            sources.add(source.toString());
        }
        assertFalse(sources.isEmpty(), "the README has Java blocks");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        List<String> arguments = new ArrayList<>(List.of("-d", dir.toString(), "-classpath",
                System.getProperty("java.class.path")));
        arguments.addAll(sources);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, arguments.toArray(new String[0]));
        assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));
    }
}
