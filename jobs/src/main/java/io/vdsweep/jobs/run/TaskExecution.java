package io.vdsweep.jobs.run;

import io.vdsweep.core.train.LocalEpochFitter;
import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialCodec;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trials in Spark tasks (small nets: the task-per-trial mode): the task pins its GPU if any and trains each trial
 * locally, exactly as a test or {@code vdsweep train} would; the rows come back to the driver. Usually one trial per
 * task; trials so small that a Spark job costs a good part of their time travel several to a task
 * ({@link TaskBatches}), trained one after the other.
 */
final class TaskExecution implements TrialExecution {

    private final JavaSparkContext jsc;
    private final RunSettings settings;

    TaskExecution(JavaSparkContext jsc, RunSettings settings) {
        this.jsc = jsc;
        this.settings = settings;
    }

    /** What one task trains: each trial with its attempt number and the epoch it trains to. */
    record Batch(List<TrialCodec> trials, List<Integer> attempts, List<Integer> untilEpochs) implements Serializable {
        Batch {
            trials = List.copyOf(trials);
            attempts = List.copyOf(attempts);
            untilEpochs = List.copyOf(untilEpochs);
        }
    }

    @Override
    public ResultRows.Rows attempt(Trial trial, int attempt, int untilEpoch) {
        Instant start = Instant.now();
        try {
            return attempts(List.of(trial), List.of(attempt), List.of(untilEpoch), start).get(0);
        } catch (RuntimeException e) {
            // The task itself died (executor lost, out of memory): worth another attempt.
            return Attempts.failed(trial, attempt, "task", 1, start, e, true);
        }
    }

    /**
     * Trains {@code trials} one after the other in one Spark task and returns their rows in order; a failing trial
     * gives FAILED rows like any attempt, but a task that dies (executor lost) throws, and no trial of it has rows.
     */
    List<ResultRows.Rows> attempts(List<Trial> trials, List<Integer> attempts, List<Integer> untilEpochs) {
        return attempts(trials, attempts, untilEpochs, Instant.now());
    }

    private List<ResultRows.Rows> attempts(List<Trial> trials, List<Integer> attempts, List<Integer> untilEpochs,
            Instant start) {
        Trial first = trials.get(0);
        jsc.setJobGroup(first.id(), trials.size() == 1
                ? "vdsweep trial " + first.id() + " " + first.label() + " attempt " + attempts.get(0)
                : "vdsweep trials " + first.id() + " and " + (trials.size() - 1) + " more (small trials, one task)",
                true);
        Batch batch = new Batch(trials.stream().map(TrialCodec::of).toList(), attempts, untilEpochs);
        RunSettings s = settings;
        try {
            return jsc.parallelize(List.of(batch), 1).map(b -> inTask(b, s, start)).collect().get(0);
        } finally {
            jsc.clearJobGroup();
        }
    }

    /**
     * In the Spark task: each trial of the batch in turn. The first one's wall time starts when the driver started
     * the task (scheduling counts), each later one's when the task reaches it.
     */
    static List<ResultRows.Rows> inTask(Batch batch, RunSettings settings, Instant start) {
        GpuPinning.pinCurrentTask();
        List<ResultRows.Rows> rows = new ArrayList<>();
        for (int i = 0; i < batch.trials().size(); i++) {
            TrialCodec codec = batch.trials().get(i);
            Trial trial;
            try {
                trial = codec.trial();
            } catch (RuntimeException e) {
                throw new IllegalStateException("trial " + codec.id() + ": " + e.getMessage(), e);
            }
            rows.add(Attempts.run(trial, batch.attempts().get(i), batch.untilEpochs().get(i), "task", 1, settings,
                    LocalEpochFitter.FACTORY, i == 0 ? start : Instant.now()));
        }
        return rows;
    }
}
