package io.vdsweep.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vdsweep.jobs.run.ModeChooser;
import io.vdsweep.sweeps.spec.Knob;
import io.vdsweep.sweeps.spec.SearchSpec;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.spec.SweepSpec;
import io.vdsweep.sweeps.trials.CostModel;
import io.vdsweep.sweeps.trials.SuccessiveHalving;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
        Map<String, Object> search = sweep.search().map(s -> search(s, trials, planned, total)).orElse(null);
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
            if (search != null) {
                plan.put("search", search);
            }
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
        if (search != null) {
            SearchSpec s = sweep.search().get();
            out.printf("search: successive halving on %s (%s) at epochs %s, keeping 1 in %d of each bracket; %s "
                    + "brackets (competing: %s); ~%s of training if the rungs stop configurations as planned%n",
                    s.metric(), s.maximize() ? "max" : "min", s.rungs().stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")), s.reduction(), search.get("brackets"), s.compete().stream()
                    .map(Knob::key).collect(Collectors.joining(", ")),
                    duration((Double) search.get("est_core_seconds_with_stops")));
        }
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

    /**
     * The search's settings, its brackets and the training it costs if every rung stops what it plans to: each
     * searched trial's cost scaled by its bracket's {@link SuccessiveHalving#trainedFraction}.
     */
    private static Map<String, Object> search(SearchSpec search, List<Trial> trials, List<PlannedTrial> planned,
            double total) {
        Map<String, Double> costs = new HashMap<>();
        planned.forEach(p -> costs.put(p.trialId(), p.estCoreSeconds()));
        List<SuccessiveHalving.Bracket> brackets = SuccessiveHalving.brackets(search, trials);
        double saved = 0;
        for (SuccessiveHalving.Bracket b : brackets) {
            for (List<Trial> replicates : b.configurations().values()) {
                for (Trial t : replicates) {
                    saved += costs.get(t.id()) * (1 - SuccessiveHalving.trainedFraction(search,
                            b.configurations().size(), t.config().epochs()));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(search.resolved());
        out.put("brackets", brackets.size());
        out.put("est_core_seconds_with_stops", total - saved);
        return out;
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
