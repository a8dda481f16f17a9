package org.kvlab.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class SubscriberTest {

    private static final String CONFIRMATION = "*3\r\n$9\r\nsubscribe\r\n$15\r\nkv-bench:fanout\r\n:1\r\n";

    @Test
    void onRead_messagesSplitAtEveryByte_countsEachOnce() {
        Subscriber s = new Subscriber();
        byte[] stream = ascii(CONFIRMATION + message("hello") + message("") + message("x\r\ny") + message("hello"));

        for (byte b : stream) {
            s.onRead(ByteBuffer.wrap(new byte[] {b}));
        }

        assertEquals(4, s.messages());
    }

    @Test
    void onRead_resp3PushesAndOtherFrames_countsOnlyMessages() {
        Subscriber s = new Subscriber();
        String push = ">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\nhi\r\n";
        String pong = "*2\r\n$4\r\npong\r\n$0\r\n\r\n";
        String pmessage = "*4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$1\r\nc\r\n$7\r\nmessage\r\n";
        String longKind = "*2\r\n$20\r\nmessagemessagemessag\r\n:1\r\n";

        s.onRead(ByteBuffer.wrap(ascii(CONFIRMATION + push + pong + pmessage + longKind + "+OK\r\n" + message("a"))));

        assertEquals(2, s.messages(), "the RESP3 push and the last message");
        assertFalse(s.isClosed());
    }

    @Test
    void onRead_messagesInOneBuffer_countsEveryOne() {
        Subscriber s = new Subscriber();
        StringBuilder all = new StringBuilder(CONFIRMATION);
        for (int i = 0; i < 1_000; i++) {
            all.append(message("payload-" + i));
        }

        s.onRead(ByteBuffer.wrap(ascii(all.toString())));

        assertEquals(1_000, s.messages());
    }

    private static String message(String payload) {
        return "*3\r\n$7\r\nmessage\r\n$15\r\nkv-bench:fanout\r\n$" + payload.length() + "\r\n" + payload + "\r\n";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
