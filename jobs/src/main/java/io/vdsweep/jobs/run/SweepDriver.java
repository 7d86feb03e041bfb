package io.vdsweep.jobs.run;

import io.vdsweep.jobs.store.ResultStore;
import io.vdsweep.jobs.store.ResultsLock;
import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.spec.ExecutionSpec;
import io.vdsweep.sweeps.spec.SweepSpec;
import io.vdsweep.sweeps.trials.CostModel;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a sweep on a Spark application: expands it, skips trials already recorded OK, runs the rest — pretraining
 * runs before the trials that start from them; small trials one per Spark task from a pool of driver threads that
 * keeps {@code concurrency} tasks in flight, heavy ones with parameter averaging — writes every attempt's rows as
 * soon as it ends, retries retryable failures, and finally recomputes the summary. Killing the driver at any point
 * and rerunning completes the sweep with every trial recorded OK exactly once; a second driver of the same sweep and
 * results path stops at the results lock.
 */
public final class SweepDriver {

    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final RunSettings settings;
    private final PrintWriter out;

    public SweepDriver(SparkSession spark, RunSettings settings, PrintWriter out) {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.settings = settings;
        this.out = out;
    }

    /** What a run did. */
    public record Outcome(int trials, int alreadyDone, int ok, int failed, Dataset<Row> summary, String results) {
    }

    /**
     * How a run treats earlier runs' traces.
     *
     * @param retryFailed also rerun trials whose last attempt failed deterministically (bad config, bad data,
     *                    divergence); without it they stay failed, counted in {@link Outcome#failed()}
     * @param breakLock   take the sweep's results lock even if another run seems to hold it
     */
    public record Options(boolean retryFailed, boolean breakLock) {

        public static final Options DEFAULT = new Options(false, false);
    }

    public Outcome run(SweepSpec spec, String resultsPath) {
        return run(spec, resultsPath, Options.DEFAULT);
    }

    /**
     * Runs the sweep holding its results lock. A results-storage fault stops the whole run
     * ({@link io.vdsweep.jobs.store.ResultsException}): trials in flight are cancelled, nothing half-committed stays
     * visible, and the next run starts them again.
     */
    public Outcome run(SweepSpec spec, String resultsPath, Options options) {
        return run(spec, TrialExpansion.expand(spec), resultsPath, options);
    }

    /** As {@link #run(SweepSpec, String, Options)} with the sweep's trials already expanded. */
    public Outcome run(SweepSpec spec, List<Trial> trials, String resultsPath, Options options) {
        // Before anything is written: a broken dataset file stops the run here, naming the file.
        DataCheck.onExecutors(jsc, settings, trials.stream().map(t -> t.config().dataset()).toList());
        ResultStore store = new ResultStore(spark, resultsPath, spec.name());
        TaskRestarts restarts = new TaskRestarts(out);
        spark.sparkContext().addSparkListener(restarts);
        try (ResultsLock lock = store.lock(options.breakLock(), out)) {
            try {
                return runLocked(spec, trials, store, options.retryFailed());
            } finally {
                store.removeStaging();      // while still holding the lock: the staging folder is the sweep's
            }
        } finally {
            spark.sparkContext().removeSparkListener(restarts);
        }
    }

    private Outcome runLocked(SweepSpec spec, List<Trial> trials, ResultStore store, boolean retryFailed) {
        store.recover();
        store.saveResolvedSweep(spec.resolvedJson());
        ResultStore.History history = store.history();
        Set<String> done = history.finished();
        Set<String> failedForGood = retryFailed ? Set.of() : history.failedForGood();
        Map<String, Integer> attempts = history.attempts();
        List<Trial> tasks = new ArrayList<>();
        List<Trial> averaged = new ArrayList<>();
        for (Trial t : trials) {
            if (!done.contains(t.id()) && !failedForGood.contains(t.id())) {
                (ModeChooser.choose(t.config(), spec.execution()) == ExecutionSpec.Mode.AVERAGING ? averaged : tasks)
                        .add(t);
            }
        }
        int stillFailed = (int) trials.stream().filter(t -> !done.contains(t.id()) && failedForGood.contains(t.id()))
                .count();
        int alreadyDone = trials.size() - tasks.size() - averaged.size() - stillFailed;
        out.printf("sweep %s: %d trials, %d already done, %d to run (%d one per task, %d with parameter averaging); "
                + "results in %s%n", spec.name(), trials.size(), alreadyDone, tasks.size() + averaged.size(),
                tasks.size(), averaged.size(), store.location());
        scala.Option<String> ui = jsc.sc().uiWebUrl();
        if (ui.isDefined()) {
            out.printf("Spark UI: %s%n", ui.get());
        }
        if (stillFailed > 0) {
            out.printf("%d trials failed in a way a rerun repeats (bad config or data, divergence) and stay failed; "
                    + "rerun them with --retry-failed%n", stillFailed);
        }
        out.flush();
        Map<String, Double> costs = new java.util.HashMap<>();
        for (Trial t : tasks) {
            costs.put(t.id(), CostModel.trainingSeconds(t.config()));
        }
        for (Trial t : averaged) {
            costs.put(t.id(), CostModel.trainingSeconds(t.config()));
        }
        Progress progress = new Progress(out, costs);
        int[] counts = {0, stillFailed};
        RunSettings withModels = settings.withModelsFolder(store.modelsFolder());
        TrialExecution inTasks = new TaskExecution(jsc, withModels);
        TrialExecution averaging = new AveragingExecution(jsc, withModels, spec.execution());
        // Pretraining runs first: the trials that start from their models follow.
        for (boolean pretraining : new boolean[] {true, false}) {
            List<Trial> phaseTasks = tasks.stream().filter(t -> t.keepsModel() == pretraining).toList();
            List<Trial> phaseAveraged = averaged.stream().filter(t -> t.keepsModel() == pretraining).toList();
            runInTasks(phaseTasks, inTasks, spec, store, attempts, progress, counts);
            for (Trial t : phaseAveraged) {
                counts[runWithRetries(t, averaging, spec, store, attempts, progress) ? 0 : 1]++;
            }
        }
        if (store.trialsFiles() > ResultStore.COMPACT_ABOVE_FILES) {
            ResultStore.Compaction c = store.compact();
            out.printf("results compacted: %d trials files and %d epochs files into one each (%d trials rows, %d "
                    + "epochs rows)%n", c.trialsFiles(), c.epochsFiles(), c.trialsRows(), c.epochsRows());
            out.flush();
        }
        // A run that trained nothing leaves a current summary as it is (a no-op resume rewrites nothing).
        Dataset<Row> summary = tasks.isEmpty() && averaged.isEmpty() ? store.currentSummary() : null;
        if (summary == null) {
            summary = store.writeSummary();
        }
        return new Outcome(trials.size(), alreadyDone, counts[0], counts[1], summary, store.location());
    }

    /** Runs {@code trials} one per Spark task, {@code concurrency} at a time, counting OK and failed trials. */
    private void runInTasks(List<Trial> trials, TrialExecution execution, SweepSpec spec, ResultStore store,
            Map<String, Integer> attempts, Progress progress, int[] counts) {
        if (trials.isEmpty()) {
            return;
        }
        int concurrency = spec.execution().concurrency() > 0 ? spec.execution().concurrency()
                : Math.max(1, jsc.defaultParallelism());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, trials.size()));
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (Trial t : trials) {
                futures.add(pool.submit(() -> runWithRetries(t, execution, spec, store, attempts, progress)));
            }
            for (Future<Boolean> f : futures) {
                counts[f.get() ? 0 : 1]++;
            }
        } catch (ExecutionException e) {
            // The results cannot be written (or the driver broke): stop the trials still running, report the cause.
            jsc.cancelAllJobs();
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new IllegalStateException("sweep " + spec.name() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep " + spec.name() + ": interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs a trial until it succeeds, fails deterministically or runs out of retries; true when it ended OK. */
    private boolean runWithRetries(Trial trial, TrialExecution execution, SweepSpec spec, ResultStore store,
            Map<String, Integer> attempts, Progress progress) {
        int first = attempts.getOrDefault(trial.id(), 0) + 1;
        int last = first + spec.execution().retries();
        for (int attempt = first; attempt <= last; attempt++) {
            ResultRows.Rows rows = execution.attempt(trial, attempt);
            store.commit(rows);
            boolean ok = "OK".equals(rows.trial().get("status"));
            boolean retry = !ok && Boolean.TRUE.equals(rows.trial().get("retryable")) && attempt < last;
            progress.attempt(trial.label(), rows, !retry);
            if (!retry) {
                return ok;
            }
        }
        return false;
    }
}
