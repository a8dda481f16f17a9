package org.kvlab.transport.virtual;

import static org.junit.platform.engine.discovery.ClassNameFilter.STANDARD_INCLUDE_PATTERN;
import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs this module's tests (the classes of this package named as surefire finds them) in this JVM: what
 * {@link OnJava21Test} starts in a child JVM of a JDK 21+. Prints {@link #SUMMARY}, the summary, the tests skipped or
 * aborted and why, and the failures last; exits 0 if some tests ran and none failed, else 1.
 */
final class TestsMain {

    /** The line that begins the summary. */
    static final String SUMMARY = "=== the virtual transport's tests on Java ";

    private TestsMain() {
    }

    /** Runs the tests; takes no arguments. */
    public static void main(String[] args) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        NotRun notRun = new NotRun();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(TestsMain.class.getPackageName()))
                .filters(includeClassNamePatterns(STANDARD_INCLUDE_PATTERN))
                .build(), listener, notRun);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        out.println(SUMMARY + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")");
        summary.printTo(out);
        notRun.lines.forEach(out::println);
        summary.printFailuresTo(out, 40);
        out.flush();
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }

    /** Notes each test or container skipped or aborted, with the reason. */
    private static final class NotRun implements TestExecutionListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            lines.add("skipped " + test.getDisplayName() + ": " + reason);
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                lines.add("aborted " + test.getDisplayName() + ": "
                        + result.getThrowable().map(Throwable::getMessage).orElse("no reason given"));
            }
        }
    }
}
