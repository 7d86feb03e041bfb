package io.vdsweep.bench;

import io.vdsweep.core.backend.NativeBackend;
import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.DatasetFetcher;
import io.vdsweep.core.data.ShuffledBatches;
import io.vdsweep.core.layers.BatchNormHelpers;
import io.vdsweep.core.layers.VariationalLayers;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.Variant;
import io.vdsweep.core.train.DataSpec;
import io.vdsweep.core.train.EpochFitter;
import io.vdsweep.core.train.LocalEpochFitter;
import io.vdsweep.core.train.TrialData;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Training throughput of one net as {@code bench/speed.sh} compares it with the PyTorch yardsticks: the same net
 * shapes, the same files, batch 100, Adam, after one warm-up minibatch.
 *
 * <ul>
 *   <li>{@code vgg-like K VARIANT N}: examples/s over the first N CIFAR-10 training images (one pass);</li>
 *   <li>{@code lenet-300-100 VARIANT EPOCHS}: seconds per 60k-example MNIST epoch, one line per epoch, with the
 *   yardstick's KL weight min(0.02·(epoch + 1), 1), so pruning (and with it any denormal slow-down) sets in alike.</li>
 * </ul>
 * Prints one line per figure, prefixed with the ND4J build that ran it.
 */
public final class TrainingSpeedBenchmark {

    private static final int BATCH = 100;

    private TrainingSpeedBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: vgg-like K VARIANT N | lenet-300-100 VARIANT EPOCHS");
        }
        Architecture architecture = Architecture.fromId(args[0]);
        String backend = NativeBackend.describe();
        if (architecture == Architecture.VGG_LIKE) {
            double k = Double.parseDouble(args[1]);
            Variant variant = Variant.fromId(args[2]);
            int n = Integer.parseInt(args[3]);
            ShuffledBatches batches = batches(Dataset.CIFAR10, true, n);
            MultiLayerNetwork net = net(new NetSpec(architecture, variant, k), Dataset.CIFAR10, batches.examples());
            batches.reset();
            net.fit(batches.next());
            double seconds = pass(net, batches);
            long examples = batches.examples() - BATCH;
            System.out.printf("vdsweep vgg-like k=%s %s threads=%s: %.1f examples/s (%d examples, %.1f s) [%s]%n",
                    args[1], variant.id(), System.getenv("OMP_NUM_THREADS"), examples / seconds, examples, seconds,
                    backend);
        } else {
            Variant variant = Variant.fromId(args[1]);
            int epochs = Integer.parseInt(args[2]);
            TrialData data = data(Dataset.MNIST, 0, false);
            ShuffledBatches warmUp = new ShuffledBatches(data.train(), BATCH, 1, true);
            MultiLayerNetwork net = net(new NetSpec(architecture, variant, 1), Dataset.MNIST, warmUp.examples());
            warmUp.reset();
            net.fit(warmUp.next());
            EpochFitter fitter = LocalEpochFitter.FACTORY.create(data, BATCH, 1);   // the trainer's fitting loop
            for (int e = 0; e < epochs; e++) {
                VariationalLayers.setKlWeight(net, Math.min(0.02 * (e + 1), 1));   // the yardstick's KL ramp
                long start = System.nanoTime();
                fitter.fitEpoch(net, e, (minibatch, loss, count) -> { });
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("vdsweep %s %s threads=%s epoch %d: %.2f s [%s]%n", architecture.id(), variant.id(),
                        System.getenv("OMP_NUM_THREADS"), e, seconds, backend);
            }
        }
    }

    /** The first {@code limit} training examples of {@code dataset}, preprocessed as a trial's are. */
    private static ShuffledBatches batches(Dataset dataset, boolean images, int limit) {
        return new ShuffledBatches(data(dataset, limit, images).train(), BATCH, 1, true);
    }

    private static TrialData data(Dataset dataset, int limit, boolean images) {
        DataSpec spec = new DataSpec(dataset, false, DataSpec.defaultNormalization(dataset), limit, 1);
        Path dir = new DatasetFetcher(DatasetFetcher.defaultCacheRoot()).fetch(dataset);
        return TrialData.load(spec, dir, images, 0);
    }

    private static MultiLayerNetwork net(NetSpec spec, Dataset input, int trainingSetSize) {
        MultiLayerNetwork net = new MultiLayerNetwork(NetBuilder.build(spec, input, 1, 1e-3));
        net.init();
        BatchNormHelpers.install(net);                 // as the trainer does
        VariationalLayers.setTrainingSetSize(net, trainingSetSize);
        return net;
    }

    /** Seconds for the rest of the current pass of {@code fit}. */
    private static double pass(MultiLayerNetwork net, ShuffledBatches batches) {
        long start = System.nanoTime();
        while (batches.hasNext()) {
            net.fit(batches.next());
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
