package io.vdsweep.sweeps.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Early stopping for a search sweep: synchronous successive halving (Jamieson and Talwalkar 2016; Li et al. 2018,
 * "Hyperband"). Trials that differ only in the {@code compete} knobs form a bracket; at each rung epoch every
 * configuration of a bracket (its replicates averaged) is ranked on {@code metric}, the best
 * ⌊n / {@code reduction}⌋ (at least one) go on from their checkpoints and the rest are recorded STOPPED with their
 * metrics as of the rung. Synchronous, not asynchronous (ASHA): a rung waits for its whole bracket, which is what a
 * Spark application does naturally (one wave of tasks per rung) and makes every decision reproducible from the rows.
 *
 * @param metric    a per-epoch column of the {@code epochs} table, e.g. {@code test_acc}
 * @param maximize  whether larger values of {@code metric} are better
 * @param rungs     epochs (counted from 1) after which brackets are halved, ascending
 * @param reduction η ≥ 2: one configuration in η goes on at each rung
 * @param compete   the knobs whose values compete within a bracket: by default every grid axis except the ones a
 *                  study compares ({@link #STUDY_AXES}), so a search never picks, say, Sparse VD over binary dropout
 *                  unless asked
 */
public record SearchSpec(String metric, boolean maximize, List<Integer> rungs, int reduction, List<Knob<?>> compete) {

    /** Metrics a search may rank on, with the direction that is better. */
    public static final Map<String, Boolean> METRICS = metrics();

    /** The axes a study compares: never searched over unless named in {@code compete}. */
    public static final List<Knob<?>> STUDY_AXES = List.of(Knob.DATASET, Knob.ARCHITECTURE, Knob.VARIANT, Knob.WIDTH,
            Knob.LABELS);

    public SearchSpec {
        rungs = List.copyOf(rungs);
        compete = List.copyOf(compete);
        if (!METRICS.containsKey(metric)) {
            throw new IllegalArgumentException("search.metric: must be one of " + String.join(", ", METRICS.keySet())
                    + ", found " + metric);
        }
        if (rungs.isEmpty()) {
            throw new IllegalArgumentException("search.rungs: give at least one epoch");
        }
        for (int i = 0; i < rungs.size(); i++) {
            if (rungs.get(i) <= 0 || i > 0 && rungs.get(i) <= rungs.get(i - 1)) {
                throw new IllegalArgumentException("search.rungs: must be ascending epochs > 0, found " + rungs);
            }
        }
        if (reduction < 2) {
            throw new IllegalArgumentException("search.reduction: must be >= 2, found " + reduction);
        }
        if (compete.isEmpty()) {
            throw new IllegalArgumentException("search.compete: no knob competes");
        }
    }

    /** The direction in which {@code metric} gets better by default: accuracy, sparsity up; losses down. */
    public static boolean maximizedByDefault(String metric) {
        Boolean max = METRICS.get(metric.toLowerCase(Locale.ROOT));
        if (max == null) {
            throw new IllegalArgumentException("must be one of " + String.join(", ", METRICS.keySet()) + ", found "
                    + metric);
        }
        return max;
    }

    /** How many of {@code n} configurations go on at a rung: ⌊n / η⌋, at least one. */
    public int kept(int n) {
        return Math.max(1, n / reduction);
    }

    /** For {@code resolved.json}. */
    public Map<String, Object> resolved() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metric", metric);
        out.put("goal", maximize ? "max" : "min");
        out.put("rungs", rungs);
        out.put("reduction", reduction);
        out.put("compete", compete.stream().map(Knob::key).toList());
        return out;
    }

    private static Map<String, Boolean> metrics() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("test_acc", true);
        m.put("train_acc", true);
        m.put("test_nll", false);
        m.put("test_bpc", false);
        m.put("train_loss", false);
        m.put("train_nll", false);
        m.put("sparsity", true);
        m.put("compression", true);
        return java.util.Collections.unmodifiableMap(m);
    }
}
