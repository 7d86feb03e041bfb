package io.vdsweep.jobs.run;

import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.trials.Trial;

/**
 * How one attempt of a trial executes on the Spark application. Every implementation trains through the same
 * {@link io.vdsweep.core.train.TrialRunner} and turns its outcome — or its failure — into rows with
 * {@link Attempts}; they differ only in where that runs and how each epoch is fitted.
 */
interface TrialExecution {

    /**
     * Runs attempt {@code attempt} (1-based) of {@code trial} up to epoch {@code untilEpoch}: the trial's epochs for
     * a whole run (OK rows), fewer for a search rung ({@link ResultRows#atRung} rows, the checkpoint kept). Never
     * throws for a failing trial.
     */
    ResultRows.Rows attempt(Trial trial, int attempt, int untilEpoch);
}
