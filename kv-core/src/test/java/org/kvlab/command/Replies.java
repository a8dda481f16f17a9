package org.kvlab.command;

import java.nio.charset.StandardCharsets;

/** Expected reply bytes, as text. */
final class Replies {

    static final String OK = "+OK\r\n";
    static final String NIL = "$-1\r\n";
    static final String SYNTAX = "-ERR syntax error\r\n";
    static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";

    private Replies() {
    }

    static String bulk(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return "$" + b.length + "\r\n" + new String(b, StandardCharsets.ISO_8859_1) + "\r\n";
    }

    static String integer(long n) {
        return ":" + n + "\r\n";
    }

    static String error(String text) {
        return "-" + text + "\r\n";
    }

    static String array(String... elements) {
        return "*" + elements.length + "\r\n" + String.join("", elements);
    }

    static String bulks(String... values) {
        String[] elements = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            elements[i] = values[i] == null ? NIL : bulk(values[i]);
        }
        return array(elements);
    }
}
