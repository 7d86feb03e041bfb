package io.vdsweep.core.train;

import io.vdsweep.core.data.ShuffledBatches;
import io.vdsweep.core.eval.Evaluator;
import io.vdsweep.core.eval.Metrics;
import io.vdsweep.core.layers.InferenceMode;
import io.vdsweep.core.layers.VariationalLayers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training loop of one trial: per epoch it sets the learning rate and the KL weight from their schedules,
 * reseeds ND4J's noise and the data order from (seed, epoch), fits every minibatch, stops with a
 * {@link TrainingDivergedException} on a NaN/Inf loss, evaluates, tells the listener and checkpoints. Because all
 * randomness is derived from (seed, epoch), a trial resumed from its checkpoint continues as if never stopped
 * (same backend and thread count).
 */
public final class Trainer {

    /** Per-epoch train accuracy is measured on at most this many training examples (the final one on all). */
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

    /** Trains {@code net} (or the checkpointed one, when a checkpoint exists) on {@code data}. */
    public Outcome train(MultiLayerNetwork net, TrialData data, EpochListener listener) {
        int start = 0;
        List<EpochMetrics> epochs = new ArrayList<>();
        Checkpoint.Restored restored = checkpointFile == null ? null : Checkpoint.load(checkpointFile);
        if (restored != null) {
            net = restored.net();
            start = restored.progress().nextEpoch();
            epochs.addAll(restored.progress().epochs());
        }
        VariationalLayers.setTrainingSetSize(net, data.train().count());
        ShuffledBatches batches = new ShuffledBatches(data.train(), spec.batchSize(), seed, true);
        for (int epoch = start; epoch < spec.epochs(); epoch++) {
            EpochMetrics metrics = epoch(net, data, batches, epoch);
            epochs.add(metrics);
            listener.onEpoch(metrics);
            if (checkpointFile != null) {
                Checkpoint.save(checkpointFile, net, new Checkpoint.Progress(epoch + 1, epochs));
            }
        }
        return new Outcome(net, epochs, start);
    }

    private EpochMetrics epoch(MultiLayerNetwork net, TrialData data, ShuffledBatches batches, int epoch) {
        double lr = spec.lrSchedule().rate(spec.learningRate(), epoch, spec.epochs());
        double beta = spec.klSchedule().weight(epoch);
        net.setLearningRate(lr);
        VariationalLayers.setKlWeight(net, beta);
        VariationalLayers.setInferenceMode(net, InferenceMode.DETERMINISTIC);
        Nd4j.getRandom().setSeed(seed * 1_000_003L + epoch);
        batches.startEpoch(epoch);

        long startNanos = System.nanoTime();
        double lossSum = 0;
        long examples = 0;
        int minibatch = 0;
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            net.fit(batch);
            double loss = net.score();
            if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException(String.format("diverged: loss %s at epoch %d, minibatch %d "
                        + "(lr %.3g, KL weight %.3g)", loss, epoch, minibatch, lr, beta));
            }
            lossSum += loss * batch.numExamples();
            examples += batch.numExamples();
            minibatch++;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return measure(net, data, epoch, lossSum / examples, beta, lr, seconds, examples);
    }

    /**
     * The metrics of an epoch that has just been trained (by this loop or by parameter averaging, which passes
     * NaN for the loss it cannot observe).
     */
    public static EpochMetrics measure(MultiLayerNetwork net, TrialData data, int epoch, double trainLoss, double beta,
            double lr, double seconds, long examples) {
        double kl = VariationalLayers.kl(net);
        double trainNll = trainLoss - beta * kl / data.train().count();
        double trainAccuracy = Evaluator.accuracy(net, data.train(), EPOCH_TRAIN_EVAL);
        double testAccuracy = Evaluator.accuracy(net, data.test(), data.test().count());
        double[] sc = Metrics.sparsityAndCompression(VariationalLayers.sparsity(net));
        return new EpochMetrics(epoch, trainLoss, trainNll, kl, beta, lr, trainAccuracy, testAccuracy, sc[0], sc[1],
                seconds, examples / seconds);
    }
}
