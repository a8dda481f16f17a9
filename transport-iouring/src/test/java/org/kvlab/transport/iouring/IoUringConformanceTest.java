package org.kvlab.transport.iouring;

import org.kvlab.testsuite.ConformanceSuite;

/** The shared conformance suite, run over the iouring transport. */
final class IoUringConformanceTest extends ConformanceSuite {

    IoUringConformanceTest() {
        super("iouring");
    }
}
