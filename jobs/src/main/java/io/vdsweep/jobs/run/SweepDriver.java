package io.vdsweep.jobs.run;

import io.vdsweep.jobs.store.ResultStore;
import io.vdsweep.jobs.store.ResultsLock;
import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.spec.ExecutionSpec;
import io.vdsweep.sweeps.spec.SweepSpec;
import io.vdsweep.sweeps.trials.CostModel;
import io.vdsweep.sweeps.trials.SuccessiveHalving;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a sweep on a Spark application: expands it, skips trials already recorded OK (or stopped by a search), runs
 * the rest — pretraining runs before the trials that start from them; small trials one per Spark task from a pool of
 * driver threads that keeps {@code concurrency} tasks in flight, heavy ones with parameter averaging; rung by rung
 * through a {@link HalvingSearch} when the sweep has a search — writes every attempt's rows as soon as it ends,
 * retries retryable failures, and finally recomputes the summary. Killing the driver at any point
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

    /**
     * What a run did.
     *
     * @param stopped trials a search stopped at a rung in this run ({@link HalvingSearch})
     */
    public record Outcome(int trials, int alreadyDone, int ok, int failed, int stopped, Dataset<Row> summary,
            String results) {
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
        Map<String, Integer> attempts = new ConcurrentHashMap<>(history.attempts());
        List<Trial> toRun = trials.stream().filter(t -> !done.contains(t.id()) && !failedForGood.contains(t.id()))
                .toList();
        int averaged = (int) toRun.stream().filter(t -> averaged(t, spec.execution())).count();
        int stillFailed = (int) trials.stream().filter(t -> !done.contains(t.id()) && failedForGood.contains(t.id()))
                .count();
        int alreadyDone = trials.size() - toRun.size() - stillFailed;
        out.printf("sweep %s: %d trials, %d already done, %d to run (%d one per task, %d with parameter averaging); "
                + "results in %s%n", spec.name(), trials.size(), alreadyDone, toRun.size(), toRun.size() - averaged,
                averaged, store.location());
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
        for (Trial t : toRun) {
            costs.put(t.id(), CostModel.trainingSeconds(t.config()));
        }
        Progress progress = new Progress(out, costs);
        Counts counts = new Counts();
        counts.failed.addAndGet(stillFailed);
        RunSettings withModels = settings.withModelsFolder(store.modelsFolder());
        Runs runs = new Runs(spec, store, attempts, progress, new TaskExecution(jsc, withModels),
                new AveragingExecution(jsc, withModels, spec.execution()));
        // Pretraining runs first: the trials that start from their models follow, through the search if any.
        for (boolean pretraining : new boolean[] {true, false}) {
            List<Trial> phase = toRun.stream().filter(t -> t.keepsModel() == pretraining).toList();
            if (!pretraining && spec.search().isPresent()) {
                phase = new HalvingSearch(spec.search().get(), store, progress, withModels).run(trials, phase, done,
                        (stepped, epoch) -> runs.all(stepped, t -> epoch), counts);
            }
            counts.count(runs.all(phase, t -> t.config().epochs()).values());
        }
        if (store.trialsFiles() > ResultStore.COMPACT_ABOVE_FILES) {
            ResultStore.Compaction c = store.compact();
            out.printf("results compacted: %d trials files and %d epochs files into one each (%d trials rows, %d "
                    + "epochs rows)%n", c.trialsFiles(), c.epochsFiles(), c.trialsRows(), c.epochsRows());
            out.flush();
        }
        // A run that trained nothing leaves a current summary as it is (a no-op resume rewrites nothing).
        Dataset<Row> summary = toRun.isEmpty() ? store.currentSummary() : null;
        if (summary == null) {
            summary = store.writeSummary();
        }
        return new Outcome(trials.size(), alreadyDone, counts.ok.get(), counts.failed.get(), counts.stopped.get(),
                summary, store.location());
    }

    private static boolean averaged(Trial t, ExecutionSpec execution) {
        return ModeChooser.choose(t.config(), execution) == ExecutionSpec.Mode.AVERAGING;
    }

    /** How the trials of a run ended, counted as their final rows come in. */
    static final class Counts {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger stopped = new AtomicInteger();

        void count(Collection<ResultRows.Rows> finals) {
            for (ResultRows.Rows rows : finals) {
                ("OK".equals(rows.trial().get("status")) ? ok : failed).incrementAndGet();
            }
        }
    }

    /** Runs trials, each through the execution its mode names, committing what ends them. */
    private final class Runs {
        private final SweepSpec spec;
        private final ResultStore store;
        private final Map<String, Integer> attempts;
        private final Progress progress;
        private final TaskExecution inTasks;
        private final TrialExecution averaging;

        Runs(SweepSpec spec, ResultStore store, Map<String, Integer> attempts, Progress progress,
                TaskExecution inTasks, TrialExecution averaging) {
            this.spec = spec;
            this.store = store;
            this.attempts = attempts;
            this.progress = progress;
            this.inTasks = inTasks;
            this.averaging = averaging;
        }

        /**
         * Runs {@code trials} up to their {@code untilEpoch} — trials in tasks ({@link TaskBatches}: one per task,
         * or several small ones) {@code concurrency} tasks at a time from a pool of driver threads, then those with
         * parameter averaging one after another — and returns each trial's last rows by id: OK or FAILED
         * (committed), or PAUSED at a search rung (not committed).
         */
        Map<String, ResultRows.Rows> all(List<Trial> trials, ToIntFunction<Trial> untilEpoch) {
            Map<String, ResultRows.Rows> last = new ConcurrentHashMap<>();
            List<Trial> tasks = trials.stream().filter(t -> !averaged(t, spec.execution())).toList();
            if (!tasks.isEmpty()) {
                int concurrency = spec.execution().concurrency() > 0 ? spec.execution().concurrency()
                        : Math.max(1, jsc.defaultParallelism());
                ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, tasks.size()));
                ExecutorService commits = Executors.newFixedThreadPool(Math.min(concurrency, tasks.size()));
                AtomicReference<RuntimeException> commitFailure = new AtomicReference<>();
                try {
                    List<Future<?>> futures = new ArrayList<>();
                    for (List<Trial> batch : TaskBatches.of(tasks, concurrency)) {
                        futures.add(pool.submit(() -> {
                            if (batch.size() == 1) {
                                Trial t = batch.get(0);
                                last.put(t.id(), withRetries(t, inTasks, untilEpoch.applyAsInt(t),
                                        spec.execution().retries()));
                            } else {
                                inBatch(batch, untilEpoch, last, commits, commitFailure);
                            }
                        }));
                    }
                    for (Future<?> f : futures) {
                        f.get();
                    }
                } catch (ExecutionException e) {
                    // The results cannot be written (or the driver broke): stop the trials still running.
                    jsc.cancelAllJobs();
                    throw e.getCause() instanceof RuntimeException cause ? cause
                            : new IllegalStateException("sweep " + spec.name() + ": " + e.getCause().getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("sweep " + spec.name() + ": interrupted", e);
                } finally {
                    pool.shutdownNow();
                    // Commits already handed over finish first: a run never returns (nor gives up its results lock)
                    // while one of them is still writing or taking back a failed write.
                    commits.shutdown();
                    awaitCommits(commits);
                }
                throwIfFailed(commitFailure);       // every task ended: a commit that failed at the end fails the run
            }
            for (Trial t : trials) {
                if (averaged(t, spec.execution())) {
                    last.put(t.id(), withRetries(t, averaging, untilEpoch.applyAsInt(t), spec.execution().retries()));
                }
            }
            return last;
        }

        /**
         * Small trials in one task: their rows are committed together (one commit, one file per table) on a
         * {@code commits} thread while this thread starts the next task, so the slot does not wait for the results
         * storage (on a cluster, HDFS or S3 take longer than the trials); their progress lines follow the commit, and
         * {@link #all} returns only once every commit has landed, rethrowing the first that failed. A trial that failed
         * in a way worth retrying goes on alone with the retries left. If the task itself dies, nothing of it is
         * known: each trial runs again alone, with all its retries.
         */
        private void inBatch(List<Trial> batch, ToIntFunction<Trial> untilEpoch, Map<String, ResultRows.Rows> last,
                ExecutorService commits, AtomicReference<RuntimeException> commitFailure) {
            throwIfFailed(commitFailure);       // a failed commit stops the run before more trials start
            List<Integer> numbers = batch.stream().map(t -> attempts.getOrDefault(t.id(), 0) + 1).toList();
            List<ResultRows.Rows> rows;
            try {
                rows = inTasks.attempts(batch, numbers, batch.stream().map(untilEpoch::applyAsInt).toList());
            } catch (RuntimeException e) {
                for (Trial t : batch) {
                    last.put(t.id(), withRetries(t, inTasks, untilEpoch.applyAsInt(t), spec.execution().retries()));
                }
                return;
            }
            boolean[] retry = new boolean[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                retry[i] = record(batch.get(i), numbers.get(i), rows.get(i), spec.execution().retries() > 0);
            }
            commits.execute(() -> {
                try {
                    store.commit(rows.stream().filter(r -> !r.paused()).toList());
                    for (int i = 0; i < batch.size(); i++) {
                        progress.attempt(label(batch.get(i)), rows.get(i), !rows.get(i).paused() && !retry[i]);
                    }
                } catch (RuntimeException | Error e) {
                    commitFailure.compareAndSet(null, e instanceof RuntimeException r ? r
                            : new IllegalStateException(e.getMessage(), e));
                }
            });
            for (int i = 0; i < batch.size(); i++) {
                Trial t = batch.get(i);
                last.put(t.id(), retry[i]
                        ? withRetries(t, inTasks, untilEpoch.applyAsInt(t), spec.execution().retries() - 1)
                        : rows.get(i));
            }
        }

        private static void awaitCommits(ExecutorService commits) {
            try {
                while (!commits.awaitTermination(1, TimeUnit.MINUTES)) {
                    // a commit to slow storage: keep waiting
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Throws the first commit failure, if a commit has failed. */
        private static void throwIfFailed(AtomicReference<RuntimeException> commitFailure) {
            RuntimeException failure = commitFailure.get();
            if (failure != null) {
                throw failure;
            }
        }

        private String label(Trial t) {
            return spec.search().map(s -> SuccessiveHalving.label(s, t)).orElse(t.label());
        }

        /**
         * Runs a trial until it succeeds, fails deterministically or has used {@code retries} retries, committing
         * each attempt that ends it or fails; a search rung's rows come back uncommitted, for the rung's decision.
         */
        private ResultRows.Rows withRetries(Trial trial, TrialExecution execution, int untilEpoch, int retries) {
            int first = attempts.getOrDefault(trial.id(), 0) + 1;
            int last = first + retries;
            for (int attempt = first; ; attempt++) {
                ResultRows.Rows rows = execution.attempt(trial, attempt, untilEpoch);
                if (!rows.paused()) {
                    store.commit(rows);
                }
                if (!settle(trial, attempt, rows, attempt < last)) {
                    return rows;
                }
            }
        }

        /**
         * What follows an attempt whose rows are committed (unless paused at a rung): its number recorded, its
         * progress line; true when it failed in a way worth another attempt and {@code retriesLeft}.
         */
        private boolean settle(Trial trial, int attempt, ResultRows.Rows rows, boolean retriesLeft) {
            boolean retry = record(trial, attempt, rows, retriesLeft);
            progress.attempt(label(trial), rows, !rows.paused() && !retry);
            return retry;
        }

        /**
         * Records an ended attempt's number (not a rung's pause); true when it failed in a way worth another attempt
         * and {@code retriesLeft}.
         */
        private boolean record(Trial trial, int attempt, ResultRows.Rows rows, boolean retriesLeft) {
            if (rows.paused()) {
                return false;
            }
            attempts.put(trial.id(), attempt);
            return !"OK".equals(rows.trial().get("status"))
                    && Boolean.TRUE.equals(rows.trial().get("retryable")) && retriesLeft;
        }
    }
}
