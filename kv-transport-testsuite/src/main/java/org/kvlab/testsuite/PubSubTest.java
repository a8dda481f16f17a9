package org.kvlab.testsuite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.kvlab.client.KvClient;
import org.kvlab.client.KvSubscriber;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Pub/sub over the transport under test: Jedis (RESP2) and Lettuce (RESP2 and RESP3) subscribers get what is
 * published, in order; kvlab's own {@link KvSubscriber} too (RESP2 and RESP3), and it subscribes again after its
 * connection is killed; 1,000 subscribers of four publishers each get all 10,000 messages, in each publisher's order;
 * and a subscriber that stops reading is closed at the {@code pubsub} class's {@code client-output-buffer-limit}
 * while the others go on receiving, its waiting output never over the limit.
 */
public abstract class PubSubTest extends HostileFixture {

    /** The subscribers of {@link #manySubscribers_getEveryMessageInEachPublishersOrder}. */
    private static final int SUBSCRIBERS = 1000;
    /** Its publishers, each on its own channel, every subscriber subscribed to all. */
    private static final int PUBLISHERS = 4;

    /**
     * Returns how many messages each of the {@link #PUBLISHERS} publishes in
     * {@link #manySubscribers_getEveryMessageInEachPublishersOrder}: 2,500 by default, 10,000 to each subscriber in
     * all, the size, which the event-loop transports serve in seconds.
     */
    protected int messagesPerPublisher() {
        return 2500;
    }

    private static final long AWAIT_SECONDS = 60;

    /** Returns a RESP2 client of the server over the transport under test. */
    private KvClient kvClient() {
        return kvClient(2);
    }

    private KvClient kvClient(int protocol) {
        return KvClient.builder().address(address).transport(transport()).protocol(protocol)
                .timeout(Duration.ofSeconds(AWAIT_SECONDS)).build();
    }

    @Test
    void kvSubscriberResp3_getsPushedMessages_andItsClientsOtherCallsStillWork() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (KvClient client = kvClient(3);
                KvSubscriber subscriber = client.subscriber((channel, message) ->
                        received.add(channel + ":" + new String(message, UTF_8)))) {
            subscriber.subscribe("c3").get(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(1, client.publish("c3", "pushed"));
            client.set("k", "v");
            assertEquals("v", client.get("k"));
            assertEquals(List.of("c3:pushed"), take(received, 1));
            assertEquals(Set.of("c3"), subscriber.subscriptions(KvSubscriber.Kind.CHANNEL));
        }
        assertResourcesRestored(false);
    }

    @Test
    void jedis_subscriberGetsEveryMessageInOrder_andItsConnectionServesCommandsAfterUnsubscribing() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                psubscribe("news.*");
            }

            @Override
            public void onPSubscribe(String pattern, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                received.add(channel + ":" + message);
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                received.add(pattern + ">" + channel + ":" + message);
                if (message.equals("last")) {
                    unsubscribe();
                    punsubscribe();
                }
            }
        };
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Jedis subscriber = jedis(); Jedis publisher = jedis()) {
            Future<?> loop = thread.submit(() -> subscriber.subscribe(listener, "news.tech"));
            assertTrue(subscribed.await(AWAIT_SECONDS, TimeUnit.SECONDS), "subscribed");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                assertEquals(2, publisher.publish("news.tech", "m" + i));
                expected.add("news.tech:m" + i);
                expected.add("news.*>news.tech:m" + i);
            }
            assertEquals(1, publisher.publish("news.sport", "last"));
            expected.add("news.*>news.sport:last");
            loop.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(expected, received);
            assertEquals("PONG", subscriber.ping());
            assertEquals("OK", subscriber.set("after", "subscribing"));
            assertEquals("subscribing", subscriber.get("after"));
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void lettuceResp2_subscriberGetsMessagesAndPmessages() throws Exception {
        lettuceSubscriberGetsMessagesAndPmessages(ProtocolVersion.RESP2);
    }

    @Test
    void lettuceResp3_subscriberGetsPushedMessagesAndPmessages() throws Exception {
        lettuceSubscriberGetsMessagesAndPmessages(ProtocolVersion.RESP3);
    }

    private void lettuceSubscriberGetsMessagesAndPmessages(ProtocolVersion protocol) throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create(address.getHostString(), address.getPort()));
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
                Jedis publisher = jedis()) {
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + ":" + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(pattern + ">" + channel + ":" + message);
                }
            });
            subscriber.sync().subscribe("a", "b");
            subscriber.sync().psubscribe("a*");
            assertEquals(2, publisher.publish("a", "1"));
            assertEquals(1, publisher.publish("b", "2"));
            assertEquals(1, publisher.publish("ab", "3"));
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(received.poll(AWAIT_SECONDS, TimeUnit.SECONDS));
            }
            assertEquals(List.of("a:1", "a*>a:1", "b:2", "a*>ab:3"), got);
            subscriber.sync().unsubscribe("a", "b");
            subscriber.sync().punsubscribe("a*");
            assertEquals(0, publisher.publish("a", "gone"));
            if (protocol == ProtocolVersion.RESP3) {
                assertEquals("PONG", subscriber.sync().ping());
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void kvSubscriber_getsEachKindOfMessage_andSubscribesAgainAfterItsConnectionIsKilled() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CountDownLatch reconnected = new CountDownLatch(1);
        KvSubscriber.Listener listener = new KvSubscriber.Listener() {
            @Override
            public void message(String channel, byte[] message) {
                received.add(channel + ":" + new String(message, UTF_8));
            }

            @Override
            public void pmessage(String pattern, String channel, byte[] message) {
                received.add(pattern + ">" + channel + ":" + new String(message, UTF_8));
            }

            @Override
            public void smessage(String shardChannel, byte[] message) {
                received.add("shard " + shardChannel + ":" + new String(message, UTF_8));
            }

            @Override
            public void reconnected() {
                reconnected.countDown();
            }
        };
        try (KvClient client = kvClient(); KvSubscriber subscriber = client.subscriber(listener)) {
            subscriber.subscribe("c").get(AWAIT_SECONDS, TimeUnit.SECONDS);
            subscriber.psubscribe("p*").get(AWAIT_SECONDS, TimeUnit.SECONDS);
            subscriber.ssubscribe("s").get(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(1, client.publish("c", "one"));
            assertEquals(1, client.publish("pq", "two"));
            assertEquals(1, client.spublish("s", "three"));
            assertEquals(List.of("c:one", "p*>pq:two", "shard s:three"), take(received, 3));

            assertEquals(1L, client.call("CLIENT", "KILL", "TYPE", "pubsub"));
            assertTrue(reconnected.await(AWAIT_SECONDS, TimeUnit.SECONDS), "reconnected");
            awaitTrue(() -> numsub(client, "NUMSUB", "c").equals("c=1")
                    && numsub(client, "SHARDNUMSUB", "s").equals("s=1")
                    && Long.valueOf(1).equals(client.call("PUBSUB", "NUMPAT")), "subscribed again to c, s and p*");
            assertEquals(List.of(), new ArrayList<>(received));
            assertEquals(1, client.publish("c", "four"));
            assertEquals(1, client.publish("pz", "five"));
            assertEquals(1, client.spublish("s", "six"));
            assertEquals(List.of("c:four", "p*>pz:five", "shard s:six"), take(received, 3));

            subscriber.unsubscribe().get(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(0, client.publish("c", "seven"));
            assertEquals(Collections.emptySet(), subscriber.subscriptions(KvSubscriber.Kind.CHANNEL));
        }
        assertResourcesRestored(false);
    }

    @Test
    void subscriberThatStopsReading_isClosedAtThePubsubLimit_whileTheOthersGetEverything() throws Exception {
        long limit = 1024 * 1024;
        String payload = "p".repeat(8 * 1024);
        AtomicLong next = new AtomicLong();
        List<String> disorder = new CopyOnWriteArrayList<>();
        try (KvClient client = kvClient();
                KvSubscriber reader = client.subscriber((channel, message) -> {
                    long expected = next.getAndIncrement();
                    String text = new String(message, UTF_8);
                    if (!text.startsWith(expected + ":")) {
                        disorder.add("expected " + expected + ", got " + text.substring(0, text.indexOf(':')));
                    }
                });
                Socket stalled = new Socket()) {
            client.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub " + limit + " 0 0");
            stalled.setReceiveBufferSize(4096);
            stalled.connect(address);
            OutputStream out = stalled.getOutputStream();
            out.write(RawClient.command("SUBSCRIBE", "feed").getBytes(UTF_8));
            out.flush();
            InputStream in = stalled.getInputStream();
            String confirmation = "*3\r\n$9\r\nsubscribe\r\n$4\r\nfeed\r\n:1\r\n";
            assertEquals(confirmation, new String(in.readNBytes(confirmation.length()), UTF_8));
            reader.subscribe("feed").get(AWAIT_SECONDS, TimeUnit.SECONDS);

            // the stalled subscriber reads nothing more: the kernel's buffers fill, then its output waits on the
            // server until the limit closes it; the reader is kept within 16 messages of the publisher
            long published = 0;
            long maxWaiting = 0;
            long frame = payload.length() + 40;
            while (client.publish("feed", published + ":" + payload) == 2) {
                published++;
                if (published % 16 == 0) {
                    long sent = published;
                    awaitTrue(() -> next.get() == sent, "the reader got message " + sent);
                    maxWaiting = Math.max(maxWaiting, outputWaiting(client, stalled.getLocalPort()));
                }
                assertTrue(published * frame < 64L * 1024 * 1024, "the stalled subscriber was never closed");
            }
            published++;
            assertTrue(maxWaiting <= limit + frame, "a stalled subscriber had " + maxWaiting + " bytes waiting");
            for (int i = 0; i < 100; i++) {
                assertEquals(1, client.publish("feed", (published++) + ":" + payload));
            }
            long all = published;
            awaitTrue(() -> next.get() == all, "the reader got all " + all + " messages");
            assertEquals(List.of(), disorder);
            assertEquals(-1, readUntilClosed(in), "the stalled subscriber's connection is closed");
        } finally {
            try (Jedis jedis = jedis()) {
                jedis.configSet("client-output-buffer-limit", "pubsub 33554432 8388608 60");
            }
        }
        assertResourcesRestored(false);
    }

    /** Returns {@code PUBSUB <subcommand> <channel>}'s reply as {@code channel=count}. */
    private static String numsub(KvClient client, String subcommand, String channel) {
        List<?> reply = (List<?>) client.call("PUBSUB", subcommand, channel);
        return new String((byte[]) reply.get(0), UTF_8) + "=" + reply.get(1);
    }

    /** Returns {@code omem} of the client whose peer port is {@code port}, 0 if it is gone. */
    private static long outputWaiting(KvClient client, int port) {
        String list = new String((byte[]) client.call("CLIENT", "LIST", "TYPE", "pubsub"), UTF_8);
        for (String line : list.split("\n")) {
            if (line.contains(":" + port + " ")) {
                int at = line.indexOf(" omem=") + 6;
                return Long.parseLong(line.substring(at, line.indexOf(' ', at)));
            }
        }
        return 0;
    }

    private static int readUntilClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            // what the kernel held before the close
        }
        return n;
    }

    @Test
    void manySubscribers_getEveryMessageInEachPublishersOrder() throws Exception {
        long[][] next = new long[SUBSCRIBERS][PUBLISHERS];
        AtomicLong delivered = new AtomicLong();
        List<String> disorder = new CopyOnWriteArrayList<>();
        List<KvSubscriber> subscribers = new ArrayList<>();
        ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
        try (KvClient client = kvClient()) {
            String[] channels = new String[PUBLISHERS];
            for (int p = 0; p < PUBLISHERS; p++) {
                channels[p] = "ch" + p;
            }
            List<java.util.concurrent.CompletableFuture<Void>> confirmed = new ArrayList<>();
            for (int s = 0; s < SUBSCRIBERS; s++) {
                long[] expected = next[s];
                int id = s;
                KvSubscriber subscriber = client.subscriber((channel, message) -> {
                    int p = channel.charAt(2) - '0';
                    long seq = Long.parseLong(new String(message, UTF_8));
                    if (seq != expected[p]) {
                        disorder.add("subscriber " + id + " on " + channel + ": expected " + expected[p] + ", got "
                                + seq);
                    }
                    expected[p] = seq + 1;
                    delivered.incrementAndGet();
                });
                subscribers.add(subscriber);
                confirmed.add(subscriber.subscribe(channels));
            }
            for (java.util.concurrent.CompletableFuture<Void> c : confirmed) {
                c.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            }
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                String channel = channels[p];
                running.add(publishers.submit(() -> {
                    // pipelined on the client's shared async connection, in order: the server reads many
                    // PUBLISHes at once and writes each subscriber their messages together
                    List<java.util.concurrent.CompletableFuture<Long>> replies = new ArrayList<>();
                    for (int m = 0; m < messagesPerPublisher(); m++) {
                        replies.add(client.async().publish(channel, Integer.toString(m)));
                    }
                    for (java.util.concurrent.CompletableFuture<Long> r : replies) {
                        assertEquals(SUBSCRIBERS, r.get(AWAIT_SECONDS, TimeUnit.SECONDS));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            }
            long all = (long) SUBSCRIBERS * PUBLISHERS * messagesPerPublisher();
            awaitTrue(() -> delivered.get() == all, "all " + all + " messages delivered");
            assertEquals(List.of(), disorder);
        } finally {
            publishers.shutdownNow();
            subscribers.forEach(KvSubscriber::close);
        }
        assertResourcesRestored(false);
    }

    private static List<String> take(BlockingQueue<String> queue, int count) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String s = queue.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
            if (s == null) {
                break;
            }
            taken.add(s);
        }
        return taken;
    }

    /** Waits up to {@link #AWAIT_SECONDS} for {@code condition}. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + AWAIT_SECONDS + " s: " + what);
            }
            ResourceBaseline.sleep(5);
        }
    }
}
