package io.vdsweep.core.train;

import io.vdsweep.core.eval.Evaluator;
import io.vdsweep.core.eval.Metrics;
import io.vdsweep.core.eval.NetStructure;
import io.vdsweep.core.layers.InferenceMode;
import io.vdsweep.core.layers.BatchNormHelpers;
import io.vdsweep.core.layers.VariationalLayers;
import io.vdsweep.core.random.TrialSeeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training loop of one trial, whatever executes it: per epoch it sets the learning rate and the KL weight from
 * their schedules, puts the variational layers back in training mode, reseeds ND4J's noise from (seed, epoch), has
 * its {@link EpochFitter} fit the epoch's minibatches, stops with a {@link TrainingDivergedException} on the first
 * NaN/Inf minibatch loss, measures, tells the listener and checkpoints. Because all randomness is derived from
 * (seed, epoch), a trial resumed from its checkpoint continues as if never stopped (same backend and thread count).
 */
public final class Trainer {

    /**
     * Per-epoch train accuracy is measured on the first training examples up to this many predictions (10k images,
     * 100 character sequences of 100); the final evaluation uses all.
     */
    static final int EPOCH_TRAIN_EVAL = 10_000;

    private final TrainSpec spec;
    private final long seed;
    private final Path checkpointFile;

    /**
     * @param checkpointFile where to checkpoint after every epoch and resume from, or null for neither
     */
    public Trainer(TrainSpec spec, long seed, Path checkpointFile) {
        this.spec = spec;
        this.seed = seed;
        this.checkpointFile = checkpointFile;
    }

    /** The trained network (restored from the checkpoint if there was one) and every epoch's metrics. */
    public record Outcome(MultiLayerNetwork net, List<EpochMetrics> epochs, int resumedAtEpoch) {
    }

    /** Trains {@code net} on {@code data} in this JVM ({@link LocalEpochFitter}). */
    public Outcome train(MultiLayerNetwork net, TrialData data, EpochListener listener) {
        return train(net, data, LocalEpochFitter.FACTORY.create(data, spec.batchSize(), seed), listener);
    }

    /** Trains {@code net} (or the checkpointed one, when a checkpoint exists) on {@code data} through {@code fitter}. */
    public Outcome train(MultiLayerNetwork net, TrialData data, EpochFitter fitter, EpochListener listener) {
        return train(net, data, fitter, listener, spec.epochs());
    }

    /**
     * As {@link #train(MultiLayerNetwork, TrialData, EpochFitter, EpochListener)}, but stops once epoch
     * {@code untilEpoch} − 1 is trained: a search's rung, from whose checkpoint the trial goes on if it is kept. The
     * schedules still run over all {@link TrainSpec#epochs()}, so a paused trial continues exactly as if it had never
     * stopped. A checkpoint already past {@code untilEpoch} trains nothing and returns every epoch it holds.
     */
    public Outcome train(MultiLayerNetwork net, TrialData data, EpochFitter fitter, EpochListener listener,
            int untilEpoch) {
        if (untilEpoch <= 0 || untilEpoch > spec.epochs()) {
            throw new IllegalArgumentException("untilEpoch must be in 1.." + spec.epochs() + ", found " + untilEpoch);
        }
        int start = 0;
        List<EpochMetrics> epochs = new ArrayList<>();
        Checkpoint.Restored restored = checkpointFile == null ? null : Checkpoint.load(checkpointFile);
        if (restored != null) {
            net = restored.net();
            start = restored.progress().nextEpoch();
            epochs.addAll(restored.progress().epochs());
        }
        VariationalLayers.setTrainingSetSize(net, data.train().count());
        for (int epoch = start; epoch < untilEpoch; epoch++) {
            EpochResult result = epoch(net, data, fitter, epoch);
            net = result.net();
            epochs.add(result.metrics());
            listener.onEpoch(result.metrics());
            if (checkpointFile != null) {
                Checkpoint.save(checkpointFile, net, new Checkpoint.Progress(epoch + 1, epochs));
            }
        }
        return new Outcome(net, epochs, start);
    }

    private record EpochResult(MultiLayerNetwork net, EpochMetrics metrics) {
    }

    private EpochResult epoch(MultiLayerNetwork net, TrialData data, EpochFitter fitter, int epoch) {
        double lr = spec.lrSchedule().rate(spec.learningRate(), epoch, spec.epochs());
        double beta = spec.klSchedule().weight(epoch);
        net.setLearningRate(lr);
        BatchNormHelpers.install(net);
        VariationalLayers.setKlWeight(net, beta);
        VariationalLayers.setInferenceMode(net, InferenceMode.DETERMINISTIC);
        Nd4j.getRandom().setSeed(TrialSeeds.noise(seed, epoch));

        long startNanos = System.nanoTime();
        double[] lossSum = {0};
        long[] examples = {0};
        MultiLayerNetwork trained = fitter.fitEpoch(net, epoch, (minibatch, loss, count) -> {
            if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException(String.format("diverged: loss %s at epoch %d, minibatch %d "
                        + "(lr %.3g, KL weight %.3g)", loss, epoch, minibatch, lr, beta));
            }
            lossSum[0] += loss * count;
            examples[0] += count;
        });
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new EpochResult(trained, measure(trained, data, epoch, lossSum[0] / examples[0], beta, lr, seconds,
                examples[0]));
    }

    private static EpochMetrics measure(MultiLayerNetwork net, TrialData data, int epoch, double trainLoss,
            double beta, double lr, double seconds, long examples) {
        double kl = VariationalLayers.kl(net);
        double trainNll = trainLoss - beta * kl / data.train().count();
        double trainAccuracy = Evaluator.scores(net, data.train(),
                Math.max(1, EPOCH_TRAIN_EVAL / data.train().predictionsPerExample())).accuracy();
        Evaluator.Scores test = Evaluator.scores(net, data.test(), data.test().count());
        NetStructure structure = NetStructure.of(net, data.test().inputs(0, 1));
        double[] sc = Metrics.sparsityAndCompression(Evaluator.layerSparsity(net, structure));
        return new EpochMetrics(epoch, trainLoss, trainNll, kl, beta, lr, trainAccuracy, test.accuracy(), test.nll(),
                sc[0], sc[1], seconds, examples / seconds);
    }
}
