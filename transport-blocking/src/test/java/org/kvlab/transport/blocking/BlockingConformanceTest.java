package org.kvlab.transport.blocking;

import org.kvlab.testsuite.ConformanceSuite;

/** The shared conformance suite, run over the blocking transport. */
final class BlockingConformanceTest extends ConformanceSuite {

    BlockingConformanceTest() {
        super("blocking");
    }

    /**
     * 200 messages to each of the 1,000 subscribers rather than 10,000: each subscriber's writer thread is woken for
     * about every message it gets (a futex wake-up and a write per delivery, some 30 µs each on two shared cores),
     * so the full size would take minutes; 200 takes a few seconds.
     */
    @Override
    protected int pubSubMessagesPerPublisher() {
        return 50;
    }
}
