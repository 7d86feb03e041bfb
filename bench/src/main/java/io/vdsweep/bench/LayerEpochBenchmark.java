package io.vdsweep.bench;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.DatasetFetcher;
import io.vdsweep.core.data.LabeledArrays;
import io.vdsweep.core.data.Preprocessor;
import io.vdsweep.core.data.ShuffledBatches;
import io.vdsweep.core.layers.VariationalLayers;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.Variant;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One LeNet-300-100 epoch on real MNIST (60k examples, batch 100) with plain DL4J dense layers and with Sparse VD
 * layers (both built by {@link NetBuilder}), measured side by side in one JVM, alternating, after a warm-up.
 * Run through {@code bench/layer-epoch.sh}, which pins ND4J to one thread.
 */
public final class LayerEpochBenchmark {

    private LayerEpochBenchmark() {
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Dataset.TrainTest mnist = Dataset.MNIST.read(new DatasetFetcher(DatasetFetcher.defaultCacheRoot())
                .fetch(Dataset.MNIST));
        Preprocessor preprocessor = Preprocessor.fit(mnist.train(), Preprocessor.Normalization.MEAN_IMAGE);
        ShuffledBatches batches = new ShuffledBatches(LabeledArrays.of(mnist.train(), preprocessor, false), 100, 1, true);

        MultiLayerNetwork plain = new MultiLayerNetwork(NetBuilder.build(lenet(Variant.NO_DROPOUT), Dataset.MNIST, 1, 1e-3));
        plain.init();
        MultiLayerNetwork sparseVd = new MultiLayerNetwork(NetBuilder.build(lenet(Variant.SPARSE_VD), Dataset.MNIST, 1, 1e-3));
        sparseVd.init();
        VariationalLayers.setTrainingSetSize(sparseVd, batches.examples());

        System.out.printf("threads: OMP_NUM_THREADS=%s%n", System.getenv("OMP_NUM_THREADS"));
        epoch(plain, batches, 100);
        epoch(sparseVd, batches, 100);
        double plainTotal = 0;
        double vdTotal = 0;
        for (int r = 0; r < repeats; r++) {
            double p = epoch(plain, batches, Integer.MAX_VALUE);
            double v = epoch(sparseVd, batches, Integer.MAX_VALUE);
            plainTotal += p;
            vdTotal += v;
            System.out.printf("repeat %d: plain dense %.2f s/epoch, Sparse VD %.2f s/epoch, ratio %.2fx%n", r + 1, p,
                    v, v / p);
        }
        System.out.printf("mean over %d: plain dense %.2f s/epoch, Sparse VD %.2f s/epoch, ratio %.2fx "
                + "(target <= 2.5x; PyTorch Sparse VD, 1 thread: 7.5 s)%n", repeats, plainTotal / repeats,
                vdTotal / repeats, vdTotal / plainTotal);
    }

    /** Seconds for one pass (or {@code maxBatches} minibatches) of {@code fit}. */
    private static double epoch(MultiLayerNetwork net, ShuffledBatches batches, int maxBatches) {
        batches.reset();
        long start = System.nanoTime();
        int n = 0;
        while (batches.hasNext() && n++ < maxBatches) {
            net.fit(batches.next());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static NetSpec lenet(Variant variant) {
        return new NetSpec(Architecture.LENET_300_100, variant, 1);
    }
}
