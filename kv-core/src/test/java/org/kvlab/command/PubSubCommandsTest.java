package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.array;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.bulks;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class PubSubCommandsTest {

    private static final String CONTEXT = "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed"
            + " in this context";

    private final Wire wire = new Wire();
    private final Wire.Client subscriber = wire.connect();
    private final Wire.Client publisher = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    private static String confirm(String kind, String channel, long count) {
        return array(bulk(kind), channel == null ? Replies.NIL : bulk(channel), integer(count));
    }

    private static String message(String channel, String payload) {
        return bulks("message", channel, payload);
    }

    private static String push(String... elements) {
        return ">" + elements.length + "\r\n" + String.join("", elements);
    }

    @Test
    void subscribe_confirmsEachChannelWithTheRunningCount() {
        assertEquals(confirm("subscribe", "a", 1) + confirm("subscribe", "b", 2) + confirm("subscribe", "a", 2),
                subscriber.call("SUBSCRIBE", "a", "b", "a"));
        assertEquals(confirm("psubscribe", "c*", 3), subscriber.call("PSUBSCRIBE", "c*"));
        assertEquals(confirm("ssubscribe", "s", 1), subscriber.call("SSUBSCRIBE", "s"));
    }

    @Test
    void publish_repliesTheReceiversAndQueuesTheMessageForTheSubscriber() {
        subscriber.call("SUBSCRIBE", "news");
        assertEquals(integer(1), publisher.call("PUBLISH", "news", "hello"));
        assertEquals(integer(0), publisher.call("PUBLISH", "other", "hello"));
        assertEquals(message("news", "hello"), subscriber.pushed());
        assertEquals("", subscriber.pushed());
    }

    @Test
    void publish_toAChannelAndAMatchingPattern_countsAndDeliversBoth() {
        subscriber.call("SUBSCRIBE", "news.tech");
        subscriber.call("PSUBSCRIBE", "news.*");
        assertEquals(integer(2), publisher.call("PUBLISH", "news.tech", "x"));
        assertEquals(message("news.tech", "x") + bulks("pmessage", "news.*", "news.tech", "x"), subscriber.pushed());
    }

    @Test
    void publish_keepsEachPublishersOrder() {
        subscriber.call("SUBSCRIBE", "c");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            publisher.call("PUBLISH", "c", Integer.toString(i));
            expected.append(message("c", Integer.toString(i)));
        }
        assertEquals(expected.toString(), subscriber.pushed());
    }

    @Test
    void unsubscribe_withNoChannels_confirmsWithANullWhenSubscribedToNothing() {
        assertEquals(confirm("unsubscribe", null, 0), subscriber.call("UNSUBSCRIBE"));
        assertEquals(confirm("punsubscribe", null, 0), subscriber.call("PUNSUBSCRIBE"));
        assertEquals(confirm("sunsubscribe", null, 0), subscriber.call("SUNSUBSCRIBE"));
    }

    @Test
    void unsubscribe_withNoChannels_endsEachInTheOrderMade() {
        subscriber.call("SUBSCRIBE", "a", "b");
        subscriber.call("PSUBSCRIBE", "p");
        assertEquals(confirm("unsubscribe", "a", 2) + confirm("unsubscribe", "b", 1), subscriber.call("UNSUBSCRIBE"));
        assertEquals(confirm("punsubscribe", "p", 0), subscriber.call("PUNSUBSCRIBE"));
        assertEquals(integer(0), publisher.call("PUBLISH", "a", "x"));
        assertEquals("+PONG\r\n", subscriber.call("PING"));
    }

    @Test
    void unsubscribe_sendsWhatWasPublishedBeforeItsConfirmation() {
        subscriber.call("SUBSCRIBE", "a");
        publisher.call("PUBLISH", "a", "early");
        assertEquals(message("a", "early") + confirm("unsubscribe", "a", 0), subscriber.call("UNSUBSCRIBE", "a"));
        assertEquals("", subscriber.pushed());
    }

    @Test
    void aCommand_isRepliedAfterWhatWasPublishedBeforeIt() {
        subscriber.call("SUBSCRIBE", "a");
        publisher.call("PUBLISH", "a", "first");
        assertEquals(message("a", "first") + bulks("pong", ""), subscriber.call("PING"));
    }

    @Test
    void subscribedResp2Client_mayOnlySubscribePingQuitOrReset() {
        subscriber.call("SUBSCRIBE", "a");
        assertEquals(error("ERR Can't execute 'get" + CONTEXT), subscriber.call("GET", "k"));
        assertEquals(error("ERR Can't execute 'client|list" + CONTEXT), subscriber.call("CLIENT", "LIST"));
        assertEquals(error("ERR Can't execute 'publish" + CONTEXT), subscriber.call("PUBLISH", "a", "b"));
        assertEquals(bulks("pong", ""), subscriber.call("PING"));
        assertEquals(bulks("pong", "hi"), subscriber.call("PING", "hi"));
        assertEquals(error("ERR wrong number of arguments for 'get' command"), subscriber.call("GET"));
        assertEquals(confirm("unsubscribe", "a", 0), subscriber.call("UNSUBSCRIBE"));
        assertEquals(Replies.NIL, subscriber.call("GET", "k"));
    }

    @Test
    void reset_leavesSubscribedMode() {
        subscriber.call("SUBSCRIBE", "a");
        subscriber.call("PSUBSCRIBE", "b*");
        assertEquals("+RESET\r\n", subscriber.call("RESET"));
        assertEquals("+PONG\r\n", subscriber.call("PING"));
        assertEquals(integer(0), publisher.call("PUBLISH", "a", "x"));
        assertEquals(integer(0), publisher.call("PUBSUB", "NUMPAT"));
    }

    @Test
    void resp3Client_getsPushFramesAndMayRunAnyCommand() {
        subscriber.call("HELLO", "3");
        assertEquals(push(bulk("subscribe"), bulk("a"), integer(1)), subscriber.call("SUBSCRIBE", "a"));
        assertEquals("_\r\n", subscriber.call("GET", "k"));
        assertEquals("+PONG\r\n", subscriber.call("PING"));
        publisher.call("PUBLISH", "a", "x");
        assertEquals(push(bulk("message"), bulk("a"), bulk("x")), subscriber.pushed());
        assertEquals(push(bulk("unsubscribe"), bulk("b"), integer(1)), subscriber.call("UNSUBSCRIBE", "b"));
        assertEquals(push(bulk("unsubscribe"), bulk("a"), integer(0)), subscriber.call("UNSUBSCRIBE"));
        assertEquals(push(bulk("unsubscribe"), "_\r\n", integer(0)), subscriber.call("UNSUBSCRIBE"));
    }

    @Test
    void resp3Client_publishingToItself_getsTheMessageBeforeTheReply() {
        subscriber.call("HELLO", "3");
        subscriber.call("SUBSCRIBE", "a");
        assertEquals(push(bulk("message"), bulk("a"), bulk("me")) + integer(1),
                subscriber.call("PUBLISH", "a", "me"));
    }

    @Test
    void subscribersOfBothProtocols_getTheirOwnFraming() {
        Wire.Client resp3 = wire.connect();
        resp3.call("HELLO", "3");
        resp3.call("PSUBSCRIBE", "*");
        subscriber.call("PSUBSCRIBE", "*");
        assertEquals(integer(2), publisher.call("PUBLISH", "c", "m"));
        assertEquals(bulks("pmessage", "*", "c", "m"), subscriber.pushed());
        assertEquals(push(bulk("pmessage"), bulk("*"), bulk("c"), bulk("m")), resp3.pushed());
    }

    @Test
    void shardChannels_areSeparateFromChannelsAndHaveNoPatterns() {
        subscriber.call("SSUBSCRIBE", "s");
        subscriber.call("PSUBSCRIBE", "*");
        assertEquals(integer(1), publisher.call("SPUBLISH", "s", "m"));
        assertEquals(bulks("smessage", "s", "m"), subscriber.pushed());
        assertEquals(integer(1), publisher.call("PUBLISH", "s", "m"));
        assertEquals(bulks("pmessage", "*", "s", "m"), subscriber.pushed());
        assertEquals(confirm("sunsubscribe", "s", 0), subscriber.call("SUNSUBSCRIBE"));
    }

    @Test
    void pubsubIntrospection_countsChannelsSubscribersAndPatterns() {
        subscriber.call("SUBSCRIBE", "a", "b");
        subscriber.call("PSUBSCRIBE", "x*", "y*");
        subscriber.call("SSUBSCRIBE", "s");
        Wire.Client other = wire.connect();
        other.call("SUBSCRIBE", "a");
        other.call("PSUBSCRIBE", "x*");
        assertEquals(bulks("a"), publisher.call("PUBSUB", "CHANNELS", "a*"));
        assertEquals(array(bulk("a"), integer(2), bulk("b"), integer(1), bulk("c"), integer(0)),
                publisher.call("PUBSUB", "NUMSUB", "a", "b", "c"));
        assertEquals("*0\r\n", publisher.call("PUBSUB", "NUMSUB"));
        assertEquals(integer(2), publisher.call("PUBSUB", "NUMPAT"));
        assertEquals(bulks("s"), publisher.call("PUBSUB", "SHARDCHANNELS"));
        assertEquals(array(bulk("s"), integer(1)), publisher.call("PUBSUB", "SHARDNUMSUB", "s"));
        String stats = publisher.call("INFO", "stats");
        assertTrue(stats.contains("\r\npubsub_channels:2\r\npubsub_patterns:2\r\npubsubshard_channels:1\r\n"), stats);
        other.disconnect();
        assertEquals(array(bulk("a"), integer(1)), publisher.call("PUBSUB", "NUMSUB", "a"));
    }

    @Test
    void pubsub_badSubcommandsAndArities_areRedissErrors() {
        assertEquals(error("ERR unknown subcommand 'FOO'. Try PUBSUB HELP."), publisher.call("PUBSUB", "FOO"));
        assertEquals(error("ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP."),
                publisher.call("PUBSUB", "CHANNELS", "a", "b"));
        assertEquals(error("ERR wrong number of arguments for 'pubsub|numpat' command"),
                publisher.call("PUBSUB", "NUMPAT", "x"));
        assertEquals(error("ERR wrong number of arguments for 'pubsub' command"), publisher.call("PUBSUB"));
        assertTrue(publisher.call("PUBSUB", "HELP").startsWith("*14\r\n+PUBSUB <subcommand>"));
    }

    @Test
    void clientList_showsSubscriptionsAndThePubsubFlag() {
        subscriber.call("SUBSCRIBE", "a", "b");
        subscriber.call("PSUBSCRIBE", "p");
        publisher.call("PUBLISH", "a", "12345");
        String line = publisher.call("CLIENT", "LIST", "TYPE", "pubsub");
        assertTrue(line.contains("id=1 "), line);
        assertTrue(line.contains(" flags=P db=0 sub=2 psub=1 ssub=0 "), line);
        int frame = message("a", "12345").length();
        assertTrue(line.contains(" oll=1 omem=" + frame + " "), line);
        assertFalse(publisher.call("CLIENT", "LIST", "TYPE", "normal").contains("id=1 "));
        assertEquals(error("ERR Unknown client type 'x'"), publisher.call("CLIENT", "LIST", "TYPE", "x"));
    }

    @Test
    void clientKill_byTypePubsub_closesOnlySubscribers() {
        subscriber.call("SUBSCRIBE", "a");
        assertEquals(integer(1), publisher.call("CLIENT", "KILL", "TYPE", "pubsub"));
        assertTrue(subscriber.isClosed());
        assertFalse(publisher.isClosed());
    }

    @Test
    void subscriberOverTheHardLimit_isClosedAndTheOthersKeepReceiving() {
        publisher.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1kb 0 0");
        Wire.Client reader = wire.connect();
        subscriber.call("SUBSCRIBE", "c");
        reader.call("SUBSCRIBE", "c");
        String payload = "x".repeat(100);
        int sent = 0;
        while (!subscriber.isClosed()) {
            publisher.call("PUBLISH", "c", payload);
            sent++;
            assertEquals(message("c", payload), reader.pushed());
            assertTrue(sent < 1000, "never closed");
        }
        int frame = message("c", payload).length();
        assertEquals(1024 / frame + 1, sent);
        subscriber.disconnect();
        assertEquals(integer(1), publisher.call("PUBLISH", "c", payload));
    }

    @Test
    void subscriberOverTheSoftLimit_isClosedOnlyOnceItStayedThereLongerThanTheSeconds() {
        publisher.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 200 2");
        subscriber.call("SUBSCRIBE", "c");
        String payload = "x".repeat(100);
        for (int i = 0; i < 5; i++) {
            publisher.call("PUBLISH", "c", payload);
        }
        wire.clock.advance(2000);
        publisher.call("PUBLISH", "c", payload);
        assertFalse(subscriber.isClosed());
        wire.clock.advance(1000);
        publisher.call("PUBLISH", "c", payload);
        assertTrue(subscriber.isClosed());
    }

    @Test
    void subscriberThatCatchesUpBelowTheSoftLimit_startsTheSecondsAgain() {
        publisher.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 200 2");
        subscriber.call("SUBSCRIBE", "c");
        String payload = "x".repeat(100);
        publisher.call("PUBLISH", "c", payload);
        publisher.call("PUBLISH", "c", payload);
        publisher.call("PUBLISH", "c", payload);
        wire.clock.advance(2000);
        subscriber.pushed();
        publisher.call("PUBLISH", "c", payload);
        wire.clock.advance(1000);
        publisher.call("PUBLISH", "c", payload);
        publisher.call("PUBLISH", "c", payload);
        assertFalse(subscriber.isClosed());
    }

    @Test
    void config_clientOutputBufferLimit_getsAndSetsInRedisSyntax() {
        assertEquals(bulks("client-output-buffer-limit",
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
                publisher.call("CONFIG", "GET", "client-output-buffer-limit"));
        assertEquals(OK, publisher.call("CONFIG", "SET", "client-output-buffer-limit", "Pubsub 1kb 2K 3 replica 1 2 3"));
        assertEquals(bulks("client-output-buffer-limit", "normal 0 0 0 slave 1 2 3 pubsub 1024 2000 3"),
                publisher.call("CONFIG", "GET", "client-output-buffer-limit"));
        String failed = "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - ";
        assertEquals(error(failed + "Wrong number of arguments in buffer limit configuration."),
                publisher.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1 2"));
        assertEquals(error(failed + "Invalid client class specified in buffer limit configuration."),
                publisher.call("CONFIG", "SET", "client-output-buffer-limit", "master 1 2 3"));
        assertEquals(error(failed + "Error in hard, soft or soft_seconds setting in buffer limit configuration."),
                publisher.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1.5 2 3"));
        assertEquals(error(failed + "Error in hard, soft or soft_seconds setting in buffer limit configuration."),
                publisher.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1 2 -1"));
        assertEquals(bulks("client-output-buffer-limit", "normal 0 0 0 slave 1 2 3 pubsub 1024 2000 3"),
                publisher.call("CONFIG", "GET", "client-output-buffer-limit"));
    }

    @Test
    void config_notifyKeyspaceEvents_isShownInRedisCanonicalForm() {
        assertEquals(bulks("notify-keyspace-events", ""), publisher.call("CONFIG", "GET", "notify-keyspace-events"));
        publisher.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
        assertEquals(bulks("notify-keyspace-events", "AKE"), publisher.call("CONFIG", "GET", "notify-keyspace-events"));
        publisher.call("CONFIG", "SET", "notify-keyspace-events", "gxK$m");
        assertEquals(bulks("notify-keyspace-events", "g$xKm"),
                publisher.call("CONFIG", "GET", "notify-keyspace-events"));
        assertEquals(error("ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid "
                + "event class character. Use 'Ag$lshzxeKEtmdn'."),
                publisher.call("CONFIG", "SET", "notify-keyspace-events", "Q"));
    }
}
