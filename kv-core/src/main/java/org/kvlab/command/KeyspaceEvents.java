package org.kvlab.command;

/**
 * The classes of keyspace notification {@code notify-keyspace-events} turns on, as Redis's flag letters: {@code K}
 * (publish on {@code __keyspace@<db>__:<key>}), {@code E} ({@code __keyevent@<db>__:<event>}), and the events
 * published: {@code g} generic, {@code $} string, {@code l} list, {@code s} set, {@code h} hash, {@code z} sorted
 * set, {@code x} expired, {@code e} evicted, {@code t} stream, {@code m} key miss, {@code d} module, {@code n} new key,
 * {@code A} all of {@code g$lshzxetd}. Pure functions over an {@code int} of flags.
 */
public final class KeyspaceEvents {

    static final int KEYSPACE = 1;
    static final int KEYEVENT = 1 << 1;
    static final int GENERIC = 1 << 2;
    static final int STRING = 1 << 3;
    static final int LIST = 1 << 4;
    static final int SET = 1 << 5;
    static final int HASH = 1 << 6;
    static final int ZSET = 1 << 7;
    static final int EXPIRED = 1 << 8;
    static final int EVICTED = 1 << 9;
    static final int STREAM = 1 << 10;
    static final int KEY_MISS = 1 << 11;
    static final int MODULE = 1 << 13;
    static final int NEW = 1 << 14;
    static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** The classes in the order {@link #format} writes them, each with its letter. */
    private static final int[] CLASSES = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE,
        NEW};
    private static final String CLASS_LETTERS = "g$lshzxetdn";

    private KeyspaceEvents() {
    }

    /**
     * Returns the flags {@code letters} turns on.
     *
     * @throws IllegalArgumentException with Redis's message if a letter is not one of {@code Ag$lshzxeKEtmdn}
     */
    public static int parse(String letters) {
        int flags = 0;
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            switch (c) {
                case 'A': flags |= ALL; break;
                case 'K': flags |= KEYSPACE; break;
                case 'E': flags |= KEYEVENT; break;
                case 'm': flags |= KEY_MISS; break;
                default:
                    int at = CLASS_LETTERS.indexOf(c);
                    if (at < 0) {
                        throw new IllegalArgumentException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
                    }
                    flags |= CLASSES[at];
            }
        }
        return flags;
    }

    /** Returns {@code flags} in Redis's canonical form, the one {@code CONFIG GET} shows ({@code AKE}, {@code g$xK}). */
    public static String format(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL) == ALL) {
            sb.append('A'); // as Redis, 'n' is not shown beside 'A' though it stays on
        } else {
            for (int i = 0; i < CLASSES.length; i++) {
                if ((flags & CLASSES[i]) != 0) {
                    sb.append(CLASS_LETTERS.charAt(i));
                }
            }
        }
        if ((flags & KEYSPACE) != 0) {
            sb.append('K');
        }
        if ((flags & KEYEVENT) != 0) {
            sb.append('E');
        }
        if ((flags & KEY_MISS) != 0) {
            sb.append('m');
        }
        return sb.toString();
    }
}
