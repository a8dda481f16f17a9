package org.kvlab.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.SYNTAX;
import static org.kvlab.command.Replies.array;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.bulks;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ListEnd;

/**
 * The blocking commands through the real connection handler: served at once when there is data, else blocked until
 * another client's write, a timeout or CLIENT UNBLOCK, in the order the clients blocked; the commands a blocked client
 * sent after it wait.
 */
final class BlockingCommandsTest {

    private static final String WRONGTYPE = error("WRONGTYPE Operation against a key holding the wrong kind of value");
    private static final String NULL_ARRAY = "*-1\r\n";
    private static final String RESP3_NULL = "_\r\n";

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();
    private final Wire.Client other = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    /** Returns whether CLIENT LIST shows {@code client} with the blocked flag. */
    private boolean blocked(Wire.Client client) {
        String list = other.call("CLIENT", "LIST", "ID", Long.toString(client.id()));
        return list.contains(" flags=b ");
    }

    private String blockedClients() {
        String info = other.call("INFO", "clients");
        int at = info.indexOf("blocked_clients:");
        return info.substring(at, info.indexOf('\r', at));
    }

    @Test
    void blpop_onANonEmptyList_popsAtOnceFromTheFirstNonEmptyKey() {
        c.call("RPUSH", "b", "x", "y");
        assertEquals(bulks("b", "x"), c.call("BLPOP", "a", "b", "0"));
        assertEquals(bulks("b", "y"), c.call("BRPOP", "a", "b", "0"));
        assertEquals(integer(0), c.call("EXISTS", "b"));
    }

    @Test
    void blpop_onEmptyKeys_blocksUntilAnotherClientPushes() {
        assertEquals("", c.call("BLPOP", "a", "b", "0"));
        assertTrue(blocked(c));
        assertEquals("blocked_clients:1", blockedClients());
        assertEquals(integer(2), other.call("RPUSH", "b", "x", "y"));
        assertEquals(bulks("b", "x"), c.awaitWake());
        assertEquals(bulks("y"), other.call("LRANGE", "b", "0", "-1"));
        assertEquals("blocked_clients:0", blockedClients());
        assertTrue(!blocked(c));
    }

    @Test
    void blpop_pastItsTimeout_repliesANullArray_inEitherProtocol() {
        assertEquals("", c.call("BLPOP", "a", "0.01"));
        assertEquals(NULL_ARRAY, c.awaitWake());
        assertTrue(c.call("HELLO", "3").startsWith("%"));
        assertEquals("", c.call("BZPOPMIN", "z", "0.01"));
        assertEquals(RESP3_NULL, c.awaitWake());
        assertEquals("blocked_clients:0", blockedClients());
    }

    @Test
    void commandsSentAfterABlockedOne_waitUntilItReplies() {
        assertEquals("", c.raw("*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\nPING\r\n*2\r\n$4\r\nEC"));
        assertEquals("", c.raw("HO\r\n$2\r\nhi\r\n"));
        assertEquals("", c.call("GET", "k"));
        other.call("LPUSH", "k", "v");
        assertEquals(bulks("k", "v") + "+PONG\r\n" + bulk("hi") + NIL, c.awaitWake());
        assertEquals(OK, c.call("SET", "k", "w"));
    }

    @Test
    void aBlockedCommandAmongPipelinedOnes_keepsTheRestForAfterIt_evenASecondBlockingOne() {
        assertEquals("", c.raw("BLPOP k 0\r\nBLPOP k 0\r\nRPUSH k mine\r\n"));
        other.call("RPUSH", "k", "a");
        assertEquals(bulks("k", "a"), c.awaitWake());
        other.call("RPUSH", "k", "b");
        assertEquals(bulks("k", "b") + integer(1), c.awaitWake());
        assertEquals(bulks("mine"), other.call("LRANGE", "k", "0", "-1"));
    }

    @Test
    void oneElement_forTwoWaiters_servesTheFirstToBlockOnly() {
        Wire.Client third = wire.connect();
        assertEquals("", c.call("BLPOP", "k", "0"));
        assertEquals("", third.call("BLPOP", "k", "0"));
        other.call("RPUSH", "k", "one");
        assertEquals(bulks("k", "one"), c.awaitWake());
        assertEquals("", third.pushed());
        assertTrue(blocked(third));
        assertEquals(integer(0), other.call("LLEN", "k"));
        other.call("RPUSH", "k", "two");
        assertEquals(bulks("k", "two"), third.awaitWake());
    }

    @Test
    void threeWaiters_areServedInTheOrderTheyBlocked() {
        Wire.Client second = wire.connect();
        Wire.Client third = wire.connect();
        assertEquals("", c.call("BRPOP", "k", "0"));
        assertEquals("", second.call("BRPOP", "k", "0"));
        assertEquals("", third.call("BRPOP", "k", "0"));
        other.call("LPUSH", "k", "1", "2", "3");
        assertEquals(bulks("k", "1"), c.awaitWake());
        // the first left data behind: it wakes the next, who takes the next element, and so on
        assertEquals(bulks("k", "2"), second.awaitWake());
        assertEquals(bulks("k", "3"), third.awaitWake());
    }

    @Test
    void aWaiterThatLeavesWithAChangeUntried_passesItToTheNext() {
        Wire.Client second = wire.connect();
        assertEquals("", c.call("BLPOP", "k", "0"));
        assertEquals("", second.call("BLPOP", "k", "0"));
        other.call("RPUSH", "k", "v");
        c.disconnect();
        assertEquals(bulks("k", "v"), second.awaitWake());
        assertEquals("blocked_clients:0", blockedClients());
    }

    @Test
    void aWaiterWokenForOneKey_doesNotTakeWhatAnotherKeysChangeMeantForAClientAheadOfIt() {
        Wire.Client second = wire.connect();
        assertEquals("", c.call("BLPOP", "k", "0"));
        assertEquals("", second.call("BLPOP", "j", "k", "0"));
        other.call("RPUSH", "j", "x");
        other.call("RPUSH", "k", "y");
        assertEquals(bulks("j", "x"), second.awaitWake());
        assertEquals(bulks("k", "y"), c.awaitWake());
    }

    @Test
    void aKeyTurnedIntoAString_leavesItsWaitersBlocked_asRedisServesListKeysOnly() {
        assertEquals("", c.call("BLPOP", "k", "0"));
        other.call("SET", "k", "text");
        assertEquals("", c.awaitWake());
        assertTrue(blocked(c));
        other.call("DEL", "k");
        other.call("RPUSH", "k", "v");
        assertEquals(bulks("k", "v"), c.awaitWake());
    }

    @Test
    void aListWaiterBehindASortedSetWaiter_isServedAListPushed() {
        Wire.Client second = wire.connect();
        assertEquals("", c.call("BZPOPMIN", "k", "0"));
        assertEquals("", second.call("BLPOP", "k", "0"));
        other.call("RPUSH", "k", "v");
        assertEquals("", c.awaitWake());
        assertEquals(bulks("k", "v"), second.awaitWake());
        assertTrue(blocked(c));
    }

    @Test
    void blpop_onAKeyOfAnotherType_isWrongTypeAtOnce() {
        c.call("SET", "s", "x");
        assertEquals(WRONGTYPE, c.call("BLPOP", "missing", "s", "0"));
        assertEquals(WRONGTYPE, c.call("BZPOPMAX", "s", "0"));
        assertEquals(WRONGTYPE, c.call("BLMOVE", "s", "d", "LEFT", "LEFT", "0"));
    }

    @Test
    void timeouts_areCheckedAsRedisReadsThem() {
        String notFloat = error("ERR timeout is not a float or out of range");
        String negative = error("ERR timeout is negative");
        assertEquals(notFloat, c.call("BLPOP", "k", "abc"));
        assertEquals(notFloat, c.call("BLPOP", "k", " 1"));
        assertEquals(notFloat, c.call("BLPOP", "k", "nan"));
        assertEquals(notFloat, c.call("BLPOP", "k", "1e5000"));
        assertEquals(notFloat, c.call("BRPOPLPUSH", "k", "d", "1e-5000"));
        assertEquals(negative, c.call("BLPOP", "k", "-1"));
        assertEquals(negative, c.call("BRPOP", "k", "inf"));
        assertEquals(negative, c.call("BZPOPMIN", "k", "1e300"));
        assertEquals(negative, c.call("BZPOPMAX", "k", "92233720368547758"));
        assertEquals(negative, c.call("BLMOVE", "k", "d", "LEFT", "LEFT", "-0.0015"));
        // -0.001 * 1000 rounds above -1 in long double arithmetic, and its ceiling is 0: no timeout, as in Redis
        assertEquals("", c.call("BLPOP", "k", "-0.001"));
        assertTrue(blocked(c));
    }

    @Test
    void arguments_areCheckedInRedisOrder() {
        assertEquals(error("ERR timeout is not a float or out of range"),
                c.call("BLMOVE", "a", "b", "LEFT", "RIGHT", "x"));
        assertEquals(SYNTAX, c.call("BLMOVE", "a", "b", "UP", "RIGHT", "x"));
        assertEquals(error("ERR numkeys should be greater than 0"), c.call("BLMPOP", "x", "0", "k", "LEFT"));
        assertEquals(SYNTAX, c.call("BLMPOP", "x", "2", "k", "LEFT"));
        assertEquals(error("ERR count should be greater than 0"),
                c.call("BLMPOP", "x", "1", "k", "LEFT", "COUNT", "0"));
        assertEquals(error("ERR timeout is not a float or out of range"), c.call("BLMPOP", "x", "1", "k", "LEFT"));
        assertEquals(SYNTAX, c.call("BZMPOP", "x", "1", "k", "LEFT"));
        assertEquals(error("ERR timeout is not a float or out of range"), c.call("BZMPOP", "x", "1", "k", "MIN"));
        assertEquals(error("ERR wrong number of arguments for 'blpop' command"), c.call("BLPOP", "k"));
    }

    @Test
    void blmove_waitsForTheSource_thenMovesAndWakesTheDestinationsWaiter() {
        Wire.Client third = wire.connect();
        assertEquals("", third.call("BLPOP", "dst", "0"));
        assertEquals("", c.call("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"));
        other.call("RPUSH", "src", "a", "b");
        assertEquals(bulk("b"), c.awaitWake());
        assertEquals(bulks("dst", "b"), third.awaitWake());
        assertEquals(bulks("a"), other.call("LRANGE", "src", "0", "-1"));
    }

    @Test
    void blmove_whoseDestinationBecameAnotherType_failsWithWrongType_andMovesNothing() {
        assertEquals("", c.call("BRPOPLPUSH", "src", "dst", "0"));
        other.call("SET", "dst", "text");
        other.call("RPUSH", "src", "a");
        assertEquals(WRONGTYPE, c.awaitWake());
        assertEquals(bulks("a"), other.call("LRANGE", "src", "0", "-1"));
        assertTrue(!blocked(c));
    }

    @Test
    void blmove_pastItsTimeout_repliesANullArray() {
        assertEquals("", c.call("BLMOVE", "src", "dst", "LEFT", "LEFT", "0.01"));
        assertEquals(NULL_ARRAY, c.awaitWake());
    }

    @Test
    void blmpop_andBzmpop_replyTheKeyAndWhatTheyPopped() {
        assertEquals("", c.call("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2"));
        other.call("RPUSH", "b", "1", "2", "3");
        assertEquals(array(bulk("b"), bulks("3", "2")), c.awaitWake());
        assertEquals("", c.call("BZMPOP", "0", "1", "z", "MAX", "COUNT", "5"));
        other.call("ZADD", "z", "1", "m", "2.5", "n");
        assertEquals(array(bulk("z"), array(bulks("n", "2.5"), bulks("m", "1"))), c.awaitWake());
    }

    @Test
    void bzpopmin_repliesTheKeyMemberAndScore_asADoubleInResp3() {
        c.call("ZADD", "z", "1.5", "a", "2", "b");
        assertEquals(bulks("z", "a", "1.5"), c.call("BZPOPMIN", "x", "z", "0"));
        assertTrue(c.call("HELLO", "3").startsWith("%"));
        assertEquals("*3\r\n$1\r\nz\r\n$1\r\nb\r\n,2\r\n", c.call("BZPOPMAX", "z", "0"));
        assertEquals("", c.call("BZPOPMAX", "z", "0"));
        other.call("ZADD", "z", "3", "c");
        assertEquals("*3\r\n$1\r\nz\r\n$1\r\nc\r\n,3\r\n", c.awaitWake());
    }

    @Test
    void clientUnblock_endsTheWaitAsATimeoutOrWithAnError() {
        String id = Long.toString(c.id());
        assertEquals("", c.call("BLPOP", "k", "0"));
        assertEquals(integer(1), other.call("CLIENT", "UNBLOCK", id));
        assertEquals(NULL_ARRAY, c.awaitWake());
        assertEquals(integer(0), other.call("CLIENT", "UNBLOCK", id));
        assertEquals("", c.call("BZPOPMIN", "k", "0"));
        assertEquals(integer(1), other.call("CLIENT", "UNBLOCK", id, "error"));
        assertEquals(integer(0), other.call("CLIENT", "UNBLOCK", id, "ERROR"));
        assertEquals("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n", c.awaitWake());
        assertEquals(integer(0), other.call("CLIENT", "UNBLOCK", "999"));
        assertEquals(error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"),
                other.call("CLIENT", "UNBLOCK", id, "later"));
        assertEquals(error("ERR value is not an integer or out of range"), other.call("CLIENT", "UNBLOCK", "x"));
        assertEquals(error("ERR unknown subcommand or wrong number of arguments for 'unblock'. Try CLIENT HELP."),
                other.call("CLIENT", "unblock", "1", "2", "3"));
        assertEquals(error("ERR wrong number of arguments for 'client|unblock' command"),
                other.call("CLIENT", "UNBLOCK"));
    }

    @Test
    void wait_withNoReplicas_answersZero_atOnceOrAtItsTimeout() {
        assertEquals(integer(0), c.call("WAIT", "0", "0"));
        assertEquals(integer(0), c.call("WAIT", "-1", "0"));
        assertEquals("", c.call("WAIT", "1", "10"));
        assertEquals(integer(0), c.awaitWake());
        assertEquals("", c.call("WAIT", "2", "0"));
        assertTrue(blocked(c));
        assertEquals(integer(1), other.call("CLIENT", "UNBLOCK", Long.toString(c.id())));
        assertEquals(integer(0), c.awaitWake());
        assertEquals(error("ERR timeout is negative"), c.call("WAIT", "1", "-1"));
        assertEquals(error("ERR timeout is not an integer or out of range"), c.call("WAIT", "1", "0.5"));
        assertEquals(error("ERR value is not an integer or out of range"), c.call("WAIT", "x", "y"));
    }

    @Test
    void aBlockedClientThatDisconnects_leavesTheLine() {
        assertEquals("", c.call("BLPOP", "k", "0"));
        c.disconnect();
        assertEquals("blocked_clients:0", blockedClients());
        other.call("RPUSH", "k", "v");
        assertEquals(integer(1), other.call("LLEN", "k"));
    }

    @Test
    void flushall_thenAPush_servesTheWaiter() {
        assertEquals("", c.call("BLPOP", "k", "0"));
        other.call("FLUSHALL");
        assertEquals("", c.awaitWake());
        other.call("RPUSH", "k", "v");
        assertEquals(bulks("k", "v"), c.awaitWake());
    }

    @Test
    void aWaiter_waitsInItsOwnDatabase() {
        assertEquals(OK, c.call("SELECT", "3"));
        assertEquals("", c.call("BLPOP", "k", "0"));
        other.call("RPUSH", "k", "db0");
        assertEquals("", c.pushed());
        assertTrue(blocked(c));
        other.call("SELECT", "3");
        other.call("RPUSH", "k", "db3");
        assertEquals(bulks("k", "db3"), c.awaitWake());
    }

    @Test
    void anEmbeddedCallersPush_throughTheStore_wakesAWaiter() {
        assertEquals("", c.call("BRPOP", "k", "0"));
        wire.store.database(0).lists().push("k".getBytes(UTF_8), ListEnd.LEFT, "v".getBytes(UTF_8));
        assertEquals(bulks("k", "v"), c.awaitWake());
    }

    @Test
    void inATransaction_blockingCommandsReplyAtOnce_asTheirTimeout_orTheNullOfTheirNonBlockingForm() {
        assertEquals(OK, c.call("MULTI"));
        for (List<String> command : List.of(List.of("BLPOP", "k", "0"), List.of("BRPOPLPUSH", "k", "d", "0"),
                List.of("BLMOVE", "k", "d", "LEFT", "LEFT", "0"), List.of("BZMPOP", "0", "1", "k", "MIN"),
                List.of("WAIT", "1", "0"), List.of("RPUSH", "k", "v"), List.of("BLPOP", "k", "0"))) {
            assertEquals("+QUEUED\r\n", c.call(command.toArray(new String[0])));
        }
        assertEquals(array(NULL_ARRAY, NIL, NIL, NULL_ARRAY, integer(0), integer(1), bulks("k", "v")),
                c.call("EXEC"));
        assertTrue(!blocked(c));
    }
}
