package io.vdsweep.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vdsweep.jobs.run.ModeChooser;
import io.vdsweep.sweeps.spec.Knob;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.spec.SweepSpec;
import io.vdsweep.sweeps.trials.CostModel;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vdsweep plan conf/x.yaml}: what a sweep would run, without running anything — trials per value of every
 * axis that varies, execution modes, estimated cost; the trials themselves when few or asked for; JSON for tools.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Validate a sweep file and summarise its trials (per axis value and mode) and estimated cost.")
final class PlanCommand implements Callable<Integer> {

    /** Sweeps up to this size list their trials without being asked. */
    private static final int LISTED_BY_DEFAULT = 20;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SWEEP", description = "sweep file (YAML)")
    Path sweepFile;

    @Option(names = "--trials", description = "list every trial (default: only sweeps of at most "
            + LISTED_BY_DEFAULT + " trials)")
    boolean listTrials;

    @Option(names = "--json", description = "print the plan as one JSON object (summary and every trial)")
    boolean json;

    /** One planned trial. */
    record PlannedTrial(String trialId, String mode, double estCoreSeconds, String label, String pretrainedFrom) {
    }

    @Override
    public Integer call() throws Exception {
        SweepSpec sweep = SweepParser.parse(sweepFile);
        List<Trial> trials = TrialExpansion.expand(sweep);
        List<PlannedTrial> planned = new ArrayList<>(trials.size());
        for (Trial t : trials) {
            planned.add(new PlannedTrial(t.id(), ModeChooser.choose(t.config(), sweep.execution()).id(),
                    CostModel.trainingSeconds(t.config()), t.label(), t.pretrainedFrom()));
        }
        Map<String, Map<String, Long>> axes = axes(trials);
        Map<String, Long> modes = counts(planned.stream().map(PlannedTrial::mode).toList());
        double total = planned.stream().mapToDouble(PlannedTrial::estCoreSeconds).sum();
        double longest = planned.stream().mapToDouble(PlannedTrial::estCoreSeconds).max().orElse(0);
        long pretraining = trials.stream().filter(Trial::keepsModel).count();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> plan = new LinkedHashMap<>();
            plan.put("sweep", sweep.name());
            plan.put("file", sweep.file());
            plan.put("results", sweep.results());
            plan.put("trials", trials.size());
            plan.put("axes", axes);
            plan.put("modes", modes);
            plan.put("pretraining_runs", pretraining);
            plan.put("est_core_seconds", total);
            plan.put("list", planned);
            out.println(new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                    .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                    .writeValueAsString(plan));
            out.flush();
            return 0;
        }
        out.printf("sweep %s (%s): %d trials, results to %s%n", sweep.name(), sweep.file(), trials.size(),
                sweep.results());
        axes.forEach((axis, values) -> out.printf("  %-16s %s%n", axis, format(values)));
        out.printf("  %-16s %s%n", "mode", format(modes));
        if (pretraining > 0) {
            out.printf("  %-16s %d runs first, whose models the trials marked (starts from ID) start from%n",
                    "pretraining", pretraining);
        }
        out.printf("estimated training: %s in all, longest trial %s (rough: bench/README.md measurements, 1 ND4J "
                + "thread per core)%n", duration(total), duration(longest));
        if (listTrials || trials.size() <= LISTED_BY_DEFAULT) {
            out.printf("%-16s %-10s %10s  %s%n", "trial_id", "mode", "est. core", "trial");
            for (PlannedTrial t : planned) {
                out.printf("%-16s %-10s %10s  %s%s%n", t.trialId(), t.mode(), duration(t.estCoreSeconds()),
                        t.label(), t.pretrainedFrom() == null ? "" : "  (starts from " + t.pretrainedFrom() + ")");
            }
        } else {
            out.printf("(%d trials: list them with --trials, or --json)%n", trials.size());
        }
        out.flush();
        return 0;
    }

    /** Trials per value of every knob (and the replicate) that takes more than one value in the sweep. */
    private static Map<String, Map<String, Long>> axes(List<Trial> trials) {
        Map<String, Map<String, Long>> axes = new LinkedHashMap<>();
        for (Knob<?> knob : Knob.ALL) {
            // Most knobs hold one value in every trial: found by comparing typed values, before any string is made.
            Object first = knob.of(trials.get(0).config());
            if (trials.stream().allMatch(t -> first.equals(knob.of(t.config())))) {
                continue;
            }
            Map<String, Long> values = counts(trials.stream().map(t -> String.valueOf(knob.canonicalOf(t.config())))
                    .toList());
            if (values.size() > 1) {
                axes.put(knob.key(), values);
            }
        }
        Map<String, Long> replicates = counts(trials.stream().map(t -> Long.toString(t.config().replicate()))
                .toList());
        if (replicates.size() > 1) {
            axes.put("replicate", replicates);
        }
        return axes;
    }

    private static Map<String, Long> counts(List<String> values) {
        return values.stream().collect(Collectors.groupingBy(v -> v, LinkedHashMap::new, Collectors.counting()));
    }

    private static String format(Map<String, Long> counts) {
        String all = counts.entrySet().stream().map(e -> (e.getKey().isEmpty() ? "\"\"" : e.getKey()) + " ×"
                + e.getValue()).collect(Collectors.joining(", "));
        int cut = all.indexOf(", ", 200);
        return cut < 0 ? all : counts.size() + " values: " + all.substring(0, cut) + ", ...";
    }

    /** Core time in the unit that reads best: seconds, minutes, hours or days. */
    static String duration(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f core-s", seconds);
        }
        if (seconds < 90) {
            return String.format(Locale.ROOT, "%.0f core-s", seconds);
        }
        if (seconds < 90 * 60) {
            return String.format(Locale.ROOT, "%.1f core-min", seconds / 60);
        }
        if (seconds < 48 * 3600) {
            return String.format(Locale.ROOT, "%.1f core-h", seconds / 3600);
        }
        return String.format(Locale.ROOT, "%.1f core-days", seconds / 86_400);
    }
}
