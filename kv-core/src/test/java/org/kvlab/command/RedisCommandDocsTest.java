package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.server.ServerSettings;

/**
 * COMMAND INFO and COMMAND DOCS serve Redis's metadata for kvlab's commands, and kvlab's command table agrees with
 * it: the arity, flags and key positions Redis advertises are the ones kvlab dispatches by. The differences, all
 * known: {@code no_async_loading} is not modelled (kvlab loads a snapshot before it serves); the CLIENT and CONFIG
 * containers carry the flags kvlab's dispatcher checks, where Redis puts them on each subcommand.
 */
final class RedisCommandDocsTest {

    private static final Pattern INFO_HEAD =
            Pattern.compile("^\\*1\r\n\\*10\r\n\\$\\d+\r\n[^\r]+\r\n:(-?\\d+)\r\n\\*(\\d+)\r\n");

    private final Wire wire = new Wire(new ServerSettings());
    private final Wire.Client c = wire.connect();
    private final CommandExecutor executor = new CommandExecutor(wire.store, new NoServer());

    @AfterEach
    void close() {
        wire.close();
    }

    @Test
    void everyCommandAndSubcommand_isDocumentedByRedis() {
        List<String> undocumented = new ArrayList<>();
        for (Command command : executor.table().all()) {
            if (!RedisCommandDocs.has(command.name)) {
                undocumented.add(command.name);
            }
            if (command.subcommands != null) {
                for (Command.Subcommand sub : command.subcommands) {
                    if (!RedisCommandDocs.has(command.name + "|" + sub.name())) {
                        undocumented.add(command.name + "|" + sub.name());
                    }
                }
            }
        }
        assertEquals(List.of("client|setinfo"), undocumented, "only CLIENT SETINFO, of Redis 7.2, is not in 7.0");
    }

    @Test
    void arityFlagsAndKeys_areRedisOnes() {
        List<String> differences = new ArrayList<>();
        for (Command command : executor.table().all()) {
            String info = c.call("COMMAND", "INFO", command.name);
            Matcher m = INFO_HEAD.matcher(info);
            assertTrue(m.find(), info);
            int arity = Integer.parseInt(m.group(1));
            TreeSet<String> flags = new TreeSet<>();
            int at = m.end();
            for (int i = 0; i < Integer.parseInt(m.group(2)); i++) {
                int end = info.indexOf("\r\n", at);
                flags.add(info.substring(at + 1, end));
                at = end + 2;
            }
            String[] keys = info.substring(at).split("\r\n", 4);
            String kvlab = command.arity + " " + new TreeSet<>(command.flagNames()) + " " + command.firstKey + " "
                    + command.lastKey + " " + command.step;
            flags.remove("no_async_loading");
            String redis = arity + " " + flags + " " + keys[0].substring(1) + " " + keys[1].substring(1) + " "
                    + keys[2].substring(1);
            if (!kvlab.equals(redis)) {
                differences.add(command.name + ": kvlab " + kvlab + ", redis " + redis);
            }
        }
        assertEquals(List.of(
                "client: kvlab -2 [loading, noscript, stale] 0 0 0, redis -2 [] 0 0 0",
                "config: kvlab -2 [admin, loading, noscript, stale] 0 0 0, redis -2 [] 0 0 0"), differences);
    }
}
