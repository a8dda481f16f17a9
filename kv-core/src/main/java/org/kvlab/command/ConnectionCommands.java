package org.kvlab.command;

import static org.kvlab.command.Command.ALLOW_BUSY;
import static org.kvlab.command.Command.FAST;
import static org.kvlab.command.Command.LOADING;
import static org.kvlab.command.Command.NOSCRIPT;
import static org.kvlab.command.Command.NOT_QUEUED;
import static org.kvlab.command.Command.NO_AUTH;
import static org.kvlab.command.Command.STALE;
import static org.kvlab.command.Command.SUBSCRIBED_CONTEXT;
import static org.kvlab.command.Command.sub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.kvlab.api.KeyValueStore;
import org.kvlab.protocol.RespWriter;

/** The connection commands: PING, ECHO, QUIT, HELLO, AUTH, SELECT, CLIENT, RESET, and WAIT. */
final class ConnectionCommands {

    /** The Redis version kvlab reports to clients, whose features it follows. */
    static final String REDIS_VERSION = "7.0.0";

    private static final CommandException BAD_NAME =
            new CommandException("ERR Client names cannot contain spaces, newlines or special characters.");
    private static final CommandException NO_PASSWORD_SET = new CommandException("ERR AUTH <password> called without"
            + " any password configured for the default user. Are you sure your configuration is correct?");
    private static final CommandException HELLO_NOAUTH = new CommandException("NOAUTH HELLO must be called with the"
            + " client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to"
            + " authenticate the client and select the RESP protocol version at the same time");
    private static final CommandException NO_SUCH_CLIENT = new CommandException("ERR No such client");

    private static final byte[] PONG = {'p', 'o', 'n', 'g'};
    private static final byte[] EMPTY = {};

    private final KeyValueStore store;
    private final ServerContext context;
    private final Blocking blocking;
    private final Replication replication;

    ConnectionCommands(KeyValueStore store, ServerContext context, Blocking blocking, Replication replication) {
        this.store = store;
        this.context = context;
        this.blocking = blocking;
        this.replication = replication;
    }

    void register(List<Command> t) {
        t.add(new Command("ping", -1, FAST | SUBSCRIBED_CONTEXT, 0, 0, 0,
                null, this::ping));
        t.add(new Command("echo", 2, FAST | LOADING | STALE, 0, 0, 0, null,
                (s, a, n, w) -> w.bulk(a[1])));
        t.add(new Command("quit", -1, FAST | NO_AUTH | LOADING | STALE | NOSCRIPT | ALLOW_BUSY | NOT_QUEUED
                | SUBSCRIBED_CONTEXT, 0, 0, 0, null, (s, a, n, w) -> {
                    w.ok();
                    s.closeAfterReply();
                }));
        t.add(new Command("hello", -1, FAST | NO_AUTH | LOADING | STALE | NOSCRIPT | ALLOW_BUSY, 0, 0, 0, null,
                this::hello));
        t.add(new Command("auth", -2, FAST | NO_AUTH | LOADING | STALE | NOSCRIPT | ALLOW_BUSY, 0, 0, 0, null,
                this::auth));
        t.add(new Command("select", 2, FAST | LOADING | STALE, 0, 0, 0, null, this::select));
        t.add(new Command("client", -2, NOSCRIPT | LOADING | STALE, 0, 0, 0,
                new Command.Subcommand[] {sub("id", 2), sub("getname", 2), sub("setname", 3), sub("list", -2),
                    sub("info", 2), sub("kill", -3), sub("setinfo", 4), sub("unblock", -3), sub("help", 2)},
                this::client));
        t.add(new Command("reset", 1, FAST | NO_AUTH | LOADING | STALE | NOSCRIPT | ALLOW_BUSY | NOT_QUEUED
                | SUBSCRIBED_CONTEXT, 0, 0, 0, null, (s, a, n, w) -> {
                    s.multi().discard();
                    s.unsubscribeAll();
                    s.outbox().drainTo(w.target());
                    s.select(0);
                    s.protocol(2);
                    s.name(null);
                    s.authenticated(context.requirePass() == null);
                    w.simpleString("RESET");
                }));
        t.add(new Command("wait", 3, NOSCRIPT, 0, 0, 0, null, replication::waitReplicas));
    }

    private void ping(Session s, byte[][] a, int n, RespWriter w) {
        if (n > 2) {
            throw new CommandException("ERR wrong number of arguments for 'ping' command");
        }
        if (s.isSubscribed() && s.protocol() == 2) {
            w.arrayHeader(2);
            w.bulk(PONG);
            w.bulk(n == 1 ? EMPTY : a[1]);
        } else if (n == 1) {
            w.simpleString("PONG");
        } else {
            w.bulk(a[1]);
        }
    }

    private void hello(Session s, byte[][] a, int n, RespWriter w) {
        int version = 0;
        int next = 1;
        if (n >= 2) {
            long v;
            try {
                v = Args.toLong(a[1]);
            } catch (CommandException e) {
                throw new CommandException("ERR Protocol version is not an integer or out of range");
            }
            if (v < 2 || v > 3) {
                throw new CommandException("NOPROTO unsupported protocol version");
            }
            version = (int) v;
            next = 2;
        }
        byte[] user = null;
        byte[] password = null;
        String name = null;
        boolean setName = false;
        for (int j = next; j < n; j++) {
            int more = n - 1 - j;
            if (Args.is(a[j], "auth") && more >= 2) {
                user = a[j + 1];
                password = a[j + 2];
                j += 2;
            } else if (Args.is(a[j], "setname") && more >= 1) {
                name = Args.str(a[j + 1]);
                setName = true;
                j++;
            } else {
                throw new CommandException("ERR Syntax error in HELLO option '" + Args.str(a[j]) + "'");
            }
        }
        if (user != null) {
            authenticate(s, user, password);
        }
        if (!s.isAuthenticated()) {
            throw HELLO_NOAUTH;
        }
        if (setName) {
            s.name(validName(name));
        }
        if (version != 0) {
            s.protocol(version);
        }
        w.mapHeader(7);
        w.bulk("server");
        w.bulk("redis");
        w.bulk("version");
        w.bulk(REDIS_VERSION);
        w.bulk("proto");
        w.integer(s.protocol());
        w.bulk("id");
        w.integer(s.id());
        w.bulk("mode");
        w.bulk("standalone");
        w.bulk("role");
        w.bulk("master");
        w.bulk("modules");
        w.arrayHeader(0);
    }

    private void auth(Session s, byte[][] a, int n, RespWriter w) {
        if (n > 3) {
            throw CommandException.SYNTAX;
        }
        if (n == 2) {
            if (context.requirePass() == null) {
                throw NO_PASSWORD_SET;
            }
            authenticate(s, "default".getBytes(StandardCharsets.US_ASCII), a[1]);
        } else {
            authenticate(s, a[1], a[2]);
        }
        w.ok();
    }

    private void authenticate(Session s, byte[] user, byte[] password) {
        String required = context.requirePass();
        boolean ok = Args.is(user, "default") && (required == null
                || MessageDigest.isEqual(required.getBytes(StandardCharsets.UTF_8), password));
        if (!ok) {
            throw CommandException.WRONGPASS;
        }
        s.authenticated(true);
    }

    private void select(Session s, byte[][] a, int n, RespWriter w) {
        int index = Args.toInt(a[1]);
        if (index < 0 || index >= store.databaseCount()) {
            throw CommandException.DB_RANGE;
        }
        s.select(index);
        w.ok();
    }

    private void client(Session s, byte[][] a, int n, RespWriter w) {
        String sub = Args.str(a[1]).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "id":
                arity(n, 2, sub);
                w.integer(s.id());
                break;
            case "getname":
                arity(n, 2, sub);
                w.bulk(s.name());
                break;
            case "setname":
                arity(n, 3, sub);
                s.name(validName(Args.str(a[2])));
                w.ok();
                break;
            case "info":
                arity(n, 2, sub);
                w.verbatim("txt", s.describeSelf(System.currentTimeMillis(), a, n) + "\n");
                break;
            case "list":
                arity(n, -2, sub);
                clientList(s, a, n, w);
                break;
            case "kill":
                arity(n, -3, sub);
                clientKill(s, a, n, w);
                break;
            case "setinfo":
                arity(n, 4, sub);
                setInfo(s, a, w);
                break;
            case "unblock":
                arity(n, -3, sub);
                clientUnblock(a, n, w);
                break;
            case "help":
                arity(n, 2, sub);
                String[] lines = {"CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "GETNAME", "    Return the name of the current connection.",
                    "ID", "    Return the ID of the current connection.",
                    "INFO", "    Return information about the current client connection.",
                    "KILL <ip:port>", "    Kill connection made from <ip:port>.",
                    "KILL <option> <value> [<option> <value> [...]]", "    Kill connections. Options are:",
                    "    * ADDR (<ip:port>|<unixsocket>:0)", "    * LADDR (<ip:port>|<unixsocket>:0)",
                    "    * ID <client-id>", "    * SKIPME (YES|NO)",
                    "LIST [options ...]", "    Return information about client connections. Options:",
                    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)", "    * ID <client-id> [<client-id> ...]",
                    "SETINFO <option> <value>", "    Set client meta attributes: LIB-NAME or LIB-VER.",
                    "SETNAME <name>", "    Assign the name <name> to the current connection.",
                    "UNBLOCK <clientid> [TIMEOUT|ERROR]", "    Unblock the specified blocked client.",
                    "HELP", "    Print this help."};
                w.arrayHeader(lines.length);
                for (String line : lines) {
                    w.simpleString(line);
                }
                break;
            default:
                throw new CommandException("ERR unknown subcommand '" + Args.str(a[1]) + "'. Try CLIENT HELP.");
        }
    }

    /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 if the client was blocked, and it then replies on its own thread. */
    private void clientUnblock(byte[][] a, int n, RespWriter w) {
        if (n > 4) {
            throw new CommandException("ERR unknown subcommand or wrong number of arguments for '" + Args.str(a[1])
                    + "'. Try CLIENT HELP.");
        }
        boolean error = false;
        if (n == 4) {
            if (Args.is(a[3], "error")) {
                error = true;
            } else if (!Args.is(a[3], "timeout")) {
                throw new CommandException("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        long id = Args.toLong(a[2]);
        for (Session target : context.sessions()) {
            if (target.id() == id) {
                w.integer(blocking.unblock(target, error) ? 1 : 0);
                return;
            }
        }
        w.integer(0);
    }

    private static void arity(int n, int arity, String sub) {
        if (arity >= 0 ? n != arity : n < -arity) {
            throw new CommandException("ERR wrong number of arguments for 'client|" + sub + "' command");
        }
    }

    private static String validName(String name) {
        if (name.isEmpty()) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '!' || c > '~') {
                throw BAD_NAME;
            }
        }
        return name;
    }

    private void setInfo(Session s, byte[][] a, RespWriter w) {
        String attribute = Args.str(a[2]).toLowerCase(Locale.ROOT);
        String value = Args.str(a[3]);
        if (!attribute.equals("lib-name") && !attribute.equals("lib-ver")) {
            throw new CommandException("ERR Unrecognized option '" + Args.str(a[2]) + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '!' || c > '~') {
                throw new CommandException("ERR " + attribute
                        + " cannot contain spaces, newlines or special characters.");
            }
        }
        if (attribute.equals("lib-name")) {
            s.library(value, null);
        } else {
            s.library(null, value);
        }
        w.ok();
    }

    private List<Session> sortedSessions() {
        List<Session> all = new ArrayList<>(context.sessions());
        all.sort(Comparator.comparingLong(Session::id));
        return all;
    }

    /**
     * Returns the class {@code CLIENT LIST TYPE} and {@code CLIENT KILL TYPE} name, or {@code null} for
     * {@code master}: a replica's link to its primary, which is no client session ({@link Replication}).
     */
    private static OutputBufferLimits.ClientClass clientType(String name) {
        if (name.equalsIgnoreCase("master")) {
            return null;
        }
        OutputBufferLimits.ClientClass c = OutputBufferLimits.classNamed(name);
        if (c == null) {
            throw new CommandException("ERR Unknown client type '" + name + "'");
        }
        return c;
    }

    private void clientList(Session self, byte[][] a, int n, RespWriter w) {
        List<Long> ids = null;
        OutputBufferLimits.ClientClass type = null;
        boolean master = false;
        for (int i = 2; i < n; i++) {
            if (Args.is(a[i], "type") && i + 1 < n) {
                type = clientType(Args.str(a[++i]));
                master = type == null;
            } else if (Args.is(a[i], "id") && i + 1 < n) {
                ids = new ArrayList<>();
                for (i++; i < n; i++) {
                    long id;
                    try {
                        id = Args.toLong(a[i]);
                    } catch (CommandException e) {
                        throw new CommandException("ERR Invalid client ID");
                    }
                    if (id <= 0) {
                        throw new CommandException("ERR Invalid client ID");
                    }
                    ids.add(id);
                }
            } else {
                throw CommandException.SYNTAX;
            }
        }
        long now = System.currentTimeMillis();
        StringBuilder sb = new StringBuilder();
        for (Session c : sortedSessions()) {
            if (!master && (ids == null || ids.contains(c.id())) && (type == null || c.clientClass() == type)) {
                sb.append(c == self ? c.describeSelf(now, a, n) : c.describe(now)).append('\n');
            }
        }
        w.verbatim("txt", sb.toString());
    }

    private void clientKill(Session self, byte[][] a, int n, RespWriter w) {
        if (n == 3) {
            String addr = Args.str(a[2]);
            for (Session c : sortedSessions()) {
                if (Session.address(c.connection().remoteAddress()).equals(addr)) {
                    kill(self, c);
                    w.ok();
                    return;
                }
            }
            throw NO_SUCH_CLIENT;
        }
        long id = -1;
        String addr = null;
        String laddr = null;
        boolean skipMe = true;
        OutputBufferLimits.ClientClass type = null;
        boolean master = false;
        for (int i = 2; i < n; i += 2) {
            if (i + 1 >= n) {
                throw CommandException.SYNTAX;
            }
            byte[] option = a[i];
            String value = Args.str(a[i + 1]);
            if (Args.is(option, "id")) {
                try {
                    id = Args.toLong(a[i + 1]);
                } catch (CommandException e) {
                    id = 0;
                }
                if (id <= 0) {
                    throw new CommandException("ERR client-id should be greater than 0");
                }
            } else if (Args.is(option, "addr")) {
                addr = value;
            } else if (Args.is(option, "laddr")) {
                laddr = value;
            } else if (Args.is(option, "skipme")) {
                if (value.equalsIgnoreCase("yes")) {
                    skipMe = true;
                } else if (value.equalsIgnoreCase("no")) {
                    skipMe = false;
                } else {
                    throw CommandException.SYNTAX;
                }
            } else if (Args.is(option, "type")) {
                type = clientType(value);
                master = type == null;
            } else if (Args.is(option, "user")) {
                if (!value.equals("default")) {
                    throw new CommandException("ERR No such user '" + value + "'");
                }
            } else {
                throw CommandException.SYNTAX;
            }
        }
        long killed = master ? replication.killPrimaryLink() : 0;
        for (Session c : sortedSessions()) {
            if (master || (id != -1 && c.id() != id)
                    || (addr != null && !Session.address(c.connection().remoteAddress()).equals(addr))
                    || (laddr != null && !Session.address(c.connection().localAddress()).equals(laddr))
                    || (type != null && c.clientClass() != type)
                    || (skipMe && c == self)) {
                continue;
            }
            kill(self, c);
            killed++;
        }
        w.integer(killed);
    }

    private static void kill(Session self, Session victim) {
        if (victim == self) {
            self.closeAfterReply();
        } else {
            victim.kill();
        }
    }
}
