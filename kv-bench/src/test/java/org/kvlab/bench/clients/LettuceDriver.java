package org.kvlab.bench.clients;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Lettuce in its natural fastest mode: async commands, one connection per simulated client, each next request
 * sent from the previous reply's callback on Lettuce's I/O thread; deeper than 1, batches of commands written with
 * one {@code flushCommands()} after {@code setAutoFlushCommands(false)} on the connection.
 */
final class LettuceDriver implements Driver {

    private final RedisClient client;
    private final List<Loop> loops = new ArrayList<>();
    private final Workload workload;
    private final int depth;

    LettuceDriver(int port, int connections, int depth, Workload workload) {
        this.workload = workload;
        this.depth = depth;
        client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        try {
            for (int i = 0; i < connections; i++) {
                StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
                if (depth > 1) {
                    c.setAutoFlushCommands(false);
                }
                loops.add(new Loop(c));
            }
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    @Override
    public long run(Workload.Op op, long requests) throws InterruptedException, TimeoutException {
        Workload.Budget budget = new Workload.Budget(requests);
        CountDownLatch done = new CountDownLatch(loops.size());
        LongAdder errors = new LongAdder();
        for (Loop loop : loops) {
            loop.start(op, budget, done, errors);
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new TimeoutException("Lettuce: " + done.getCount() + " connections still busy after 10 minutes");
        }
        return errors.sum();
    }

    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.connection.close();
        }
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** One connection's closed loop; its replies complete on the connection's event loop, one at a time. */
    private final class Loop {
        private final StatefulRedisConnection<byte[], byte[]> connection;
        private final RedisAsyncCommands<byte[], byte[]> async;
        private final BiConsumer<Object, Throwable> onReply = this::onReply;
        private Workload.Op op;
        private Workload.Budget budget;
        private CountDownLatch done;
        private LongAdder errors;
        private int pending;

        Loop(StatefulRedisConnection<byte[], byte[]> connection) {
            this.connection = connection;
            this.async = connection.async();
        }

        void start(Workload.Op runOp, Workload.Budget runBudget, CountDownLatch runDone, LongAdder runErrors) {
            op = runOp;
            budget = runBudget;
            done = runDone;
            errors = runErrors;
            next();
        }

        private void next() {
            int n = budget.claim(depth);
            if (n == 0) {
                done.countDown();
                return;
            }
            pending = n;
            byte[] value = workload.value();
            for (int i = 0; i < n; i++) {
                if (op == Workload.Op.SET) {
                    async.set(workload.randomKey(), value).whenComplete(onReply);
                } else {
                    async.get(workload.randomKey()).whenComplete(onReply);
                }
            }
            if (depth > 1) {
                connection.flushCommands();
            }
        }

        private void onReply(Object reply, Throwable failure) {
            if (failure != null) {
                errors.increment();
            }
            if (--pending == 0) {
                next();
            }
        }
    }
}
