package org.kvlab.bench.clients;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.kvlab.client.KvClient;
import org.kvlab.client.KvConnection;
import org.kvlab.client.KvServerException;
import org.kvlab.spi.TransportConfig;

/**
 * KvClient as {@code org.kvlab.client}'s package documentation says to drive it for throughput: one dedicated
 * {@link KvConnection} per simulated client, each next request sent from the previous one's callback on the
 * transport's read thread, {@link KvConnection#send} at depth 1 and {@link KvConnection#sendBatch} (one write per
 * batch) deeper, argument arrays made once and reused.
 */
final class KvClientDriver implements Driver {

    private final KvClient client;
    private final List<Loop> loops = new ArrayList<>();
    private final Workload workload;
    private final int depth;

    KvClientDriver(int port, int connections, int depth, String transport, int eventLoops, Workload workload) {
        this.workload = workload;
        this.depth = depth;
        client = KvClient.builder().port(port).transport(transport).poolSize(1)
                .transportConfig(TransportConfig.builder().port(0).eventLoops(eventLoops).build()).build();
        try {
            for (int i = 0; i < connections; i++) {
                loops.add(new Loop(client.connection()));
            }
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Returns the name of the transport the client runs on. */
    String transportName() {
        return client.transportName();
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
            throw new TimeoutException("KvClient: " + done.getCount() + " connections still busy after 10 minutes");
        }
        return errors.sum();
    }

    @Override
    public void close() {
        client.close();
    }

    /** One connection's closed loop; after start, only the connection's read thread runs it. */
    private final class Loop {
        private final KvConnection connection;
        private final byte[][][] sets = new byte[depth][][];
        private final byte[][][] gets = new byte[depth][][];
        private final List<byte[][]> batch = new ArrayList<>(depth);
        private final BiConsumer<Object, Throwable> onReply = this::onReply;
        private final BiConsumer<List<Object>, Throwable> onReplies = this::onReplies;
        private Workload.Op op;
        private Workload.Budget budget;
        private CountDownLatch done;
        private LongAdder errors;
        private int inFlight;

        Loop(KvConnection connection) {
            this.connection = connection;
            for (int i = 0; i < depth; i++) {
                sets[i] = new byte[][] {{'S', 'E', 'T'}, null, workload.value()};
                gets[i] = new byte[][] {{'G', 'E', 'T'}, null};
            }
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
            inFlight = n;
            byte[][][] commands = op == Workload.Op.SET ? sets : gets;
            if (depth == 1) {
                byte[][] command = commands[0];
                command[1] = workload.randomKey();
                connection.send(command).whenComplete(onReply);
                return;
            }
            batch.clear();
            for (int i = 0; i < n; i++) {
                byte[][] command = commands[i];
                command[1] = workload.randomKey();
                batch.add(command);
            }
            connection.sendBatch(batch).whenComplete(onReplies);
        }

        private void onReply(Object reply, Throwable failure) {
            if (failure == null) {
                next();
            } else if (failure instanceof KvServerException
                    || failure.getCause() instanceof KvServerException) {
                errors.increment();
                next();
            } else {
                lost();
            }
        }

        private void onReplies(List<Object> replies, Throwable failure) {
            if (failure != null) {
                lost();
                return;
            }
            for (int i = 0, n = replies.size(); i < n; i++) {
                if (replies.get(i) instanceof KvServerException) {
                    errors.increment();
                }
            }
            next();
        }

        private void lost() {
            errors.add(inFlight);
            done.countDown();
        }
    }
}
