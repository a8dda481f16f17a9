package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.compat.Gen.b;
import static org.kvlab.compat.Gen.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random pub/sub sequences over three clients per server, RESP2 and RESP3 ({@code HELLO} switches), frame and order
 * as redis-server's, byte for byte: subscribe and unsubscribe confirmations, messages and pmessages from another
 * client or from the subscriber itself, shard channels, {@code PUBSUB} introspection, the commands refused in
 * RESP2's subscribed mode, {@code PING} there, {@code RESET}, and keyspace notifications when
 * {@code notify-keyspace-events} is on.
 *
 * <p>After each step, the client that sent it and then every other client sends {@code PING <sentinel>}, and what
 * each received up to the sentinel's reply is compared: so messages published to a client must reach it before the
 * reply to its next command, as in Redis. Where Redis's order comes from its hash tables, the comparison ignores
 * it: a run of confirmations of an unsubscribe from everything (names sorted, counts in order), a run of
 * pmessages of one message (sorted), and the channels {@code PUBSUB CHANNELS} lists (sorted); and {@code HELLO}'s
 * reply is compared by its protocol only (the servers' ids and versions differ).
 */
@RequiresRedis
final class PubSubDifferentialTest {

    private static final int CLIENTS = 3;

    /** One command sent by one of the clients. */
    record Step(int client, Cmd command) {
        @Override
        public String toString() {
            return "client " + client + ": " + command;
        }
    }

    @Property(tries = 200)
    void pubSubSequences_frameAndOrderAsRedis(@ForAll("steps") List<Step> steps, @ForAll boolean notify) {
        Differential d = Differential.shared();
        d.reset();
        awaitNoSubscriptions(d);
        d.check("CONFIG", "SET", "notify-keyspace-events", notify ? "KEA" : "");
        Differential.Side[][] clients = new Differential.Side[CLIENTS][];
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients[i] = d.connectBoth();
            }
            int sentinel = 0;
            for (Step step : steps) {
                exchange(clients[step.client()], step.command(), step + " (sentinel " + sentinel + ")", sentinel++);
                for (int other = 0; other < CLIENTS; other++) {
                    if (other != step.client()) {
                        exchange(clients[other], null, "client " + other + " after " + step, sentinel++);
                    }
                }
            }
        } finally {
            for (Differential.Side[] pair : clients) {
                if (pair != null) {
                    pair[0].close();
                    pair[1].close();
                }
            }
            d.check("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }

    /**
     * Waits for both servers to have handled the closing of the previous try's clients: no channel, pattern or
     * shard channel has a subscriber left (each server frees a closed client's subscriptions in its own time).
     */
    private static void awaitNoSubscriptions(Differential d) {
        String none = "[*0\\r\\n, :0\\r\\n, *0\\r\\n]"; // as Reply shows them
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        for (int side = 0; side < 2; side++) {
            while (true) {
                List<String> state = new ArrayList<>();
                for (String sub : new String[] {"CHANNELS", "NUMPAT", "SHARDCHANNELS"}) {
                    state.add(d.call(Differential.args("PUBSUB", sub))[side].toString());
                }
                if (state.toString().equals(none)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError((side == 0 ? "redis" : "kvlab") + " kept subscriptions of closed "
                            + "clients: " + state);
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Sends {@code command} (if any) then {@code PING <sentinel>} on both servers' connection of one client and
     * compares what each received up to the sentinel's reply.
     */
    private static void exchange(Differential.Side[] pair, Cmd command, String what, int sentinel) {
        byte[] mark = b("sentinel-" + sentinel);
        List<String> replies = new ArrayList<>(2);
        for (Differential.Side side : pair) {
            if (command != null) {
                side.write(command.args);
            }
            side.write(b("PING"), mark);
            List<Reply> frames = new ArrayList<>();
            for (Reply r = side.read(); !isPong(r, mark); r = side.read()) {
                frames.add(r);
            }
            replies.add(normalized(frames, command));
        }
        assertEquals(replies.get(0), replies.get(1), what);
    }

    /** Whether {@code r} is the reply to {@code PING mark}: a bulk string, or RESP2's subscribed-mode pong. */
    private static boolean isPong(Reply r, byte[] mark) {
        String bulk = "$" + mark.length + "\r\n" + new String(mark, StandardCharsets.ISO_8859_1) + "\r\n";
        return r.text().equals(bulk) || r.text().equals("*2\r\n$4\r\npong\r\n" + bulk);
    }

    /** The frames as text, with the orders that come from Redis's hash tables taken out (see the class doc). */
    private static String normalized(List<Reply> frames, Cmd command) {
        String name = command == null ? "" : new String(command.args[0], StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            Reply r = frames.get(i);
            String kind = kind(r);
            if (name.equals("hello") && !r.isError() && r.elements != null && r.elements.size() >= 6) {
                out.add("hello reply, proto " + r.elements.get(5));
            } else if (name.equals("pubsub") && command.args.length >= 2 && !r.isError() && r.elements != null
                    && new String(command.args[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
                            .endsWith("channels")) {
                out.add(r.sorted(false).toString());
            } else if (kind.endsWith("unsubscribe") || kind.equals("pmessage")) {
                List<String> names = new ArrayList<>();
                List<String> rest = new ArrayList<>();
                int j = i;
                for (; j < frames.size() && kind(frames.get(j)).equals(kind); j++) {
                    List<Reply> e = frames.get(j).elements;
                    if (kind.equals("pmessage")) {
                        names.add(frames.get(j).toString());
                    } else {
                        names.add(e.get(1).toString());
                        rest.add(e.get(2).toString());
                    }
                }
                Collections.sort(names);
                out.add((r.type == '>' ? "push " : "array ") + kind + " " + names + " " + rest);
                i = j - 1;
            } else {
                out.add(r.toString());
            }
        }
        return String.join("\n", out);
    }

    /** The first element's text of an array or push (a pub/sub frame's kind), else "". */
    private static String kind(Reply r) {
        if ((r.type != '*' && r.type != '>') || r.elements == null || r.elements.isEmpty()
                || r.elements.get(0).type != '$') {
            return "";
        }
        String text = r.elements.get(0).text();
        return text.substring(text.indexOf('\n') + 1, text.length() - 2);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, CLIENTS - 1), anyCommand())
                .as(Step::new).list().ofMinSize(1).ofMaxSize(30);
    }

    static Arbitrary<Cmd> anyCommand() {
        Arbitrary<byte[]> channel = Arbitraries.of(b("a"), b("b"), b("c.x"), b("__keyspace@0__:k1"),
                b("__keyevent@0__:set"), b("__keyevent@0__:del"));
        Arbitrary<byte[]> pattern = Arbitraries.of(b("a*"), b("c.*"), b("*"), b("?"), b("__key*__:*"), b("[ab]"));
        Arbitrary<byte[]> shard = Arbitraries.of(b("a"), b("s"));
        Arbitrary<byte[]> message = Arbitraries.oneOf(Gen.values(),
                Arbitraries.integers().between(0, 999).map(n -> b("m" + n)));
        Arbitrary<byte[]> key = Arbitraries.of(b("k1"), b("k2"));
        return Arbitraries.frequencyOf(
                Tuple.of(4, channel.list().ofMinSize(1).ofMaxSize(3).map(c -> command("SUBSCRIBE", List.of(), c))),
                Tuple.of(2, channel.list().ofMaxSize(2).map(c -> command("UNSUBSCRIBE", List.of(), c))),
                Tuple.of(3, pattern.list().ofMinSize(1).ofMaxSize(2).map(p -> command("PSUBSCRIBE", List.of(), p))),
                Tuple.of(2, pattern.list().ofMaxSize(2).map(p -> command("PUNSUBSCRIBE", List.of(), p))),
                Tuple.of(2, shard.list().ofMinSize(1).ofMaxSize(2).map(s -> command("SSUBSCRIBE", List.of(), s))),
                Tuple.of(1, shard.list().ofMaxSize(2).map(s -> command("SUNSUBSCRIBE", List.of(), s))),
                Tuple.of(6, Combinators.combine(channel, message).as((c, m) -> command("PUBLISH", c, m))),
                Tuple.of(2, Combinators.combine(shard, message).as((c, m) -> command("SPUBLISH", c, m))),
                Tuple.of(4, Combinators.combine(key, message).as((k, v) -> command("SET", k, v))),
                Tuple.of(2, key.map(k -> command("DEL", k))),
                Tuple.of(1, Arbitraries.of(command("RESET"), command("HELLO", b("3")), command("HELLO", b("2")))),
                Tuple.of(3, Arbitraries.of(command("PING"), command("PING", b("x")), command("GET", b("k1")),
                        command("ECHO", b("e")), command("PUBSUB", b("NUMPAT")), command("PUBSUB", b("CHANNELS")),
                        command("PUBSUB", b("CHANNELS"), b("a*")), command("PUBSUB", b("SHARDCHANNELS")),
                        command("PUBSUB", b("NUMSUB"), b("a"), b("b"), b("c.x")),
                        command("PUBSUB", b("SHARDNUMSUB"), b("a"), b("s")),
                        command("CONFIG", b("SET"), b("notify-keyspace-events"), b("KEA")),
                        command("CONFIG", b("SET"), b("notify-keyspace-events"), b("Eg$")))));
    }
}
