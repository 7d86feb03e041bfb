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
 * <p>Crash safety: each batch of finished attempts is written, one Parquet file per table and without a Spark job
 * ({@link ParquetRowsWriter}), into {@code _staging/sweep=NAME/UUID/} and renamed into place — epochs first, trials
 * last. A trials file is the commit of its attempt:
 * readers never see half a file, a trial counts as finished only when its OK row has landed, and on the next run
 * epoch files whose trials file never landed are removed ({@link #recover}). Rename is atomic on HDFS and local
 * filesystems; on S3 (s3a) it is a copy, so use a committer-backed store or accept the small window.
 *
 * <p>Exactly once: one driver per sweep and path ({@link #lock}); should a trial still have two OK rows (results
 * copied together by hand, a lock broken while its run was alive), every read here keeps its first OK row.
 * Storage faults and unreadable files are {@link ResultsException}s naming the path.
 */
public final class ResultStore {

    private static final ParquetRowsWriter TRIALS_FILES = new ParquetRowsWriter(ResultSchema.TRIALS.columns());
    private static final ParquetRowsWriter EPOCHS_FILES = new ParquetRowsWriter(ResultSchema.EPOCHS.columns());

    private final SparkSession spark;
    private final Path root;
    private final String sweep;
    private final FileSystem fs;

    public ResultStore(SparkSession spark, String resultsPath, String sweep) {
        this.spark = spark;
        this.root = new Path(resultsPath);
        this.sweep = sweep;
        // What the direct writer writes too: one timestamp encoding in every file (Spark's default is INT96).
        spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        try {
            this.fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new IllegalArgumentException("results: cannot open " + resultsPath + ": " + e.getMessage(), e);
        }
    }

    /** The names of the sweeps with trials under {@code results}, sorted; IllegalArgumentException when none. */
    public static List<String> sweeps(SparkSession spark, String results) {
        Path trials = new Path(results, "trials");
        List<String> names = new ArrayList<>();
        try {
            FileSystem fs = trials.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(trials)) {
                for (FileStatus s : fs.listStatus(trials)) {
                    if (s.isDirectory() && s.getPath().getName().startsWith("sweep=")) {
                        names.add(s.getPath().getName().substring("sweep=".length()));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("results: cannot read " + results + ": " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("results: no trials under " + results + " (run a sweep first)");
        }
        names.sort(null);
        return names;
    }

    private Path partition(String table) {
        return ResultsLayout.partition(root, table, sweep);
    }

    /** This sweep's staging folder: other sweeps writing into the same results path keep theirs. */
    private Path staging() {
        return ResultsLayout.staging(root, sweep);
    }

    /**
     * Takes the sweep's run lock under this results path ({@link ResultsLock}); close it when the run ends.
     *
     * @param breakLock remove a lock whatever holds it (the user says its run is gone)
     */
    public ResultsLock lock(boolean breakLock, java.io.PrintWriter out) {
        return ResultsLock.acquire(fs, root, sweep, breakLock, out);
    }

    /**
     * Clears what a killed run left: a compaction it was in the middle of (finished when its trials file had landed,
     * else undone: {@link #compact}), epoch files of attempts whose trials file never landed (a crash between the
     * two renames), empty Parquet files (a crash inside a write on a store without atomic rename) and this sweep's
     * staging folder. Call it holding the lock.
     */
    public void recover() {
        try {
            CompactionJournal.finish(fs, root, sweep);
            Set<String> committed = new HashSet<>();
            for (FileStatus f : list(partition("trials"))) {
                if (f.getLen() == 0) {
                    fs.delete(f.getPath(), false);
                } else {
                    committed.add(f.getPath().getName());
                }
            }
            for (FileStatus f : list(partition("epochs"))) {
                if (f.getLen() == 0 || !committed.contains(f.getPath().getName())) {
                    fs.delete(f.getPath(), false);
                }
            }
            fs.delete(staging(), true);
        } catch (IOException e) {
            throw new ResultsException("results: cannot clean up " + root + ": " + ResultsException.rootProblem(e),
                    e);
        }
    }

    /** Removes this sweep's staging folder (and {@code _staging} once no sweep uses it): the end of a run. */
    public void removeStaging() {
        quietly(() -> {
            fs.delete(staging(), true);
            Path all = staging().getParent();
            if (fs.exists(all) && fs.listStatus(all).length == 0) {
                fs.delete(all, false);
            }
        });
    }

    private List<FileStatus> list(Path dir) throws IOException {
        return ParquetFiles.list(fs, dir);
    }

    /**
     * This sweep's trials rows, or null when none has landed yet: every FAILED row and the first OK row of each
     * trial.
     */
    public Dataset<Row> trials() {
        Dataset<Row> all = read("trials");
        return all == null ? null : kept(all);
    }

    /** Of trials rows, every FAILED row and the first OK row of each trial (by finish time, then attempt). */
    private static Dataset<Row> kept(Dataset<Row> all) {
        org.apache.spark.sql.expressions.WindowSpec first = org.apache.spark.sql.expressions.Window
                .partitionBy("trial_id").orderBy(functions.col("finished_at"), functions.col("attempt"));
        Dataset<Row> ok = all.filter("status = 'OK'").withColumn("_first", functions.row_number().over(first))
                .filter("_first = 1").drop("_first");
        return ok.unionByName(all.filter("status <> 'OK'"));
    }

    /** This sweep's epochs rows, or null when none has landed yet. */
    public Dataset<Row> epochs() {
        return read("epochs");
    }

    private Dataset<Row> read(String table) {
        List<FileStatus> files;
        try {
            files = list(partition(table));
        } catch (IOException e) {
            throw new ResultsException("results: cannot list " + partition(table) + ": "
                    + ResultsException.rootProblem(e), e);
        }
        if (files.isEmpty()) {
            return null;
        }
        try {
            // trials and epochs with every current column: files a vdsweep without a newer column wrote read it
            // as null; the summary, rewritten whole by every run, as it was written
            org.apache.spark.sql.DataFrameReader reader = switch (table) {
                case "trials" -> spark.read().schema(SparkSchemas.readSchema(ResultSchema.TRIALS.columns()));
                case "epochs" -> spark.read().schema(SparkSchemas.readSchema(ResultSchema.EPOCHS.columns()));
                default -> spark.read();
            };
            return reader.parquet(literal(partition(table))).withColumn("sweep", functions.lit(sweep));
        } catch (Exception e) {     // Spark's AnalysisException, or its (undeclared, checked) SparkException
            throw unreadable(files, e);
        }
    }

    /** Runs a query over this sweep's rows; a file that breaks it is named (with how to repair). */
    private <T> T query(String table, java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (ResultsException e) {
            throw e;
        } catch (Exception e) {     // Spark's (undeclared, checked) SparkException from a task that read a file
            try {
                throw unreadable(list(partition(table)), e);
            } catch (IOException listing) {
                throw new ResultsException("results: cannot read " + partition(table) + ": "
                        + ResultsException.rootProblem(e), e);
            }
        }
    }

    /** The error for a failed read: the first file whose Parquet footer cannot be read, or the storage's words. */
    private ResultsException unreadable(List<FileStatus> files, Exception e) {
        for (FileStatus f : files) {
            String problem = ParquetFiles.problem(fs, f);
            if (problem != null) {
                return new ResultsException("results: " + f.getPath() + " is not a readable Parquet file (" + problem
                        + "); move it out of the results path (or run 'vdsweep doctor --fix " + root + "') and "
                        + "rerun: its trials run again", e);
            }
        }
        return new ResultsException("results: cannot read " + root + ": " + ResultsException.rootProblem(e), e);
    }

    /** A path as Spark's reader must see it: glob characters escaped, so "results[1]" is not a pattern. */
    public static String literal(Path path) {
        return path.toString().replaceAll("([\\[\\]{}*?])", "\\\\$1");
    }

    /**
     * What earlier runs left, read in one pass over the trials rows.
     *
     * @param finished      ids of trials with an OK row, or a STOPPED one (a search stopped them: final too)
     * @param failedForGood trials whose last attempt failed in a way a rerun would repeat (bad config, bad data,
     *                      divergence: retryable false); a rerun leaves them failed unless asked to retry them
     * @param attempts      highest attempt recorded per trial id (so a rerun continues the numbering)
     */
    public record History(Set<String> finished, Set<String> failedForGood, Map<String, Integer> attempts) {
    }

    /** This sweep's {@link History}. */
    public History history() {
        return query("trials", () -> {
            Set<String> finished = new HashSet<>();
            Map<String, Integer> attempts = new HashMap<>();
            Map<String, Boolean> lastFailedForGood = new HashMap<>();
            Dataset<Row> trials = read("trials");
            if (trials != null) {
                for (Row r : trials.select("trial_id", "attempt", "status", "retryable").collectAsList()) {
                    String id = r.getString(0);
                    int attempt = r.getInt(1);
                    if (ResultRows.FINAL.contains(r.getString(2))) {
                        finished.add(id);
                    }
                    if (attempt >= attempts.getOrDefault(id, 0)) {
                        attempts.put(id, attempt);
                        lastFailedForGood.put(id, "FAILED".equals(r.getString(2)) && !r.getBoolean(3));
                    }
                }
            }
            Set<String> failedForGood = new HashSet<>();
            lastFailedForGood.forEach((id, failed) -> {
                if (failed && !finished.contains(id)) {
                    failedForGood.add(id);
                }
            });
            return new History(finished, failedForGood, attempts);
        });
    }

    /**
     * Of the given trials that ended OK or STOPPED, the value of the epochs column {@code column} at each epoch
     * they trained, from the attempt that ended them: what a search's rung decisions need of trials finished by an
     * earlier run. Trials without such a row are absent.
     */
    public Map<String, Map<Integer, Double>> epochValues(String column, Set<String> trialIds) {
        Map<String, Map<Integer, Double>> values = new HashMap<>();
        if (trialIds.isEmpty()) {
            return values;
        }
        return query("epochs", () -> {
            Dataset<Row> trials = trials();
            Dataset<Row> epochs = read("epochs");
            if (trials == null || epochs == null) {
                return values;
            }
            Dataset<Row> ended = trials.filter(functions.col("status").isin(ResultRows.FINAL.toArray())
                    .and(functions.col("trial_id").isin(trialIds.toArray()))).select("trial_id", "attempt");
            for (Row r : epochs.join(ended, columns("trial_id", "attempt"), "left_semi")
                    .select(functions.col("trial_id"), functions.col("epoch"), functions.col(column).cast("double"))
                    .collectAsList()) {
                values.computeIfAbsent(r.getString(0), id -> new HashMap<>()).put(r.getInt(1),
                        r.isNullAt(2) ? Double.NaN : r.getDouble(2));
            }
            return values;
        });
    }

    /** Attempts' rows waiting in {@link #commit}. */
    private static final class Pending {
        final List<ResultRows.Rows> rows;
        boolean done;
        RuntimeException error;

        Pending(List<ResultRows.Rows> rows) {
            this.rows = rows;
        }
    }

    private final List<Pending> queue = new ArrayList<>();
    private boolean writing;

    /** Commits one finished attempt: {@link #commit(List)} of it alone. */
    public void commit(ResultRows.Rows rows) {
        commit(List.of(rows));
    }

    /**
     * Commits finished attempts (a task's small trials together) and returns once their rows have landed (or throws
     * what the write threw). Group commit: attempts that finish while another write is in flight wait and are written
     * together by the next one, so a sweep of many short trials pays one Parquet write per group, not per trial, and
     * leaves fewer files.
     */
    public void commit(List<ResultRows.Rows> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Pending mine = new Pending(rows);
        List<Pending> group;
        synchronized (queue) {
            queue.add(mine);
            while (writing && !mine.done) {
                try {
                    queue.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ResultsException("results: interrupted while committing to " + root, e);
                }
            }
            if (mine.done) {
                if (mine.error != null) {
                    throw mine.error;
                }
                return;
            }
            writing = true;                 // this thread writes everything queued, its own rows included
            group = new ArrayList<>(queue);
            queue.clear();
        }
        RuntimeException error = null;
        try {
            append(group.stream().flatMap(p -> p.rows.stream()).toList());
        } catch (RuntimeException e) {
            error = e;
        }
        synchronized (queue) {
            for (Pending p : group) {
                p.done = true;
                p.error = error;
            }
            writing = false;
            queue.notifyAll();
        }
        if (error != null) {
            throw error;
        }
    }

    /** Writes the rows of finished attempts, each table as one file renamed into place (epochs, then trials). */
    public synchronized void append(List<ResultRows.Rows> attempts) {
        try (Described ignored = describe("commit " + attempts.size() + " finished attempt(s)")) {
            appendRows(attempts);
        }
    }

    /** The Spark UI's description of the jobs this thread runs until {@code close()}, which restores the previous. */
    private interface Described extends AutoCloseable {
        @Override
        void close();
    }

    private Described describe(String what) {
        org.apache.spark.SparkContext sc = spark.sparkContext();
        String previous = sc.getLocalProperty("spark.job.description");
        sc.setJobDescription("vdsweep " + sweep + ": " + what);
        return () -> sc.setJobDescription(previous);
    }

    private void appendRows(List<ResultRows.Rows> attempts) {
        List<Map<String, Object>> trialRows = attempts.stream().map(ResultRows.Rows::trial).toList();
        List<Map<String, Object>> epochRows = attempts.stream().flatMap(a -> a.epochs().stream()).toList();
        String name = "part-" + UUID.randomUUID() + ".parquet";
        Path staging = new Path(staging(), UUID.randomUUID().toString());
        Path epochsFile = new Path(partition("epochs"), name);
        boolean epochsLanded = false;
        try {
            if (!epochRows.isEmpty()) {
                stage(EPOCHS_FILES, epochRows, new Path(staging, "epochs.parquet"), epochsFile);
                epochsLanded = true;
            }
            stage(TRIALS_FILES, trialRows, new Path(staging, "trials.parquet"), new Path(partition("trials"), name));
            fs.delete(staging, true);
        } catch (IOException | RuntimeException e) {
            // The attempt did not commit: take back its epochs so no reader sees them; its trial runs again.
            quietly(() -> fs.delete(staging, true));
            if (epochsLanded) {
                quietly(() -> fs.delete(epochsFile, false));
            }
            throw new ResultsException("results: cannot write under " + root + ": "
                    + ResultsException.rootProblem(e), e);
        }
    }

    private interface StorageCall {
        void run() throws IOException;
    }

    /** Best-effort clean-up: what it cannot remove, the next run's {@link #recover} does. */
    private static void quietly(StorageCall call) {
        try {
            call.run();
        } catch (IOException | RuntimeException e) {
            // left for recover()
        }
    }

    /** Writes {@code rows} as one Parquet file at {@code staged} and renames it to {@code target}. */
    private void stage(ParquetRowsWriter writer, List<Map<String, Object>> rows, Path staged, Path target)
            throws IOException {
        writer.write(fs, staged, rows);
        fs.mkdirs(target.getParent());
        if (!fs.rename(staged, target)) {
            throw new IOException("cannot rename " + staged + " to " + target);
        }
    }

    /** Writes {@code rows} as one Parquet file into {@code staging} and renames it to {@code target}. */
    private void stage(Dataset<Row> rows, Path staging, Path target) throws IOException {
        rows.coalesce(1).write().mode("overwrite").parquet(staging.toString());
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

    /** A sweep with more trials files than this is compacted at the end of a run. */
    public static final int COMPACT_ABOVE_FILES = 4;

    /** What {@link #compact} did: files per table before (after: one each) and the rows it kept. */
    public record Compaction(int trialsFiles, int epochsFiles, long trialsRows, long epochsRows) {
    }

    /** How many Parquet files this sweep's trials table has. */
    public int trialsFiles() {
        try {
            return list(partition("trials")).size();
        } catch (IOException e) {
            throw new ResultsException("results: cannot list " + partition("trials") + ": "
                    + ResultsException.rootProblem(e), e);
        }
    }

    /**
     * Rewrites this sweep's trials and epochs tables as one Parquet file each, keeping what every read here keeps
     * (each FAILED row, the first OK row of each trial, the epochs of those attempts), so plain Parquet readers too
     * see each trial once; null when the sweep has at most one trials file. Call it holding the lock, after
     * {@link #recover}.
     *
     * <p>Crash safety: a journal ({@link CompactionJournal}) names the new file and the files it replaces
     * before anything moves; the new epochs file lands first, the new trials file is the commit, then the old files
     * go. A run that dies before the commit leaves the old files (the next {@link #recover} removes the new epochs
     * file, which has no trials file); one that dies after it has its old files removed by the next
     * {@link #recover}. Between the commit and the removals (milliseconds) a plain reader would see rows twice;
     * the readers here keep one.
     */
    public Compaction compact() {
        try (Described ignored = describe("compact results")) {
            List<FileStatus> trialsFiles = list(partition("trials"));
            if (trialsFiles.size() <= 1) {
                return null;
            }
            List<FileStatus> epochsFiles = list(partition("epochs"));
            // The epochs kept are those committed with a kept trials row: the same attempt, from the file of the
            // same name (a duplicated attempt has its epochs twice, one copy beside each of its trials rows).
            Dataset<Row> trials = query("trials", () -> kept(read("trials").withColumn("_file", fileName())));
            Dataset<Row> epochs = query("epochs", () -> read("epochs"));
            Dataset<Row> keptEpochs = epochs == null ? null : epochs.withColumn("_file", fileName()).join(
                    trials.select("trial_id", "attempt", "_file"), columns("trial_id", "attempt", "_file"), "left_semi");
            String name = "part-compacted-" + UUID.randomUUID() + ".parquet";
            Set<String> replaced = new java.util.TreeSet<>();
            trialsFiles.forEach(f -> replaced.add(f.getPath().getName()));
            epochsFiles.forEach(f -> replaced.add(f.getPath().getName()));
            new CompactionJournal(name, List.copyOf(replaced)).write(fs, root, sweep);
            Path staging = new Path(staging(), "compact-" + UUID.randomUUID());
            Path epochsFile = new Path(partition("epochs"), name);
            Path trialsFile = new Path(partition("trials"), name);
            if (keptEpochs != null) {
                stage(fileColumns(keptEpochs, ResultSchema.EPOCHS.columns()), new Path(staging, "epochs"), epochsFile);
            }
            stage(fileColumns(trials, ResultSchema.TRIALS.columns()), new Path(staging, "trials"), trialsFile);
            fs.delete(staging, true);
            CompactionJournal.finish(fs, root, sweep);
            long epochsRows = keptEpochs == null ? 0 : spark.read().parquet(literal(epochsFile)).count();
            return new Compaction(trialsFiles.size(), epochsFiles.size(),
                    spark.read().parquet(literal(trialsFile)).count(), epochsRows);
        } catch (ResultsException e) {
            throw e;
        } catch (Exception e) {     // IOException, or Spark's (undeclared, checked) SparkException
            quietly(this::recover); // finishes or undoes it now, as the next run would
            throw new ResultsException("results: cannot compact " + partition("trials") + ": "
                    + ResultsException.rootProblem(e), e);
        }
    }

    /** The name of the file a row was read from. */
    private static Column fileName() {
        return functions.substring_index(functions.input_file_name(), "/", -1);
    }

    /** {@code rows} with exactly the columns of the table's files, in order (a column older files lack is null). */
    private static Dataset<Row> fileColumns(Dataset<Row> rows, List<io.vdsweep.sweeps.schema.Column> columns) {
        Set<String> present = Set.of(rows.columns());
        List<Column> selected = new ArrayList<>();
        for (org.apache.spark.sql.types.StructField f : SparkSchemas.fileSchema(columns).fields()) {
            selected.add(present.contains(f.name()) ? functions.col(f.name())
                    : functions.lit(null).cast(f.dataType()).alias(f.name()));
        }
        return rows.select(selected.toArray(new Column[0]));
    }

    private static scala.collection.immutable.Seq<String> columns(String... names) {
        return scala.collection.JavaConverters.asScalaBuffer(List.of(names)).toList();
    }

    /**
     * This sweep's summary as the last run wrote it, or null when it is missing, damaged or older than a trials file
     * (a run that committed trials but died before its summary): then {@link #writeSummary} must run.
     */
    public Dataset<Row> currentSummary() {
        try {
            List<FileStatus> summary = list(partition("summary"));
            if (summary.isEmpty()) {
                return null;
            }
            if (summary.stream().anyMatch(f -> ParquetFiles.problem(fs, f) != null)) {
                return null;    // a damaged summary is rewritten from the trials
            }
            if (!ParquetFiles.summaryCurrent(summary, list(partition("trials")))) {
                return null;
            }
            return query("summary", () -> read("summary"));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Recomputes {@code summary} for this sweep from every OK trials row with Spark SQL: per group key, n and the
     * mean and sample standard deviation of each metric, and the per-layer mean sparsity. Replaces the previous one.
     */
    public Dataset<Row> writeSummary() {
        try (Described ignored = describe("write the summary")) {
            return query("trials", this::summarize);
        }
    }

    /**
     * The summary computed from this sweep's OK trials rows with Spark SQL, without writing it (null when no trials
     * row has landed): what {@code report} shows for a sweep killed before its summary.
     */
    public Dataset<Row> computedSummary() {
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
        Dataset<Row> layers = positionMeans(ok, "layer_pruned", "layer_pruned_mean");
        Dataset<Row> units = positionMeans(ok, "units_kept", "units_kept_mean");
        List<Column> ordered = new ArrayList<>();
        for (io.vdsweep.sweeps.schema.Column c : ResultSchema.SUMMARY) {
            if (!c.name().equals("sweep")) {
                ordered.add(functions.col(c.name()));
            }
        }
        // Joined on the column name: one group_key, from the left side, also for groups without variational layers.
        return stats.join(layers, columns("group_key"), "left").join(units, columns("group_key"), "left")
                .select(ordered.toArray(new Column[0]));
    }

    /** Per group, the mean of an array column position by position, as an array named {@code alias}. */
    private static Dataset<Row> positionMeans(Dataset<Row> ok, String column, String alias) {
        return ok.select(functions.col("group_key"),
                        functions.posexplode(functions.col(column)).as(new String[] {"position", "value"}))
                .groupBy("group_key", "position").agg(functions.avg("value").alias("value"))
                .groupBy("group_key").agg(functions.array_sort(functions.collect_list(
                        functions.struct(functions.col("position"), functions.col("value")))).alias("values"))
                .select(functions.col("group_key"), functions.col("values.value").alias(alias));
    }

    private Dataset<Row> summarize() {
        Dataset<Row> summary = computedSummary();
        if (summary == null) {
            return null;
        }
        Path staging = new Path(staging(), "summary-" + UUID.randomUUID());
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
        } catch (Exception e) {     // IOException, or Spark's (undeclared, checked) SparkException
            quietly(() -> fs.delete(staging, true));
            throw new ResultsException("results: cannot write the summary under " + root + ": "
                    + ResultsException.rootProblem(e), e);
        }
        return spark.read().parquet(literal(target)).withColumn("sweep", functions.lit(sweep));
    }

    static Path resolvedSweep(Path root, String sweep) {
        return new Path(ResultsLayout.sweepFolder(root, sweep), "resolved.json");
    }

    /** Saves the fully resolved sweep next to its results. */
    public void saveResolvedSweep(String json) {
        Path file = resolvedSweep(root, sweep);
        try (OutputStream out = fs.create(file, true)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ResultsException("results: cannot write " + file + ": " + ResultsException.rootProblem(e), e);
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
