package org.kvlab.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Many, half-closed and vanishing connections: each served or cleaned up, and the others unaffected. */
public abstract class ConnectionsTest extends ServerFixture {

    @Test
    void twoHundredConcurrentClients_eachSeesItsOwnWrites() throws Exception {
        int clients = 200;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Jedis> connections = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                connections.add(jedis());
            }
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Jedis jedis = connections.get(c);
                String key = "client:" + c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        jedis.set(key, Integer.toString(i));
                        assertEquals(Integer.toString(i), jedis.get(key));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(clients, connectedClients());
            connections.forEach(Jedis::close);
            awaitConnectedClients(0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void halfClosedClient_stillGetsItsReplies() {
        try (RawClient raw = new RawClient(address)) {
            raw.send(RawClient.command("SET", "h", "1") + RawClient.command("GET", "h"));
            raw.shutdownOutput();
            assertEquals("+OK\r\n$1\r\n1\r\n", raw.readUntilClosed());
        }
        awaitConnectedClients(0);
    }

    @Test
    void clientVanishingMidCommand_isCleanedUp_andOthersCarryOn() {
        try (Jedis other = jedis()) {
            other.set("survivor", "yes");
            for (int i = 0; i < 20; i++) {
                RawClient raw = new RawClient(address);
                raw.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nonly-part-of-the-value");
                raw.close();
            }
            assertEquals("yes", other.get("survivor"));
            awaitConnectedClients(1);
        }
    }

    @Test
    void quit_repliesOkThenCloses() {
        try (RawClient raw = new RawClient(address)) {
            raw.send(RawClient.command("QUIT") + RawClient.command("PING"));
            assertEquals("+OK\r\n", raw.readUntilClosed());
        }
    }

    @Test
    void clientList_clientNotReadingItsReplies_omemReportsThemUntilItReads() {
        int valueSize = 1024 * 1024;
        int gets = 32; // more than the socket buffers hold
        String value = "v".repeat(valueSize);
        try (Jedis other = jedis(); RawClient slow = new RawClient(address)) {
            other.set("big", value);
            slow.send(RawClient.command("CLIENT", "SETNAME", "slow") + RawClient.command("GET", "big").repeat(gets));
            awaitOmem(other, "slow", omem -> omem > 0);
            assertEquals("+OK\r\n", slow.read(5));
            String reply = "$" + valueSize + "\r\n" + value + "\r\n";
            for (int i = 0; i < gets; i++) {
                assertEquals(reply, slow.read(reply.length()), "reply " + i);
            }
            awaitOmem(other, "slow", omem -> omem == 0);
        }
    }

    /** Waits up to 30 s for {@code CLIENT LIST}'s {@code omem} of the client named {@code name} to pass {@code until}. */
    private static void awaitOmem(Jedis jedis, String name, LongPredicate until) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line = null;
        while (System.nanoTime() < deadline) {
            line = Arrays.stream(jedis.clientList().split("\n")).filter(l -> l.contains(" name=" + name + " "))
                    .findFirst().orElse(null); // none until the server has read the client's CLIENT SETNAME
            if (line != null && until.test(Long.parseLong(line.replaceAll(".* omem=(\\d+) .*", "$1").trim()))) {
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("omem never as expected: " + line);
    }

    /** Waits up to 10 s for the server to count {@code expected} clients besides the one asking. */
    protected void awaitConnectedClients(long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long seen;
        while ((seen = connectedClients()) != expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertTrue(seen == expected, "connected clients: " + seen + " (expected " + expected + ")");
    }
}
