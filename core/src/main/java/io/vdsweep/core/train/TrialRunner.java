package io.vdsweep.core.train;

import io.vdsweep.core.eval.Evaluator;
import io.vdsweep.core.eval.Metrics;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.nets.NetSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Runs one trial from its typed specs: load the data, build the net (optionally from a pretrained model), train
 * with checkpoints through {@link Trainer}, evaluate. The same code runs in a Spark task, on the driver of a
 * parameter-averaged trial (with a fitter that spreads each epoch over executors), in a test, or in a plain main.
 */
public final class TrialRunner {

    private TrialRunner() {
    }

    /** What a trial produced, the trained network included. */
    public record Outcome(Metrics metrics, List<EpochMetrics> epochs, int resumedAtEpoch, String networkJson,
            Map<String, String> datasetChecksums, double seconds, MultiLayerNetwork net) {
        public Outcome {
            epochs = List.copyOf(epochs);
            datasetChecksums = Map.copyOf(datasetChecksums);
        }
    }

    /**
     * Runs a trial in this JVM ({@link LocalEpochFitter}).
     *
     * @param dataDir        folder holding the dataset's verified files
     * @param seed           the trial seed: initialisation, data order, noise and random labels
     * @param checkpointFile per-epoch checkpoint to write and resume from, or null
     */
    public static Outcome run(DataSpec dataSpec, NetSpec netSpec, TrainSpec trainSpec, long seed, Path dataDir,
            Path checkpointFile, EpochListener listener) {
        return run(dataSpec, netSpec, trainSpec, seed, dataDir, checkpointFile, LocalEpochFitter.FACTORY, listener,
                trainSpec.epochs());
    }

    /**
     * Runs a trial whose epochs {@code fitting}'s fitter fits (locally, or data-parallel on Spark), up to epoch
     * {@code untilEpoch} (all of {@code trainSpec.epochs()} for a whole run, fewer for a search's rung: see
     * {@link Trainer#train(MultiLayerNetwork, TrialData, EpochFitter, EpochListener, int)}); evaluated where it stops.
     */
    public static Outcome run(DataSpec dataSpec, NetSpec netSpec, TrainSpec trainSpec, long seed, Path dataDir,
            Path checkpointFile, EpochFitter.Factory fitting, EpochListener listener, int untilEpoch) {
        long start = System.nanoTime();
        MultiLayerConfiguration conf = NetBuilder.build(netSpec, dataSpec.dataset(), seed, trainSpec.learningRate());
        TrialData data = TrialData.load(dataSpec, dataDir, netSpec.architecture().convolutional(), seed);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        if (trainSpec.pretrained() != null) {
            PretrainedInit.apply(net, new File(trainSpec.pretrained()));
        }
        Trainer.Outcome trained = new Trainer(trainSpec, seed, checkpointFile).train(net, data,
                fitting.create(data, trainSpec.batchSize(), seed), listener, untilEpoch);
        Metrics metrics = Evaluator.evaluate(trained.net(), data.train(), data.test(), trainSpec.ensembleSize());
        return new Outcome(metrics, trained.epochs(), trained.resumedAtEpoch(), conf.toJson(), data.checksums(),
                (System.nanoTime() - start) / 1e9, trained.net());
    }
}
