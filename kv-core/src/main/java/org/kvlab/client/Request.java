package org.kvlab.client;

/**
 * One command ready to run, with the decoder of its reply: what the typed request factories ({@link HashRequests},
 * {@link ListRequests}, {@link SetRequests}, {@link SortedSetRequests}, {@link BitmapRequests}) build, and what
 * every way of calling runs — {@link KvClient#execute(Request)} synchronously, {@link AsyncCommands#execute(Request)}
 * on {@link KvClient#async()}, a {@link Pipeline} or a {@link KvConnection}. So each command is written once, and
 * the same request can be sent many times.
 *
 * <pre>{@code
 * import static org.kvlab.client.HashRequests.*;
 *
 * long added = client.execute(hset("user:1", "name", "Ada"));
 * CompletableFuture<Map<String, String>> all = client.async().execute(hgetAll("user:1"));
 * }</pre>
 *
 * <p>Immutable if the {@code byte[]} arguments it was built from are not changed afterwards: they are not copied.
 *
 * @param <T> what the reply becomes
 */
public final class Request<T> {

    private final Object[] args;
    private final Decoder<T> decoder;

    /**
     * Checks {@code args}: {@code String}s and {@code byte[]}s, none {@code null}.
     *
     * @throws NullPointerException if an argument is {@code null}
     */
    Request(Decoder<T> decoder, Object[] args) {
        RequestEncoder.check(args);
        this.args = args;
        this.decoder = decoder;
    }

    /** Builds a request from {@code args}. */
    Request(Decoder<T> decoder, ArgList args) {
        this(decoder, args.toArray());
    }

    /** Returns the arguments sent, the command name first. */
    Object[] args() {
        return args;
    }

    /** Returns the decoder of the reply. */
    Decoder<T> decoder() {
        return decoder;
    }

    /** Returns the command's name, e.g. {@code "HSET"}. */
    public String name() {
        return (String) args[0];
    }

    /** Returns the command as sent, arguments separated by spaces, {@code byte[]}s as UTF-8; for messages. */
    @Override
    public String toString() {
        ArgList list = new ArgList(args.length);
        for (Object arg : args) {
            list.add(arg);
        }
        return list.toString();
    }
}
