package org.kvlab.command;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kvlab.spi.OutputBuffer;

/**
 * The server's subscriptions — channels, patterns and shard channels, each to the sessions subscribed — and the
 * publishing of messages to them, as Redis's {@code pubsub.c}: a message goes first to the channel's subscribers, in
 * the order they subscribed, then to the subscribers of each pattern it matches. Each message is encoded once per
 * protocol and the same bytes are queued for every subscriber ({@link Outbox}); a subscriber that is the publisher
 * itself gets the message at once, before the reply of the command that published it, as Redis orders them.
 *
 * <p>Thread-safe: publishers read immutable subscriber arrays without locking; a session changes its own
 * subscriptions on its own thread. One thread's messages to a channel reach each subscriber in the order published.
 */
final class PubSub {

    /** What a subscription is to. */
    enum Kind {
        CHANNEL("subscribe", "unsubscribe"),
        PATTERN("psubscribe", "punsubscribe"),
        SHARD("ssubscribe", "sunsubscribe");

        final byte[] subscribed;
        final byte[] unsubscribed;

        Kind(String subscribed, String unsubscribed) {
            this.subscribed = subscribed.getBytes(StandardCharsets.US_ASCII);
            this.unsubscribed = unsubscribed.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] MESSAGE = bulk("message");
    private static final byte[] PMESSAGE = bulk("pmessage");
    private static final byte[] SMESSAGE = bulk("smessage");
    private static final byte[] KEYSPACE = "__keyspace@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT = "__keyevent@".getBytes(StandardCharsets.US_ASCII);

    private final ServerContext context;
    private final Clock clock;
    /** Each thread's held {@code new} events ({@link #holdNewEvents}). */
    private final ThreadLocal<HeldNewEvents> heldNew = ThreadLocal.withInitial(HeldNewEvents::new);
    private final Map<Channel, Subscription[]> channels = new ConcurrentHashMap<>();
    private final Map<Channel, Subscription[]> shardChannels = new ConcurrentHashMap<>();
    /** The pattern subscriptions in the order first made; guarded by itself, published as {@code patterns}. */
    private final Map<Channel, Subscription[]> patternTable = new LinkedHashMap<>();
    private volatile PatternSubscribers[] patterns = new PatternSubscribers[0];

    PubSub(ServerContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    /** Returns the clock the soft output buffer limit's seconds are counted on: the store's. */
    Clock clock() {
        return clock;
    }

    /** Returns the {@code client-output-buffer-limit} in force. */
    OutputBufferLimits outputBufferLimits() {
        return context.outputBufferLimits();
    }

    /** Subscribes {@code s} to {@code name} unless it is already; called on {@code s}'s thread. */
    void subscribe(Session s, Kind kind, byte[] name) {
        Channel channel = new Channel(name);
        Map<Channel, Subscription> own = s.subscriptions(kind);
        if (own.containsKey(channel)) {
            return;
        }
        Subscription[] added = {new Subscription(s)};
        own.put(channel, added[0]);
        if (kind == Kind.PATTERN) {
            synchronized (patternTable) {
                patternTable.merge(channel, added, PubSub::concat);
                publishPatterns();
            }
        } else {
            registry(kind).merge(channel, added, PubSub::concat);
        }
        s.subscriptionsChanged();
    }

    /**
     * Unsubscribes {@code s} from {@code name} if it is subscribed; called on {@code s}'s thread. No message to
     * {@code name} is queued for {@code s} once this returns, so what its outbox holds then is all it will get from
     * the subscription: the caller drains it before it confirms, so that no message follows the confirmation.
     */
    void unsubscribe(Session s, Kind kind, byte[] name) {
        Channel channel = new Channel(name);
        Subscription subscription = s.subscriptions(kind).remove(channel);
        if (subscription == null) {
            return;
        }
        s.outbox().cancel(subscription);
        if (kind == Kind.PATTERN) {
            synchronized (patternTable) {
                patternTable.computeIfPresent(channel, (c, all) -> without(all, subscription));
                publishPatterns();
            }
        } else {
            registry(kind).computeIfPresent(channel, (c, all) -> without(all, subscription));
        }
        s.subscriptionsChanged();
    }

    /** Ends every subscription of {@code s} without telling it: it closed or was reset. */
    void unsubscribeAll(Session s) {
        for (Kind kind : Kind.values()) {
            for (Channel c : new ArrayList<>(s.subscriptions(kind).keySet())) {
                unsubscribe(s, kind, c.name);
            }
        }
    }

    private Map<Channel, Subscription[]> registry(Kind kind) {
        return kind == Kind.SHARD ? shardChannels : channels;
    }

    private void publishPatterns() {
        List<PatternSubscribers> all = new ArrayList<>(patternTable.size());
        patternTable.forEach((pattern, subscribers) -> all.add(new PatternSubscribers(pattern.name, subscribers)));
        patterns = all.toArray(new PatternSubscribers[0]);
    }

    /**
     * Publishes {@code payload} to {@code channel} ({@code PUBLISH}, or {@code SPUBLISH} if {@code shard}: shard
     * channels have no patterns).
     *
     * @param from the session publishing, which may be a subscriber itself; {@code null} for none
     * @return how many subscriptions received it
     */
    int publish(Session from, byte[] channel, byte[] payload, boolean shard) {
        int receivers = 0;
        Subscription[] subscribers = registry(shard ? Kind.SHARD : Kind.CHANNEL).get(new Channel(channel));
        if (subscribers != null) {
            Message m = new Message(shard ? SMESSAGE : MESSAGE, null, channel, payload);
            for (Subscription s : subscribers) {
                deliver(from, s, m);
            }
            receivers += subscribers.length;
        }
        if (!shard) {
            for (PatternSubscribers p : patterns) {
                if (Glob.matches(p.pattern, channel, false)) {
                    Message m = new Message(PMESSAGE, p.pattern, channel, payload);
                    for (Subscription s : p.subscribers) {
                        deliver(from, s, m);
                    }
                    receivers += p.subscribers.length;
                }
            }
        }
        return receivers;
    }

    private static void deliver(Session from, Subscription to, Message m) {
        Session s = to.session;
        byte[] frame = m.frame(s.protocol());
        if (s == from) {
            OutputBuffer out = from.writer().target();
            from.outbox().drainTo(out);
            out.write(frame);
        } else {
            s.outbox().offer(frame, to);
        }
    }

    /**
     * Publishes a keyspace event, as Redis's {@code notifyKeyspaceEvent}, if {@code notify-keyspace-events} turns its
     * class on: the event's name on {@code __keyspace@<db>__:<key>} ({@code K}), the key on
     * {@code __keyevent@<db>__:<event>} ({@code E}). Costs one volatile read when notifications are off.
     */
    void notify(Session from, KeyEvent event, byte[] key, int database) {
        int flags = context.keyspaceEvents();
        if ((flags & event.type) == 0) {
            return;
        }
        if (event != KeyEvent.NEW && (flags & KeyEvent.NEW.type) != 0) {
            heldNew.get().publish(this, key, database);
        }
        if ((flags & KeyspaceEvents.KEYSPACE) != 0) {
            publish(from, eventChannel(KEYSPACE, database, key), event.name, false);
        }
        if ((flags & KeyspaceEvents.KEYEVENT) != 0) {
            publish(from, eventChannel(KEYEVENT, database, event.name), key, false);
        }
    }

    /**
     * Starts holding the {@code new} events the store tells of on this thread, if they are published, for a command
     * whose store operation adds its keys in one step before the command publishes ({@code MSET}, {@code SMOVE}'s
     * target), where Redis adds each key, publishing its {@code new}, just before the command's own event on it. A
     * held {@code new} goes out just before its key's next event, the rest at {@link #releaseNewEvents}. Returns
     * {@code null} when there is nothing to hold.
     */
    HeldNewEvents holdNewEvents() {
        if (!notifies(KeyEvent.NEW)) {
            return null;
        }
        HeldNewEvents held = heldNew.get();
        held.depth++;
        return held;
    }

    /** Publishes what {@code held} still holds, and stops holding unless an outer hold goes on. */
    void releaseNewEvents(HeldNewEvents held) {
        held.publishAll(this);
        held.depth--;
    }

    /** Publishes the {@code new} event of {@code key}, now or, while held, as {@link #holdNewEvents} says. */
    void keyCreated(byte[] key, int database) {
        if (!notifies(KeyEvent.NEW)) {
            return;
        }
        HeldNewEvents held = heldNew.get();
        if (held.depth > 0) {
            held.keys.add(key);
            held.databases.add(database);
        } else {
            notify(null, KeyEvent.NEW, key, database);
        }
    }

    /** One thread's held {@code new} events, in the order the store added their keys. */
    static final class HeldNewEvents {
        private final List<byte[]> keys = new ArrayList<>();
        private final List<Integer> databases = new ArrayList<>();
        private int depth;

        /** Publishes the held events of {@code key} in {@code database}, if any. */
        void publish(PubSub pubsub, byte[] key, int database) {
            for (int i = 0; i < keys.size(); i++) {
                if (databases.get(i) == database && Arrays.equals(keys.get(i), key)) {
                    keys.remove(i);
                    databases.remove(i);
                    pubsub.notify(null, KeyEvent.NEW, key, database);
                    i--;
                }
            }
        }

        void publishAll(PubSub pubsub) {
            for (int i = 0; i < keys.size(); i++) {
                pubsub.notify(null, KeyEvent.NEW, keys.get(i), databases.get(i));
            }
            keys.clear();
            databases.clear();
        }
    }

    /** Returns whether {@link #notify} would publish {@code event}: for the work only an event needs. */
    boolean notifies(KeyEvent event) {
        int flags = context.keyspaceEvents();
        return (flags & event.type) != 0 && (flags & (KeyspaceEvents.KEYSPACE | KeyspaceEvents.KEYEVENT)) != 0;
    }

    private static byte[] eventChannel(byte[] prefix, int database, byte[] suffix) {
        byte[] db = Integer.toString(database).getBytes(StandardCharsets.US_ASCII);
        byte[] name = Arrays.copyOf(prefix, prefix.length + db.length + 3 + suffix.length);
        System.arraycopy(db, 0, name, prefix.length, db.length);
        int at = prefix.length + db.length;
        name[at] = '_';
        name[at + 1] = '_';
        name[at + 2] = ':';
        System.arraycopy(suffix, 0, name, at + 3, suffix.length);
        return name;
    }

    /** Returns the channels (or shard channels) with a subscriber, those matching {@code pattern} if not null. */
    List<byte[]> channels(byte[] pattern, boolean shard) {
        List<byte[]> found = new ArrayList<>();
        for (Channel c : registry(shard ? Kind.SHARD : Kind.CHANNEL).keySet()) {
            if (pattern == null || Glob.matches(pattern, c.name, false)) {
                found.add(c.name);
            }
        }
        return found;
    }

    /** Returns how many sessions subscribe to {@code channel} (or the shard channel), patterns not counted. */
    int subscribers(byte[] channel, boolean shard) {
        Subscription[] subscribers = registry(shard ? Kind.SHARD : Kind.CHANNEL).get(new Channel(channel));
        return subscribers == null ? 0 : subscribers.length;
    }

    /** Returns how many channels (or shard channels) have a subscriber ({@code INFO}'s {@code pubsub_channels}). */
    int channelCount(boolean shard) {
        return registry(shard ? Kind.SHARD : Kind.CHANNEL).size();
    }

    /** Returns how many distinct patterns have a subscriber ({@code PUBSUB NUMPAT}). */
    int patternCount() {
        return patterns.length;
    }

    private static Subscription[] concat(Subscription[] a, Subscription[] b) {
        Subscription[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Returns {@code subscribers} without {@code s}, or {@code null} (removing the entry) if none are left. */
    private static Subscription[] without(Subscription[] subscribers, Subscription s) {
        int at = Arrays.asList(subscribers).indexOf(s);
        if (at < 0) {
            return subscribers;
        }
        if (subscribers.length == 1) {
            return null;
        }
        Subscription[] rest = new Subscription[subscribers.length - 1];
        System.arraycopy(subscribers, 0, rest, 0, at);
        System.arraycopy(subscribers, at + 1, rest, at, rest.length - at);
        return rest;
    }

    private static byte[] bulk(String word) {
        return ("$" + word.length() + "\r\n" + word + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * One session's subscription to one channel, pattern or shard channel, as publishers see it. Active until
     * {@link Outbox#cancel cancelled}, which its session's outbox decides under its lock, so that an offer either
     * lands before the cancellation or is dropped.
     */
    static final class Subscription {
        final Session session;
        /** Guarded by the session's outbox. */
        boolean active = true;

        Subscription(Session session) {
            this.session = session;
        }
    }

    /** A pattern and its subscribers, as publishers see them. */
    private record PatternSubscribers(byte[] pattern, Subscription[] subscribers) {
    }

    /** One message to one channel (or one pattern), encoded once per protocol on first need. */
    private static final class Message {
        private final byte[] kind;
        private final byte[] pattern;
        private final byte[] channel;
        private final byte[] payload;
        private byte[] resp2;
        private byte[] resp3;

        Message(byte[] kind, byte[] pattern, byte[] channel, byte[] payload) {
            this.kind = kind;
            this.pattern = pattern;
            this.channel = channel;
            this.payload = payload;
        }

        byte[] frame(int protocol) {
            if (protocol == 3) {
                return resp3 != null ? resp3 : (resp3 = encode('>'));
            }
            return resp2 != null ? resp2 : (resp2 = encode('*'));
        }

        private byte[] encode(char type) {
            int size = 4 + kind.length + bulkSize(channel) + bulkSize(payload)
                    + (pattern == null ? 0 : bulkSize(pattern));
            byte[] frame = new byte[size];
            frame[0] = (byte) type;
            frame[1] = (byte) (pattern == null ? '3' : '4');
            frame[2] = '\r';
            frame[3] = '\n';
            System.arraycopy(kind, 0, frame, 4, kind.length);
            int at = 4 + kind.length;
            if (pattern != null) {
                at = bulk(frame, at, pattern);
            }
            at = bulk(frame, at, channel);
            bulk(frame, at, payload);
            return frame;
        }

        private static int bulkSize(byte[] value) {
            return 5 + digits(value.length) + value.length;
        }

        private static int bulk(byte[] frame, int at, byte[] value) {
            frame[at++] = '$';
            int digits = digits(value.length);
            for (int i = at + digits - 1, v = value.length; i >= at; i--, v /= 10) {
                frame[i] = (byte) ('0' + v % 10);
            }
            at += digits;
            frame[at++] = '\r';
            frame[at++] = '\n';
            System.arraycopy(value, 0, frame, at, value.length);
            at += value.length;
            frame[at++] = '\r';
            frame[at++] = '\n';
            return at;
        }

        private static int digits(int n) {
            int digits = 1;
            for (int v = n; v >= 10; v /= 10) {
                digits++;
            }
            return digits;
        }
    }
}
