package io.vdsweep.sweeps.schema;

import io.vdsweep.core.train.EpochMetrics;
import io.vdsweep.core.train.TrialRunner;
import io.vdsweep.sweeps.trials.Trial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows of a trial attempt in the {@link ResultSchema} tables (column name → value, Java types matching the
 * column types). Built where the trial ran and shipped to the driver, which only writes them.
 */
public final class ResultRows {

    private ResultRows() {
    }

    /** How an attempt ran: which trial, which attempt, in which mode on how many workers, where, when. */
    public record Attempt(Trial trial, int attempt, String mode, int workers, Provenance provenance, Instant start,
            Instant end) {
    }

    /** What a {@code trials} row is made of: the attempt and how it ended ({@code outcome} null when it failed). */
    public record AttemptResult(Attempt attempt, String status, String error, boolean retryable,
            TrialRunner.Outcome outcome) {
    }

    /** What an {@code epochs} row is made of. */
    public record AttemptEpoch(Attempt attempt, EpochMetrics epoch) {
    }

    /** The rows of one attempt: exactly one trials row, and one epochs row per epoch trained. */
    public record Rows(Map<String, Object> trial, List<Map<String, Object>> epochs) implements Serializable {

        /** Whether these are the rows of a trial waiting at a search rung ({@link #atRung}), never written. */
        public boolean paused() {
            return PAUSED.equals(trial.get("status"));
        }

        /**
         * These rows of a trial paused at a search rung ({@link #atRung}) as the rows of a trial the search stopped
         * there: status STOPPED, {@code reason} in the error column, the metrics as of the rung.
         */
        public Rows stopped(String reason) {
            if (!paused()) {
                throw new IllegalStateException("only a trial paused at a rung can be stopped, found status "
                        + trial.get("status"));
            }
            Map<String, Object> row = new java.util.HashMap<>(trial);
            row.put("status", STOPPED);
            row.put("error", reason);
            return new Rows(row, epochs);
        }
    }

    /** Status of a trial a search stopped at a rung: final, like OK. */
    public static final String STOPPED = "STOPPED";
    /** Status of a trial that reached a search rung, waiting for the rung's decision: never written. */
    public static final String PAUSED = "PAUSED";
    /** The statuses that end a trial for good: a rerun never trains it again. */
    public static final List<String> FINAL = List.of("OK", STOPPED);

    /** Rows of an attempt that finished. */
    public static Rows ok(Attempt a, TrialRunner.Outcome outcome) {
        return trained(a, "OK", outcome);
    }

    /**
     * Rows of an attempt that trained up to a search rung and waits there: kept in memory by the driver, and written
     * only as {@link Rows#stopped} if the search stops the trial (a trial that goes on continues from its checkpoint).
     */
    public static Rows atRung(Attempt a, TrialRunner.Outcome outcome) {
        return trained(a, PAUSED, outcome);
    }

    private static Rows trained(Attempt a, String status, TrialRunner.Outcome outcome) {
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochMetrics e : outcome.epochs()) {
            epochs.add(ResultSchema.EPOCHS.row(new AttemptEpoch(a, e)));
        }
        return new Rows(ResultSchema.TRIALS.row(new AttemptResult(a, status, null, false, outcome)), epochs);
    }

    /** Rows of an attempt that threw: a FAILED trials row with its one-line reason, no epochs. */
    public static Rows failed(Attempt a, String error, boolean retryable) {
        return new Rows(ResultSchema.TRIALS.row(new AttemptResult(a, "FAILED", error, retryable, null)), List.of());
    }
}
