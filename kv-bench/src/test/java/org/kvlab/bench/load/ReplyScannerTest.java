package org.kvlab.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class ReplyScannerTest {

    private static final String REPLIES = "+OK\r\n$-1\r\n$3\r\nx\r\n\r\n-ERR wrong\r\n:42\r\n*2\r\n$1\r\na\r\n*1\r\n+b\r\n"
            + "*0\r\n_\r\n%1\r\n+k\r\n:1\r\n";

    @Test
    void scan_wholeStream_countsRepliesErrorsAndNulls() {
        ReplyScanner scanner = new ReplyScanner();

        int replies = scanner.scan(bytes(REPLIES));

        assertEquals(9, replies);
        assertEquals(1, scanner.errors());
        assertEquals(2, scanner.nulls());
    }

    @Test
    void scan_streamSplitAtEveryByte_countsTheSameReplies() {
        byte[] all = REPLIES.getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split <= all.length; split++) {
            ReplyScanner scanner = new ReplyScanner();
            int replies = scanner.scan(ByteBuffer.wrap(all, 0, split));
            replies += scanner.scan(ByteBuffer.wrap(all, split, all.length - split));

            assertEquals(9, replies, "split at " + split);
        }
    }

    @Test
    void scan_bulkWithCrLfInside_isOneReply() {
        assertEquals(1, new ReplyScanner().scan(bytes("$4\r\n\r\n\r\n\r\n")));
    }

    @Test
    void scan_notResp_throws() {
        assertThrows(IllegalStateException.class, () -> new ReplyScanner().scan(bytes("hello\r\n")));
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
