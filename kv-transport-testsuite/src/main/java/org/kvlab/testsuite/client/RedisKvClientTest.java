package org.kvlab.testsuite.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kvlab.client.KvClient;
import org.kvlab.client.KvConnection;
import org.kvlab.client.KvConnectionException;

/**
 * {@link KvClientContract} against a real {@code redis-server} started on a free port for the test class (skipped,
 * with the reason, where redis-server is not installed), plus what only Redis can show: a connection parked on a
 * blocking command when the server dies.
 */
public abstract class RedisKvClientTest extends KvClientContract {

    @Override
    protected TestServer startServer(String password) throws Exception {
        Assumptions.assumeTrue(RedisServerProcess.executable() != null,
                "redis-server is not installed (apt-get install redis-server): skipping the tests against Redis");
        return RedisServerProcess.start(password);
    }

    @Test
    void serverKilledWhileRequestsWaitBehindABlockingCommand_allFailPromptly() throws Exception {
        TestServer doomed = startServer(null);
        try (KvClient victim = builder(doomed).build(); KvConnection connection = victim.connection()) {
            byte[] set = "SET".getBytes(StandardCharsets.US_ASCII);
            connection.send(set, bytes("a"), bytes("1")).get(HANG_SECONDS, TimeUnit.SECONDS);
            List<CompletableFuture<?>> waiting = new ArrayList<>();
            waiting.add(connection.send(bytes("BLPOP"), bytes("never"), bytes("0")));
            for (int i = 0; i < 10_000; i++) {
                waiting.add(connection.get("a"));
            }
            assertEquals("1", victim.get("a"), "the server is alive and the requests are queued behind BLPOP");
            doomed.kill();
            for (CompletableFuture<?> f : waiting) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> f.get(HANG_SECONDS, TimeUnit.SECONDS));
                assertInstanceOf(KvConnectionException.class, e.getCause());
            }
        } finally {
            doomed.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
