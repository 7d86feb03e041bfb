package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * End to end: a two-layer Sparse VD net trained a few hundred steps on a task where only 4 of 20 inputs matter
 * becomes sparse — mostly in the weights of the irrelevant inputs — and keeps its accuracy; without the KL term
 * (β = 0) almost nothing is (only weights whose mean happens to sit near zero cross log α > 3).
 */
class SparsityEmergesTest {

    static final int N = 1000;
    static final int FEATURES = 20;
    static final int RELEVANT = 4;
    static final int CLASSES = 4;

    static DataSet task(long seed) {
        Random random = new Random(seed);
        double[][] teacher = new double[CLASSES][RELEVANT];
        Random fixed = new Random(99);
        for (double[] row : teacher) {
            for (int j = 0; j < RELEVANT; j++) {
                row[j] = fixed.nextGaussian();
            }
        }
        INDArray x = Nd4j.zeros(DataType.FLOAT, N, FEATURES);
        INDArray y = Nd4j.zeros(DataType.FLOAT, N, CLASSES);
        for (int i = 0; i < N; i++) {
            double[] v = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                v[j] = random.nextGaussian();
                x.putScalar(i, j, v[j]);
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double score = 0;
                for (int j = 0; j < RELEVANT; j++) {
                    score += teacher[c][j] * v[j];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            y.putScalar(i, best, 1);
        }
        return new DataSet(x, y);
    }

    private static MultiLayerNetwork train(double klWeight) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.FLOAT).updater(new Adam(1e-2)).list()
                .layer(new DenseVariational.Builder().nIn(FEATURES).nOut(32).activation(Activation.RELU)
                        .parameterization(Parameterization.ADDITIVE).build())
                .layer(new DenseVariational.Builder().nIn(32).nOut(CLASSES).activation(Activation.IDENTITY)
                        .parameterization(Parameterization.ADDITIVE).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        VariationalLayers.setTrainingSetSize(net, N);
        VariationalLayers.setKlWeight(net, klWeight);
        Nd4j.getRandom().setSeed(5);
        DataSet data = task(1);
        for (int epoch = 0; epoch < 100; epoch++) {
            data.shuffle(epoch);
            for (DataSet batch : data.batchBy(100)) {
                net.fit(batch);
            }
        }
        return net;
    }

    static double accuracy(MultiLayerNetwork net, DataSet data) {
        INDArray predicted = net.output(data.getFeatures()).argMax(1);
        INDArray truth = data.getLabels().argMax(1);
        return predicted.eq(truth).castTo(DataType.INT32).sumNumber().doubleValue() / data.numExamples();
    }

    @Test
    void sparseVdPrunesIrrelevantInputsAndKeepsAccuracy() {
        MultiLayerNetwork net = train(1.0);
        DataSet test = task(2);
        double accuracy = accuracy(net, test);
        List<LayerSparsity> sparsity = VariationalLayers.sparsity(net);
        double pruned = 1.0 - (double) (sparsity.get(0).keptWeights() + sparsity.get(1).keptWeights())
                / (sparsity.get(0).weights() + sparsity.get(1).weights());

        // Weights from the 16 irrelevant inputs vs the 4 relevant ones (unit-major: [units, inputs]).
        INDArray kept = ((AbstractVariationalLayer<?>) net.getLayer(0)).posterior()
                .keptMask(net.getLayer(0).paramTable(), ((DenseVariational) net.getLayer(0).conf().getLayer())
                        .getVariational());
        double keptRelevant = kept.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, RELEVANT)).meanNumber().doubleValue();
        double keptIrrelevant = kept.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(RELEVANT, FEATURES)).meanNumber().doubleValue();

        String figures = String.format("accuracy %.3f, pruned %.3f, kept relevant %.3f, kept irrelevant %.3f",
                accuracy, pruned, keptRelevant, keptIrrelevant);
        assertTrue(accuracy > 0.85, figures);
        assertTrue(pruned > 0.6, figures);
        assertTrue(keptIrrelevant < 0.1, figures);
        assertTrue(keptRelevant > 2 * keptIrrelevant, figures);
    }

    @Test
    void withoutTheKlTermAlmostNothingIsPruned() {
        MultiLayerNetwork net = train(0.0);
        for (LayerSparsity layer : VariationalLayers.sparsity(net)) {
            assertTrue(layer.prunedFraction() < 0.02, layer.toString());
        }
        assertTrue(accuracy(net, task(2)) > 0.85);
    }
}
