package org.kvlab.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * When a collection outgrows its compact encoding, under Redis's configuration names and defaults: a hash or sorted
 * set stays a {@code listpack} up to 128 entries of up to 64 bytes each, a set of integers an {@code intset} up to 512
 * members; past that they convert, once, to a {@code hashtable} or {@code skiplist}. {@code list-max-listpack-size}
 * bounds each node of a list's {@code quicklist}: negative values are sizes (-1 4 KB … -5 64 KB), positive ones
 * element counts. A change applies to the collections that grow afterwards.
 *
 * <p>Thread-safe: the fields are volatile, read on each use.
 */
public final class EncodingLimits {

    private static final Map<String, String> ALIASES = Map.of(
            "hash-max-ziplist-entries", "hash-max-listpack-entries",
            "hash-max-ziplist-value", "hash-max-listpack-value",
            "zset-max-ziplist-entries", "zset-max-listpack-entries",
            "zset-max-ziplist-value", "zset-max-listpack-value",
            "list-max-ziplist-size", "list-max-listpack-size");

    private volatile int hashMaxListpackEntries = 128;
    private volatile int hashMaxListpackValue = 64;
    private volatile int setMaxIntsetEntries = 512;
    private volatile int zsetMaxListpackEntries = 128;
    private volatile int zsetMaxListpackValue = 64;
    private volatile int listMaxListpackSize = -2;
    private volatile int listCompressDepth;

    /** {@code hash-max-listpack-entries}: the most fields a listpack hash holds (default 128). */
    public int hashMaxListpackEntries() {
        return hashMaxListpackEntries;
    }

    /** {@code hash-max-listpack-value}: the longest field or value, in bytes, a listpack hash holds (default 64). */
    public int hashMaxListpackValue() {
        return hashMaxListpackValue;
    }

    /** {@code set-max-intset-entries}: the most members an intset holds (default 512). */
    public int setMaxIntsetEntries() {
        return setMaxIntsetEntries;
    }

    /** {@code zset-max-listpack-entries}: the most members a listpack sorted set holds (default 128). */
    public int zsetMaxListpackEntries() {
        return zsetMaxListpackEntries;
    }

    /** {@code zset-max-listpack-value}: the longest member, in bytes, a listpack sorted set holds (default 64). */
    public int zsetMaxListpackValue() {
        return zsetMaxListpackValue;
    }

    /**
     * {@code list-max-listpack-size}: the bound of each quicklist node, -1 to -5 for 4 KB to 64 KB (default -2,
     * 8 KB), or a positive element count.
     */
    public int listMaxListpackSize() {
        return listMaxListpackSize;
    }

    /** {@code list-compress-depth}: list nodes left uncompressed at each end, 0 for none compressed (default). */
    public int listCompressDepth() {
        return listCompressDepth;
    }

    /**
     * Returns the name Redis 7 gives the setting {@code name} (lower case): {@code hash-max-listpack-entries} for its
     * alias {@code hash-max-ziplist-entries}, and so on; any other name as it is.
     */
    public static String canonicalName(String name) {
        return ALIASES.getOrDefault(name, name);
    }

    /** Returns every setting under its Redis name (aliases included), in the text {@code CONFIG GET} shows. */
    public Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hash-max-listpack-entries", Integer.toString(hashMaxListpackEntries));
        m.put("hash-max-listpack-value", Integer.toString(hashMaxListpackValue));
        m.put("set-max-intset-entries", Integer.toString(setMaxIntsetEntries));
        m.put("zset-max-listpack-entries", Integer.toString(zsetMaxListpackEntries));
        m.put("zset-max-listpack-value", Integer.toString(zsetMaxListpackValue));
        m.put("list-max-listpack-size", Integer.toString(listMaxListpackSize));
        m.put("list-compress-depth", Integer.toString(listCompressDepth));
        ALIASES.forEach((alias, name) -> m.put(alias, m.get(name)));
        return m;
    }

    /**
     * Sets the setting named {@code name} (a Redis name or alias, any case) from its {@code CONFIG SET} text.
     *
     * @return whether {@code name} is one of these settings
     * @throws IllegalArgumentException with Redis's reason if {@code value} is not valid
     */
    public boolean set(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        key = ALIASES.getOrDefault(key, key);
        switch (key) {
            case "hash-max-listpack-entries":
                hashMaxListpackEntries = bounded(value, 0, Integer.MAX_VALUE);
                return true;
            case "hash-max-listpack-value":
                hashMaxListpackValue = bounded(value, 0, Integer.MAX_VALUE);
                return true;
            case "set-max-intset-entries":
                setMaxIntsetEntries = bounded(value, 0, Integer.MAX_VALUE);
                return true;
            case "zset-max-listpack-entries":
                zsetMaxListpackEntries = bounded(value, 0, Integer.MAX_VALUE);
                return true;
            case "zset-max-listpack-value":
                zsetMaxListpackValue = bounded(value, 0, Integer.MAX_VALUE);
                return true;
            case "list-max-listpack-size":
                listMaxListpackSize = bounded(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                return true;
            case "list-compress-depth":
                listCompressDepth = bounded(value, 0, Integer.MAX_VALUE);
                return true;
            default:
                return false;
        }
    }

    private static int bounded(String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
        }
        return (int) v;
    }
}
