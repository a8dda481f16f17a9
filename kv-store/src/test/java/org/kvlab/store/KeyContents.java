package org.kvlab.store;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kvlab.api.HashEntry;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ScanResult;
import org.kvlab.api.ScoredMember;
import org.kvlab.api.SortedSetRange;

/**
 * The text form of a key's type, contents and expiry that the persistence tests compare stores, and models of
 * stores, by: {@code "<type> <contents> @<expiry>"}. Bytes read as ISO-8859-1 (one char per byte, so binary values
 * survive and {@link String} order is unsigned byte order); a hash is its fields in order, a set its members in
 * order, a list its elements as stored, a sorted set its members as the store ranks them, with their scores (a zero
 * score printed as {@code 0}, whichever its sign: a listpack keeps no {@code -0.0}, as Redis's does not).
 */
final class KeyContents {

    private KeyContents() {
    }

    static String text(byte[] bytes) {
        return new String(bytes, ISO_8859_1);
    }

    static byte[] bytes(String text) {
        return text.getBytes(ISO_8859_1);
    }

    /** Returns the text form of {@code key} in {@code db}, or {@code null} if it does not exist. */
    static String describe(Keyspace db, byte[] key) {
        String body;
        switch (db.type(key)) {
            case NONE:
                return null;
            case STRING:
                body = string(text(db.get(key)));
                break;
            case HASH: {
                Map<String, String> fields = new TreeMap<>();
                for (HashEntry e : db.hashes().entries(key)) {
                    fields.put(text(e.field()), text(e.value()));
                }
                body = hash(fields);
                break;
            }
            case LIST: {
                List<String> elements = new ArrayList<>();
                for (byte[] e : db.lists().range(key, 0, -1)) {
                    elements.add(text(e));
                }
                body = list(elements);
                break;
            }
            case SET: {
                List<String> members = new ArrayList<>();
                for (byte[] m : db.sets().members(key)) {
                    members.add(text(m));
                }
                body = set(members);
                break;
            }
            case ZSET:
                body = rankedZset(db.sortedSets().range(key, SortedSetRange.byRank(0, -1)));
                break;
            default:
                throw new AssertionError(db.type(key));
        }
        return body + " @" + db.expiryMillis(key);
    }

    /** Returns the text form of every live key of {@code db}, by key. */
    static Map<String, String> all(Keyspace db) {
        Map<String, String> out = new TreeMap<>();
        long cursor = 0;
        do {
            ScanResult page = db.scan(cursor, 1000, k -> true);
            for (byte[] key : page.keys()) {
                String described = describe(db, key);
                if (described != null) {
                    out.put(text(key), described);
                }
            }
            cursor = page.cursor();
        } while (cursor != 0);
        return out;
    }

    static String string(String value) {
        return "string " + value;
    }

    static String hash(Map<String, String> fields) {
        return "hash " + new TreeMap<>(fields);
    }

    static String list(List<String> elements) {
        return "list " + elements;
    }

    static String set(Collection<String> members) {
        return "set " + new TreeSet<>(members);
    }

    /** A sorted set given as member to score, in any order: ranked here by score, then member bytes. */
    static String zset(Map<String, Double> scores) {
        List<ScoredMember> ranked = new ArrayList<>();
        scores.forEach((member, score) -> ranked.add(new ScoredMember(bytes(member), score)));
        ranked.sort(Comparator.<ScoredMember>comparingDouble(m -> m.score() == 0 ? 0.0 : m.score())
                .thenComparing(m -> text(m.member())));
        return rankedZset(ranked);
    }

    private static String rankedZset(List<ScoredMember> ranked) {
        StringBuilder sb = new StringBuilder("zset [");
        for (ScoredMember m : ranked) {
            if (sb.length() > 6) {
                sb.append(", ");
            }
            sb.append(text(m.member())).append('=').append(m.score() == 0 ? "0" : Double.toString(m.score()));
        }
        return sb.append(']').toString();
    }

    static String withExpiry(String body, long expiry) {
        return body + " @" + expiry;
    }
}
