package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;

/**
 * {@code COMMAND INFO} and {@code COMMAND DOCS} of every command kvlab has reply as redis-server does, byte for byte,
 * in RESP2 and RESP3: summary, since, group, complexity, history, doc flags, deprecation, arguments (what
 * {@code redis-cli} builds its hints from), flags, ACL categories, tips and key specs. A container (CLIENT, CONFIG,
 * …) lists the subcommands kvlab has, each as Redis describes it; Redis lists its subcommands in its hash table's
 * order, so those are compared by name. {@code COMMAND GETKEYS} and {@code GETKEYSANDFLAGS} find the same keys (and
 * flags) as Redis in calls of every command, made of words that are keys, counts, options and subcommand names.
 */
@RequiresRedis
final class CommandDocsDifferentialTest {

    private final Differential d = Differential.shared();

    @Example
    void infoAndDocs_ofEveryCommand_areRedisOnes_inResp2AndResp3() {
        d.reset();
        try {
            for (String protocol : new String[] {"2", "3"}) {
                d.call(Differential.args("HELLO", protocol));
                for (Reply name : d.call(Differential.args("COMMAND", "LIST"))[1].elements) {
                    checkCommand(name.text().split("\r\n")[1]);
                }
                d.check("COMMAND", "INFO", "nosuch", "get|x", "GET");
                d.check("COMMAND", "DOCS", "nosuch", "Get");
                d.check("COMMAND", "HELP");
            }
        } finally {
            d.reset();
        }
    }

    /** Words a call is made of: keys, counts and positions, the options that mark keys, subcommand names. */
    private static final String[] WORDS = {"k1", "k2", "k3", "0", "1", "2", "3", "-1", "x", "STORE", "store", "GET",
        "get", "BY", "LIMIT", "KEYS", "STREAMS", "LEFT", "encoding", "usage", "freq", "SET", "INCRBY", "OVERFLOW",
        "WEIGHTS", "COUNT"};

    @Example
    void getkeys_ofCallsOfEveryCommand_findRedisKeys() {
        d.reset();
        Random random = new Random(14);
        List<String> names = new ArrayList<>();
        for (Reply name : d.call(Differential.args("COMMAND", "LIST"))[1].elements) {
            names.add(name.text().split("\r\n")[1]);
        }
        try {
            for (String protocol : new String[] {"2", "3"}) {
                d.call(Differential.args("HELLO", protocol));
                for (String name : names) {
                    for (int call = 0; call < 40; call++) {
                        String sub = call % 2 == 0 ? "GETKEYS" : "GETKEYSANDFLAGS";
                        List<String> args = new ArrayList<>(List.of("COMMAND", sub, name));
                        int length = random.nextInt(8);
                        for (int i = 0; i < length; i++) {
                            args.add(WORDS[random.nextInt(WORDS.length)]);
                        }
                        d.check(args.toArray(new String[0]));
                    }
                }
                d.check("COMMAND", "GETKEYS", "SORT", "k1", "BY", "w_*", "LIMIT", "0", "1", "STORE", "d1", "GET",
                        "#", "STORE", "d2");
                d.check("COMMAND", "GETKEYSANDFLAGS", "SORT", "k1", "STORE");
                d.check("COMMAND", "GETKEYS", "ZUNIONSTORE", "d", "3", "a", "b", "c", "WEIGHTS", "1", "2", "3");
                d.check("COMMAND", "GETKEYS", "ZUNIONSTORE", "d", "4", "a", "b", "c");
                d.check("COMMAND", "GETKEYS", "LMPOP", "2", "a", "b", "LEFT", "COUNT", "3");
                d.check("COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v", "NX", "GET");
                d.check("COMMAND", "GETKEYSANDFLAGS", "BITFIELD", "k", "GET", "u8", "0", "OVERFLOW", "SAT");
                d.check("COMMAND", "GETKEYSANDFLAGS", "BITFIELD", "k", "GET", "u8", "0", "SET", "u8", "0", "1");
                d.check("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2", "c");
                d.check("COMMAND", "GETKEYS", "OBJECT", "ENCODING", "k");
                d.check("COMMAND", "GETKEYS", "CONFIG", "GET", "x");
                d.check("COMMAND", "GETKEYS", "CONFIG", "NOSUCH", "x");
                d.check("COMMAND", "GETKEYS", "NOSUCH", "x");
                d.check("COMMAND", "GETKEYS", "GET");
                d.check("COMMAND", "GETKEYS");
            }
        } finally {
            d.reset();
        }
    }

    private void checkCommand(String name) {
        Reply[] info = d.call(Differential.args("COMMAND", "INFO", name));
        Reply redisInfo = info[0].elements.get(0);
        Reply kvlabInfo = info[1].elements.get(0);
        assertTrue(redisInfo.elements != null, name + " is not a Redis 7.0 command");
        Reply redisSubs = redisInfo.elements.get(9);
        if (redisSubs.elements.isEmpty()) {
            Differential.check(info, Differential.args("COMMAND", "INFO", name));
            d.check("COMMAND", "DOCS", name);
            return;
        }
        for (int i = 0; i < 9; i++) {
            assertEquals(redisInfo.elements.get(i).toString(), kvlabInfo.elements.get(i).toString(),
                    "COMMAND INFO " + name + " element " + i);
        }
        Map<String, Reply> redisByName = byFirstElement(redisSubs.elements);
        for (Map.Entry<String, Reply> sub : byFirstElement(kvlabInfo.elements.get(9).elements).entrySet()) {
            assertTrue(redisByName.containsKey(sub.getKey()), sub.getKey() + " in Redis's " + name);
            assertEquals(redisByName.get(sub.getKey()).toString(), sub.getValue().toString(), sub.getKey());
            d.check("COMMAND", "INFO", sub.getKey());
            d.check("COMMAND", "DOCS", sub.getKey());
        }
        Reply[] docs = d.call(Differential.args("COMMAND", "DOCS", name));
        Map<String, Reply> redisDocs = pairs(docs[0].elements.get(1).elements);
        Map<String, Reply> kvlabDocs = pairs(docs[1].elements.get(1).elements);
        assertEquals(redisDocs.keySet(), kvlabDocs.keySet(), "COMMAND DOCS " + name);
        for (String field : redisDocs.keySet()) {
            if (!field.equals("subcommands")) {
                assertEquals(redisDocs.get(field).toString(), kvlabDocs.get(field).toString(), name + " " + field);
            }
        }
        Map<String, Reply> redisSubDocs = pairs(redisDocs.get("subcommands").elements);
        for (Map.Entry<String, Reply> sub : pairs(kvlabDocs.get("subcommands").elements).entrySet()) {
            assertEquals(redisSubDocs.get(sub.getKey()).toString(), sub.getValue().toString(), sub.getKey());
        }
    }

    /** Maps each (sub)command reply by its first element, the name. */
    private static Map<String, Reply> byFirstElement(List<Reply> replies) {
        Map<String, Reply> map = new LinkedHashMap<>();
        for (Reply r : replies) {
            map.put(text(r.elements.get(0)), r);
        }
        return map;
    }

    /** Maps a map reply's (or a RESP2 flat array's) values by their keys. */
    private static Map<String, Reply> pairs(List<Reply> elements) {
        Map<String, Reply> map = new LinkedHashMap<>();
        for (int i = 0; i < elements.size(); i += 2) {
            map.put(text(elements.get(i)), elements.get(i + 1));
        }
        return map;
    }

    private static String text(Reply bulk) {
        String[] lines = bulk.text().split("\r\n");
        return lines[lines.length - 1];
    }
}
