package org.kvlab.transport.virtual;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.kvlab.testsuite.ConformanceSuite;

/** The shared conformance suite, run over the virtual transport (on Java 21+; {@link OnJava21Test} gets it there). */
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21+: OnJava21Test runs this class "
        + "on a JDK 21+ in a child JVM")
final class VirtualConformanceTest extends ConformanceSuite {

    VirtualConformanceTest() {
        super("virtual");
    }
}
