package io.vdsweep.jobs.run;

import io.vdsweep.core.train.LocalEpochFitter;
import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialCodec;
import java.time.Instant;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One trial in one Spark task (small nets: the task-per-trial mode): the task pins its GPU if any and trains the
 * trial locally, exactly as a test or {@code vdsweep train} would; the rows come back to the driver.
 */
final class TaskExecution implements TrialExecution {

    private final JavaSparkContext jsc;
    private final RunSettings settings;

    TaskExecution(JavaSparkContext jsc, RunSettings settings) {
        this.jsc = jsc;
        this.settings = settings;
    }

    @Override
    public ResultRows.Rows attempt(Trial trial, int attempt, int untilEpoch) {
        jsc.setJobGroup(trial.id(), "vdsweep trial " + trial.id() + " " + trial.label() + " attempt " + attempt, true);
        Instant start = Instant.now();
        RunSettings s = settings;
        try {
            return jsc.parallelize(List.of(TrialCodec.of(trial)), 1).map(c -> inTask(c, attempt, untilEpoch, s, start))
                    .collect()
                    .get(0);
        } catch (RuntimeException e) {
            // The task itself died (executor lost, out of memory): worth another attempt.
            return Attempts.failed(trial, attempt, "task", 1, start, e, true);
        } finally {
            jsc.clearJobGroup();
        }
    }

    /** In the Spark task. */
    static ResultRows.Rows inTask(TrialCodec codec, int attempt, int untilEpoch, RunSettings settings,
            Instant start) {
        Trial trial;
        try {
            trial = codec.trial();
        } catch (RuntimeException e) {
            throw new IllegalStateException("trial " + codec.id() + ": " + e.getMessage(), e);
        }
        GpuPinning.pinCurrentTask();
        return Attempts.run(trial, attempt, untilEpoch, "task", 1, settings, LocalEpochFitter.FACTORY, start);
    }
}
