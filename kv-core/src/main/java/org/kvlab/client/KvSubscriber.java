package org.kvlab.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.kvlab.api.KvException;
import org.kvlab.spi.OutputBuffer;

/**
 * A pub/sub subscriber on a connection of its own, made by {@link KvClient#subscriber(Listener)}: subscribe to
 * channels, patterns and shard channels, and its {@link Listener} is told of each message. Thread-safe.
 *
 * <pre>{@code
 * try (KvSubscriber subscriber = client.subscriber((channel, message) ->
 *         System.out.println(channel + ": " + new String(message, UTF_8)))) {
 *     subscriber.subscribe("news").join();   // confirmed: messages published from now on arrive
 *     client.publish("news", "hello");
 * }
 * }</pre>
 *
 * <p>Each call sends one command and returns a future that completes once the server confirmed every name in it and
 * the listener heard each confirmation (fails with {@link KvServerException} if the server refused the command;
 * while reconnecting, a call fails at once with {@link KvConnectionException}, and what it asked for is done by the
 * reconnect). The listener is called on the
 * transport's read thread, one call at a time, in the order the server sent: a message published after a
 * subscription was confirmed arrives after the confirmation, and one publisher's messages to a channel arrive in the
 * order published. It must not block that thread.
 *
 * <p>Reconnects: if the connection is lost, the listener is told ({@link Listener#disconnected}), the futures of
 * unconfirmed calls fail with {@link KvConnectionException}, and the subscriber reconnects (after 100 ms, doubling
 * up to 5 s between attempts) and subscribes again to everything it was subscribed to, or asked to be, before
 * ({@link Listener#reconnected}). Messages published while it was disconnected are lost, as with Redis.
 * {@link #close()} ends it.
 */
public final class KvSubscriber implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KvSubscriber.class.getName());
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long LAST_RETRY_MILLIS = 5000;

    /** What a subscription is to. */
    public enum Kind {
        /** A channel: {@code SUBSCRIBE}, messages of type {@code message}. */
        CHANNEL("SUBSCRIBE", "UNSUBSCRIBE"),
        /** A glob-style pattern of channel names: {@code PSUBSCRIBE}, messages of type {@code pmessage}. */
        PATTERN("PSUBSCRIBE", "PUNSUBSCRIBE"),
        /** A shard channel: {@code SSUBSCRIBE}, messages of type {@code smessage}. */
        SHARD("SSUBSCRIBE", "SUNSUBSCRIBE");

        private final String subscribe;
        private final String unsubscribe;

        Kind(String subscribe, String unsubscribe) {
            this.subscribe = subscribe;
            this.unsubscribe = unsubscribe;
        }
    }

    /**
     * Told of what a {@link KvSubscriber} receives, on the transport's read thread, one call at a time. Only
     * {@link #message} must be implemented. Names are decoded as UTF-8; payloads are the bytes published.
     */
    @FunctionalInterface
    public interface Listener {

        /** A message published to a channel this subscriber subscribed to. */
        void message(String channel, byte[] message);

        /** A message published to {@code channel}, which matches a pattern this subscriber subscribed to. */
        default void pmessage(String pattern, String channel, byte[] message) {
        }

        /** A message published to a shard channel this subscriber subscribed to. */
        default void smessage(String shardChannel, byte[] message) {
        }

        /**
         * The server confirmed a subscription; {@code count} is the subscriber's channels and patterns (shard
         * channels for {@link Kind#SHARD}) after it.
         */
        default void subscribed(Kind kind, String name, long count) {
        }

        /** The server confirmed an unsubscription; {@code count} as for {@link #subscribed}. */
        default void unsubscribed(Kind kind, String name, long count) {
        }

        /** The connection was lost; the subscriber is reconnecting. */
        default void disconnected(Throwable cause) {
        }

        /** The subscriber reconnected and asked again for every subscription it had. */
        default void reconnected() {
        }
    }

    private final KvClient client;
    private final Listener listener;
    /**
     * Guards everything below but {@code awaiting}, and is held while a command is written, so that commands go out
     * in the order their confirmations are awaited.
     */
    private final Object lock = new Object();
    /** The subscriptions asked for and not ended, by kind, in the order asked: what a reconnect restores. */
    private final Map<Kind, Set<String>> wanted = new EnumMap<>(Kind.class);
    /**
     * The commands sent whose confirmations have not all arrived, oldest first; guarded by itself, never held while
     * waiting, so that the read thread never waits behind a writer.
     */
    private final ArrayDeque<Sent> awaiting = new ArrayDeque<>();
    private RespConnection connection;
    private boolean closed;

    KvSubscriber(KvClient client, Listener listener) {
        this.client = client;
        this.listener = Objects.requireNonNull(listener, "listener");
        for (Kind kind : Kind.values()) {
            wanted.put(kind, new LinkedHashSet<>());
        }
        adopt(client.openSubscriber(new Frames()));
    }

    /** Makes {@code c}, just opened, the subscriber's connection; the lock must not be held. */
    private boolean adopt(RespConnection c) {
        Frames frames = (Frames) c.unsolicited();
        synchronized (lock) {
            if (closed) {
                c.close();
                client.forget(c);
                return false;
            }
            connection = c;
            frames.owner = c;
        }
        if (!c.isUsable()) {
            lost(c, null); // it closed before it was adopted: its onClosed found no owner
        }
        return true;
    }

    /** The connection {@code c} was lost: fails what awaits it and reconnects, once per connection. */
    private void lost(RespConnection c, Throwable cause) {
        if (client.isClosed()) {
            close();
            return;
        }
        synchronized (lock) {
            if (closed || connection != c) {
                return;
            }
            connection = null;
        }
        failAwaiting(new KvConnectionException("the subscriber's connection was lost", cause));
        listener.disconnected(cause);
        reconnectLater(FIRST_RETRY_MILLIS);
    }

    /** {@code SUBSCRIBE}: completes once every channel is confirmed. */
    public CompletableFuture<Void> subscribe(String... channels) {
        return send(Kind.CHANNEL, true, channels);
    }

    /** {@code PSUBSCRIBE}: completes once every pattern is confirmed. */
    public CompletableFuture<Void> psubscribe(String... patterns) {
        return send(Kind.PATTERN, true, patterns);
    }

    /** {@code SSUBSCRIBE}: completes once every shard channel is confirmed. */
    public CompletableFuture<Void> ssubscribe(String... shardChannels) {
        return send(Kind.SHARD, true, shardChannels);
    }

    /** {@code UNSUBSCRIBE} from the channels named, or from every channel if none are. */
    public CompletableFuture<Void> unsubscribe(String... channels) {
        return send(Kind.CHANNEL, false, channels);
    }

    /** {@code PUNSUBSCRIBE} from the patterns named, or from every pattern if none are. */
    public CompletableFuture<Void> punsubscribe(String... patterns) {
        return send(Kind.PATTERN, false, patterns);
    }

    /** {@code SUNSUBSCRIBE} from the shard channels named, or from every shard channel if none are. */
    public CompletableFuture<Void> sunsubscribe(String... shardChannels) {
        return send(Kind.SHARD, false, shardChannels);
    }

    /** Returns the names of {@code kind} subscribed to or asked for, in the order asked. */
    public Set<String> subscriptions(Kind kind) {
        synchronized (lock) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(wanted.get(kind)));
        }
    }

    /** Returns whether the subscriber's connection is up (it is reconnecting otherwise, or closed). */
    public boolean isConnected() {
        synchronized (lock) {
            return connection != null && connection.isUsable();
        }
    }

    /** Closes the connection and stops reconnecting; unconfirmed futures fail. Idempotent. */
    @Override
    public void close() {
        RespConnection c;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            c = connection;
            connection = null;
        }
        if (c != null) {
            c.close();
            client.forget(c);
        }
        failAwaiting(new KvConnectionException("the subscriber is closed", null));
    }

    /**
     * Sends one (un)subscribe command. Unsubscribing from every name of a kind names them, so that the confirmations
     * to wait for are known; with none subscribed it completes at once.
     *
     * @throws NullPointerException if a name is {@code null}
     * @throws IllegalArgumentException if subscribing to no name
     */
    private CompletableFuture<Void> send(Kind kind, boolean subscribe, String[] names) {
        for (String name : names) {
            Objects.requireNonNull(name, "name");
        }
        if (subscribe && names.length == 0) {
            throw new IllegalArgumentException("names: empty (expected: at least one to subscribe to)");
        }
        Sent sent = new Sent();
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new KvConnectionException("the subscriber is closed", null));
            }
            Set<String> set = wanted.get(kind);
            List<String> named = names.length == 0 ? new ArrayList<>(set) : Arrays.asList(names);
            if (named.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (subscribe) {
                set.addAll(named);
            } else {
                named.forEach(set::remove);
            }
            if (connection == null || !connection.isUsable()) {
                // the reconnect restores what is wanted; there is nothing to confirm on this connection
                return CompletableFuture.failedFuture(new KvConnectionException("the subscriber is reconnecting",
                        null));
            }
            sent.remaining = named.size();
            synchronized (awaiting) {
                awaiting.addLast(sent);
            }
            write(connection, subscribe ? kind.subscribe : kind.unsubscribe, named);
        }
        return sent;
    }

    /** Sends one command of {@code names}; the caller holds the lock and has queued what confirms it. */
    private static void write(RespConnection c, String command, List<String> names) {
        Object[] args = new Object[names.size() + 1];
        args[0] = command;
        for (int i = 0; i < names.size(); i++) {
            args[i + 1] = names.get(i);
        }
        OutputBuffer encoded = new OutputBuffer();
        RequestEncoder.encode(encoded, args);
        c.sendEncoded(encoded.array(), encoded.size(), List.of());
    }

    private void failAwaiting(KvException e) {
        List<Sent> failed;
        synchronized (awaiting) {
            failed = new ArrayList<>(awaiting);
            awaiting.clear();
        }
        for (Sent s : failed) {
            s.completeExceptionally(e);
        }
    }

    private void reconnectLater(long delayMillis) {
        CompletableFuture.runAsync(() -> reconnect(delayMillis),
                CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
    }

    private void reconnect(long delayMillis) {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        RespConnection fresh;
        try {
            fresh = client.openSubscriber(new Frames());
        } catch (KvException e) {
            if (client.isClosed()) {
                close();
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "subscriber reconnect failed, retrying: " + e.getMessage());
            reconnectLater(Math.min(LAST_RETRY_MILLIS, delayMillis * 2));
            return;
        }
        if (!adopt(fresh)) {
            return;
        }
        synchronized (lock) {
            if (connection != fresh) {
                return; // lost again already; another reconnect is scheduled
            }
            for (Kind kind : Kind.values()) {
                Set<String> names = wanted.get(kind);
                if (!names.isEmpty()) {
                    Sent sent = new Sent();
                    sent.remaining = names.size();
                    synchronized (awaiting) {
                        awaiting.addLast(sent);
                    }
                    write(fresh, kind.subscribe, new ArrayList<>(names));
                }
            }
        }
        listener.reconnected();
    }

    private static String text(Object element) {
        return element instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
    }

    /** A command sent, and how many of its confirmations are still to come; completes with the last. */
    private static final class Sent extends CompletableFuture<Void> {
        /** Guarded by the subscriber's {@code awaiting}. */
        int remaining;
    }

    /** What one connection of this subscriber receives unasked: pub/sub frames, errors, its loss. */
    private final class Frames implements RespConnection.Unsolicited {
        /** The connection, once adopted; guarded by the subscriber's lock. */
        private RespConnection owner;

        @Override
        public void onFrame(Object frame) {
            if (frame instanceof KvServerException e) {
                Sent head;
                synchronized (awaiting) {
                    head = awaiting.pollFirst();
                }
                if (head != null) {
                    head.completeExceptionally(new KvServerException(e));
                }
                return;
            }
            if (!(frame instanceof List<?> items) || items.isEmpty() || !(items.get(0) instanceof byte[])) {
                LOG.log(System.Logger.Level.DEBUG, () -> "subscriber dropped an unexpected reply: " + frame);
                return;
            }
            String type = text(items.get(0));
            switch (type) {
                case "message" -> listener.message(text(items.get(1)), (byte[]) items.get(2));
                case "pmessage" -> listener.pmessage(text(items.get(1)), text(items.get(2)), (byte[]) items.get(3));
                case "smessage" -> listener.smessage(text(items.get(1)), (byte[]) items.get(2));
                case "subscribe" -> confirmed(Kind.CHANNEL, true, items);
                case "psubscribe" -> confirmed(Kind.PATTERN, true, items);
                case "ssubscribe" -> confirmed(Kind.SHARD, true, items);
                case "unsubscribe" -> confirmed(Kind.CHANNEL, false, items);
                case "punsubscribe" -> confirmed(Kind.PATTERN, false, items);
                case "sunsubscribe" -> confirmed(Kind.SHARD, false, items);
                default -> LOG.log(System.Logger.Level.DEBUG, () -> "subscriber dropped an unexpected frame: "
                        + type);
            }
        }

        private void confirmed(Kind kind, boolean subscribed, List<?> items) {
            Sent done = null;
            synchronized (awaiting) {
                Sent head = awaiting.peekFirst();
                if (head != null && --head.remaining == 0) {
                    done = awaiting.pollFirst();
                }
            }
            long count = (Long) items.get(2);
            if (subscribed) {
                listener.subscribed(kind, text(items.get(1)), count);
            } else {
                listener.unsubscribed(kind, text(items.get(1)), count);
            }
            if (done != null) {
                done.complete(null); // after the listener heard the command's last confirmation
            }
        }

        @Override
        public void onClosed(Throwable cause) {
            RespConnection c;
            synchronized (lock) {
                c = owner;
            }
            if (c != null) {
                lost(c, cause);
            }
        }
    }
}
