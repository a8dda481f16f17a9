package org.kvlab.command;

import static org.kvlab.command.Command.FAST;
import static org.kvlab.command.Command.LOADING;
import static org.kvlab.command.Command.NOSCRIPT;
import static org.kvlab.command.Command.PUBSUB;
import static org.kvlab.command.Command.STALE;
import static org.kvlab.command.Command.SUBSCRIBED_CONTEXT;
import static org.kvlab.command.Command.sub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kvlab.protocol.RespWriter;

/**
 * The pub/sub commands, as Redis's {@code pubsub.c}: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE SSUBSCRIBE
 * SUNSUBSCRIBE PUBLISH SPUBLISH PUBSUB. Each (un)subscription is confirmed by a push of its own
 * ({@code subscribe <channel> <count>}); the count is the client's channels and patterns, or its shard channels
 * for the shard commands.
 */
final class PubSubCommands {

    private static final String[] PUBSUB_HELP = {
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        "HELP",
        "    Prints this help."};

    private final PubSub pubsub;

    PubSubCommands(PubSub pubsub) {
        this.pubsub = pubsub;
    }

    void register(List<Command> t) {
        int subscribing = PUBSUB | NOSCRIPT | LOADING | STALE | SUBSCRIBED_CONTEXT;
        t.add(new Command("subscribe", -2, subscribing, 0, 0, 0, null,
                (s, a, n, w) -> subscribe(s, PubSub.Kind.CHANNEL, a, n, w)));
        t.add(new Command("unsubscribe", -1, subscribing, 0, 0, 0, null,
                (s, a, n, w) -> unsubscribe(s, PubSub.Kind.CHANNEL, a, n, w)));
        t.add(new Command("psubscribe", -2, subscribing, 0, 0, 0, null,
                (s, a, n, w) -> subscribe(s, PubSub.Kind.PATTERN, a, n, w)));
        t.add(new Command("punsubscribe", -1, subscribing, 0, 0, 0, null,
                (s, a, n, w) -> unsubscribe(s, PubSub.Kind.PATTERN, a, n, w)));
        t.add(new Command("ssubscribe", -2, subscribing, 1, -1, 1, null,
                (s, a, n, w) -> subscribe(s, PubSub.Kind.SHARD, a, n, w)));
        t.add(new Command("sunsubscribe", -1, subscribing, 1, -1, 1, null,
                (s, a, n, w) -> unsubscribe(s, PubSub.Kind.SHARD, a, n, w)));
        t.add(new Command("publish", 3, PUBSUB | LOADING | STALE | FAST, 0, 0, 0, null,
                (s, a, n, w) -> w.integer(pubsub.publish(s, a[1], a[2], false))));
        t.add(new Command("spublish", 3, PUBSUB | LOADING | STALE | FAST, 1, 1, 1, null,
                (s, a, n, w) -> w.integer(pubsub.publish(s, a[1], a[2], true))));
        t.add(new Command("pubsub", -2, 0, 0, 0, 0,
                new Command.Subcommand[] {sub("channels", -2), sub("help", 2), sub("numpat", 2), sub("numsub", -2),
                    sub("shardchannels", -2), sub("shardnumsub", -2)},
                this::pubsubCommand));
    }

    private void subscribe(Session s, PubSub.Kind kind, byte[][] a, int n, RespWriter w) {
        for (int i = 1; i < n; i++) {
            pubsub.subscribe(s, kind, a[i]);
            confirm(s, kind, kind.subscribed, a[i], w);
        }
    }

    private void unsubscribe(Session s, PubSub.Kind kind, byte[][] a, int n, RespWriter w) {
        if (n > 1) {
            for (int i = 1; i < n; i++) {
                unsubscribeAndConfirm(s, kind, a[i], w);
            }
            return;
        }
        List<Channel> all = new ArrayList<>(s.subscriptions(kind).keySet());
        for (Channel c : all) {
            unsubscribeAndConfirm(s, kind, c.name, w);
        }
        if (all.isEmpty()) {
            confirm(s, kind, kind.unsubscribed, null, w);
        }
    }

    /** Unsubscribes, then sends what was published to the client before, then the confirmation. */
    private void unsubscribeAndConfirm(Session s, PubSub.Kind kind, byte[] name, RespWriter w) {
        pubsub.unsubscribe(s, kind, name);
        s.outbox().drainTo(w.target());
        confirm(s, kind, kind.unsubscribed, name, w);
    }

    private static void confirm(Session s, PubSub.Kind kind, byte[] what, byte[] name, RespWriter w) {
        w.pushHeader(3);
        w.bulk(what);
        w.bulk(name);
        w.integer(kind == PubSub.Kind.SHARD ? s.subscriptions(kind).size()
                : s.subscriptions(PubSub.Kind.CHANNEL).size() + s.subscriptions(PubSub.Kind.PATTERN).size());
    }

    private void pubsubCommand(Session s, byte[][] a, int n, RespWriter w) {
        String sub = Args.str(a[1]).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "help":
                arity(n, 2, sub);
                w.arrayHeader(PUBSUB_HELP.length);
                for (String line : PUBSUB_HELP) {
                    w.simpleString(line);
                }
                break;
            case "channels": case "shardchannels": {
                if (n > 3) {
                    throw new CommandException("ERR unknown subcommand or wrong number of arguments for '"
                            + Args.str(a[1]) + "'. Try PUBSUB HELP.");
                }
                List<byte[]> channels = pubsub.channels(n == 3 ? a[2] : null, sub.equals("shardchannels"));
                w.arrayHeader(channels.size());
                for (byte[] c : channels) {
                    w.bulk(c);
                }
                break;
            }
            case "numsub": case "shardnumsub":
                w.arrayHeader(2 * (n - 2));
                for (int i = 2; i < n; i++) {
                    w.bulk(a[i]);
                    w.integer(pubsub.subscribers(a[i], sub.equals("shardnumsub")));
                }
                break;
            case "numpat":
                arity(n, 2, sub);
                w.integer(pubsub.patternCount());
                break;
            default:
                throw new CommandException("ERR unknown subcommand '" + Args.str(a[1]) + "'. Try PUBSUB HELP.");
        }
    }

    private static void arity(int n, int arity, String sub) {
        if (n != arity) {
            throw new CommandException("ERR wrong number of arguments for 'pubsub|" + sub + "' command");
        }
    }
}
