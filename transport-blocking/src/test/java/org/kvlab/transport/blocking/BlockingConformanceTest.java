package org.kvlab.transport.blocking;

import org.kvlab.testsuite.ConformanceSuite;

/** The shared conformance suite, run over the blocking transport. */
final class BlockingConformanceTest extends ConformanceSuite {

    BlockingConformanceTest() {
        super("blocking");
    }
}
