package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.integer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random command sequences get the replies a plain map of strings predicts. */
final class ModelPropertyTest {

    private static final String[] NAMES = {"SET", "GET", "DEL", "INCR", "APPEND", "EXISTS", "MSET", "MGET",
        "GETDEL", "STRLEN", "SETNX", "GETSET", "DECRBY"};

    @Property(tries = 200)
    void randomCommands_matchAModelMap(@ForAll("commands") List<List<String>> commands) {
        try (Wire wire = new Wire()) {
            Wire.Client c = wire.connect();
            Map<String, String> model = new HashMap<>();
            for (List<String> command : commands) {
                String expected = apply(model, command);
                assertEquals(expected, c.call(command.toArray(new String[0])), command.toString());
            }
        }
    }

    @Provide
    Arbitrary<List<List<String>>> commands() {
        Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "key:1", "ключ");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.longs().between(-1000, 1000).map(v -> Long.toString(v)),
                Arbitraries.of("", "abc", "01", " 1", "9223372036854775807", "-9223372036854775808", "1.5"),
                Arbitraries.strings().ofMaxLength(8));
        Arbitrary<List<String>> command = Combinators.combine(Arbitraries.of(NAMES), keys, values, keys, values)
                .as((name, k1, v1, k2, v2) -> {
                    List<String> args = new ArrayList<>();
                    args.add(name);
                    switch (name) {
                        case "SET": case "APPEND": case "SETNX": case "GETSET":
                            args.add(k1);
                            args.add(v1);
                            break;
                        case "DECRBY":
                            args.add(k1);
                            args.add(v1.matches("0|-?[1-9][0-9]{0,2}") ? v1 : "7");
                            break;
                        case "MSET":
                            args.add(k1);
                            args.add(v1);
                            args.add(k2);
                            args.add(v2);
                            break;
                        case "DEL": case "EXISTS": case "MGET":
                            args.add(k1);
                            args.add(k2);
                            break;
                        default:
                            args.add(k1);
                    }
                    return args;
                });
        return command.list().ofMaxSize(40);
    }

    private static String apply(Map<String, String> m, List<String> cmd) {
        String k = cmd.size() > 1 ? cmd.get(1) : null;
        switch (cmd.get(0)) {
            case "SET":
                m.put(k, cmd.get(2));
                return OK;
            case "GET":
                return nullable(m.get(k));
            case "DEL": {
                int n = 0;
                for (int i = 1; i < cmd.size(); i++) {
                    if (m.remove(cmd.get(i)) != null) {
                        n++;
                    }
                }
                return integer(n);
            }
            case "EXISTS": {
                int n = 0;
                for (int i = 1; i < cmd.size(); i++) {
                    if (m.containsKey(cmd.get(i))) {
                        n++;
                    }
                }
                return integer(n);
            }
            case "INCR":
                return incrBy(m, k, 1);
            case "DECRBY":
                return incrBy(m, k, -Long.parseLong(cmd.get(2)));
            case "APPEND": {
                String v = m.getOrDefault(k, "") + cmd.get(2);
                m.put(k, v);
                return integer(utf8Length(v));
            }
            case "MSET":
                m.put(cmd.get(1), cmd.get(2));
                m.put(cmd.get(3), cmd.get(4));
                return OK;
            case "MGET": {
                StringBuilder sb = new StringBuilder("*" + (cmd.size() - 1) + "\r\n");
                for (int i = 1; i < cmd.size(); i++) {
                    sb.append(nullable(m.get(cmd.get(i))));
                }
                return sb.toString();
            }
            case "GETDEL":
                return nullable(m.remove(k));
            case "STRLEN":
                return integer(m.containsKey(k) ? utf8Length(m.get(k)) : 0);
            case "SETNX":
                if (m.containsKey(k)) {
                    return integer(0);
                }
                m.put(k, cmd.get(2));
                return integer(1);
            case "GETSET":
                return nullable(m.put(k, cmd.get(2)));
            default:
                throw new AssertionError(cmd);
        }
    }

    private static String incrBy(Map<String, String> m, String k, long by) {
        String current = m.getOrDefault(k, "0");
        if (!current.matches("0|-?[1-9][0-9]{0,18}")) {
            return Replies.NOT_INTEGER;
        }
        long value;
        try {
            value = Long.parseLong(current);
        } catch (NumberFormatException e) {
            return Replies.NOT_INTEGER;
        }
        long sum;
        try {
            sum = Math.addExact(value, by);
        } catch (ArithmeticException e) {
            return Replies.error("ERR increment or decrement would overflow");
        }
        m.put(k, Long.toString(sum));
        return integer(sum);
    }

    private static String nullable(String v) {
        return v == null ? NIL : bulk(v);
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
