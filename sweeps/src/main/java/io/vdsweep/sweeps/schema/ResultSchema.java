package io.vdsweep.sweeps.schema;

import io.vdsweep.core.eval.Metrics;
import io.vdsweep.core.eval.NetStructure;
import io.vdsweep.core.layers.LayerSparsity;
import io.vdsweep.core.train.EpochMetrics;
import io.vdsweep.core.train.TrialRunner;
import io.vdsweep.sweeps.spec.Knob;
import io.vdsweep.sweeps.spec.TrialConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The three results tables — {@code trials}, {@code epochs}, {@code summary} — column by column, each column with
 * how it is filled: the one definition the rows, the Spark writer, the report and the documentation
 * (docs/results.md, generated from this class) share. Columns are
 * flat and typed so pandas, DuckDB and Spark answer common questions without parsing JSON; per-layer values are
 * arrays in network order.
 */
public final class ResultSchema {

    /** The metrics averaged over replicates in {@code summary} (each gets _mean and _std columns). */
    public static final List<String> SUMMARY_METRICS = List.of("test_acc", "test_acc_stochastic", "test_acc_ensemble",
            "train_acc", "test_nll", "test_bpc", "kl", "elbo", "sparsity", "compression", "flops_reduction", "cpu_speedup",
            "wall_seconds");

    /** One row per trial attempt, made from how it went. */
    public static final Table<ResultRows.AttemptResult> TRIALS = new Table<>("trials");
    /** One row per epoch of an attempt. */
    public static final Table<ResultRows.AttemptEpoch> EPOCHS = new Table<>("epochs");
    /** One row per group of replicates, aggregated by Spark SQL from {@code trials}. */
    public static final List<Column> SUMMARY;

    static {
        identity(TRIALS, r -> r.attempt());
        TRIALS.add("attempt", Column.Type.INT, false, "1 for the first run of the trial, 2 for its first retry, ...",
                        r -> r.attempt().attempt())
                .add("status", Column.Type.STRING, false, "OK, FAILED, or STOPPED: a search "
                        + "stopped the trial at a rung (final, like OK; its metrics are as of that epoch)", ResultRows.AttemptResult::status)
                .add("error", Column.Type.STRING, true, "one-line reason of a FAILED attempt, or why "
                        + "a search STOPPED the trial (its rung, metric and the last kept value); null when OK",
                        ResultRows.AttemptResult::error)
                .add("retryable", Column.Type.BOOLEAN, false,
                        "false for deterministic failures (bad config, divergence) that a rerun would repeat",
                        ResultRows.AttemptResult::retryable);
        for (Knob<?> knob : Knob.ALL) {
            knobColumn(TRIALS, knob, r -> r.attempt().trial().config());
        }
        replicateColumn(TRIALS, r -> r.attempt());
        TRIALS.add("seed", Column.Type.LONG, false, "RNG seed of the trial, derived from the sweep seed and trial_id",
                        r -> r.attempt().trial().seed())
                .add("pretrained_from", Column.Type.STRING, true, "trial_id of the pretraining run whose model the "
                        + "trial started from (knob pretrain); null when none", r -> r.attempt().trial()
                        .pretrainedFrom())
                .add("execution_mode", Column.Type.STRING, false, "task (one Spark task) or averaging "
                        + "(dl4j-spark parameter averaging)", r -> r.attempt().mode())
                .add("workers", Column.Type.INT, false, "Spark tasks that trained the trial (1 for task mode)",
                        r -> r.attempt().workers())
                .add("test_acc", Column.Type.DOUBLE, true, "test accuracy, deterministic net (means, log α > 3 "
                        + "pruned), fraction", metric(Metrics::testAccuracy))
                .add("test_acc_stochastic", Column.Type.DOUBLE, true, "test accuracy with one noise sample; NaN for "
                        + "non-variational nets", metric(Metrics::testAccuracyStochastic))
                .add("test_acc_ensemble", Column.Type.DOUBLE, true, "test accuracy of the average predicted "
                        + "probabilities of `ensemble` stochastic passes; NaN for non-variational nets",
                        metric(Metrics::testAccuracyEnsemble))
                .add("train_acc", Column.Type.DOUBLE, true, "deterministic accuracy on the labels trained on "
                        + "(random ones for labels = random)", metric(Metrics::trainAccuracy))
                .add("test_nll", Column.Type.DOUBLE, true, "deterministic mean test negative log-likelihood, nats",
                        metric(Metrics::testNll))
                .add("test_bpc", Column.Type.DOUBLE, true, "bits per character of a language model (ptb-char): "
                        + "test_nll / ln 2; null for other datasets", r -> bitsPerCharacter(r.attempt().trial()
                        .config(), r.outcome() == null ? null : r.outcome().metrics().testNll()))
                .add("kl", Column.Type.DOUBLE, true, "KL(q||p) of the net (Molchanov approximation), nats; 0 for "
                        + "plain nets", metric(Metrics::kl))
                .add("elbo", Column.Type.DOUBLE, true, "ELBO estimate on the training set: -N * stochastic mean NLL"
                        + " - KL, nats", metric(Metrics::elbo))
                .add("sparsity", Column.Type.DOUBLE, true, "fraction of weights pruned (log α > 3) over all "
                        + "variational layers; 0 for plain nets", metric(Metrics::sparsity))
                .add("compression", Column.Type.DOUBLE, true, "|W| / |W != 0| (Molchanov et al. Table 1)",
                        metric(Metrics::compression))
                .add("layer_pruned", Column.Type.DOUBLE_ARRAY, true, "fraction pruned per variational weight "
                        + "matrix, network order (an LSTM gives x–h then h–h)", layers(LayerSparsity::prunedFraction))
                .add("layer_weights", Column.Type.LONG_ARRAY, true, "weights per variational layer",
                        layers(LayerSparsity::weights))
                .add("layer_dead_units", Column.Type.LONG_ARRAY, true, "units (neurons or filters) with every "
                        + "weight pruned, per variational layer", layers(LayerSparsity::deadUnits))
                .add("units", Column.Type.LONG_ARRAY, true, "units per level between weight layers, full net (null "
                        + "for recurrent nets, as are the other structured columns): the input, then each weight "
                        + "layer's neurons or filters (flattened positions a level of their own where a dense layer "
                        + "reads an image)", structure(st -> new ArrayList<>(st.units())))
                .add("units_kept", Column.Type.LONG_ARRAY, true, "units per level that remain once SBP-pruned units, "
                        + "units no kept weight reaches and units no kept weight leaves are removed (Neklyudov et al. "
                        + "2017 Table 1, neurons per layer); the logits always remain",
                        structure(st -> new ArrayList<>(st.unitsKept())))
                .add("flops", Column.Type.LONG, true, "multiply-adds of one example through the full net's weight "
                        + "layers", structure(NetStructure::flops))
                .add("flops_kept", Column.Type.LONG, true, "the same through the net with the removable units "
                        + "taken out", structure(NetStructure::flopsKept))
                .add("flops_reduction", Column.Type.DOUBLE, true, "flops / flops_kept (Neklyudov et al. 2017 Table 1, "
                        + "FLOPs)", structure(NetStructure::flopsReduction))
                .add("cpu_speedup", Column.Type.DOUBLE, true, "measured CPU inference time of the full-width plain "
                        + "net over that of the plain net with only the remaining units, batch 100, fastest of "
                        + "alternating passes on the executor (Neklyudov et al. 2017 Table 1, CPU); noisy on a busy host; "
                        + "exactly 1, not timed, when no unit can be removed; NaN for recurrent nets",
                        metric(Metrics::cpuSpeedup))
                .add("epochs_done", Column.Type.INT, true,
                        "epochs trained (equals epochs when OK; the rung's epoch when STOPPED)",
                        outcome(o -> o.epochs().size()))
                .add("resumed_at_epoch", Column.Type.INT, true, "epoch a checkpoint resumed from (0 = from scratch)",
                        outcome(TrialRunner.Outcome::resumedAtEpoch))
                .add("wall_seconds", Column.Type.DOUBLE, false, "wall time of the attempt from the driver starting it "
                        + "to its end, seconds (includes waiting for a slot and work Spark lost to a failed executor)",
                        r -> (r.attempt().end().toEpochMilli() - r.attempt().start().toEpochMilli()) / 1000.0)
                .add("examples_per_second", Column.Type.DOUBLE, true, "mean training throughput over the epochs",
                        outcome(o -> o.epochs().stream().mapToDouble(EpochMetrics::examplesPerSecond).average()
                                .orElse(Double.NaN)))
                .add("started_at", Column.Type.TIMESTAMP, false, "start of the attempt (UTC)",
                        r -> r.attempt().start())
                .add("finished_at", Column.Type.TIMESTAMP, false, "end of the attempt (UTC)", r -> r.attempt().end())
                .add("executor", Column.Type.STRING, false, "host and Spark executor id that ran it",
                        provenance(Provenance::executor))
                .add("backend", Column.Type.STRING, false, "ND4J backend, native build (CPU-specific or CUDA), BLAS, "
                        + "KL pass (simd-kl / scalar-kl) and DL4J helpers on/off, e.g. CpuBackend "
                        + "linux-x86_64-onednn-avx512 openblas simd-kl helpers",
                        provenance(Provenance::nd4jBackend))
                .add("threads", Column.Type.STRING, false, "ND4J/OpenMP threads (OMP_NUM_THREADS)",
                        provenance(Provenance::threads))
                .add("git_commit", Column.Type.STRING, false, "commit of the vdsweep build",
                        provenance(Provenance::gitCommit))
                .add("vdsweep_version", Column.Type.STRING, false, "project version",
                        provenance(Provenance::vdsweepVersion))
                .add("spark_version", Column.Type.STRING, false, "Spark version", provenance(Provenance::sparkVersion))
                .add("dl4j_version", Column.Type.STRING, false, "Deeplearning4j/ND4J version",
                        provenance(Provenance::dl4jVersion))
                .add("java_version", Column.Type.STRING, false, "java.version", provenance(Provenance::javaVersion))
                .add("os", Column.Type.STRING, false, "os.name os.version / os.arch",
                        provenance(p -> p.os() + " / " + p.arch()))
                .add("dataset_md5", Column.Type.STRING, true, "file=md5 of every dataset file read, ';'-separated",
                        outcome(o -> checksums(o.datasetChecksums())))
                .add("config_json", Column.Type.STRING, false, "canonical JSON of the trial config (what trial_id "
                        + "hashes): rerun a trial from it", r -> r.attempt().trial().configJson())
                .add("network_json", Column.Type.STRING, true, "DL4J MultiLayerConfiguration JSON of the network",
                        outcome(TrialRunner.Outcome::networkJson));

        identity(EPOCHS, ResultRows.AttemptEpoch::attempt);
        EPOCHS.add("attempt", Column.Type.INT, false, "attempt that produced the epoch", e -> e.attempt().attempt());
        for (Knob<?> knob : List.of(Knob.DATASET, Knob.ARCHITECTURE, Knob.VARIANT, Knob.WIDTH, Knob.LABELS)) {
            knobColumn(EPOCHS, knob, e -> e.attempt().trial().config());
        }
        replicateColumn(EPOCHS, ResultRows.AttemptEpoch::attempt);
        EPOCHS.add("epoch", Column.Type.INT, false, "0-based epoch", e -> e.epoch().epoch())
                .add("train_loss", Column.Type.DOUBLE, false, "mean minibatch loss NLL + β·KL/N over the epoch",
                        e -> e.epoch().trainLoss())
                .add("train_nll", Column.Type.DOUBLE, false, "train_loss - β·KL/N at the epoch's end",
                        e -> e.epoch().trainNll())
                .add("kl", Column.Type.DOUBLE, false, "KL(q||p) at the epoch's end, nats", e -> e.epoch().kl())
                .add("kl_weight", Column.Type.DOUBLE, false, "β used in the epoch", e -> e.epoch().klWeight())
                .add("lr", Column.Type.DOUBLE, false, "learning rate used in the epoch", e -> e.epoch().learningRate())
                .add("train_acc", Column.Type.DOUBLE, false, "deterministic accuracy on up to 10k trained-on examples",
                        e -> e.epoch().trainAccuracy())
                .add("test_acc", Column.Type.DOUBLE, false, "deterministic test accuracy (per character for ptb-char)",
                        e -> e.epoch().testAccuracy())
                .add("test_nll", Column.Type.DOUBLE, true, "deterministic mean test negative log-likelihood per "
                        + "prediction, nats", e -> e.epoch().testNll())
                .add("test_bpc", Column.Type.DOUBLE, true, "test_nll / ln 2 for ptb-char, else null",
                        e -> bitsPerCharacter(e.attempt().trial().config(), e.epoch().testNll()))
                .add("sparsity", Column.Type.DOUBLE, false, "fraction of weights pruned", e -> e.epoch().sparsity())
                .add("compression", Column.Type.DOUBLE, false, "|W| / |W != 0|", e -> e.epoch().compression())
                .add("wall_seconds", Column.Type.DOUBLE, false, "training time of the epoch, seconds",
                        e -> e.epoch().wallSeconds())
                .add("examples_per_second", Column.Type.DOUBLE, false, "training throughput of the epoch",
                        e -> e.epoch().examplesPerSecond());

        List<Column> summary = new ArrayList<>();
        summary.add(new Column("sweep", Column.Type.STRING, false, "sweep name"));
        summary.add(new Column("group_key", Column.Type.STRING, false, "hash of the config without the replicate"));
        for (Knob<?> knob : Knob.ALL) {
            summary.add(knobColumn(knob));
        }
        summary.add(new Column("n", Column.Type.LONG, false, "replicates with status OK aggregated"));
        for (String metric : SUMMARY_METRICS) {
            summary.add(new Column(metric + "_mean", Column.Type.DOUBLE, true, "mean of trials." + metric
                    + " over replicates"));
            summary.add(new Column(metric + "_std", Column.Type.DOUBLE, true, "sample standard deviation of trials."
                    + metric + " (null when n = 1)"));
        }
        summary.add(new Column("layer_pruned_mean", Column.Type.DOUBLE_ARRAY, true,
                "per-layer mean of trials.layer_pruned"));
        summary.add(new Column("units_kept_mean", Column.Type.DOUBLE_ARRAY, true,
                "per-level mean of trials.units_kept"));
        SUMMARY = List.copyOf(summary);
    }

    private ResultSchema() {
    }

    /** Bits per character of a character-level language model's mean NLL (nats); null for other datasets. */
    private static Double bitsPerCharacter(io.vdsweep.sweeps.spec.TrialConfig config, Double nll) {
        return nll == null || config.dataset().kind() != io.vdsweep.core.data.Dataset.Kind.CHARACTERS ? null
                : nll / Math.log(2);
    }

    private static <S> void identity(Table<S> table, Function<S, ResultRows.Attempt> attempt) {
        table.add("sweep", Column.Type.STRING, false, "sweep name (also the partition folder)",
                        s -> attempt.apply(s).trial().sweep())
                .add("trial_id", Column.Type.STRING, false, "hash of the canonical trial config: stable across reruns",
                        s -> attempt.apply(s).trial().id())
                .add("group_key", Column.Type.STRING, false, "hash of the config without the replicate: the "
                        + "aggregation key of summary", s -> attempt.apply(s).trial().groupKey());
    }

    private static <S> void replicateColumn(Table<S> table, Function<S, ResultRows.Attempt> attempt) {
        table.add("replicate", Column.Type.LONG, false, "replicate label (seeds entry or repeat index)",
                s -> attempt.apply(s).trial().config().replicate());
    }

    private static <S> void knobColumn(Table<S> table, Knob<?> knob, Function<S, TrialConfig> config) {
        Column c = knobColumn(knob);
        table.add(c.name(), c.type(), c.nullable(), c.doc(), s -> knob.canonicalOf(config.apply(s)));
    }

    /** The column of a knob: its key, typed like its canonical value. */
    static Column knobColumn(Knob<?> knob) {
        Object d = knob.canonical(knob.defaultValue());
        Column.Type type = d instanceof Integer ? Column.Type.INT : d instanceof Double ? Column.Type.DOUBLE
                : d instanceof Boolean ? Column.Type.BOOLEAN : Column.Type.STRING;
        return new Column(knob.key(), type, false, "config: " + knob.doc());
    }

    private static Function<ResultRows.AttemptResult, Object> outcome(Function<TrialRunner.Outcome, Object> value) {
        return r -> r.outcome() == null ? null : value.apply(r.outcome());
    }

    private static Function<ResultRows.AttemptResult, Object> metric(Function<Metrics, Object> value) {
        return outcome(o -> value.apply(o.metrics()));
    }

    private static Function<ResultRows.AttemptResult, Object> layers(Function<LayerSparsity, Object> value) {
        return outcome(o -> o.metrics().layers().stream().map(value).collect(Collectors.toCollection(ArrayList::new)));
    }

    /** A structured figure; null for recurrent nets, which have no unit structure ({@link NetStructure}). */
    private static Function<ResultRows.AttemptResult, Object> structure(Function<NetStructure, Object> value) {
        return metric(m -> m.structure().units().isEmpty() ? null : value.apply(m.structure()));
    }

    private static Function<ResultRows.AttemptResult, Object> provenance(Function<Provenance, Object> value) {
        return r -> value.apply(r.attempt().provenance());
    }

    private static String checksums(Map<String, String> md5) {
        StringBuilder sums = new StringBuilder();
        new TreeMap<>(md5).forEach((file, sum) -> sums.append(sums.length() == 0 ? "" : ";").append(file).append('=')
                .append(sum));
        return sums.toString();
    }

    /** docs/results.md: every table, column by column. */
    private static final String READERS = """

            ## What a reader can rely on, also while a sweep is running

            - **Whole files only.** Every results file is written elsewhere (`_staging/`) and renamed into place, so a \
            reader of `trials/`, `epochs/` or `summary/` never sees half a file (on HDFS and local disks, where rename \
            is atomic; on S3 a rename is a copy). Folders whose names start with `_` or `.` (`_staging`, `_sweeps`, \
            `_models`, `_quarantine`) are not tables: Spark, pyarrow and DuckDB's hive scans skip or need not read them.
            - **A trial's epochs land before its trial row.** Join epochs to trials by `(trial_id, attempt)`: epochs \
            without a trial row belong to an attempt still committing, or one a crash interrupted (the next `run` or \
            `vdsweep doctor --fix` removes them).
            - **One OK row per trial.** A sweep holds a results lock while it runs and never reruns an OK trial, so \
            each `trial_id` has at most one row with `status = 'OK'` (and any number of FAILED attempts before it), or \
            one with `status = 'STOPPED'` where a search stopped it early: filter `status = 'OK'` for finished trials. \
            Should duplicates get in anyway (results copied together by hand), vdsweep's own reads keep the first OK \
            row by `finished_at`; do the same: `QUALIFY row_number() OVER (PARTITION BY trial_id ORDER BY \
            finished_at) = 1`.
            - **The summary is replaced whole** at the end of each run, after the last trial row: a reader may, for an \
            instant, find no summary, never a partial one; between runs it may lag the trials table, never lead it.
            - **A handful of files.** Each commit adds one file per table (attempts finishing together share it); a \
            run that leaves a sweep with more than 4 trials files rewrites its trials and epochs as one file each, \
            keeping every FAILED and STOPPED row, the first OK row of each trial and their epochs (`vdsweep compact RESULTS` does \
            the same for older results). The new file lands before the old ones go: for those milliseconds a plain \
            reader could see rows twice; a compaction killed in between is finished by the next `run`, `compact` or \
            `doctor --fix`.
            """;

    public static String markdown() {
        StringBuilder md = new StringBuilder("# Results tables\n\n");
        md.append("Generated from `sweeps/src/main/java/io/vdsweep/sweeps/schema/ResultSchema.java` "
                + "(`ResultSchemaTest` keeps this file in sync). Parquet under `<results>/<table>/sweep=<name>/`.\n");
        table(md, "trials", "one row per trial attempt that finished (OK), failed (FAILED) "
                + "or was stopped by a search (STOPPED)", TRIALS.columns());
        table(md, "epochs", "one row per trial attempt per epoch", EPOCHS.columns());
        table(md, "summary", "one row per group_key: mean/std over the OK replicates, recomputed after every run",
                SUMMARY);
        md.append(READERS);
        return md.toString();
    }

    private static void table(StringBuilder md, String name, String what, List<Column> columns) {
        md.append("\n## `").append(name).append("`: ").append(what).append("\n\n| column | type | null | meaning |\n")
                .append("|---|---|---|---|\n");
        for (Column c : columns) {
            md.append("| `").append(c.name()).append("` | ").append(c.type().name().toLowerCase())
                    .append(" | ").append(c.nullable() ? "yes" : "").append(" | ").append(c.doc().replace("|", "\\|"))
                    .append(" |\n");
        }
    }
}
