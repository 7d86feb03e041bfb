package io.vdsweep.core.train;

/**
 * The loss became NaN or infinite: the trial stops with this reason instead of writing garbage. Deterministic for
 * a given config and seed, so a retry would diverge again.
 */
public final class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
