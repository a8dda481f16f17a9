package org.kvlab.testsuite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK of Java 21 or newer on this machine, for tests that need one while the build runs on Java 17
 * (transport-virtual's tests, kv-bench's virtual-threads experiment), looking in this order:
 * <ol>
 *   <li>the system property {@value #PROPERTY} ({@code ./mvnw -Dkvlab.test.java=...}): a JDK's home or its
 *       {@code bin/java}; naming anything else is an error, not a reason to skip;</li>
 *   <li>the JDK {@code JAVA_HOME} names, if it is 21+;</li>
 *   <li>the newest 21+ JDK under {@value #JVM_DIR}.</li>
 * </ol>
 * A JDK's version is read from its {@code release} file ({@code JAVA_VERSION="25.0.3"}), without running it.
 *
 * @param java the JDK's {@code bin/java}
 * @param feature its feature version, e.g. 25
 * @param via where it was found, for the log
 */
public record NewerJdk(Path java, int feature, String via) {

    /** The system property that names the JDK to run the tests on. */
    public static final String PROPERTY = "kvlab.test.java";

    /** Where Debian and Ubuntu install JDKs (Temurin's packages too). */
    public static final String JVM_DIR = "/usr/lib/jvm";

    private static final int MIN_FEATURE = 21;
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(?:1\\.)?(\\d+)", Pattern.MULTILINE);

    /** Looks where the class comment says, with this JVM's property, environment and {@value #JVM_DIR}. */
    public static Optional<NewerJdk> find() {
        return find(System.getProperty(PROPERTY), System.getenv("JAVA_HOME"), Path.of(JVM_DIR));
    }

    /**
     * Looks where the class comment says.
     *
     * @param property the value of {@value #PROPERTY}, or {@code null}
     * @param javaHome the value of {@code JAVA_HOME}, or {@code null}
     * @param jvmDir the directory of installed JDKs
     * @throws IllegalStateException if {@code property} names no JDK 21+
     */
    public static Optional<NewerJdk> find(String property, String javaHome, Path jvmDir) {
        if (property != null && !property.isBlank()) {
            Path named = Path.of(property.trim());
            Path home = Files.isDirectory(named) ? named : named.toAbsolutePath().getParent().getParent();
            int feature = feature(home);
            if (feature < MIN_FEATURE || !Files.isExecutable(home.resolve("bin/java"))) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + property + " is not a JDK 21+ (its release "
                        + "file says " + (feature == 0 ? "nothing" : "Java " + feature) + ")");
            }
            return Optional.of(new NewerJdk(home.resolve("bin/java"), feature, "-D" + PROPERTY));
        }
        if (javaHome != null && !javaHome.isBlank()) {
            Path home = Path.of(javaHome);
            int feature = feature(home);
            if (feature >= MIN_FEATURE && Files.isExecutable(home.resolve("bin/java"))) {
                return Optional.of(new NewerJdk(home.resolve("bin/java"), feature, "JAVA_HOME"));
            }
        }
        List<NewerJdk> installed = new ArrayList<>();
        if (Files.isDirectory(jvmDir)) {
            try (Stream<Path> homes = Files.list(jvmDir)) {
                homes.sorted().forEach(home -> {
                    int feature = feature(home);
                    if (feature >= MIN_FEATURE && Files.isExecutable(home.resolve("bin/java"))) {
                        installed.add(new NewerJdk(home.resolve("bin/java"), feature, jvmDir.toString()));
                    }
                });
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return installed.stream().max(Comparator.comparingInt(NewerJdk::feature));
    }

    /** Says where {@link #find()} looked, for the reason a skipped test gives. */
    public static String searched() {
        return "looked at -D" + PROPERTY + ", JAVA_HOME (" + System.getenv("JAVA_HOME") + ") and the release files "
                + "under " + JVM_DIR;
    }

    /** Returns the feature version {@code home}'s release file states, 0 if it has none. */
    private static int feature(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
