package org.kvlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlab.server.ConfigFile;
import org.kvlab.server.ConfigFileException;

/**
 * A configuration file's replication directives are settings, checked as {@code CONFIG SET} checks them, but for
 * {@code replicaof} (or {@code slaveof}), which is the option {@code --replicaof}.
 */
final class ConfigDirectivesTest {

    private static ConfigFile.Directive directive(String name, String... args) {
        return new ConfigFile.Directive(name, List.of(args), Path.of("kvlab.conf"), 1,
                name + " " + String.join(" ", args));
    }

    @Test
    void replicationDirectives_areSettings() throws Exception {
        List<ConfigFile.Directive> settings = new ArrayList<>();
        List<ConfigFile.Directive> directives = List.of(directive("repl-backlog-size", "2mb"),
                directive("masterauth", "pw"), directive("replica-read-only", "no"),
                directive("min-slaves-to-write", "1"), directive("min-replicas-max-lag", "5"));
        assertEquals(List.of(), ConfigDirectives.arguments(directives, settings));
        assertEquals(directives, settings);
    }

    @Test
    void replicationDirective_withABadValue_isRefused() {
        assertThrows(ConfigFileException.class, () -> ConfigDirectives.arguments(
                List.of(directive("replica-read-only", "maybe")), new ArrayList<>()));
    }

    @Test
    void replicaof_andSlaveof_areTheReplicaofOption() throws Exception {
        List<ConfigFile.Directive> settings = new ArrayList<>();
        assertEquals(List.of("--replicaof", "10.0.0.1", "6380", "--replicaof", "no", "one"),
                ConfigDirectives.arguments(List.of(directive("slaveof", "10.0.0.1", "6380"),
                        directive("replicaof", "no", "one")), settings));
        assertEquals(List.of(), settings);
        assertEquals(List.of("--replicaof", "10.0.0.1 6380"),
                KvServerMain.joinReplicaOf(List.of("--replicaof", "10.0.0.1", "6380")));
        assertEquals(List.of("--slaveof", "10.0.0.1 6380", "--port", "0"),
                KvServerMain.joinReplicaOf(List.of("--slaveof", "10.0.0.1 6380", "--port", "0")));
    }

    @Test
    void replicaof_withABadPortOrArity_isRefusedWithRedisReason() {
        ConfigFileException port = assertThrows(ConfigFileException.class, () -> ConfigDirectives.arguments(
                List.of(directive("replicaof", "10.0.0.1", "http")), new ArrayList<>()));
        assertTrue(port.getMessage().contains("Invalid master port"), port.getMessage());
        ConfigFileException arity = assertThrows(ConfigFileException.class, () -> ConfigDirectives.arguments(
                List.of(directive("replicaof", "10.0.0.1")), new ArrayList<>()));
        assertTrue(arity.getMessage().contains("wrong number of arguments"), arity.getMessage());
    }
}
