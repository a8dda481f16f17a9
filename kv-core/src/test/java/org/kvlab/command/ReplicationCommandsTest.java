package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.bulks;
import static org.kvlab.command.Replies.integer;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.SetOptions;

/**
 * A replica's store expires keys as Redis's replica does once {@code REPLICAOF} makes the server one, and as a
 * primary's again after {@code REPLICAOF NO ONE}; {@code replicaof} shows in {@code CONFIG GET} and cannot be set
 * there; {@code min-replicas-to-write} refuses writes, alone or in a transaction, with Redis's errors while too few
 * replicas acknowledge.
 */
final class ReplicationCommandsTest {

    private static final String NOREPLICAS = "-NOREPLICAS Not enough good replicas to write.\r\n";

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void replica_keepsAnExpiredKey_forItsPrimary_andExpiresItOncePromoted() {
        // port 1: nothing listens there, so the link keeps retrying and never loads anything
        assertEquals(OK, c.call("REPLICAOF", "127.0.0.1", "1"));
        wire.store.fromPrimary(() -> wire.store.set(b("k"), b("v"),
                new SetOptions(SetOptions.Condition.ALWAYS, Wire.START + 10, false, false)));
        wire.clock.advance(20);

        assertEquals(NIL, c.call("GET", "k"));
        assertEquals(integer(-2), c.call("PTTL", "k"));
        assertEquals(integer(0), c.call("EXISTS", "k"));
        assertEquals(integer(1), c.call("DBSIZE"), "still there, for the primary's DEL");
        assertEquals(bulks("replicaof", "127.0.0.1 1"), c.call("CONFIG", "GET", "replicaof"));

        assertEquals(OK, c.call("REPLICAOF", "NO", "ONE"));
        assertEquals(NIL, c.call("GET", "k"));
        assertEquals(integer(0), c.call("DBSIZE"), "removed as it was read");
        assertEquals(bulks("replicaof", ""), c.call("CONFIG", "GET", "replicaof"));
    }

    @Test
    void replicaof_isImmutableInConfigSet() {
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'replicaof') - can't set immutable"
                + " config\r\n", c.call("CONFIG", "SET", "replicaof", "127.0.0.1 6379"));
    }

    @Test
    void minReplicasToWrite_withoutReplicas_refusesWrites_notReads() {
        assertEquals(bulks("min-replicas-to-write", "0"), c.call("CONFIG", "GET", "min-replicas-to-write"));
        assertEquals(bulks("min-replicas-max-lag", "10"), c.call("CONFIG", "GET", "min-replicas-max-lag"));
        assertFalse(c.call("INFO", "replication").contains("min_slaves_good_slaves"));
        assertEquals(OK, c.call("CONFIG", "SET", "min-slaves-to-write", "1"));
        assertEquals(bulks("min-replicas-to-write", "1"), c.call("CONFIG", "GET", "min-replicas-to-write"));

        assertEquals(NOREPLICAS, c.call("SET", "k", "v"));
        assertEquals(NIL, c.call("GET", "k"));
        assertTrue(c.call("INFO", "replication").contains("\r\nmin_slaves_good_slaves:0\r\n"));

        assertEquals(OK, c.call("MULTI"));
        assertEquals(NOREPLICAS, c.call("SET", "k", "v"));
        assertEquals("+QUEUED\r\n", c.call("GET", "k"));
        assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.call("EXEC"));

        assertEquals(OK, c.call("CONFIG", "SET", "min-replicas-max-lag", "0"));
        assertEquals(OK, c.call("SET", "k", "v"), "a lag of 0 turns the check off, as in Redis");
        assertFalse(c.call("INFO", "replication").contains("min_slaves_good_slaves"));
    }

    @Test
    void minReplicasToWrite_setWhileATransactionIsQueued_abortsItsExec() {
        assertEquals(OK, c.call("MULTI"));
        assertEquals("+QUEUED\r\n", c.call("SET", "k", "v"));
        assertEquals(OK, wire.connect().call("CONFIG", "SET", "min-replicas-to-write", "1"));
        assertEquals("-EXECABORT Transaction discarded because of: NOREPLICAS Not enough good replicas to write.\r\n",
                c.call("EXEC"));
        assertEquals(NIL, c.call("GET", "k"));
    }
}
