package io.vdsweep.jobs.run;

import io.vdsweep.core.data.DatasetException;
import io.vdsweep.core.train.TrainingDivergedException;
import io.vdsweep.core.train.TrialRunner;
import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialCodec;
import java.nio.file.Files;
import java.time.Instant;

/**
 * One trial in one Spark task (small nets: the task-per-trial mode): pin the GPU if any, run the trial with the
 * same {@link TrialRunner} a local run uses, and turn the outcome — or the failure — into result rows. Never throws
 * for a failing trial: the failure is a row, classified as retryable or not.
 */
public final class TaskExecution {

    private TaskExecution() {
    }

    public static ResultRows.Rows run(TrialCodec codec, int attempt, RunSettings settings) {
        Instant start = Instant.now();
        Trial trial = null;
        try {
            trial = codec.trial();
            GpuPinning.pinCurrentTask();
            var config = trial.config();
            var outcome = TrialRunner.run(config.dataSpec(), config.netSpec(), config.trainSpec(), trial.seed(),
                    settings.datasetFolder(config.dataset()), settings.checkpoint(trial.sweep(), trial.id()),
                    io.vdsweep.core.train.EpochListener.NONE);
            var rows = ResultRows.ok(attempt(trial, attempt, start), outcome);
            deleteCheckpoint(settings, trial);
            return rows;
        } catch (Throwable t) {
            if (trial == null) {
                throw new IllegalStateException("trial " + codec.id() + ": " + t.getMessage(), t);
            }
            return ResultRows.failed(attempt(trial, attempt, start), oneLine(t), isRetryable(t));
        }
    }

    private static ResultRows.Attempt attempt(Trial trial, int attempt, Instant start) {
        return new ResultRows.Attempt(trial, attempt, "task", 1, BuildInfo.here(), start, Instant.now());
    }

    /** Bad configs, bad data and divergence fail the same way every time: retrying them wastes the cluster. */
    public static boolean isRetryable(Throwable t) {
        return !(t instanceof IllegalArgumentException || t instanceof DatasetException
                || t instanceof TrainingDivergedException);
    }

    public static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return t.getClass().getSimpleName() + ": " + first;
    }

    /** A finished trial's checkpoint has served its purpose; its results are in the rows. */
    static void deleteCheckpoint(RunSettings settings, Trial trial) {
        var file = settings.checkpoint(trial.sweep(), trial.id());
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                // a stale checkpoint is harmless: the trial is recorded OK and will not run again
            }
        }
    }
}
