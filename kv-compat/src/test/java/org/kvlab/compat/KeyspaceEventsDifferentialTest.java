package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Keyspace notifications as redis-server publishes them: random sequences of every type's commands (those of
 * {@link AllTypesDifferentialTest}) under random {@code notify-keyspace-events} flags, with a second client
 * subscribed to every channel ({@code PSUBSCRIBE *}); after each command the subscriber's messages up to the reply
 * of a {@code PING} are compared byte for byte, so each command must publish the same events, on the same channels,
 * in the same order.
 */
@RequiresRedis
final class KeyspaceEventsDifferentialTest {

    @Property(tries = 200)
    void everyTypesCommands_publishTheirKeyspaceEventsAsRedis(@ForAll("commands") List<Cmd> commands,
            @ForAll("flags") String flags) {
        Differential d = Differential.shared();
        d.reset();
        SortDifferentialTest.clearRedisErrno(d);
        d.check("CONFIG", "SET", "notify-keyspace-events", flags);
        Differential.Side[] subscriber = d.connectBoth();
        try {
            compareNext(subscriber, Differential.args("PSUBSCRIBE", "*"), "PSUBSCRIBE *");
            int sentinel = 0;
            for (Cmd c : commands) {
                if (new String(c.args[0], StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT).startsWith("sort")) {
                    SortDifferentialTest.clearRedisErrno(d);
                }
                SortDifferentialTest.check(d, c);
                compareUntilPong(subscriber, "events of " + c + " under '" + flags + "'", sentinel++);
            }
        } finally {
            subscriber[0].close();
            subscriber[1].close();
            d.check("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }

    private static void compareNext(Differential.Side[] pair, byte[][] command, String what) {
        pair[0].write(command);
        pair[1].write(command);
        assertEquals(pair[0].read().toString(), pair[1].read().toString(), what);
    }

    /** Sends {@code PING <sentinel>} to both and compares what each received before its pong. */
    private static void compareUntilPong(Differential.Side[] pair, String what, int sentinel) {
        byte[] mark = Gen.b("sentinel-" + sentinel);
        String pong = "*2\r\n$4\r\npong\r\n$" + mark.length + "\r\n" + new String(mark, StandardCharsets.ISO_8859_1)
                + "\r\n";
        List<String> received = new ArrayList<>(2);
        for (Differential.Side side : pair) {
            side.write(Gen.b("PING"), mark);
            StringBuilder frames = new StringBuilder();
            for (Reply r = side.read(); !r.text().equals(pong); r = side.read()) {
                frames.append(r).append('\n');
            }
            received.add(frames.toString());
        }
        assertEquals(received.get(0), received.get(1), what);
    }

    /**
     * Commands that add several keys, or add one among events on others, publish each {@code new} just before its
     * key's own event, as Redis adds the keys one by one.
     */
    @Example
    void newEvents_comeJustBeforeTheirKeysEvent() {
        everyTypesCommands_publishTheirKeyspaceEventsAsRedis(List.of(
                new Cmd(Differential.args("MSET", "k1", "a", "k2", "b", "k1", "c")),
                new Cmd(Differential.args("MSETNX", "k3", "a", "k4", "b")),
                new Cmd(Differential.args("SADD", "s1", "m", "n")),
                new Cmd(Differential.args("SMOVE", "s1", "s2", "m")),
                new Cmd(Differential.args("SMOVE", "s1", "s3", "n")),
                new Cmd(Differential.args("MULTI")),
                new Cmd(Differential.args("MSET", "k5", "a", "k6", "b")),
                new Cmd(Differential.args("LPUSH", "l1", "x")),
                new Cmd(Differential.args("EXEC"))), "KEA");
    }

    /** The {@code new} and {@code keymiss} events ({@code n}, {@code m}) of every command, as Redis orders them. */
    @Property(tries = 100)
    void newKeyAndKeyMissEvents_asRedis(@ForAll("commands") List<Cmd> commands,
            @ForAll("newAndMissFlags") String flags) {
        everyTypesCommands_publishTheirKeyspaceEventsAsRedis(commands, flags);
    }

    /**
     * Every command's reads count as Redis's in {@code INFO stats}: {@code keyspace_hits} and {@code keyspace_misses}
     * after a sequence, from zero, are Redis's.
     */
    @Property(tries = 100)
    void keyspaceHitsAndMisses_countAsRedis(@ForAll("commands") List<Cmd> commands) {
        Differential d = Differential.shared();
        d.reset();
        SortDifferentialTest.clearRedisErrno(d);
        d.check("CONFIG", "RESETSTAT");
        for (Cmd c : commands) {
            if (new String(c.args[0], StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT).startsWith("sort")) {
                SortDifferentialTest.clearRedisErrno(d);
            }
            SortDifferentialTest.check(d, c);
        }
        Reply[] stats = d.call(Differential.args("INFO", "stats"));
        assertEquals(lookups(stats[0].text()), lookups(stats[1].text()), "keyspace hits and misses after " + commands);
    }

    /**
     * {@code SPOP key count} with a count that takes the whole set counts one hit, as Redis 7.0 serves it through
     * {@code SUNION}'s read lookup; a smaller count counts nothing (found by the property above).
     */
    @Example
    void spopOfTheWholeSet_countsAHit() {
        keyspaceHitsAndMisses_countAsRedis(List.of(
                new Cmd(Differential.args("GET", "k1")),
                new Cmd(Differential.args("SADD", "k1", "0")),
                new Cmd(Differential.args("SPOP", "k1", "1")),
                new Cmd(Differential.args("SADD", "k2", "a", "b", "c")),
                new Cmd(Differential.args("SPOP", "k2", "1")),
                new Cmd(Differential.args("SPOP", "k3", "2"))));
    }

    /**
     * {@code SETRANGE key offset ""} looks at the key as a write does, counting neither a hit nor a miss, whether the
     * key is absent or a string, and still replies {@code WRONGTYPE} for another type (found by the property above).
     */
    @Example
    void setrangeOfNothing_countsNoLookup() {
        keyspaceHitsAndMisses_countAsRedis(List.of(
                new Cmd(Differential.args("SETRANGE", "k1", "0", "")),
                new Cmd(Differential.args("GET", "k1")),
                new Cmd(Differential.args("SET", "k2", "abc")),
                new Cmd(Differential.args("SETRANGE", "k2", "5", "")),
                new Cmd(Differential.args("SADD", "k3", "a")),
                new Cmd(Differential.args("SETRANGE", "k3", "0", ""))));
    }

    private static String lookups(String info) {
        return info.lines().filter(l -> l.startsWith("keyspace_hits:") || l.startsWith("keyspace_misses:"))
                .collect(java.util.stream.Collectors.joining(" "));
    }

    @Provide
    Arbitrary<String> newAndMissFlags() {
        return Arbitraries.of("KEAnm", "Kn", "Em", "KE$lnm", "Egm");
    }

    @Provide
    Arbitrary<String> flags() {
        return Arbitraries.of("KEA", "KA", "EA", "KEg", "KE$lshz", "Elz", "Kgx", "E$");
    }

    @Provide
    Arbitrary<List<Cmd>> commands() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, KeyspaceDifferentialTest.anyCommand()),
                Tuple.of(3, HashDifferentialTest.hashCommand()),
                Tuple.of(3, ListDifferentialTest.listCommand()),
                Tuple.of(3, SetDifferentialTest.setCommand()),
                Tuple.of(3, SortedSetDifferentialTest.anyCommand()),
                Tuple.of(2, BitmapDifferentialTest.anyCommand()),
                Tuple.of(1, SortDifferentialTest.sorts()))
                .list().ofMinSize(5).ofMaxSize(40);
    }
}
