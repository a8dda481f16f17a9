package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.server.ServerSettings;
import org.kvlab.store.FsyncPolicy;
import org.kvlab.store.KvStore;

/** MEMORY, DEBUG and CONFIG SET appendfsync against the store behind them; the replies' forms are Redis's (kv-compat). */
final class OperatorCommandsTest {

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    @Test
    void memoryUsage_isTheStoresOwnEstimate_whateverTheSamples() {
        c.call("SET", "k", "value");
        String usage = integer(wire.store.memoryUsage("k".getBytes()));
        assertEquals(usage, c.call("MEMORY", "USAGE", "k"));
        assertEquals(usage, c.call("MEMORY", "USAGE", "k", "SAMPLES", "0"));
        assertEquals(usage, c.call("MEMORY", "usage", "k", "samples", "1"));
    }

    @Test
    void memoryStats_countsTheKeysAndTheirOverheadFromTheStore() {
        c.call("SET", "a", "1");
        c.call("SET", "b", "2");
        String stats = c.call("MEMORY", "STATS");
        assertTrue(stats.contains("$10\r\nkeys.count\r\n:2\r\n"), stats);
        assertTrue(stats.contains("$23\r\noverhead.hashtable.main\r\n:" + 2 * wire.store.entryOverhead() + "\r\n"),
                stats);
        long dataset = wire.store.usedMemory() - 2 * wire.store.entryOverhead();
        assertTrue(stats.contains("$13\r\ndataset.bytes\r\n:" + dataset + "\r\n"), stats);
    }

    @Test
    void debugJmap_printsTheJvmsHeapSummary() {
        String heap = c.call("DEBUG", "JMAP");
        assertTrue(heap.startsWith("$"), heap);
        assertTrue(heap.toLowerCase().contains("heap"), heap);
    }

    @Test
    void debugHelp_listsOnlyWhatKvlabHas() {
        String help = c.call("DEBUG", "HELP");
        assertTrue(help.contains("+OBJECT <key>\r\n") && help.contains("+JMAP\r\n"), help);
        assertTrue(!help.contains("SEGFAULT"), help);
    }

    @Test
    void debugReload_withADataDirectory_reloadsEverything_andRefusesRedisOptions(@TempDir Path dir) {
        KvStore store = KvStore.builder().dataDirectory(dir).clock(wire.clock).build();
        try (Wire durable = new Wire(store, new ServerSettings())) {
            Wire.Client d = durable.connect();
            d.call("SET", "a", "1");
            d.call("HSET", "h", "f", "v");
            assertEquals(OK, d.call("DEBUG", "RELOAD"));
            assertEquals(bulk("1"), d.call("GET", "a"));
            assertEquals(bulk("v"), d.call("HGET", "h", "f"));
            assertEquals(error("ERR DEBUG RELOAD options are not supported by kvlab: it reloads what it saves"),
                    d.call("DEBUG", "RELOAD", "NOSAVE"));
        }
    }

    @Test
    void debugReload_withoutADataDirectory_keepsTheData() {
        c.call("SET", "a", "1");
        assertEquals(OK, c.call("DEBUG", "RELOAD"));
        assertEquals(bulk("1"), c.call("GET", "a"));
    }

    @Test
    void configSetAppendfsync_switchesTheStoresLog(@TempDir Path dir) {
        KvStore store = KvStore.builder().dataDirectory(dir).clock(wire.clock).fsync(FsyncPolicy.EVERYSEC).build();
        try (Wire durable = new Wire(store, new ServerSettings().durability(true, "everysec"))) {
            Wire.Client d = durable.connect();
            assertEquals(OK, d.call("CONFIG", "SET", "appendfsync", "always"));
            assertEquals(FsyncPolicy.ALWAYS, store.fsyncPolicy());
            assertEquals("*2\r\n$11\r\nappendfsync\r\n$6\r\nalways\r\n", d.call("CONFIG", "GET", "appendfsync"));
            assertEquals(OK, d.call("CONFIG", "SET", "appendfsync", "no"));
            assertEquals(FsyncPolicy.NO, store.fsyncPolicy());
            assertEquals(error("ERR CONFIG SET failed (possibly related to argument 'appendonly') - can't set "
                    + "immutable config"), d.call("CONFIG", "SET", "appendonly", "no"));
        }
    }
}
