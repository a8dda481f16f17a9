package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.SYNTAX;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.bulks;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.server.ServerSettings;
import org.kvlab.store.KvStore;

final class ServerCommandsTest {

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    private static long field(String info, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":(\\d+)\r\n").matcher(info);
        assertTrue(m.find(), name + " in " + info);
        return Long.parseLong(m.group(1));
    }

    @Test
    void info_hasRedisSectionsAndTransportSection() {
        String info = c.call("INFO");
        for (String section : new String[] {"# Server", "# Clients", "# Memory", "# Persistence", "# Stats",
            "# Keyspace", "# Transport"}) {
            assertTrue(info.contains(section + "\r\n"), section);
        }
        assertTrue(info.contains("redis_version:7.0.0\r\n"));
        assertTrue(info.contains("transport:none\r\n"));
        assertEquals(0, field(info, "io_reads"));
        assertEquals(1, field(info, "connected_clients"));
        assertEquals(10000, field(info, "maxclients"));
    }

    @Test
    void info_section_showsOnlyThatSection() {
        String info = c.call("INFO", "clients");
        assertTrue(info.contains("# Clients\r\nconnected_clients:1\r\n"), info);
        assertFalse(info.contains("# Server"));
        assertFalse(c.call("info", "TRANSPORT").contains("# Clients"));
    }

    @Test
    void info_countsCommandsExactly() {
        long before = field(c.call("INFO", "stats"), "total_commands_processed");
        c.call("SET", "a", "1");
        c.call("GET", "a");
        c.call("NOSUCH");
        c.call("GET");
        // as in Redis, a command counts once it has run: the INFO running is not in its own figure, the one before is
        assertEquals(before + 3, field(c.call("INFO", "stats"), "total_commands_processed"));
        assertEquals(before + 4, wire.server.totalCommandsProcessed());
    }

    @Test
    void info_memory_countsTheJvmsGcPauses() {
        String before = c.call("INFO", "memory");
        System.gc(); // stops the world under every collector
        String after = c.call("INFO", "memory");
        assertTrue(field(after, "jvm_gc_pauses") > field(before, "jvm_gc_pauses"), before + after);
        assertTrue(field(after, "jvm_gc_pause_ms") >= field(before, "jvm_gc_pause_ms"), before + after);
    }

    @Test
    void info_keyspace_listsNonEmptyDatabases() {
        c.call("MSET", "a", "1", "b", "2");
        c.call("EXPIRE", "a", "100");
        c.call("SELECT", "3");
        c.call("SET", "c", "3");
        String info = c.call("INFO", "keyspace");
        assertTrue(info.contains("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n"),
                info);
    }

    @Test
    void info_inResp3_isVerbatim() {
        c.call("HELLO", "3");
        assertTrue(c.call("INFO", "server").startsWith("="));
    }

    @Test
    void configGet_matchesGlobs() {
        assertEquals(bulks("maxclients", "10000"), c.call("CONFIG", "GET", "maxclients"));
        assertEquals(bulks("save", ""), c.call("CONFIG", "GET", "save"));
        assertEquals(bulks("appendonly", "no"), c.call("CONFIG", "GET", "appendonly"));
        assertEquals(bulks("databases", "16"), c.call("CONFIG", "GET", "databases"));
        String all = c.call("CONFIG", "GET", "*");
        assertTrue(all.contains(bulk("proto-max-bulk-len") + bulk("536870912")), all);
        assertTrue(all.contains(bulk("bind") + bulk("127.0.0.1")), all);
        String two = c.call("CONFIG", "GET", "MAX*", "timeout");
        assertEquals(bulks("maxclients", "10000", "maxmemory", "0", "maxmemory-policy", "noeviction",
                "maxmemory-samples", "5", "timeout", "0"), two);
        assertEquals("*0\r\n", c.call("CONFIG", "GET", "nothing"));
    }

    @Test
    void configSet_changesSettings() {
        assertEquals(OK, c.call("CONFIG", "SET", "maxclients", "50", "timeout", "30"));
        assertEquals(50, wire.settings.maxClients());
        assertEquals(bulks("timeout", "30"), c.call("CONFIG", "GET", "timeout"));
        assertEquals(OK, c.call("CONFIG", "SET", "proto-max-bulk-len", "2mb"));
        assertEquals(2 * 1024 * 1024, wire.settings.protoMaxBulkLen());
        assertEquals(OK, c.call("CONFIG", "SET", "save", ""));
    }

    @Test
    void configSet_badInput_isRejected() {
        assertEquals(error("ERR Unknown option or number of arguments for CONFIG SET - 'nope'"),
                c.call("CONFIG", "SET", "nope", "1"));
        assertEquals(error("ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't"
                + " be parsed into an integer"), c.call("CONFIG", "SET", "maxclients", "many"));
        assertEquals(error("ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable"
                + " config"), c.call("CONFIG", "SET", "port", "1"));
        assertEquals(error("ERR wrong number of arguments for 'config|set' command"),
                c.call("CONFIG", "SET", "timeout"));
        assertEquals(error("ERR unknown subcommand 'foo'. Try CONFIG HELP."), c.call("CONFIG", "foo"));
        assertEquals(10000, wire.settings.maxClients());
    }

    @Test
    void configResetstat_zeroesCounters() {
        c.call("SET", "a", "1");
        assertEquals(OK, c.call("CONFIG", "RESETSTAT"));
        assertEquals(1, field(c.call("INFO", "stats"), "total_commands_processed"));
        assertEquals(0, field(c.call("INFO", "stats"), "total_connections_received"));
    }

    @Test
    void command_countInfoAndDocs() {
        long count = Long.parseLong(c.call("COMMAND", "COUNT").replaceAll("[^0-9]", ""));
        assertTrue(count >= 55, "count " + count);
        assertTrue(c.call("COMMAND").startsWith("*" + count + "\r\n"));
        String info = c.call("COMMAND", "INFO", "get", "nosuch");
        assertTrue(info.startsWith("*2\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"),
                info);
        assertTrue(info.endsWith("$-1\r\n"), info);
        String mset = c.call("COMMAND", "INFO", "MSET");
        assertTrue(mset.contains("$4\r\nmset\r\n:-3\r\n") && mset.contains(":1\r\n:-1\r\n:2\r\n"), mset);
        String docs = c.call("COMMAND", "DOCS", "set");
        assertTrue(docs.startsWith("*2\r\n$3\r\nset\r\n*12\r\n$7\r\nsummary\r\n"), docs);
        assertTrue(docs.contains(bulk("arguments") + "*5\r\n"), docs);
        assertTrue(docs.contains(bulk("name") + bulk("key") + bulk("type") + bulk("key")), docs);
        assertTrue(c.call("COMMAND", "INFO", "CONFIG|get")
                .startsWith("*1\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n"));
        assertEquals("*2\r\n$-1\r\n$-1\r\n", c.call("COMMAND", "INFO", "get|x", "config|nosuch"));
        assertTrue(docs.contains(bulk("group") + bulk("string")), docs);
        assertTrue(c.call("COMMAND", "DOCS", "client").contains(bulk("client|setname")));
        assertEquals(error("ERR unknown subcommand 'foo'. Try COMMAND HELP."), c.call("COMMAND", "foo"));
    }

    @Test
    void commandGetkeys_findsKeysByRedisKeySpecs() {
        assertEquals(bulks("a", "c"), c.call("COMMAND", "GETKEYS", "MSET", "a", "1", "c", "2"));
        assertEquals(bulks("k", "d2"),
                c.call("COMMAND", "GETKEYS", "sort", "k", "LIMIT", "0", "1", "STORE", "d1", "store", "d2"));
        assertEquals(bulks("d", "a", "b"), c.call("COMMAND", "GETKEYS", "ZUNIONSTORE", "d", "2", "a", "b"));
        assertEquals(bulks("k"), c.call("COMMAND", "GETKEYS", "OBJECT", "ENCODING", "k"));
        assertEquals("*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+OW\r\n+update\r\n",
                c.call("COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v"));
        assertEquals(error("ERR Invalid arguments specified for command"),
                c.call("COMMAND", "GETKEYS", "ZUNIONSTORE", "d", "3", "a", "b"));
        assertEquals(error("ERR Invalid number of arguments specified for command"),
                c.call("COMMAND", "GETKEYS", "GET", "a", "b"));
        assertEquals(error("ERR The command has no key arguments"), c.call("COMMAND", "GETKEYS", "PING", "x"));
        assertEquals(error("ERR Invalid command specified"), c.call("COMMAND", "GETKEYS", "NOSUCH", "k"));
        assertEquals(error("ERR wrong number of arguments for 'command|getkeys' command"),
                c.call("COMMAND", "GETKEYS", "GET"));
    }

    @Test
    void flushdb_andFlushall_clearKeys() {
        c.call("SET", "a", "1");
        c.call("SELECT", "1");
        c.call("SET", "b", "1");
        assertEquals(OK, c.call("FLUSHDB", "ASYNC"));
        assertEquals(integer(0), c.call("DBSIZE"));
        c.call("SELECT", "0");
        assertEquals(integer(1), c.call("DBSIZE"));
        c.call("SELECT", "1");
        c.call("SET", "b", "1");
        assertEquals(OK, c.call("FLUSHALL", "SYNC"));
        assertEquals(integer(0), c.call("DBSIZE"));
        c.call("SELECT", "0");
        assertEquals(NIL, c.call("GET", "a"));
        assertEquals(SYNTAX, c.call("FLUSHALL", "LATER"));
        assertEquals(OK, c.call("FLUSHALL"));
    }

    @Test
    void time_repliesSecondsAndMicroseconds() {
        wire.clock.advance(1234);
        assertEquals(bulks(Long.toString(Wire.START / 1000 + 1), "234000"), c.call("TIME"));
    }

    @Test
    void save_andBgsave_withoutDataDirectory_explainWhy() {
        String save = c.call("SAVE");
        assertTrue(save.startsWith("-ERR no data directory configured"), save);
        assertTrue(c.call("BGSAVE").startsWith("-ERR no data directory configured"));
        assertEquals(SYNTAX, c.call("BGSAVE", "NOW"));
    }

    @Test
    void save_andLastsave_withDataDirectory(@TempDir Path dir) {
        KvStore store = KvStore.builder().dataDirectory(dir).clock(wire.clock).build();
        try (Wire durable = new Wire(store, new ServerSettings())) {
            Wire.Client d = durable.connect();
            d.call("SET", "a", "1");
            assertEquals(OK, d.call("SAVE"));
            assertEquals(integer(store.lastSave().getEpochSecond()), d.call("LASTSAVE"));
            assertEquals("+Background saving started\r\n", d.call("BGSAVE"));
        }
    }

    @Test
    void infoPersistence_countsChangesSinceTheLastSaveAndReportsStatusesAsRedisNamesThem(@TempDir Path dir) {
        KvStore store = KvStore.builder().dataDirectory(dir).clock(wire.clock).build();
        try (Wire durable = new Wire(store, new ServerSettings())) {
            Wire.Client d = durable.connect();
            d.call("SET", "a", "1");
            d.call("SET", "b", "2");
            d.call("DEL", "a");
            String info = d.call("INFO", "persistence");
            assertEquals(3, field(info, "rdb_changes_since_last_save"), info);
            assertEquals(0, field(info, "loading"));
            assertEquals(0, field(info, "aof_rewrite_in_progress"));
            for (String status : new String[] {"rdb_last_bgsave_status", "aof_last_bgrewrite_status",
                "aof_last_write_status"}) {
                assertTrue(info.contains(status + ":ok\r\n"), info);
            }
            assertEquals(OK, d.call("SAVE"));
            assertEquals(0, field(d.call("INFO", "persistence"), "rdb_changes_since_last_save"));
        }
    }

    @Test
    void shutdown_closesTheClientWithoutReplyAndRunsTheShutdownAction() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        try (Wire w = new Wire(KvStore.inMemory(), new ServerSettings(), stopped::countDown)) {
            Wire.Client x = w.connect();
            assertEquals(SYNTAX, x.call("SHUTDOWN", "LATER"));
            assertEquals(error("ERR No shutdown in progress."), x.call("SHUTDOWN", "ABORT"));
            assertFalse(x.isClosed());
            assertEquals(error("ERR Errors trying to SHUTDOWN. Check logs."), x.call("SHUTDOWN", "SAVE"));
            assertFalse(x.isClosed());
            assertEquals("", x.call("SHUTDOWN", "NOSAVE"));
            assertTrue(x.isClosed());
            assertTrue(stopped.await(30, TimeUnit.SECONDS));
        }
    }
}
