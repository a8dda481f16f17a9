package org.kvlab.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class CommandEncoderTest {

    private static final Pattern SET = Pattern.compile("\\*3\r\n\\$3\r\nSET\r\n\\$16\r\nkey:(\\d{12})\r\n\\$5\r\nxxxxx\r\n");
    private static final Pattern GET = Pattern.compile("\\*2\r\n\\$3\r\nGET\r\n\\$16\r\nkey:(\\d{12})\r\n");

    @Test
    void next_ratioTwoToOne_encodesSetSetGetWithKeysInTheKeyspace() {
        CommandEncoder encoder = new CommandEncoder(2, 1, 7, 5, 42);
        encoder.reset();
        for (int i = 0; i < 3; i++) {
            encoder.next();
        }
        String batch = new String(encoder.array(), 0, encoder.length(), StandardCharsets.US_ASCII);

        Matcher m = Pattern.compile("(" + SET.pattern() + ")(" + SET.pattern() + ")(" + GET.pattern() + ")")
                .matcher(batch);
        assertTrue(m.matches(), batch);
        for (int group : new int[] {2, 4, 6}) {
            assertTrue(Long.parseLong(m.group(group)) < 7, m.group(group));
        }
        assertEquals(2, encoder.setCount());
        assertEquals(1, encoder.getCount());
    }

    @Test
    void reset_startsTheNextBatchAtTheFront() {
        CommandEncoder encoder = new CommandEncoder(0, 1, 10, 3, 1);
        encoder.next();
        int one = encoder.length();
        encoder.reset();
        encoder.next();

        assertEquals(one, encoder.length());
        assertTrue(GET.matcher(new String(encoder.array(), 0, one, StandardCharsets.US_ASCII)).matches());
    }
}
