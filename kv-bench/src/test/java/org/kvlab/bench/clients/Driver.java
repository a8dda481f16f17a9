package org.kvlab.bench.clients;

/**
 * One client library driving a fixed number of connections at a fixed pipeline depth in its natural fastest
 * mode. Opened before the timed runs, so connecting is not measured. One caller at a time.
 */
interface Driver extends AutoCloseable {

    /**
     * Sends {@code requests} commands of {@code op} over every connection, closed loop, and returns when all are
     * answered.
     *
     * @return the requests that failed (error replies, or requests lost with their connection)
     * @throws Exception if the run cannot finish (a connection stalls past a generous limit)
     */
    long run(Workload.Op op, long requests) throws Exception;

    /** Closes the connections and the library's threads. */
    @Override
    void close();
}
