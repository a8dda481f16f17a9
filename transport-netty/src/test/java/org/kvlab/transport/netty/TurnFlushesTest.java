package org.kvlab.transport.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;

/** A loop's turn: replies wait for its end, which comes early where the flavor limits how long a turn serves. */
final class TurnFlushesTest {

    /** What happened, in order: a connection's reply reaching its channel, a turn cut short. */
    private final List<String> events = new ArrayList<>();

    @Test
    void unlimitedTurn_repliesOfEveryBatchWaitForTheTurnsEnd() throws Exception {
        TurnFlushes turns = turnBegun(0, () -> events.add("early turn end"));
        EmbeddedChannel a = connection("a");
        EmbeddedChannel b = connection("b");
        a.writeInbound(ascii("one\n"));
        b.writeInbound(ascii("two\n"));
        assertNull(a.readOutbound(), "a's reply waits for the turn's end");
        assertNull(b.readOutbound(), "b's reply waits for the turn's end");
        turns.end();

        assertEquals("one\n", readOutbound(a));
        assertEquals("two\n", readOutbound(b));
        assertEquals(List.of(), events);
    }

    @Test
    void limitedTurn_servedPastItsLimit_endsBeforeTheNextBatchAndFlushesWhatWaited() throws Exception {
        TurnFlushes turns = turnBegun(1, () -> events.add("early turn end"));
        EmbeddedChannel a = connection("a");
        EmbeddedChannel b = connection("b");
        a.writeInbound(ascii("one\n"));
        assertNull(a.readOutbound(), "a's reply waits: no other batch was served after it");
        b.writeInbound(ascii("two\n"));

        assertEquals(List.of("early turn end"), events, "the turn ended before b's batch was done");
        assertEquals("one\n", readOutbound(a));
        assertNull(b.readOutbound(), "b's reply waits for the next turn's end");
        turns.end();
        assertEquals("two\n", readOutbound(b));
    }

    @Test
    void limitedTurn_earlyEndRefused_repliesWaitForTheTurnsEnd() throws Exception {
        TurnFlushes turns = turnBegun(1, () -> !events.add("early turn end refused"));
        EmbeddedChannel a = connection("a");
        EmbeddedChannel b = connection("b");
        a.writeInbound(ascii("one\n"));
        b.writeInbound(ascii("two\n"));

        assertEquals(List.of("early turn end refused"), events);
        assertNull(a.readOutbound(), "a's reply waits for the turn's end");
        turns.end();
        assertEquals("one\n", readOutbound(a));
        assertEquals("two\n", readOutbound(b));
    }

    @Test
    void limitedTurn_withNothingWaiting_doesNotEndEarly() throws Exception {
        TurnFlushes turns = turnBegun(1, () -> events.add("early turn end"));
        EmbeddedChannel a = connection("a");
        a.writeInbound(ascii("one\n"));
        turns.end();
        turns.begin();
        a.writeInbound(ascii("two\n"));
        turns.end();

        assertEquals(List.of(), events);
        assertEquals("one\n", readOutbound(a));
        assertEquals("two\n", readOutbound(a));
    }

    /** Returns a loop's turns, bound to the test's thread, with a turn begun. */
    private static TurnFlushes turnBegun(long maxTurnNanos, BooleanSupplier earlyTurnEnd) {
        TurnFlushes turns = new TurnFlushes(null, maxTurnNanos, earlyTurnEnd);
        turns.bind();
        turns.begin();
        return turns;
    }

    /** A registered channel whose handler echoes each read, created on the test's thread, the loop's. */
    private static EmbeddedChannel connection(String name) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        channel.pipeline().addLast(new ServerChannelHandler(channel, connection -> new Echo(), new IoCounters(),
                name.hashCode(), 0, -1));
        channel.register();
        return channel;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static String readOutbound(EmbeddedChannel channel) {
        ByteBuf buf = channel.readOutbound();
        try {
            return buf.toString(StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }

    /** Replies to each read with its bytes. */
    private static final class Echo implements ConnectionHandler {
        @Override
        public CompletionStage<?> onRead(ByteBuffer in, OutputBuffer out) {
            out.write(in);
            return null;
        }

        @Override
        public void onClose() {
        }
    }
}
