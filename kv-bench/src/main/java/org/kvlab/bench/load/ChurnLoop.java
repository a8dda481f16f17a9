package org.kvlab.bench.load;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kvlab.api.KvException;
import org.kvlab.client.KvClient;
import org.kvlab.client.KvConnection;
import org.kvlab.client.KvServerException;

/**
 * The loop of one client with per-request connections: open a {@link KvConnection}, send one request, wait for its
 * reply, close, and again — the accept/close churn pattern. Runs on its own thread, because connecting blocks;
 * latency counts from before the connect to the reply.
 */
final class ChurnLoop implements Runnable {

    /** A backstop only: the client's own timeout fails the request first. */
    private static final long REPLY_TIMEOUT_SECONDS = 30;

    private final KvClient client;
    private final RequestMix mix;
    private final Phase phase;
    private long nulls;

    ChurnLoop(KvClient client, RequestMix mix, Phase phase) {
        this.client = client;
        this.mix = mix;
        this.phase = phase;
    }

    @Override
    public void run() {
        try {
            while (phase.claim(1) == 1) {
                oneRequest();
            }
        } finally {
            phase.loopStopped();
        }
    }

    private void oneRequest() {
        long start = System.nanoTime();
        KvConnection connection;
        try {
            connection = client.connection();
        } catch (KvException e) {
            phase.error(1);
            return;
        }
        try {
            List<Object> replies = connection.sendBatch(mix.next(1)).get(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Object reply = replies.get(0);
            if (reply instanceof KvServerException) {
                phase.error(1);
            } else {
                phase.record(System.nanoTime() - start, 1);
                if (reply == null) {
                    nulls++;
                }
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            phase.error(1);
        } catch (InterruptedException e) {
            phase.error(1);
            phase.cancel();
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
        }
    }

    long sets() {
        return mix.setCount();
    }

    long gets() {
        return mix.getCount();
    }

    long nulls() {
        return nulls;
    }
}
