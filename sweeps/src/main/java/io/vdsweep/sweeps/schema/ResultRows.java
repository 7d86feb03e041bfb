package io.vdsweep.sweeps.schema;

import io.vdsweep.core.eval.Metrics;
import io.vdsweep.core.layers.LayerSparsity;
import io.vdsweep.core.train.EpochMetrics;
import io.vdsweep.core.train.TrialRunner;
import io.vdsweep.sweeps.spec.Knob;
import io.vdsweep.sweeps.spec.TrialConfig;
import io.vdsweep.sweeps.trials.Trial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a trial attempt into rows of the {@link ResultSchema} tables (column name → value, Java types matching the
 * column types). Built where the trial ran and shipped to the driver, which only writes them.
 */
public final class ResultRows {

    private ResultRows() {
    }

    /** How an attempt went: which trial, which attempt, how it ran, where, when. */
    public record Attempt(Trial trial, int attempt, String mode, int workers, Provenance provenance, Instant start,
            Instant end) {
    }

    /** The rows of one attempt: exactly one trials row, and one epochs row per epoch trained. */
    public record Rows(Map<String, Object> trial, List<Map<String, Object>> epochs) implements Serializable {
    }

    /** Rows of an attempt that finished. */
    public static Rows ok(Attempt a, TrialRunner.Outcome outcome) {
        Map<String, Object> row = base(a, "OK", null, false);
        Metrics m = outcome.metrics();
        row.put("test_acc", m.testAccuracy());
        row.put("test_acc_stochastic", m.testAccuracyStochastic());
        row.put("test_acc_ensemble", m.testAccuracyEnsemble());
        row.put("train_acc", m.trainAccuracy());
        row.put("test_nll", m.testNll());
        row.put("kl", m.kl());
        row.put("elbo", m.elbo());
        row.put("sparsity", m.sparsity());
        row.put("compression", m.compression());
        List<Double> pruned = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        List<Long> dead = new ArrayList<>();
        for (LayerSparsity layer : m.layers()) {
            pruned.add(layer.prunedFraction());
            weights.add(layer.weights());
            dead.add(layer.deadUnits());
        }
        row.put("layer_pruned", pruned);
        row.put("layer_weights", weights);
        row.put("layer_dead_units", dead);
        row.put("epochs_done", outcome.epochs().size());
        row.put("resumed_at_epoch", outcome.resumedAtEpoch());
        row.put("examples_per_second", outcome.epochs().stream().mapToDouble(EpochMetrics::examplesPerSecond)
                .average().orElse(Double.NaN));
        Map<String, String> md5 = new TreeMap<>(outcome.datasetChecksums());
        StringBuilder sums = new StringBuilder();
        md5.forEach((file, sum) -> sums.append(sums.length() == 0 ? "" : ";").append(file).append('=').append(sum));
        row.put("dataset_md5", sums.toString());
        row.put("network_json", outcome.networkJson());
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochMetrics e : outcome.epochs()) {
            epochs.add(epochRow(a, e));
        }
        return new Rows(row, epochs);
    }

    /** Rows of an attempt that threw: a FAILED trials row with its one-line reason, no epochs. */
    public static Rows failed(Attempt a, String error, boolean retryable) {
        return new Rows(base(a, "FAILED", error, retryable), List.of());
    }

    private static Map<String, Object> base(Attempt a, String status, String error, boolean retryable) {
        Trial t = a.trial();
        Map<String, Object> row = new LinkedHashMap<>();
        for (Column c : ResultSchema.TRIALS) {
            row.put(c.name(), null);
        }
        row.put("sweep", t.sweep());
        row.put("trial_id", t.id());
        row.put("group_key", t.groupKey());
        row.put("attempt", a.attempt());
        row.put("status", status);
        row.put("error", error);
        row.put("retryable", retryable);
        putConfig(row, t.config());
        row.put("replicate", t.config().replicate());
        row.put("seed", t.seed());
        row.put("execution_mode", a.mode());
        row.put("workers", a.workers());
        row.put("wall_seconds", (a.end().toEpochMilli() - a.start().toEpochMilli()) / 1000.0);
        row.put("started_at", a.start());
        row.put("finished_at", a.end());
        Provenance p = a.provenance();
        row.put("executor", p.executor());
        row.put("backend", p.nd4jBackend());
        row.put("threads", p.threads());
        row.put("git_commit", p.gitCommit());
        row.put("vdsweep_version", p.vdsweepVersion());
        row.put("spark_version", p.sparkVersion());
        row.put("dl4j_version", p.dl4jVersion());
        row.put("java_version", p.javaVersion());
        row.put("os", p.os() + " / " + p.arch());
        row.put("config_json", t.configJson());
        return row;
    }

    private static void putConfig(Map<String, Object> row, TrialConfig config) {
        for (Knob knob : Knob.values()) {
            row.put(knob.key(), config.values().get(knob));
        }
    }

    private static Map<String, Object> epochRow(Attempt a, EpochMetrics e) {
        Trial t = a.trial();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sweep", t.sweep());
        row.put("trial_id", t.id());
        row.put("group_key", t.groupKey());
        row.put("attempt", a.attempt());
        for (Knob knob : new Knob[] {Knob.DATASET, Knob.ARCHITECTURE, Knob.VARIANT, Knob.WIDTH, Knob.LABELS}) {
            row.put(knob.key(), t.config().values().get(knob));
        }
        row.put("replicate", t.config().replicate());
        row.put("epoch", e.epoch());
        row.put("train_loss", e.trainLoss());
        row.put("train_nll", e.trainNll());
        row.put("kl", e.kl());
        row.put("kl_weight", e.klWeight());
        row.put("lr", e.learningRate());
        row.put("train_acc", e.trainAccuracy());
        row.put("test_acc", e.testAccuracy());
        row.put("sparsity", e.sparsity());
        row.put("compression", e.compression());
        row.put("wall_seconds", e.wallSeconds());
        row.put("examples_per_second", e.examplesPerSecond());
        return row;
    }
}
