package org.kvlab.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.spi.Transports;

/** Which transports kv-server can run where kv-bench starts it, and which java that is. */
final class ServerTransportsTest {

    private static final String JAVA_17_SERVER = "WARNING: A restricted method in java.lang.System has been called\n"
            + "epoll available\niouring unavailable: io_uring_setup failed\nnio available\n"
            + "virtual unavailable: needs Java 21+, running 17.0.15\nblocking available\n";

    @Test
    void parse_listingWithJvmWarnings_availableInPriorityOrder() throws IOException {
        ServerTransports server = ServerTransports.parse(JAVA_17_SERVER, "on /jdk17/bin/java");

        assertEquals(List.of("epoll", "nio", "blocking"), server.available());
        assertEquals("needs Java 21+, running 17.0.15", server.unavailabilityReason("virtual"));
        assertEquals("epoll", server.select(null));
        assertEquals("nio", server.select(" NIO "));
    }

    @Test
    void select_aTransportTheServersJavaCannotRun_failsNamingTheCauseAndWhatItCanRun() throws IOException {
        ServerTransports server = ServerTransports.parse(JAVA_17_SERVER, "on /jdk17/bin/java");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server.select("virtual"));

        assertEquals("transport 'virtual' is not available on /jdk17/bin/java: needs Java 21+, running 17.0.15; "
                + "available: epoll, nio, blocking", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> server.select("carrier-pigeon")).getMessage()
                .startsWith("unknown transport 'carrier-pigeon'; available: epoll, nio, blocking"));
    }

    @Test
    void parse_noTransportListed_failsWithWhatItGot() {
        IOException e = assertThrows(IOException.class,
                () -> ServerTransports.parse("Error: Unable to access jarfile x.jar\n", "on /jdk/bin/java"));

        assertTrue(e.getMessage().contains("Unable to access jarfile x.jar"), e.getMessage());
    }

    @Test
    void here_agreesWithTransportsOfThisJvm() {
        List<String> expected = Transports.available().stream().map(p -> p.name()).toList();

        assertEquals(expected, ServerTransports.here().available());
    }

    @Test
    void ask_theServerOnThisJvmsJava_listsWhatTransportsHereList() throws IOException {
        ServerTransports asked = ServerTransports.ask("this JVM's java", List.of(ServerLauncher.javaExecutable(),
                "-cp", System.getProperty("java.class.path"), "org.kvlab.server.cli.KvServerMain"));

        assertEquals(ServerTransports.here().available(), asked.available());
    }

    @Test
    void java_aJdkHomeOrItsExecutable_resolvesToItsJava(@TempDir Path jdk) throws IOException {
        Path java = Files.writeString(Files.createDirectories(jdk.resolve("bin")).resolve("java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertEquals(java.toString(), ServerLauncher.java(jdk));
        assertEquals(java.toString(), ServerLauncher.java(java));
        assertEquals(ServerLauncher.javaExecutable(), ServerLauncher.java(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerLauncher.java(jdk.resolve("nothing")));
        assertTrue(e.getMessage().startsWith("server-java: " + jdk.resolve("nothing") + " (expected: a java "
                + "executable or a JDK's home"), e.getMessage());
    }
}
