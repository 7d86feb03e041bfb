package io.vdsweep.bench;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.DatasetFetcher;
import io.vdsweep.core.data.Preprocessor;
import io.vdsweep.core.data.ShuffledBatches;
import io.vdsweep.core.layers.DenseVariational;
import io.vdsweep.core.layers.Parameterization;
import io.vdsweep.core.layers.VariationalLayers;
import io.vdsweep.core.layers.VariationalSettings;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * One LeNet-300-100 epoch on real MNIST (60k examples, batch 100) with plain DL4J dense layers and with Sparse VD
 * ({@link Parameterization#ADDITIVE}) layers, measured side by side in one JVM, alternating, after a warm-up.
 * Run through {@code bench/layer-epoch.sh}, which pins ND4J to one thread.
 */
public final class LayerEpochBenchmark {

    private LayerEpochBenchmark() {
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Dataset.TrainTest mnist = Dataset.MNIST.read(new DatasetFetcher(DatasetFetcher.defaultCacheRoot())
                .fetch(Dataset.MNIST));
        float[] x = Preprocessor.fit(mnist.train(), Preprocessor.Normalization.MEAN_IMAGE).apply(mnist.train());
        ShuffledBatches batches = new ShuffledBatches(x, mnist.train(), false, 100, 1, true);

        MultiLayerNetwork plain = new MultiLayerNetwork(plain());
        plain.init();
        MultiLayerNetwork sparseVd = new MultiLayerNetwork(sparseVd());
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

    private static NeuralNetConfiguration.ListBuilder base() {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-3)).list();
    }

    private static MultiLayerConfiguration plain() {
        return base()
                .layer(new DenseLayer.Builder().nIn(784).nOut(300).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(300).nOut(100).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(100).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    private static MultiLayerConfiguration sparseVd() {
        VariationalSettings firstLayer = new VariationalSettings(Parameterization.ADDITIVE);
        firstLayer.setInputGradient(false);
        return base()
                .layer(new DenseVariational.Builder().nIn(784).nOut(300).activation(Activation.RELU)
                        .settings(firstLayer).build())
                .layer(new DenseVariational.Builder().nIn(300).nOut(100).activation(Activation.RELU)
                        .parameterization(Parameterization.ADDITIVE).build())
                .layer(new DenseVariational.Builder().nIn(100).nOut(10).activation(Activation.IDENTITY)
                        .parameterization(Parameterization.ADDITIVE).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .build();
    }
}
