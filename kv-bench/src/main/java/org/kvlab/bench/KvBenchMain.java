package org.kvlab.bench;

import java.io.PrintWriter;
import org.kvlab.bench.experiment.ExperimentCommand;
import org.kvlab.bench.load.LoadCommand;
import org.kvlab.bench.profile.ProfileCommand;
import org.kvlab.server.KvlabVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kv-bench}: the transport-swap experiment's command line. Each tool is a picocli subcommand listed in
 * {@code subcommands}; a new one is a class annotated {@code @Command} implementing {@code Callable<Integer>},
 * added to that list. Exit status: 0 success, 1 failure, 2 bad usage.
 */
@Command(name = "kv-bench", mixinStandardHelpOptions = true, versionProvider = KvBenchMain.Version.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success",
            "1:failure",
            "2:bad usage"},
        description = "Load, profile and interpret kvlab's I/O models by their syscalls.",
        subcommands = {InterpretCommand.class, LoadCommand.class, ProfileCommand.class, ExperimentCommand.class})
public final class KvBenchMain implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Called by picocli when no subcommand is given: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand (expected one of: "
                + String.join(", ", spec.subcommands().keySet()) + ")");
    }

    /**
     * Runs {@code kv-bench} with {@code args} and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs {@code kv-bench} with {@code args}, printing to {@code out} and {@code err}, and returns its exit
     * status instead of exiting.
     *
     * @param out where results go
     * @param err where errors and usage go
     * @param args the command line
     * @return 0 on success, 1 on failure, 2 on bad usage
     * @throws NullPointerException if an argument is {@code null}
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new KvBenchMain());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** {@code --version}: kv-bench and the version the build wrote into the jar's manifest ({@link KvlabVersion}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kv-bench " + KvlabVersion.current()};
        }
    }
}
