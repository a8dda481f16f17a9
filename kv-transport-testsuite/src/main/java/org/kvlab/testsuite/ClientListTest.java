package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * {@code CLIENT LIST} and {@code CLIENT INFO}'s memory fields and {@code fd} on every transport: what each transport
 * holds for a client shows up — a partial command in {@code qbuf} and the room allocated for it in {@code qbuf-free},
 * the running command's arguments in {@code argv-mem}, replies the socket has not taken in {@code omem} and
 * {@code oll}, all of them in {@code tot-mem}. {@code fd} is the socket's where the transport sees it (Netty's native
 * channels), else -1.
 */
public abstract class ClientListTest extends ServerFixture {

    @Test
    void clientInfo_showsTheRunningCommandsArguments_andNothingBuffered() {
        try (Jedis jedis = jedis()) {
            Map<String, String> info = fields(jedis.clientInfo().trim());
            assertEquals("10", info.get("argv-mem"), "CLIENT INFO's arguments: " + info);
            assertEquals("0", info.get("qbuf"));
            assertEquals("0", info.get("qbuf-free"));
            assertEquals("0", info.get("oll"));
            assertEquals("0", info.get("omem"));
            assertTrue(Long.parseLong(info.get("tot-mem")) >= 10, "tot-mem counts argv-mem: " + info);
            int fd = Integer.parseInt(info.get("fd"));
            if (transport().equals("epoll") || transport().equals("iouring")) {
                assertTrue(fd > 2, "Netty's native channels expose their descriptor: " + info);
            } else {
                assertEquals(-1, fd, "the JDK's sockets do not expose theirs: " + info);
            }
        }
    }

    @Test
    void otherClients_showNoArgumentsBetweenCommands_andTheirOwnDescriptor() {
        try (Jedis jedis = jedis(); Jedis other = jedis()) {
            other.ping();
            long otherId = other.clientId();
            long selfId = jedis.clientId();
            Map<String, String> line = line(jedis, l -> l.get("id").equals(Long.toString(otherId)));
            Map<String, String> self = line(jedis, l -> l.get("id").equals(Long.toString(selfId)));
            assertEquals("0", line.get("argv-mem"), line.toString());
            assertEquals("0", line.get("obl"), line.toString());
            assertEquals("10", self.get("argv-mem"), "CLIENT LIST's arguments: " + self);
            if (!line.get("fd").equals("-1")) {
                assertNotEquals(line.get("fd"), self.get("fd"), "two sockets, two descriptors");
            }
        }
    }

    @Test
    void partialCommand_showsInQbuf_andTheRoomAllocatedForItsArgumentInQbufFree() {
        try (Jedis jedis = jedis(); RawClient raw = new RawClient(address)) {
            String partial = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc";
            raw.send(partial);
            Map<String, String> line = awaitLine(jedis, l -> !l.get("qbuf").equals("0"));
            assertEquals(Integer.toString(partial.length()), line.get("qbuf"), line.toString());
            assertEquals("97", line.get("qbuf-free"), "100 bytes allocated, 3 received: " + line);
            assertTrue(Long.parseLong(line.get("tot-mem")) >= partial.length() + 97, line.toString());
            raw.send("d".repeat(97) + "\r\n");
            assertEquals("+OK\r\n", raw.read(5));
            Map<String, String> after = line(jedis, l -> l.get("cmd").equals("set"));
            assertEquals("0", after.get("qbuf"), after.toString());
            assertEquals("0", after.get("qbuf-free"), after.toString());
        }
    }

    @Test
    void repliesTheSocketHasNotTaken_showInOmemAndOll() {
        try (Jedis jedis = jedis(); RawClient slow = new RawClient(address)) {
            jedis.set("big", "v".repeat(256 * 1024));
            String get = RawClient.command("GET", "big");
            Map<String, String> line = null;
            // omem and oll are read one after the other, and a write may finish between: wait for a line showing both
            Predicate<Map<String, String>> backedUp = l -> l.get("cmd").equals("get") && !l.get("omem").equals("0")
                    && !l.get("oll").equals("0");
            for (int i = 0; i < 64 && line == null; i++) {
                slow.send(get); // never read: the replies back up in the kernel, then in the transport
                line = findLine(jedis, backedUp);
            }
            // a busy machine may leave the server behind the sends: give it time to reach the backlog
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (line == null && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                line = findLine(jedis, backedUp);
            }
            assertNotNull(line, "a reader that never reads leaves output unwritten, in buffers (omem and oll)");
            assertTrue(Long.parseLong(line.get("tot-mem")) >= Long.parseLong(line.get("omem")), line.toString());
        }
    }

    private static Map<String, String> line(Jedis jedis, Predicate<Map<String, String>> which) {
        Map<String, String> line = findLine(jedis, which);
        assertNotNull(line, "no such client in " + jedis.clientList());
        return line;
    }

    /** Asks for {@code CLIENT LIST} until a line matches: the server reads a raw client's bytes on its own time. */
    private static Map<String, String> awaitLine(Jedis jedis, Predicate<Map<String, String>> which) {
        for (int i = 0; i < 1000; i++) {
            Map<String, String> line = findLine(jedis, which);
            if (line != null) {
                return line;
            }
            Thread.onSpinWait();
        }
        return line(jedis, which);
    }

    private static Map<String, String> findLine(Jedis jedis, Predicate<Map<String, String>> which) {
        for (String text : jedis.clientList().split("\n")) {
            if (!text.isBlank()) {
                Map<String, String> line = fields(text.trim());
                if (which.test(line)) {
                    return line;
                }
            }
        }
        return null;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : line.split(" ")) {
            int eq = field.indexOf('=');
            fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return fields;
    }
}
