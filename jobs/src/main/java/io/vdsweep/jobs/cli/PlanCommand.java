package io.vdsweep.jobs.cli;

import io.vdsweep.jobs.run.ModeChooser;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.spec.SweepSpec;
import io.vdsweep.sweeps.trials.CostModel;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vdsweep plan conf/x.yaml}: the expanded trials and their estimated cost, without running anything. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Validate a sweep file and print its trials, execution modes and estimated cost.")
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SWEEP", description = "sweep file (YAML)")
    Path sweepFile;

    @Override
    public Integer call() {
        SweepSpec sweep = SweepParser.parse(sweepFile);
        List<Trial> trials = TrialExpansion.expand(sweep);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("sweep %s (%s): %d trials, results to %s%n", sweep.name(), sweep.file(), trials.size(),
                sweep.results());
        out.printf("%-16s %-10s %10s  %s%n", "trial_id", "mode", "est. core-min", "trial");
        double total = 0;
        for (Trial t : trials) {
            double seconds = CostModel.trainingSeconds(t.config());
            total += seconds;
            out.printf("%-16s %-10s %10.2f  %s%s%n", t.id(), ModeChooser.choose(t.config(), sweep.execution()).id(),
                    seconds / 60, t.label(), t.pretrainedFrom() == null ? "" : "  (starts from " + t.pretrainedFrom()
                            + ")");
        }
        out.printf("estimated training: %.1f core-hours (rough: bench/README.md measurements, 1 ND4J thread per "
                + "core)%n", total / 3600);
        out.flush();
        return 0;
    }
}
