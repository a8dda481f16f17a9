package org.kvlab.transport.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.kvlab.testsuite.NewerJdk;

/**
 * On a JVM older than Java 21 (the build's JDK 17), runs this module's tests — the conformance suite, the transport
 * contract and the provider's tests — in a child JVM of a JDK 21+ found by {@link NewerJdk}, and passes if they all
 * pass; skipped, saying why, when there is none. The child's output goes to {@code java21-tests.log} in the build
 * directory; its summary is printed here.
 */
@EnabledForJreRange(max = JRE.JAVA_20, disabledReason = "this JVM runs the virtual transport's tests itself")
final class OnJava21Test {

    /** Ends a child that hangs; the whole suite takes well under a minute. */
    private static final long CHILD_LIMIT_MINUTES = 20;

    @Test
    void virtualTransportTests_inAChildJvmOfAJdk21OrNewer_allPass() throws Exception {
        Optional<NewerJdk> jdk = NewerJdk.find();
        if (jdk.isEmpty()) {
            String reason = "no JDK 21+ found (" + NewerJdk.searched() + "): the virtual transport's tests did not "
                    + "run; name one with -D" + NewerJdk.PROPERTY + "=JDK_HOME";
            System.out.println("OnJava21Test: " + reason);
            Assumptions.abort(reason);
        }
        Path buildDir = Path.of(OnJava21Test.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent();
        Path log = buildDir.resolve("java21-tests.log");
        System.out.println("OnJava21Test: running the virtual transport's tests on " + jdk.get().java() + " (Java "
                + jdk.get().feature() + ", found by " + jdk.get().via() + "); output in " + log);
        Process child = new ProcessBuilder(jdk.get().java().toString(), "-cp", System.getProperty("java.class.path"),
                TestsMain.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = child.waitFor(CHILD_LIMIT_MINUTES, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        int at = output.lastIndexOf(TestsMain.SUMMARY);
        String summary = at < 0 ? "no summary; the log ends: " + output.substring(Math.max(0, output.length() - 2000))
                : output.substring(at);
        System.out.println(summary);
        assertTrue(ended, "the child JVM did not finish within " + CHILD_LIMIT_MINUTES + " minutes; see " + log);
        assertEquals(0, child.exitValue(), summary);
    }
}
