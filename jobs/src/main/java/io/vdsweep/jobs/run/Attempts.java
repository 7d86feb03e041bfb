package io.vdsweep.jobs.run;

import io.vdsweep.core.data.DatasetException;
import io.vdsweep.core.train.EpochFitter;
import io.vdsweep.core.train.EpochListener;
import io.vdsweep.core.train.TrainSpec;
import io.vdsweep.core.train.TrainingDivergedException;
import io.vdsweep.core.train.TrialRunner;
import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.spec.TrialConfig;
import io.vdsweep.sweeps.trials.Trial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One attempt of a trial, whatever executes it: start from its pretraining run's model if it has one, run it with
 * {@link TrialRunner}, save its model if other trials start from it, and turn the outcome into OK rows (deleting the
 * checkpoint that served it) — or, for a search rung, into rows that wait for the rung's decision (keeping the
 * checkpoint the trial goes on from) — or the failure into a FAILED row classified as retryable or not.
 */
final class Attempts {

    private Attempts() {
    }

    /**
     * @param untilEpoch the trial's epochs for a whole run, a search rung's epoch to pause there
     * @param mode       {@code task} or {@code averaging}, as recorded in the rows
     * @param workers    Spark tasks training the trial
     * @param fitting    how each epoch is fitted
     * @param start      when the driver started the attempt: its wall time then counts scheduling and any work Spark
     *                   lost to a failed executor and ran again, not only the last task's run
     */
    static ResultRows.Rows run(Trial trial, int attempt, int untilEpoch, String mode, int workers,
            RunSettings settings, EpochFitter.Factory fitting, Instant start) {
        try {
            TrialConfig config = trial.config();
            Path checkpoint = settings.checkpoint(trial.sweep(), trial.id());
            TrainSpec train = trial.pretrainedFrom() == null ? config.trainSpec() : config.trainSpec()
                    .withPretrained(TrialModels.fetch(settings.modelsFolder(), trial.pretrainedFrom()).toString());
            TrialRunner.Outcome outcome = TrialRunner.run(config.dataSpec(), config.netSpec(), train, trial.seed(),
                    settings.datasetFolder(config.dataset()), checkpoint, fitting, EpochListener.NONE, untilEpoch);
            if (untilEpoch < config.epochs()) {
                return ResultRows.atRung(attempt(trial, attempt, mode, workers, start), outcome);
            }
            if (trial.keepsModel()) {
                TrialModels.save(settings.modelsFolder(), trial.id(), outcome.net());
            }
            ResultRows.Rows rows = ResultRows.ok(attempt(trial, attempt, mode, workers, start), outcome);
            deleteCheckpoint(checkpoint);
            return rows;
        } catch (Throwable t) {     // Spark rethrows task failures as (checked) SparkException
            return failed(trial, attempt, mode, workers, start, t, isRetryable(t));
        }
    }

    /** The FAILED rows of an attempt that threw {@code t}. */
    static ResultRows.Rows failed(Trial trial, int attempt, String mode, int workers, Instant start, Throwable t,
            boolean retryable) {
        return ResultRows.failed(attempt(trial, attempt, mode, workers, start), oneLine(t), retryable);
    }

    private static ResultRows.Attempt attempt(Trial trial, int attempt, String mode, int workers, Instant start) {
        return new ResultRows.Attempt(trial, attempt, mode, workers, BuildInfo.here(), start, Instant.now());
    }

    /** Bad configs, bad data and divergence fail the same way every time: retrying them wastes the cluster. */
    static boolean isRetryable(Throwable t) {
        return !(t instanceof IllegalArgumentException || t instanceof DatasetException
                || t instanceof TrainingDivergedException);
    }

    static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return t.getClass().getSimpleName() + ": " + first;
    }

    /** A finished trial's checkpoint has served its purpose; its results are in the rows. */
    private static void deleteCheckpoint(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a stale checkpoint is harmless: the trial is recorded OK and will not run again
            }
        }
    }
}
