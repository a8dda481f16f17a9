package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.array;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.server.ServerSettings;
import org.kvlab.store.KvStore;

/** MULTI, EXEC, DISCARD, WATCH, UNWATCH and SWAPDB, with Redis 7.0's replies (tests/unit/multi.tcl's cases). */
final class TransactionCommandsTest {

    private static final String QUEUED = "+QUEUED\r\n";
    private static final String NULL_ARRAY = "*-1\r\n";
    private static final String EXECABORT = error("EXECABORT Transaction discarded because of previous errors.");
    private static final String WRONGTYPE = error("WRONGTYPE Operation against a key holding the wrong kind of value");

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();
    private final Wire.Client other = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends MULTI, the commands (each replied QUEUED), and returns EXEC's reply. */
    private String transaction(String[]... commands) {
        assertEquals(OK, c.call("MULTI"));
        for (String[] command : commands) {
            assertEquals(QUEUED, c.call(command), String.join(" ", command));
        }
        return c.call("EXEC");
    }

    private static String[] cmd(String... args) {
        return args;
    }

    @Test
    void exec_repliesWithEachQueuedCommandsReply_runTimeErrorsInPlace() {
        c.call("RPUSH", "list", "a", "b", "c");
        assertEquals(array(array(bulk("a"), bulk("b"), bulk("c")), "+PONG\r\n", integer(1), WRONGTYPE, OK),
                transaction(cmd("LRANGE", "list", "0", "-1"), cmd("PING"), cmd("INCR", "n"),
                        cmd("LPUSH", "n", "x"), cmd("SET", "s", "v")));
        assertEquals(bulk("v"), c.call("GET", "s"));
    }

    @Test
    void emptyTransaction_repliesEmptyArray() {
        assertEquals("*0\r\n", transaction());
    }

    @Test
    void discard_dropsTheQueue() {
        c.call("SET", "k", "v");
        assertEquals(OK, c.call("MULTI"));
        assertEquals(QUEUED, c.call("DEL", "k"));
        assertEquals(OK, c.call("DISCARD"));
        assertEquals(bulk("v"), c.call("GET", "k"));
        assertEquals(error("ERR EXEC without MULTI"), c.call("EXEC"));
    }

    @Test
    void misuse_getsRedisErrors_withoutAbortingTheTransaction() {
        assertEquals(error("ERR EXEC without MULTI"), c.call("EXEC"));
        assertEquals(error("ERR DISCARD without MULTI"), c.call("DISCARD"));
        assertEquals(OK, c.call("MULTI"));
        assertEquals(error("ERR MULTI calls can not be nested"), c.call("MULTI"));
        assertEquals(error("ERR WATCH inside MULTI is not allowed"), c.call("WATCH", "x"));
        assertEquals(QUEUED, c.call("SET", "k", "v"));
        assertEquals(array(OK), c.call("EXEC"));
    }

    @Test
    void commandsRefusedWhileQueuing_abortExec_andNothingRuns() {
        assertEquals(OK, c.call("MULTI"));
        assertEquals(QUEUED, c.call("SET", "a", "1"));
        assertEquals(error("ERR unknown command 'NOPE', with args beginning with: 'x' "), c.call("NOPE", "x"));
        assertEquals(error("ERR wrong number of arguments for 'get' command"), c.call("GET"));
        assertEquals(error("ERR unknown subcommand 'foo'. Try CLIENT HELP."), c.call("client", "foo"));
        assertEquals(error("ERR wrong number of arguments for 'client|id' command"), c.call("CLIENT", "ID", "x"));
        assertEquals(error("ERR wrong number of arguments for 'config|get' command"), c.call("CONFIG", "GET"));
        assertEquals(error("ERR Command not allowed inside a transaction"), c.call("SAVE"));
        assertEquals(QUEUED, c.call("SET", "b", "2"));
        assertEquals(EXECABORT, c.call("EXEC"));
        assertEquals(integer(0), c.call("EXISTS", "a", "b"));
        assertEquals("+PONG\r\n", c.call("PING"), "the MULTI state is cleared");
    }

    @Test
    void execRefusedBeforeItRuns_abortsTheTransaction_namingWhy() {
        assertEquals(error("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"),
                c.call("EXEC", "x"));
        assertEquals(OK, c.call("MULTI"));
        assertEquals(QUEUED, c.call("SET", "a", "1"));
        assertEquals(error("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"),
                c.call("EXEC", "x"));
        assertEquals(error("ERR EXEC without MULTI"), c.call("EXEC"));
        assertEquals(NIL, c.call("GET", "a"));
        assertEquals(OK, c.call("MULTI"));
        assertEquals(error("ERR wrong number of arguments for 'discard' command"), c.call("DISCARD", "x"));
        assertEquals(error("ERR wrong number of arguments for 'multi' command"), c.call("MULTI", "x"));
        assertEquals(EXECABORT, c.call("EXEC"));
    }

    @Test
    void execUnauthenticated_isAnExecAbortNamingNoauth() {
        try (Wire locked = new Wire(new ServerSettings().requirePass("secret"))) {
            Wire.Client client = locked.connect();
            assertEquals(error("EXECABORT Transaction discarded because of: NOAUTH Authentication required."),
                    client.call("EXEC"));
            assertEquals(error("NOAUTH Authentication required."), client.call("MULTI"));
        }
    }

    @Test
    void quitAndReset_runAtOnce_resetEndsTheTransactionAndTheWatches() {
        c.call("SET", "w", "1");
        c.call("WATCH", "w");
        assertEquals(OK, c.call("MULTI"));
        assertEquals(QUEUED, c.call("SET", "k", "v"));
        assertEquals("+RESET\r\n", c.call("RESET"));
        assertEquals(error("ERR EXEC without MULTI"), c.call("EXEC"));
        other.call("SET", "w", "2");
        assertEquals(array(OK), transaction(cmd("SET", "k", "v")), "RESET unwatched w");
        assertEquals(OK, c.call("MULTI"));
        assertEquals(OK, c.call("QUIT"));
        assertTrue(c.isClosed());
    }

    @Test
    void watchedKeyModifiedByAnotherConnection_execRepliesNullArray_inBothProtocols() {
        c.call("SET", "x", "30");
        c.call("WATCH", "a", "b", "x", "k", "z");
        other.call("SET", "x", "40");
        assertEquals(NULL_ARRAY, transaction(cmd("SET", "x", "50")));
        assertEquals(bulk("40"), c.call("GET", "x"));
        c.call("HELLO", "3");
        c.call("WATCH", "x");
        other.call("INCR", "x");
        assertEquals("_\r\n", transaction(cmd("PING")));
    }

    @Test
    void watchedKeyModifiedByAnEmbeddedCaller_abortsExec() {
        c.call("WATCH", "x");
        wire.store.set(b("x"), b("embedded"));
        assertEquals(NULL_ARRAY, transaction(cmd("PING")));
    }

    @Test
    void watchedKeyUntouched_execRuns_andAfterExecNothingIsWatched() {
        c.call("SET", "x", "30");
        c.call("WATCH", "x");
        other.call("GET", "x");
        other.call("SET", "y", "1");
        assertEquals(array("+PONG\r\n"), transaction(cmd("PING")));
        other.call("SET", "x", "40");
        assertEquals(array("+PONG\r\n"), transaction(cmd("PING")));
    }

    @Test
    void failedExec_alsoUnwatches() {
        c.call("WATCH", "x");
        other.call("SET", "x", "1");
        assertEquals(NULL_ARRAY, transaction(cmd("PING")));
        other.call("SET", "x", "2");
        assertEquals(array("+PONG\r\n"), transaction(cmd("PING")));
    }

    @Test
    void ownWritesBeforeExec_touchTheWatch_butTheTransactionsOwnWritesDoNot() {
        c.call("WATCH", "x");
        c.call("SET", "x", "1");
        assertEquals(NULL_ARRAY, transaction(cmd("SET", "x", "2")));
        c.call("WATCH", "x");
        assertEquals(array(OK, OK), transaction(cmd("SET", "x", "3"), cmd("SET", "x", "4")));
    }

    @Test
    void unwatch_andDiscard_forgetTheTouchedWatch() {
        c.call("WATCH", "x");
        other.call("SET", "x", "10");
        assertEquals(OK, c.call("UNWATCH"));
        assertEquals(array(integer(11)), transaction(cmd("INCR", "x")));
        c.call("WATCH", "x");
        other.call("SET", "x", "10");
        c.call("MULTI");
        c.call("DISCARD");
        assertEquals(array(integer(11)), transaction(cmd("INCR", "x")));
        assertEquals(OK, c.call("UNWATCH"), "UNWATCH with nothing watched");
    }

    @Test
    void watch_remembersTheDatabaseOfTheKey() {
        c.call("SELECT", "5");
        c.call("SET", "x", "30");
        c.call("WATCH", "x");
        other.call("SELECT", "1");
        other.call("SET", "x", "10");
        assertEquals(array("+PONG\r\n"), transaction(cmd("PING")));
        c.call("WATCH", "x");
        other.call("SELECT", "5");
        other.call("SET", "x", "10");
        assertEquals(NULL_ARRAY, transaction(cmd("PING")));
    }

    /** Sets up {@code setup} on k, watches k, runs {@code byOther} on another connection; returns EXEC's reply. */
    private String afterOthersCommand(String[][] setup, String... byOther) {
        c.call("FLUSHALL");
        for (String[] command : setup) {
            c.call(command);
        }
        c.call("WATCH", "k");
        other.call(byOther);
        return transaction();
    }

    @Test
    void writesRedisCountsAsModifyingThoughNothingChanges_touchTheWatch() {
        String[][] list = {cmd("RPUSH", "k", "a", "b")};
        assertEquals(NULL_ARRAY, afterOthersCommand(list, "LTRIM", "k", "0", "-1"));
        assertEquals(NULL_ARRAY, afterOthersCommand(list, "LMOVE", "k", "k", "LEFT", "LEFT"));
        assertEquals(NULL_ARRAY, afterOthersCommand(new String[][] {cmd("RPUSH", "k", "a")}, "RPOPLPUSH", "k", "k"));
        String[][] expiring = {cmd("SET", "k", "v"), cmd("PEXPIREAT", "k", "4102444800000")};
        assertEquals(NULL_ARRAY, afterOthersCommand(expiring, "PEXPIREAT", "k", "4102444800000"));
        assertEquals(NULL_ARRAY, afterOthersCommand(expiring, "GETEX", "k", "PXAT", "4102444800000"));
        assertEquals(NULL_ARRAY, afterOthersCommand(new String[][] {cmd("HSET", "k", "f", "v")}, "HSET", "k", "f", "v"));
    }

    @Test
    void writesThatDoNothing_leaveTheWatchUntouched() {
        String[][] set = {cmd("SET", "k", "v")};
        assertEquals("*0\r\n", afterOthersCommand(set, "SETNX", "k", "w"));
        assertEquals("*0\r\n", afterOthersCommand(set, "PERSIST", "k"));
        assertEquals("*0\r\n", afterOthersCommand(set, "EXPIRE", "k", "100", "XX"));
        assertEquals("*0\r\n", afterOthersCommand(set, "RENAME", "k", "k"));
        assertEquals("*0\r\n", afterOthersCommand(new String[][] {cmd("RPUSH", "k", "a")}, "LREM", "k", "0", "z"));
        assertEquals("*0\r\n", afterOthersCommand(new String[][] {cmd("SADD", "k", "a")}, "SMOVE", "k", "k", "a"));
        assertEquals("*0\r\n", afterOthersCommand(new String[][] {cmd("ZADD", "k", "1", "m")}, "ZADD", "k", "XX", "1",
                "m"));
        assertEquals("*0\r\n", afterOthersCommand(new String[][] {cmd("ZADD", "k", "1", "m")}, "ZINCRBY", "k", "0",
                "m"));
        assertEquals("*0\r\n", afterOthersCommand(new String[0][], "LTRIM", "k", "0", "-1"));
    }

    @Test
    void watchedKeyTargetOfExpire_isTouched() {
        c.call("SET", "x", "foo");
        c.call("WATCH", "x");
        other.call("EXPIRE", "x", "10");
        assertEquals(NULL_ARRAY, transaction(cmd("PING")));
    }

    @Test
    void watchedKeyThatExpiresBeforeExec_abortsIt_removedOrNot() {
        c.call("SET", "x", "1", "PX", "100");
        c.call("WATCH", "x");
        wire.clock.advance(101);
        assertEquals(NULL_ARRAY, transaction(cmd("INCR", "x")));
        c.call("SET", "y", "1", "PX", "100");
        c.call("WATCH", "y");
        wire.clock.advance(101);
        other.call("GET", "y"); // removed lazily
        assertEquals(NULL_ARRAY, transaction(cmd("PING")));
    }

    @Test
    void keyAlreadyExpiredAtWatch_removedOrFlushed_doesNotAbortExec() {
        c.call("SET", "x", "foo", "PX", "1");
        wire.clock.advance(2);
        c.call("WATCH", "x");
        assertEquals(array("+PONG\r\n"), transaction(cmd("PING")));
        c.call("SET", "x", "foo", "PX", "1");
        wire.clock.advance(2);
        c.call("WATCH", "x");
        assertEquals(integer(0), other.call("EXISTS", "x"));
        assertEquals(array("+PONG\r\n"), transaction(cmd("PING")));
        c.call("SET", "x", "foo", "PX", "1");
        wire.clock.advance(2);
        c.call("WATCH", "x");
        other.call("FLUSHDB");
        assertEquals(array("+PONG\r\n"), transaction(cmd("PING")));
        c.call("SET", "x", "foo", "PX", "1");
        wire.clock.advance(2);
        c.call("WATCH", "x");
        other.call("SET", "x", "written");
        assertEquals(NULL_ARRAY, transaction(cmd("PING")), "writing the expired key is a change");
    }

    @Test
    void flush_touchesWatchedKeysThatExist_andOnlyThose() {
        c.call("SET", "x", "30");
        c.call("WATCH", "x");
        other.call("FLUSHALL");
        assertEquals(NULL_ARRAY, transaction(cmd("PING")));
        c.call("WATCH", "x");
        other.call("FLUSHALL");
        assertEquals(array("+PONG\r\n"), transaction(cmd("PING")));
        c.call("SET", "x", "30");
        c.call("WATCH", "x");
        other.call("FLUSHDB");
        assertEquals(NULL_ARRAY, transaction(cmd("PING")));
        c.call("WATCH", "x");
        other.call("FLUSHDB");
        assertEquals(array("+PONG\r\n"), transaction(cmd("PING")));
        c.call("SET", "x", "30");
        c.call("WATCH", "x");
        other.call("SELECT", "3");
        other.call("FLUSHDB");
        assertEquals(array("+PONG\r\n"), transaction(cmd("PING")), "another database was flushed");
    }

    @Test
    void swapdb_touchesWatchedKeysThatExistOnEitherSide() {
        c.call("SET", "x", "30");
        c.call("WATCH", "x");
        assertEquals(OK, other.call("SWAPDB", "0", "1"));
        assertEquals(NULL_ARRAY, transaction(cmd("PING")), "x left database 0");
        assertEquals(NIL, c.call("GET", "x"));
        c.call("WATCH", "x");
        other.call("SWAPDB", "0", "1");
        assertEquals(NULL_ARRAY, transaction(cmd("GET", "x")), "x came into database 0");
        c.call("WATCH", "nowhere");
        other.call("SWAPDB", "0", "1");
        assertEquals(array(NIL), transaction(cmd("GET", "x")), "absent on both sides");
    }

    @Test
    void swapdb_doesNotTouchExpiredKeysReplacedWithNothingOrWithExpiredKeys() {
        c.call("SELECT", "1");
        c.call("SET", "x", "foo", "PX", "1");
        other.call("SET", "y", "bar", "PX", "1");
        wire.clock.advance(2);
        c.call("WATCH", "x", "y");
        other.call("SWAPDB", "0", "1");
        assertEquals(array("+PONG\r\n"), transaction(cmd("PING")));
    }

    @Test
    void swapdb_errors_asRedis() {
        assertEquals(error("ERR invalid first DB index"), c.call("SWAPDB", "a", "1"));
        assertEquals(error("ERR invalid second DB index"), c.call("SWAPDB", "0", "b"));
        assertEquals(error("ERR invalid first DB index"), c.call("SWAPDB", "99999999999", "0"));
        assertEquals(error("ERR DB index is out of range"), c.call("SWAPDB", "0", "16"));
        assertEquals(error("ERR DB index is out of range"), c.call("SWAPDB", "-1", "0"));
        assertEquals(OK, c.call("SWAPDB", "3", "3"));
    }

    @Test
    void queue_isBoundedByTheQueryBufferLimit() {
        try (Wire small = new Wire(new ServerSettings().clientQueryBufferLimit(1024 * 1024))) {
            Wire.Client client = small.connect();
            String value = "v".repeat(100_000);
            assertEquals(OK, client.call("MULTI"));
            String reply = "";
            int queued = 0;
            while (!(reply = client.call("SET", "k" + queued, value)).startsWith("-")) {
                assertEquals(QUEUED, reply);
                queued++;
            }
            long perCommand = MultiState.bytes(new byte[][] {b("SET"), b("k0"), b(value)}, 3);
            assertEquals(1024 * 1024 / perCommand, queued);
            assertEquals(error("ERR queued commands and watched keys would take more than "
                    + "client-query-buffer-limit (1048576 bytes)"), reply);
            assertEquals(QUEUED, client.call("SET", "after", "x"), "queued no more, answered still");
            assertEquals(EXECABORT, client.call("EXEC"));
            assertEquals(integer(0), client.call("DBSIZE"));
        }
    }

    @Test
    void overMaxmemory_queuingIsRefused_andExecOfAWriteIsRefusedThenAborts() {
        long limit = 1024 * 1024;
        try (Wire full = new Wire(KvStore.builder().maxMemory(limit).build(), new ServerSettings())) {
            Wire.Client client = full.connect();
            String oom = error("OOM command not allowed when used memory > 'maxmemory'.");
            assertEquals(OK, client.call("MULTI"));
            assertEquals(QUEUED, client.call("RPUSH", "l", "x"));
            assertEquals(QUEUED, client.call("GET", "l"));
            String big = "v".repeat(64 * 1024);
            for (int i = 0; full.store.usedMemory() <= limit; i++) {
                full.store.lists().push(b("filler"), org.kvlab.api.ListEnd.RIGHT, b(big + i));
            }
            assertEquals(error("EXECABORT Transaction discarded because of: OOM command not allowed when used memory "
                    + "> 'maxmemory'."), client.call("EXEC"), "a queued RPUSH may grow memory");
            assertEquals(error("ERR EXEC without MULTI"), client.call("EXEC"));
            assertEquals(OK, client.call("MULTI"));
            assertEquals(oom, client.call("GET", "l"), "queuing anything over maxmemory is refused");
            assertEquals(EXECABORT, client.call("EXEC"));
            assertEquals(OK, client.call("MULTI"));
            assertEquals(OK, client.call("DISCARD"), "DISCARD is never refused");
            assertEquals(OK, client.call("MULTI"));
            assertEquals(array(), client.call("EXEC"), "nor an EXEC of nothing that may grow memory");
        }
    }

    @Test
    void replicasStoreOverMaxmemory_queuesAndExecutesWrites_unlessToldNotToIgnoreTheLimit() {
        long limit = 1024 * 1024;
        try (Wire full = new Wire(KvStore.builder().maxMemory(limit).build(), new ServerSettings())) {
            Wire.Client client = full.connect();
            full.store.replica(true);
            String big = "v".repeat(64 * 1024);
            for (int i = 0; full.store.usedMemory() <= limit; i++) {
                full.store.lists().push(b("filler"), org.kvlab.api.ListEnd.RIGHT, b(big + i));
            }
            assertEquals(OK, client.call("MULTI"));
            assertEquals(QUEUED, client.call("RPUSH", "l", "x"));
            assertEquals(array(integer(1)), client.call("EXEC"), "as Redis's replica: replica-ignore-maxmemory yes");

            assertEquals(OK, client.call("CONFIG", "SET", "replica-ignore-maxmemory", "no"));
            assertEquals(OK, client.call("MULTI"));
            assertEquals(error("OOM command not allowed when used memory > 'maxmemory'."),
                    client.call("RPUSH", "l", "y"));
            assertEquals(EXECABORT, client.call("EXEC"));
        }
    }

    @Test
    void clientList_showsTheQueueAndTheTouchedWatch() {
        assertTrue(c.call("CLIENT", "INFO").contains(" flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 "));
        c.call("WATCH", "x");
        other.call("SET", "x", "1");
        c.call("MULTI");
        c.call("SET", "a", "b");
        c.call("GET", "a");
        String info = other.call("CLIENT", "LIST", "ID", Long.toString(1));
        assertTrue(info.contains(" flags=xd db=0 sub=0 psub=0 ssub=0 multi=2 "), info);
    }
}
