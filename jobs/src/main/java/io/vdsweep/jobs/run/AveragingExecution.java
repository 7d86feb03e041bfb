package io.vdsweep.jobs.run;

import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.spec.ExecutionSpec;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialCodec;
import java.time.Instant;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One trial trained data-parallel across executors (heavy nets): the driver runs the trial — data, net, schedules,
 * checkpoints, evaluation — and an {@link AveragingEpochFitter} spreads each epoch over {@code workers} Spark tasks
 * with dl4j-spark parameter averaging.
 */
final class AveragingExecution implements TrialExecution {

    private final JavaSparkContext jsc;
    private final RunSettings settings;
    private final ExecutionSpec execution;

    AveragingExecution(JavaSparkContext jsc, RunSettings settings, ExecutionSpec execution) {
        this.jsc = jsc;
        this.settings = settings;
        this.execution = execution;
    }

    @Override
    public ResultRows.Rows attempt(Trial trial, int attempt, int untilEpoch) {
        jsc.setJobGroup(trial.id(), "vdsweep trial " + trial.id() + " " + trial.label() + " (parameter averaging) "
                + "attempt " + attempt, true);
        try {
            TrialCodec codec = TrialCodec.of(trial);
            return Attempts.run(trial, attempt, untilEpoch, "averaging", execution.workers(), settings,
                    (data, batchSize, seed) -> new AveragingEpochFitter(jsc, codec, settings, execution.workers(),
                            execution.averagingFrequency(), batchSize, data.train().count()), Instant.now());
        } finally {
            jsc.clearJobGroup();
        }
    }
}
