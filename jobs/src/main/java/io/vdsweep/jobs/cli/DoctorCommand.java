package io.vdsweep.jobs.cli;

import io.vdsweep.jobs.store.ResultsDoctor;
import io.vdsweep.jobs.store.ResultsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vdsweep doctor RESULTS [--fix]}: every results file checked; bad ones quarantined with --fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check every file of a results path (Parquet footers, uncommitted epochs, killed runs' "
                + "staging); with --fix move unreadable files to _quarantine/ and remove the leftovers. Exit 0 when "
                + "nothing is wrong (any more), 3 otherwise.")
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RESULTS", description = "results path (any Hadoop path)")
    String results;

    @Option(names = "--fix", description = "repair: quarantine unreadable files, remove leftovers (each sweep "
            + "under its run lock)")
    boolean fix;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FileSystem fs;
        try {
            fs = new Path(results).getFileSystem(new Configuration());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("results: cannot open " + results + ": "
                    + ResultsException.rootProblem(e), e);
        }
        List<ResultsDoctor.Finding> findings = new ResultsDoctor(fs, results).examine(fix, out);
        findings.forEach(f -> out.println(f.path() + ": " + f.problem()));
        long open = findings.stream().filter(f -> !f.fixed()).count();
        out.printf("%s: %d problems%s%n", results, findings.size(), findings.isEmpty() ? ""
                : fix ? ", " + (findings.size() - open) + " repaired" : " (repair with --fix)");
        out.flush();
        return open == 0 ? 0 : VdSweep.EXIT_RESULTS;
    }
}
