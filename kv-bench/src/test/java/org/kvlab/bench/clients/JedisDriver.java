package org.kvlab.bench.clients;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Jedis in its natural fastest mode: one thread per connection, each with its own {@link Jedis}; a plain call at
 * depth 1, a {@link Pipeline} synced per batch deeper.
 */
final class JedisDriver implements Driver {

    private final List<Jedis> connections = new ArrayList<>();
    private final ExecutorService threads;
    private final Workload workload;
    private final int depth;

    JedisDriver(int port, int connections, int depth, Workload workload) {
        this.workload = workload;
        this.depth = depth;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(connections, r -> {
            Thread t = new Thread(r, "jedis-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < connections; i++) {
                Jedis jedis = new Jedis("127.0.0.1", port);
                this.connections.add(jedis);
                jedis.ping();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public long run(Workload.Op op, long requests) throws Exception {
        Workload.Budget budget = new Workload.Budget(requests);
        List<Future<Long>> loops = new ArrayList<>();
        for (Jedis jedis : connections) {
            loops.add(threads.submit(() -> depth == 1 ? single(jedis, op, budget) : pipelined(jedis, op, budget)));
        }
        long errors = 0;
        for (Future<Long> loop : loops) {
            errors += loop.get(10, TimeUnit.MINUTES);
        }
        return errors;
    }

    private long single(Jedis jedis, Workload.Op op, Workload.Budget budget) {
        long errors = 0;
        byte[] value = workload.value();
        while (budget.claim(1) == 1) {
            try {
                if (op == Workload.Op.SET) {
                    jedis.set(workload.randomKey(), value);
                } else {
                    jedis.get(workload.randomKey());
                }
            } catch (JedisDataException e) {
                errors++;
            }
        }
        return errors;
    }

    private long pipelined(Jedis jedis, Workload.Op op, Workload.Budget budget) {
        long errors = 0;
        byte[] value = workload.value();
        Pipeline pipeline = jedis.pipelined();
        int n;
        while ((n = budget.claim(depth)) > 0) {
            for (int i = 0; i < n; i++) {
                if (op == Workload.Op.SET) {
                    pipeline.set(workload.randomKey(), value);
                } else {
                    pipeline.get(workload.randomKey());
                }
            }
            for (Object reply : pipeline.syncAndReturnAll()) {
                if (reply instanceof JedisDataException) {
                    errors++;
                }
            }
        }
        pipeline.close();
        return errors;
    }

    @Override
    public void close() {
        threads.shutdownNow();
        for (Jedis jedis : connections) {
            jedis.close();
        }
    }
}
