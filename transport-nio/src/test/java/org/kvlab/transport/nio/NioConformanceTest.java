package org.kvlab.transport.nio;

import org.kvlab.testsuite.ConformanceSuite;

/** The shared conformance suite, run over the nio transport. */
final class NioConformanceTest extends ConformanceSuite {

    NioConformanceTest() {
        super("nio");
    }
}
