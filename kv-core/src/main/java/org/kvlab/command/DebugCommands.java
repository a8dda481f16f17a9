package org.kvlab.command;

import static org.kvlab.command.Command.ADMIN;
import static org.kvlab.command.Command.LOADING;
import static org.kvlab.command.Command.NOSCRIPT;
import static org.kvlab.command.Command.STALE;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import org.kvlab.api.KeyFootprint;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.protocol.RespWriter;

/**
 * {@code DEBUG}: the subcommands of Redis 7.0's that kvlab has — {@code OBJECT}, {@code SLEEP}, {@code RELOAD},
 * {@code SET-ACTIVE-EXPIRE}, {@code HELP} — with its replies and errors, and kvlab's own {@code JMAP}. Redis refuses
 * {@code DEBUG} unless {@code enable-debug-command} allows it; kvlab serves it to every authenticated client.
 */
final class DebugCommands {

    private static final String[] HELP = {
        "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "JMAP",
        "    Return a summary of the JVM's heap, as jcmd GC.heap_info prints it.",
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    kvlab takes no option: it saves a snapshot and reloads it with the write log.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "HELP",
        "    Prints this help."};

    /** The longest prefix of a text that C's {@code strtod} reads as a decimal number. */
    private static final Pattern DECIMAL_PREFIX =
            Pattern.compile("^\\s*[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    /** The longest prefix of a text that C's {@code atoi} reads. */
    private static final Pattern INTEGER_PREFIX = Pattern.compile("^\\s*[+-]?\\d+");

    private final KeyValueStore store;

    DebugCommands(KeyValueStore store) {
        this.store = store;
    }

    void register(List<Command> t) {
        t.add(new Command("debug", -2, ADMIN | NOSCRIPT | LOADING | STALE, 0, 0, 0, null, this::debug));
    }

    private void debug(Session s, byte[][] a, int n, RespWriter w) {
        String sub = Args.str(a[1]).toLowerCase(Locale.ROOT);
        if (sub.equals("help") && n == 2) {
            w.arrayHeader(HELP.length);
            for (String line : HELP) {
                w.simpleString(line);
            }
        } else if (sub.equals("object") && n == 3) {
            object(s, a[2], w);
        } else if (sub.equals("sleep") && n == 3) {
            sleep(a[2]);
            w.ok();
        } else if (sub.equals("reload")) {
            reload(a, n);
            w.ok();
        } else if (sub.equals("set-active-expire") && n == 3) {
            store.activeExpiry(atoi(Args.str(a[2])) != 0);
            w.ok();
        } else if (sub.equals("jmap") && n == 2) {
            w.verbatim("txt", heapInfo());
        } else {
            throw new CommandException("ERR unknown subcommand or wrong number of arguments for '" + Args.str(a[1])
                    + "'. Try DEBUG HELP.");
        }
    }

    /**
     * {@code DEBUG OBJECT key}: Redis's line from the store's {@link KeyFootprint}; the address is the value's
     * identity hash code, {@code refcount} is 1 (kvlab shares no values between keys), {@code lru} the key's access
     * stamp.
     */
    private static void object(Session s, byte[] key, RespWriter w) {
        KeyFootprint f = s.keyspace().footprint(key);
        if (f == null) {
            throw new CommandException("ERR no such key");
        }
        w.simpleString(String.format(Locale.ROOT,
                "Value at:0x%08x refcount:1 encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d",
                f.valueIdentity(), f.encoding(), f.serializedLength(), f.accessStamp(), f.idleSeconds()));
    }

    /**
     * {@code DEBUG SLEEP seconds}: the seconds read as C's {@code strtod} reads them (text that is not a number is
     * 0). Redis stops the whole server; kvlab stops the thread serving this client, and the other clients of its
     * event loop with it.
     */
    private static void sleep(byte[] seconds) {
        Matcher m = DECIMAL_PREFIX.matcher(Args.str(seconds));
        double value = m.find() ? Double.parseDouble(m.group().trim()) : 0;
        long micros = (long) (value * 1_000_000);
        if (micros <= 0) {
            return;
        }
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code DEBUG RELOAD}: saves a snapshot and reloads the data from it and the write log
     * ({@link KeyValueStore#reload()}); a store without a data directory keeps its data as it is, as an instance
     * with nothing to save to reloads what it just saved. Redis's options are recognized and refused.
     */
    private void reload(byte[][] a, int n) {
        for (int i = 2; i < n; i++) {
            if (!Args.is(a[i], "merge") && !Args.is(a[i], "noflush") && !Args.is(a[i], "nosave")) {
                throw new CommandException("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            }
        }
        if (n > 2) {
            throw new CommandException("ERR DEBUG RELOAD options are not supported by kvlab: it reloads what it saves");
        }
        try {
            store.reload();
        } catch (KvPersistenceException e) {
            throw new CommandException("ERR Error trying to load the RDB dump: " + e.getMessage());
        }
    }

    /** Returns what C's {@code atoi} reads from {@code text}: its leading integer, 0 if none. */
    private static long atoi(String text) {
        Matcher m = INTEGER_PREFIX.matcher(text);
        if (!m.find()) {
            return 0;
        }
        try {
            return Long.parseLong(m.group().trim());
        } catch (NumberFormatException e) {
            return 1; // more digits than a long holds: not zero
        }
    }

    /** Returns the JVM's heap summary as {@code jcmd PID GC.heap_info} prints it (HotSpot's diagnostic command). */
    private static String heapInfo() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcHeapInfo",
                    new Object[] {null}, new String[] {String[].class.getName()});
            return String.valueOf(text);
        } catch (JMException | RuntimeException e) {
            throw new CommandException("ERR this JVM cannot print its heap summary: " + e);
        }
    }
}
