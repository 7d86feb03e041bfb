package io.vdsweep.sweeps.spec;

import java.util.Locale;

/**
 * How trials run on the cluster.
 *
 * @param mode               one trial per Spark task, data-parallel parameter averaging, or auto (averaging only for
 *                           trials heavy enough to pay for it)
 * @param workers            averaging workers (Spark tasks) per trial
 * @param averagingFrequency minibatches (of the trial's batch size) each worker fits between averagings
 * @param retries            attempts after the first for a trial that throws (deterministic failures are not retried)
 * @param concurrency        trials running at once (0 = the cluster's default parallelism)
 * @param checkpointDir      where trials checkpoint every epoch (any Hadoop-visible local path on the executors);
 *                           empty = no checkpoints
 */
public record ExecutionSpec(Mode mode, int workers, int averagingFrequency, int retries,
        int concurrency, String checkpointDir) {

    /** How a trial is executed. */
    public enum Mode {
        TASK, AVERAGING, AUTO;

        public static Mode parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be task, averaging or auto, found " + s);
            }
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final ExecutionSpec DEFAULT = new ExecutionSpec(Mode.AUTO, 2, 5, 1, 0, "");

    public ExecutionSpec {
        if (workers <= 0 || averagingFrequency <= 0 || retries < 0 || concurrency < 0) {
            throw new IllegalArgumentException("execution: workers, averaging_frequency must be > 0"
                    + " and retries, concurrency >= 0");
        }
    }
}
