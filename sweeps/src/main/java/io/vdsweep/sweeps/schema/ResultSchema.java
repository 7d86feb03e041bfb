package io.vdsweep.sweeps.schema;

import io.vdsweep.sweeps.spec.Knob;
import java.util.ArrayList;
import java.util.List;

/**
 * The three results tables — {@code trials}, {@code epochs}, {@code summary} — column by column: the one definition
 * the Spark writer, the report and the documentation (docs/results.md, generated from this class) share. Columns are
 * flat and typed so pandas, DuckDB and Spark answer common questions without parsing JSON; per-layer values are
 * arrays in network order.
 */
public final class ResultSchema {

    /** The metrics averaged over replicates in {@code summary} (each gets _mean and _std columns). */
    public static final List<String> SUMMARY_METRICS = List.of("test_acc", "test_acc_stochastic", "test_acc_ensemble",
            "train_acc", "test_nll", "kl", "elbo", "sparsity", "compression", "wall_seconds");

    public static final List<Column> TRIALS;
    public static final List<Column> EPOCHS;
    public static final List<Column> SUMMARY;

    static {
        List<Column> trials = new ArrayList<>(identity());
        trials.add(col("attempt", Column.Type.INT, false, "1 for the first run of the trial, 2 for its first retry, ..."));
        trials.add(col("status", Column.Type.STRING, false, "OK or FAILED"));
        trials.add(col("error", Column.Type.STRING, true, "one-line reason of a FAILED attempt (null when OK)"));
        trials.add(col("retryable", Column.Type.BOOLEAN, false,
                "false for deterministic failures (bad config, divergence) that a rerun would repeat"));
        trials.addAll(config());
        trials.add(col("seed", Column.Type.LONG, false, "RNG seed of the trial, derived from the sweep seed and trial_id"));
        trials.add(col("execution_mode", Column.Type.STRING, false, "task (one Spark task) or averaging "
                + "(dl4j-spark parameter averaging)"));
        trials.add(col("workers", Column.Type.INT, false, "Spark tasks that trained the trial (1 for task mode)"));
        trials.add(col("test_acc", Column.Type.DOUBLE, true, "test accuracy, deterministic net (means, log α > 3 "
                + "pruned), fraction"));
        trials.add(col("test_acc_stochastic", Column.Type.DOUBLE, true, "test accuracy with one noise sample; NaN for "
                + "non-variational nets"));
        trials.add(col("test_acc_ensemble", Column.Type.DOUBLE, true, "test accuracy of the average predicted "
                + "probabilities of `ensemble` stochastic passes; NaN for non-variational nets"));
        trials.add(col("train_acc", Column.Type.DOUBLE, true, "deterministic accuracy on the labels trained on "
                + "(random ones for labels = random)"));
        trials.add(col("test_nll", Column.Type.DOUBLE, true, "deterministic mean test negative log-likelihood, nats"));
        trials.add(col("kl", Column.Type.DOUBLE, true, "KL(q||p) of the net (Molchanov approximation), nats; 0 for "
                + "plain nets"));
        trials.add(col("elbo", Column.Type.DOUBLE, true, "ELBO estimate on the training set: -N * stochastic mean NLL"
                + " - KL, nats"));
        trials.add(col("sparsity", Column.Type.DOUBLE, true, "fraction of weights pruned (log α > 3) over all "
                + "variational layers; 0 for plain nets"));
        trials.add(col("compression", Column.Type.DOUBLE, true, "|W| / |W != 0| (Molchanov et al. Table 1)"));
        trials.add(col("layer_pruned", Column.Type.DOUBLE_ARRAY, true, "fraction pruned per variational layer, "
                + "network order"));
        trials.add(col("layer_weights", Column.Type.LONG_ARRAY, true, "weights per variational layer"));
        trials.add(col("layer_dead_units", Column.Type.LONG_ARRAY, true, "units (neurons or filters) with every "
                + "weight pruned, per variational layer"));
        trials.add(col("epochs_done", Column.Type.INT, true, "epochs trained (equals epochs when OK)"));
        trials.add(col("resumed_at_epoch", Column.Type.INT, true, "epoch a checkpoint resumed from (0 = from scratch)"));
        trials.add(col("wall_seconds", Column.Type.DOUBLE, false, "wall time of the attempt, seconds"));
        trials.add(col("examples_per_second", Column.Type.DOUBLE, true, "mean training throughput over the epochs"));
        trials.add(col("started_at", Column.Type.TIMESTAMP, false, "start of the attempt (UTC)"));
        trials.add(col("finished_at", Column.Type.TIMESTAMP, false, "end of the attempt (UTC)"));
        trials.add(col("executor", Column.Type.STRING, false, "host and Spark executor id that ran it"));
        trials.add(col("backend", Column.Type.STRING, false, "ND4J backend, native build (CPU-specific or CUDA), BLAS "
                + "and DL4J helpers on/off, e.g. CpuBackend linux-x86_64-onednn-avx512 openblas helpers"));
        trials.add(col("threads", Column.Type.STRING, false, "ND4J/OpenMP threads (OMP_NUM_THREADS)"));
        trials.add(col("git_commit", Column.Type.STRING, false, "commit of the vdsweep build"));
        trials.add(col("vdsweep_version", Column.Type.STRING, false, "project version"));
        trials.add(col("spark_version", Column.Type.STRING, false, "Spark version"));
        trials.add(col("dl4j_version", Column.Type.STRING, false, "Deeplearning4j/ND4J version"));
        trials.add(col("java_version", Column.Type.STRING, false, "java.version"));
        trials.add(col("os", Column.Type.STRING, false, "os.name os.version / os.arch"));
        trials.add(col("dataset_md5", Column.Type.STRING, true, "file=md5 of every dataset file read, ';'-separated"));
        trials.add(col("config_json", Column.Type.STRING, false, "canonical JSON of the trial config (what trial_id "
                + "hashes): rerun a trial from it"));
        trials.add(col("network_json", Column.Type.STRING, true, "DL4J MultiLayerConfiguration JSON of the network"));
        TRIALS = List.copyOf(trials);

        List<Column> epochs = new ArrayList<>(identity());
        epochs.add(col("attempt", Column.Type.INT, false, "attempt that produced the epoch"));
        for (Knob knob : new Knob[] {Knob.DATASET, Knob.ARCHITECTURE, Knob.VARIANT, Knob.WIDTH, Knob.LABELS}) {
            epochs.add(knobColumn(knob));
        }
        epochs.add(col("replicate", Column.Type.LONG, false, "replicate label (seeds entry or repeat index)"));
        epochs.add(col("epoch", Column.Type.INT, false, "0-based epoch"));
        epochs.add(col("train_loss", Column.Type.DOUBLE, false, "mean minibatch loss NLL + β·KL/N over the epoch"));
        epochs.add(col("train_nll", Column.Type.DOUBLE, false, "train_loss - β·KL/N at the epoch's end"));
        epochs.add(col("kl", Column.Type.DOUBLE, false, "KL(q||p) at the epoch's end, nats"));
        epochs.add(col("kl_weight", Column.Type.DOUBLE, false, "β used in the epoch"));
        epochs.add(col("lr", Column.Type.DOUBLE, false, "learning rate used in the epoch"));
        epochs.add(col("train_acc", Column.Type.DOUBLE, false, "deterministic accuracy on up to 10k trained-on examples"));
        epochs.add(col("test_acc", Column.Type.DOUBLE, false, "deterministic test accuracy"));
        epochs.add(col("sparsity", Column.Type.DOUBLE, false, "fraction of weights pruned"));
        epochs.add(col("compression", Column.Type.DOUBLE, false, "|W| / |W != 0|"));
        epochs.add(col("wall_seconds", Column.Type.DOUBLE, false, "training time of the epoch, seconds"));
        epochs.add(col("examples_per_second", Column.Type.DOUBLE, false, "training throughput of the epoch"));
        EPOCHS = List.copyOf(epochs);

        List<Column> summary = new ArrayList<>();
        summary.add(col("sweep", Column.Type.STRING, false, "sweep name"));
        summary.add(col("group_key", Column.Type.STRING, false, "hash of the config without the replicate"));
        summary.addAll(knobColumns());
        summary.add(col("n", Column.Type.LONG, false, "replicates with status OK aggregated"));
        for (String metric : SUMMARY_METRICS) {
            summary.add(col(metric + "_mean", Column.Type.DOUBLE, true, "mean of trials." + metric + " over replicates"));
            summary.add(col(metric + "_std", Column.Type.DOUBLE, true, "sample standard deviation of trials." + metric
                    + " (null when n = 1)"));
        }
        summary.add(col("layer_pruned_mean", Column.Type.DOUBLE_ARRAY, true, "per-layer mean of trials.layer_pruned"));
        SUMMARY = List.copyOf(summary);
    }

    private ResultSchema() {
    }

    private static List<Column> identity() {
        return List.of(col("sweep", Column.Type.STRING, false, "sweep name (also the partition folder)"),
                col("trial_id", Column.Type.STRING, false, "hash of the canonical trial config: stable across reruns"),
                col("group_key", Column.Type.STRING, false, "hash of the config without the replicate: the "
                        + "aggregation key of summary"));
    }

    private static List<Column> config() {
        List<Column> columns = new ArrayList<>(knobColumns());
        columns.add(col("replicate", Column.Type.LONG, false, "replicate label (seeds entry or repeat index)"));
        return columns;
    }

    private static List<Column> knobColumns() {
        List<Column> columns = new ArrayList<>();
        for (Knob knob : Knob.values()) {
            columns.add(knobColumn(knob));
        }
        return columns;
    }

    /** The column of a knob: its key, typed like its canonical value. */
    static Column knobColumn(Knob knob) {
        Object d = knob.defaultValue();
        Column.Type type = d instanceof Integer ? Column.Type.INT : d instanceof Double ? Column.Type.DOUBLE
                : Column.Type.STRING;
        return col(knob.key(), type, false, "config: " + knob.doc());
    }

    private static Column col(String name, Column.Type type, boolean nullable, String doc) {
        return new Column(name, type, nullable, doc);
    }

    /** docs/results.md: every table, column by column. */
    public static String markdown() {
        StringBuilder md = new StringBuilder("# Results tables\n\n");
        md.append("Generated from `sweeps/src/main/java/io/vdsweep/sweeps/schema/ResultSchema.java` "
                + "(`ResultSchemaTest` keeps this file in sync). Parquet under `<results>/<table>/sweep=<name>/`.\n");
        table(md, "trials", "one row per trial attempt that finished (OK) or failed (FAILED)", TRIALS);
        table(md, "epochs", "one row per trial attempt per epoch", EPOCHS);
        table(md, "summary", "one row per group_key: mean/std over the OK replicates, recomputed after every run",
                SUMMARY);
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
