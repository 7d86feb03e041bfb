package io.vdsweep.core.train;

import java.util.Objects;

/**
 * How one trial trains: Adam (DL4J's defaults β1 = 0.9, β2 = 0.999, as in the authors' code) with the schedules
 * below, through {@link Trainer}.
 *
 * @param epochs       passes over the training set
 * @param batchSize    examples per minibatch (100 in the paper)
 * @param learningRate Adam's base learning rate
 * @param lrSchedule   how the rate changes per epoch
 * @param klSchedule   KL weight β per epoch (warm-up)
 * @param ensembleSize K, stochastic passes averaged for ensemble accuracy
 * @param pretrained   a saved model (DL4J zip) whose weights initialise the net's means, or null
 */
public record TrainSpec(int epochs, int batchSize, double learningRate, LrSchedule lrSchedule, KlSchedule klSchedule,
        int ensembleSize, String pretrained) {

    public TrainSpec {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs: must be > 0, found " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch: must be > 0, found " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("lr: must be > 0, found " + learningRate);
        }
        Objects.requireNonNull(lrSchedule, "lrSchedule");
        Objects.requireNonNull(klSchedule, "klSchedule");
        if (ensembleSize <= 0) {
            throw new IllegalArgumentException("ensemble: must be > 0, found " + ensembleSize);
        }
    }

    /** This spec starting from the model saved at {@code model}. */
    public TrainSpec withPretrained(String model) {
        return new TrainSpec(epochs, batchSize, learningRate, lrSchedule, klSchedule, ensembleSize, model);
    }
}
