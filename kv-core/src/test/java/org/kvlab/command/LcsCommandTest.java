package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.command.Replies.NOT_INTEGER;
import static org.kvlab.command.Replies.SYNTAX;
import static org.kvlab.command.Replies.array;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvlab.server.ServerSettings;

final class LcsCommandTest {

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @BeforeEach
    void strings() {
        c.call("MSET", "key1", "ohmytext", "key2", "mynewtext");
    }

    @AfterEach
    void close() {
        wire.close();
    }

    private static String range(int from, int to) {
        return array(integer(from), integer(to));
    }

    @Test
    void lcs_returnsTheSubsequence_orItsLength() {
        assertEquals(bulk("mytext"), c.call("LCS", "key1", "key2"));
        assertEquals(integer(6), c.call("LCS", "key1", "key2", "LEN"));
        assertEquals(bulk(""), c.call("LCS", "key1", "nokey"));
    }

    @Test
    void lcs_idx_listsTheMatchesFromTheEnd() {
        assertEquals(array(bulk("matches"),
                array(array(range(4, 7), range(5, 8)), array(range(2, 3), range(0, 1))),
                bulk("len"), integer(6)), c.call("LCS", "key1", "key2", "IDX"));
    }

    @Test
    void lcs_idx_minMatchLen_leavesOutShortMatches_withMatchLenAddsTheirLength() {
        assertEquals(array(bulk("matches"), array(array(range(4, 7), range(5, 8), integer(4))), bulk("len"),
                integer(6)), c.call("LCS", "key1", "key2", "idx", "MINMATCHLEN", "4", "withmatchlen"));
        assertEquals(array(bulk("matches"), array(), bulk("len"), integer(0)),
                c.call("LCS", "nokey", "nokey2", "IDX", "MINMATCHLEN", "-3"));
    }

    @Test
    void lcs_idx_inResp3_isAMap() {
        c.call("HELLO", "3");
        assertEquals("%2\r\n" + bulk("matches") + "*2\r\n"
                + array(range(4, 7), range(5, 8), integer(4)) + array(range(2, 3), range(0, 1), integer(2))
                + bulk("len") + integer(6), c.call("LCS", "key1", "key2", "IDX", "WITHMATCHLEN"));
    }

    @Test
    void lcs_errors_keysBeforeOptions() {
        assertEquals(error("ERR If you want both the length and indexes, please just use IDX."),
                c.call("LCS", "key1", "key2", "LEN", "IDX"));
        assertEquals(NOT_INTEGER, c.call("LCS", "key1", "key2", "MINMATCHLEN", "x"));
        assertEquals(SYNTAX, c.call("LCS", "key1", "key2", "MINMATCHLEN"));
        assertEquals(SYNTAX, c.call("LCS", "key1", "key2", "FOO"));
    }

    @Test
    void lcs_tableLargerThanProtoMaxBulkLen_isRefused() {
        try (Wire small = new Wire(new ServerSettings().protoMaxBulkLen(1024 * 1024))) {
            Wire.Client s = small.connect();
            s.call("SET", "a", "x".repeat(600));
            s.call("SET", "b", "y".repeat(600));
            assertEquals(error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"),
                    s.call("LCS", "a", "b"));
            s.call("SET", "b", "y".repeat(400));
            assertEquals(bulk(""), s.call("LCS", "a", "b"));
        }
    }

    @Test
    void compute_walksBackFromTheEnds_asRedis() {
        byte[] a = "ohmytext".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "mynewtext".getBytes(StandardCharsets.US_ASCII);
        LcsCommand.Result r = LcsCommand.compute(a, b, true, 0);
        assertEquals(6, r.length());
        assertArrayEquals("mytext".getBytes(StandardCharsets.US_ASCII), r.subsequence());
        assertEquals(List.of(new LcsCommand.Match(4, 7, 5, 8), new LcsCommand.Match(2, 3, 0, 1)), r.matches());
        assertEquals(List.of(), LcsCommand.compute(a, b, false, 0).matches());
    }
}
