package io.vdsweep.jobs.cli;

import io.vdsweep.core.backend.NativeBackend;
import io.vdsweep.jobs.run.BuildInfo;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vdsweep} command line: one thin entry point whose subcommands parse their arguments into records and
 * call the code that does the work. Every failure is one line on stderr and a non-zero exit code.
 *
 * <p>Run it with {@code bin/vdsweep <subcommand>} after {@code mvn package}, or as
 * {@code spark-submit --class io.vdsweep.jobs.cli.VdSweep vdsweep-jobs-*-all.jar <subcommand>}.
 */
@Command(name = "vdsweep", mixinStandardHelpOptions = true,
        description = "Bayesian-sparsification sweeps (Sparse VD, Variance Networks) on Spark.",
        subcommands = {FetchDataCommand.class, PlanCommand.class, RunCommand.class, ReportCommand.class,
            DoctorCommand.class, CompactCommand.class, CommandLine.HelpCommand.class})
public final class VdSweep {

    /** Exit code of a run whose results hold FAILED trials (everything else worked). */
    public static final int EXIT_TRIALS_FAILED = 1;

    /** Exit code for bad input (a file, a field, an argument, a dataset file); nothing was written. */
    public static final int EXIT_BAD_INPUT = 2;

    /** Exit code for a results path that cannot be used: storage fault, corrupt file, another run's lock. */
    public static final int EXIT_RESULTS = 3;

    /** Exit code for Spark failing the run: cannot start on the master, or the application stopped. */
    public static final int EXIT_SPARK = 4;

    public static void main(String[] args) {
        try {
            NativeBackend.select();             // before anything loads ND4J
        } catch (IllegalArgumentException e) {  // a VDSWEEP_ND4J_BUILD naming no build on the classpath
            System.err.println("vdsweep: " + e.getMessage());
            System.exit(EXIT_BAD_INPUT);
        }
        System.exit(execute(args));
    }

    /** Runs the command line on the process's streams and returns its exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line on the given streams and returns its exit code (what tests call). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new VdSweep()).addSubcommand(TrainCommand.commandLine()).setOut(out)
                .setErr(err);
        CommandLine.IVersionProvider version = () -> new String[] {BuildInfo.describe()};
        cli.getCommandSpec().versionProvider(version);
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
        cli.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine where = ex.getCommandLine();
            String name = where.getParent() == null ? "vdsweep" : "vdsweep " + where.getCommandName();
            where.getErr().println("vdsweep: " + oneLine(ex) + " (see '" + name + " --help')");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("vdsweep: " + oneLine(ex));
            return exitCode(ex);
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The documented exit code of a failure (README, "Exit codes"); anything unforeseen is 1. */
    static int exitCode(Exception ex) {
        if (ex instanceof IllegalArgumentException || ex instanceof io.vdsweep.core.data.DatasetException
                || ex instanceof io.vdsweep.sweeps.spec.SweepFileException) {
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof io.vdsweep.jobs.store.ResultsException) {
            return EXIT_RESULTS;
        }
        return ex instanceof SparkUnavailableException ? EXIT_SPARK : 1;
    }

    private static String oneLine(Throwable ex) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
