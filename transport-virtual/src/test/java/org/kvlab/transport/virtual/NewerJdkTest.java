package org.kvlab.transport.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.testsuite.NewerJdk;

/** How {@link NewerJdk} decides which JDK, if any, runs the virtual transport's tests: over fake JDK homes. */
final class NewerJdkTest {

    @TempDir
    Path jvm;

    @Test
    void find_nothingNamed_takesTheNewestInstalledJdkOfJava21OrLater() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("java-21-openjdk-amd64", "21.0.5");
        Path newest = jdk("temurin-25-jdk-amd64", "25.0.3");
        jdk("java-8-openjdk-amd64", "1.8.0_392");

        NewerJdk found = NewerJdk.find(null, null, jvm).orElseThrow();

        assertEquals(newest.resolve("bin/java"), found.java());
        assertEquals(25, found.feature());
    }

    @Test
    void find_javaHomeOfJava21_winsOverTheInstalledOnes() throws IOException {
        Path home = jdk("java-21-openjdk-amd64", "21");
        jdk("temurin-25-jdk-amd64", "25.0.3");

        NewerJdk found = NewerJdk.find(" ", home.toString(), jvm).orElseThrow();

        assertEquals(home.resolve("bin/java"), found.java());
        assertEquals("JAVA_HOME", found.via());
    }

    @Test
    void find_javaHomeOfJava17_isPassedOverForAnInstalledOne() throws IOException {
        Path old = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-25-jdk-amd64", "25.0.3");

        assertEquals(25, NewerJdk.find(null, old.toString(), jvm).orElseThrow().feature());
    }

    @Test
    void find_onlyOlderJdksOrNoReleaseFile_findsNone() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15");
        Files.createDirectories(jvm.resolve("no-release/bin"));

        assertEquals(Optional.empty(), NewerJdk.find(null, null, jvm));
        assertEquals(Optional.empty(), NewerJdk.find(null, null, jvm.resolve("absent")));
    }

    @Test
    void find_propertyNamingAJavaExecutable_usesItsJdk() throws IOException {
        Path home = jdk("java-21-openjdk-amd64", "21.0.5");
        jdk("temurin-25-jdk-amd64", "25.0.3");

        NewerJdk found = NewerJdk.find(home.resolve("bin/java").toString(), null, jvm).orElseThrow();

        assertEquals(21, found.feature());
        assertEquals("-Dkvlab.test.java", found.via());
    }

    @Test
    void find_propertyNamingJava17_isAnErrorNotASkip() throws IOException {
        Path old = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-25-jdk-amd64", "25.0.3");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NewerJdk.find(old.toString(), null, jvm));
        assertTrue(e.getMessage().endsWith("is not a JDK 21+ (its release file says Java 17)"), e.getMessage());
    }

    /** Makes a fake JDK home under {@link #jvm}: a release file and an executable bin/java. */
    private Path jdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(jvm.resolve(name).resolve("bin"));
        Files.writeString(home.getParent().resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version
                + "\"\nOS_NAME=\"Linux\"\n");
        Path java = Files.writeString(home.resolve("java"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home.getParent();
    }
}
