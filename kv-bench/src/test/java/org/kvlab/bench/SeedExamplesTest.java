package org.kvlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The readings docs/profiling.md gives of the seed's own examples, where the seed's text slips, pinned by running
 * {@code kv-bench interpret} on the seed's example outputs.
 */
final class SeedExamplesTest {

    private static JsonNode interpret(String capture, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("interpret",
                Path.of(SeedExamplesTest.class.getResource("/perf/" + capture).toURI()).toString(), "--json"));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = KvBenchMain.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertEquals(0, status, err.toString());
        return new ObjectMapper().readTree(out.toString());
    }

    private static List<String> patterns(JsonNode run) {
        List<String> names = new ArrayList<>();
        run.get("findings").forEach(f -> names.add(f.get("pattern").asText()));
        return names;
    }

    @Test
    void seedServer_made202Reads203WritesIn74Point6Seconds_notThe37Reads3WritesAnd97SecondsItsTextSays()
            throws Exception {
        JsonNode server = interpret("seed-server.txt");

        assertEquals(202, server.get("syscalls").get("read").asLong());
        assertEquals(203, server.get("syscalls").get("write").asLong());
        assertEquals(2, server.get("syscalls").get("accept").asLong());
        assertEquals(74.616471946, server.get("elapsed_s").asDouble());
        assertEquals(List.of("Low syscall counts overall"), patterns(server));
        assertEquals("The server was mostly idle: 407 syscalls (sum of the 3 counted) in 74.6 s (5.5 per second); "
                + "connections: accept = 2.", server.get("conclusion").asText());
    }

    @Test
    void seedClient_acceptedNothing_notTheTwoConnectionAttemptsItsTextSays() throws Exception {
        JsonNode client = interpret("seed-client.txt", "--role", "client");

        assertEquals(0, client.get("syscalls").get("accept").asLong());
        assertEquals(List.of("write() ≫ read()"), patterns(client));
        assertTrue(client.get("findings").get(0).get("meaning").asText().startsWith("write = 402, read = 203: ratio "
                + "1.98 (about 2:1)"), client.toString());
        assertTrue(client.get("conclusion").asText().contains("605 syscalls (sum of the 3 counted) in 0.064 s "
                + "(9,410 per second)") && client.get("conclusion").asText().contains("connections: accept = 0 "
                + "(a client accepts no connections)"), client.get("conclusion").asText());
    }

    @Test
    void seedBusyServer_3700Reads300Writes_isReadMuchMoreThanWriteAndIdleOverTheSameWindow_notBusy()
            throws Exception {
        JsonNode server = interpret("seed-busy-server.txt");

        // 3,700 / 300 = 12.33 reads per write; 4,002 syscalls / 74.616 s = 53.6 per second
        assertEquals(List.of("read() ≫ write()", "Low syscall counts overall"), patterns(server));
        assertTrue(server.get("findings").get(0).get("meaning").asText().startsWith("read = 3,700, write = 300: "
                + "ratio 12.33 (≫ means at least 1.5x)"), server.toString());
        assertEquals("The server was mostly idle: 4,002 syscalls (sum of the 3 counted) in 74.6 s (53.6 per second); "
                + "connections: accept = 2.", server.get("conclusion").asText());
        assertFalse(server.get("conclusion").asText().contains("busy"));
    }
}
