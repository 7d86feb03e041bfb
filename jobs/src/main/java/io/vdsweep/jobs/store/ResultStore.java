package io.vdsweep.jobs.store;

import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.schema.ResultSchema;
import io.vdsweep.sweeps.spec.Knob;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The only writer of results and the only reader for resume. Layout under the results path (any Hadoop path):
 * {@code trials/sweep=NAME/part-UUID.parquet}, {@code epochs/sweep=NAME/part-UUID.parquet},
 * {@code summary/sweep=NAME/*.parquet}, {@code _sweeps/NAME/resolved.json}, and the models of pretraining runs in
 * {@code _models/NAME/TRIAL_ID.zip} (written by the executors that trained them).
 *
 * <p>Crash safety: each batch of rows is written by Spark into {@code _staging/UUID/} and its one file per table is
 * then renamed into place — epochs first, trials last. A trials file is the commit of its attempt: readers never see
 * half a file, a trial counts as finished only when its OK row has landed, and on the next run epoch files whose
 * trials file never landed are removed ({@link #recover}). Rename is atomic on HDFS and local filesystems; on S3
 * (s3a) it is a copy, so use a committer-backed store or accept the small window.
 */
public final class ResultStore {

    private final SparkSession spark;
    private final Path root;
    private final String sweep;
    private final FileSystem fs;

    public ResultStore(SparkSession spark, String resultsPath, String sweep) {
        this.spark = spark;
        this.root = new Path(resultsPath);
        this.sweep = sweep;
        try {
            this.fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new IllegalArgumentException("results: cannot open " + resultsPath + ": " + e.getMessage(), e);
        }
    }

    private Path partition(String table) {
        return new Path(new Path(root, table), "sweep=" + sweep);
    }

    /** Removes epoch files of attempts whose trials file never landed (a crash between the two renames). */
    public void recover() {
        try {
            Set<String> committed = new HashSet<>();
            for (FileStatus f : list(partition("trials"))) {
                committed.add(f.getPath().getName());
            }
            for (FileStatus f : list(partition("epochs"))) {
                if (!committed.contains(f.getPath().getName())) {
                    fs.delete(f.getPath(), false);
                }
            }
            fs.delete(new Path(root, "_staging"), true);
        } catch (IOException e) {
            throw new IllegalStateException("results: cannot recover " + root + ": " + e.getMessage(), e);
        }
    }

    private List<FileStatus> list(Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return List.of();
        }
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus f : fs.listStatus(dir)) {
            if (f.getPath().getName().endsWith(".parquet")) {
                files.add(f);
            }
        }
        return files;
    }

    /** This sweep's trials rows, or null when none has landed yet. */
    public Dataset<Row> trials() {
        return read("trials");
    }

    /** This sweep's epochs rows, or null when none has landed yet. */
    public Dataset<Row> epochs() {
        return read("epochs");
    }

    private Dataset<Row> read(String table) {
        try {
            if (list(partition(table)).isEmpty()) {
                return null;
            }
        } catch (IOException e) {
            throw new IllegalStateException("results: cannot list " + partition(table) + ": " + e.getMessage(), e);
        }
        return spark.read().parquet(literal(partition(table))).withColumn("sweep", functions.lit(sweep));
    }

    /** A path as Spark's reader must see it: glob characters escaped, so "results[1]" is not a pattern. */
    public static String literal(Path path) {
        return path.toString().replaceAll("([\\[\\]{}*?])", "\\\\$1");
    }

    /** Ids of trials with an OK row. */
    public Set<String> finishedTrialIds() {
        Dataset<Row> trials = trials();
        Set<String> ids = new HashSet<>();
        if (trials != null) {
            for (Row r : trials.filter("status = 'OK'").select("trial_id").distinct().collectAsList()) {
                ids.add(r.getString(0));
            }
        }
        return ids;
    }

    /**
     * Trials whose last attempt failed in a way a rerun would repeat (bad config, bad data, divergence: retryable
     * false): a rerun leaves them failed unless asked to retry them. (A trial recorded OK is never attempted again,
     * so its last attempt is its OK one.)
     */
    public Set<String> failedForGood() {
        Dataset<Row> trials = trials();
        Set<String> ids = new HashSet<>();
        if (trials != null) {
            Dataset<Row> last = trials.groupBy("trial_id").agg(functions.max("attempt").alias("attempt"));
            for (Row r : trials.join(last, scala.collection.JavaConverters.asScalaBuffer(List.of("trial_id",
                    "attempt")).toSeq()).filter("status = 'FAILED' AND NOT retryable").select("trial_id")
                    .collectAsList()) {
                ids.add(r.getString(0));
            }
        }
        return ids;
    }

    /** Highest attempt recorded per trial id (so a rerun continues the numbering). */
    public Map<String, Integer> attempts() {
        Dataset<Row> trials = trials();
        Map<String, Integer> attempts = new HashMap<>();
        if (trials != null) {
            for (Row r : trials.groupBy("trial_id").agg(functions.max("attempt")).collectAsList()) {
                attempts.put(r.getString(0), r.getInt(1));
            }
        }
        return attempts;
    }

    /** Writes the rows of finished attempts, each table as one file renamed into place (epochs, then trials). */
    public synchronized void append(List<ResultRows.Rows> attempts) {
        List<Row> trialRows = new ArrayList<>();
        List<Row> epochRows = new ArrayList<>();
        for (ResultRows.Rows a : attempts) {
            trialRows.add(SparkSchemas.row(ResultSchema.TRIALS.columns(), a.trial()));
            for (Map<String, Object> e : a.epochs()) {
                epochRows.add(SparkSchemas.row(ResultSchema.EPOCHS.columns(), e));
            }
        }
        String name = "part-" + UUID.randomUUID() + ".parquet";
        Path staging = new Path(new Path(root, "_staging"), UUID.randomUUID().toString());
        try {
            if (!epochRows.isEmpty()) {
                stage(epochRows, SparkSchemas.fileSchema(ResultSchema.EPOCHS.columns()), new Path(staging, "epochs"),
                        new Path(partition("epochs"), name));
            }
            stage(trialRows, SparkSchemas.fileSchema(ResultSchema.TRIALS.columns()), new Path(staging, "trials"),
                    new Path(partition("trials"), name));
            fs.delete(staging, true);
        } catch (IOException e) {
            throw new IllegalStateException("results: cannot write under " + root + ": " + e.getMessage(), e);
        }
    }

    private void stage(List<Row> rows, org.apache.spark.sql.types.StructType schema, Path staging, Path target)
            throws IOException {
        spark.createDataFrame(rows, schema).coalesce(1).write().mode("overwrite").parquet(staging.toString());
        // listStatus, not globStatus: a results path may hold glob characters such as "[1]".
        List<FileStatus> parts = new ArrayList<>();
        for (FileStatus f : fs.listStatus(staging)) {
            if (f.getPath().getName().startsWith("part-") && f.getPath().getName().endsWith(".parquet")) {
                parts.add(f);
            }
        }
        if (parts.size() != 1) {
            throw new IOException("expected one Parquet file in " + staging + ", found " + parts.size());
        }
        fs.mkdirs(target.getParent());
        if (!fs.rename(parts.get(0).getPath(), target)) {
            throw new IOException("cannot rename " + parts.get(0).getPath() + " to " + target);
        }
    }

    /**
     * Recomputes {@code summary} for this sweep from every OK trials row with Spark SQL: per group key, n and the
     * mean and sample standard deviation of each metric, and the per-layer mean sparsity. Replaces the previous one.
     */
    public Dataset<Row> writeSummary() {
        Dataset<Row> trials = trials();
        if (trials == null) {
            return null;
        }
        Dataset<Row> ok = trials.filter("status = 'OK'");
        List<Column> keys = new ArrayList<>();
        keys.add(functions.col("group_key"));
        for (Knob<?> knob : Knob.ALL) {
            keys.add(functions.col(knob.key()));
        }
        List<Column> aggs = new ArrayList<>();
        for (String metric : ResultSchema.SUMMARY_METRICS) {
            aggs.add(functions.avg(metric).alias(metric + "_mean"));
            aggs.add(functions.stddev_samp(metric).alias(metric + "_std"));
        }
        Dataset<Row> stats = ok.groupBy(keys.toArray(new Column[0]))
                .agg(functions.count("*").alias("n"), aggs.toArray(new Column[0]));
        Dataset<Row> layers = ok.select(functions.col("group_key"),
                        functions.posexplode(functions.col("layer_pruned")).as(new String[] {"layer", "pruned"}))
                .groupBy("group_key", "layer").agg(functions.avg("pruned").alias("pruned"))
                .groupBy("group_key").agg(functions.array_sort(functions.collect_list(
                        functions.struct(functions.col("layer"), functions.col("pruned")))).alias("layers"))
                .select(functions.col("group_key"), functions.col("layers.pruned").alias("layer_pruned_mean"));
        List<Column> ordered = new ArrayList<>();
        for (io.vdsweep.sweeps.schema.Column c : ResultSchema.SUMMARY) {
            if (!c.name().equals("sweep")) {
                ordered.add(functions.col(c.name()));
            }
        }
        Dataset<Row> summary = stats.join(layers, stats.col("group_key").equalTo(layers.col("group_key")), "left")
                .drop(layers.col("group_key")).select(ordered.toArray(new Column[0]));
        Path staging = new Path(new Path(root, "_staging"), "summary-" + UUID.randomUUID());
        Path target = partition("summary");
        try {
            summary.coalesce(1).write().mode("overwrite").parquet(staging.toString());
            fs.delete(new Path(staging, "_SUCCESS"), false);
            if (fs.exists(target)) {
                fs.delete(target, true);
            }
            fs.mkdirs(target.getParent());
            if (!fs.rename(staging, target)) {
                throw new IOException("cannot rename " + staging + " to " + target);
            }
        } catch (IOException e) {
            throw new IllegalStateException("results: cannot write summary under " + root + ": " + e.getMessage(), e);
        }
        return spark.read().parquet(literal(target)).withColumn("sweep", functions.lit(sweep));
    }

    /** Saves the fully resolved sweep next to its results. */
    public void saveResolvedSweep(String json) {
        Path file = new Path(new Path(new Path(root, "_sweeps"), sweep), "resolved.json");
        try (OutputStream out = fs.create(file, true)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("results: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Where pretraining runs of this sweep leave their models ({@code <results>/_models/<sweep>}, qualified). */
    public String modelsFolder() {
        return fs.makeQualified(new Path(new Path(root, "_models"), sweep)).toString();
    }

    /** Where the tables live, for messages. */
    public String location() {
        return root.toString();
    }
}
