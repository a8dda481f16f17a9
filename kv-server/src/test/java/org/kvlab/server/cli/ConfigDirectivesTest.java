package org.kvlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlab.server.ConfigFile;
import org.kvlab.server.ConfigFileException;

/** A configuration file's replication directives are settings, checked as {@code CONFIG SET} checks them. */
final class ConfigDirectivesTest {

    private static ConfigFile.Directive directive(String name, String... args) {
        return new ConfigFile.Directive(name, List.of(args), Path.of("kvlab.conf"), 1,
                name + " " + String.join(" ", args));
    }

    @Test
    void replicationDirectives_areSettings() throws Exception {
        List<ConfigFile.Directive> settings = new ArrayList<>();
        List<ConfigFile.Directive> directives = List.of(directive("repl-backlog-size", "2mb"),
                directive("masterauth", "pw"), directive("replica-read-only", "no"));
        assertEquals(List.of(), ConfigDirectives.arguments(directives, settings));
        assertEquals(directives, settings);
    }

    @Test
    void replicationDirective_withABadValue_isRefused() {
        assertThrows(ConfigFileException.class, () -> ConfigDirectives.arguments(
                List.of(directive("replica-read-only", "maybe")), new ArrayList<>()));
    }
}
