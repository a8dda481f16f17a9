package org.kvlab.bench;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kvlab.bench.perf.PerfCounts;
import org.kvlab.bench.perf.PerfStatParser;
import org.kvlab.bench.report.Interpretation;
import org.kvlab.bench.report.ReportWriter;
import org.kvlab.bench.report.Role;
import org.kvlab.bench.report.Run;
import org.kvlab.bench.report.Source;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kv-bench interpret FILE}: the seed's interpretation of any saved {@code perf stat} output (human or
 * {@code -x,} CSV). Prints Markdown, or with {@code --json} one run of the report's JSON contract (no throughput,
 * which a perf file cannot know) plus {@code elapsed_s}, its findings and its conclusion.
 */
@Command(name = "interpret", mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:interpreted",
            "1:the file cannot be read or parsed",
            "2:bad usage"},
        description = {"Interprets saved perf stat output (human or -x, CSV): each syscall's count and rate, the "
                + "patterns of the seed's tables that hold, what they mean and what to change.",
            "Thresholds: see the Interpretation javadoc (≫ means at least 1.5x; idle means fewer than 1,000 "
                    + "syscalls per second; kernel-bound means at least twice the floor of one read and one write per batch)."})
final class InterpretCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "perf stat output, e.g. saved with perf stat -o")
    private Path file;

    @Option(names = "--role", paramLabel = "server|client", defaultValue = "server",
            description = "whose counts these are (default: ${DEFAULT-VALUE})")
    private Role role;

    @Option(names = "--requests", paramLabel = "N",
            description = "requests served (server) or sent (client) while perf counted: gives per-request rates")
    private Long requests;

    @Option(names = {"-P", "--pipeline"}, paramLabel = "N",
            description = "requests per batch while perf counted: the floor of request/response is 2/N syscalls "
                    + "per request (default: taken as 1, and said so)")
    private Integer pipeline;

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "unknown",
            description = "the transport's name for the JSON run (default: ${DEFAULT-VALUE})")
    private String transport;

    @Option(names = "--json", description = "print one JSON run instead of Markdown")
    private boolean json;

    @Override
    public Integer call() {
        if (requests != null && requests < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--requests: " + requests + " (expected: >= 0)");
        }
        if (pipeline != null && pipeline < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--pipeline: " + pipeline + " (expected: > 0)");
        }
        PerfCounts counts;
        try {
            counts = PerfStatParser.parse(file);
        } catch (IOException e) {
            spec.commandLine().getErr().println("kv-bench interpret: cannot read " + file + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.toString()));
            return 1;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kv-bench interpret: " + e.getMessage());
            return 1;
        }
        Interpretation interpretation = Interpretation.of(role, counts, requests,
                new Interpretation.Facts(pipeline, null, null, null, null));
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(ReportWriter.json(Run.of(transport, Source.PERF, interpretation, null, null, null)));
            return 0;
        }
        out.println("# perf stat of " + (counts.target() == null ? file.toString() : counts.target()));
        out.println();
        out.print(interpretation.toMarkdown());
        if (!counts.uncounted().isEmpty()) {
            out.println();
            out.print("Not counted:");
            for (Map.Entry<String, String> e : counts.uncounted().entrySet()) {
                out.print(" " + e.getKey() + " " + e.getValue() + ";");
            }
            out.println();
        }
        return 0;
    }
}
