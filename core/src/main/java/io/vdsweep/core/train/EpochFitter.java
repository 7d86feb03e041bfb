package io.vdsweep.core.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The one part of a trial's training that depends on what executes it: how the minibatches of one epoch are fitted
 * into the network. {@link Trainer} owns everything around it (schedules, noise seeds, divergence, metrics,
 * checkpoints), so a trial trains the same way whether its epochs are fitted in this JVM ({@link LocalEpochFitter})
 * or data-parallel across Spark executors (the jobs module's parameter averaging).
 *
 * <p>Contract: the epoch's minibatches are those of {@link io.vdsweep.core.data.ShuffledBatches} for the trial seed
 * and the epoch, of the trial's batch size; each is reported once, in minibatch order, after it was fitted; noise
 * is drawn from ND4J's random stream as the calling thread left it (the trainer seeds it per epoch) and the
 * calling thread's stream is left where fitting the epoch in order would have left it.
 */
@FunctionalInterface
public interface EpochFitter {

    /**
     * Fits epoch {@code epoch} and returns the trained network ({@code net} itself or the one that replaced it).
     *
     * @throws TrainingDivergedException when {@code report} rejects a minibatch's loss
     */
    MultiLayerNetwork fitEpoch(MultiLayerNetwork net, int epoch, MinibatchReport report);

    /** Receives each fitted minibatch: its 0-based index in the epoch, its loss and its example count. */
    @FunctionalInterface
    interface MinibatchReport {
        void fitted(int minibatch, double loss, int examples);
    }

    /** Creates a trial's fitter once its data are loaded. */
    @FunctionalInterface
    interface Factory {
        EpochFitter create(TrialData data, int batchSize, long seed);
    }
}
