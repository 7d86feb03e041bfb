package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * End to end: a variational LSTM trained on sequences whose label at each step depends on 2 of 10 input features
 * (their sign at the previous step, so the recurrence matters) prunes most of both weight matrices and keeps its
 * accuracy; every relevant feature keeps weights. Without the KL term (β = 0) almost nothing is pruned.
 */
class VariationalLstmSparsityTest {

    private static final int FEATURES = 10;
    private static final int RELEVANT = 2;
    private static final int STEPS = 8;
    private static final int N = 400;

    private static DataSet task(long seed) {
        Random random = new Random(seed);
        INDArray x = Nd4j.zeros(DataType.FLOAT, N, FEATURES, STEPS);
        INDArray y = Nd4j.zeros(DataType.FLOAT, N, 4, STEPS);
        for (int i = 0; i < N; i++) {
            double[] previous = new double[RELEVANT];
            for (int t = 0; t < STEPS; t++) {
                for (int f = 0; f < FEATURES; f++) {
                    double v = random.nextGaussian();
                    x.putScalar(new int[] {i, f, t}, v);
                    if (f < RELEVANT) {
                        if (t > 0) {
                            previous[f] = x.getDouble(i, f, t - 1);
                        }
                    }
                }
                int label = (previous[0] > 0 ? 1 : 0) + (previous[1] > 0 ? 2 : 0);
                y.putScalar(new int[] {i, label, t}, 1);
            }
        }
        return new DataSet(x, y);
    }

    private static double accuracy(MultiLayerNetwork net, DataSet data) {
        INDArray predicted = net.output(data.getFeatures()).argMax(1);
        INDArray truth = data.getLabels().argMax(1);
        return predicted.eq(truth).castTo(DataType.INT32).sumNumber().doubleValue() / truth.length();
    }

    private static MultiLayerNetwork train(double klWeight) {
        VariationalSettings s = new VariationalSettings();
        s.setTrainingSetSize(N);
        s.setKlWeight(klWeight);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.FLOAT).updater(new Adam(1e-2)).list()
                .layer(new VariationalLstm.Builder().nIn(FEATURES).nOut(16).settings(s).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        Nd4j.getRandom().setSeed(5);
        DataSet data = task(1);
        for (int epoch = 0; epoch < 60; epoch++) {
            data.shuffle(epoch);
            for (DataSet batch : data.batchBy(50)) {
                net.fit(batch);
            }
        }
        return net;
    }

    @Test
    void prunesMostWeightsAndKeepsAccuracy() {
        MultiLayerNetwork net = train(1);
        double accuracy = accuracy(net, task(2));
        List<LayerSparsity> sparsity = VariationalLayers.sparsity(net);
        INDArray w = net.getLayer(0).getParam("W");
        INDArray kept = net.getLayer(0).getParam("logSigma2W").sub(Nd4j.math().log(w.mul(w).addi(1e-8))).lte(3)
                .castTo(DataType.FLOAT);
        double relevantInputsKept = kept.get(NDArrayIndex.interval(0, RELEVANT), NDArrayIndex.all()).sum(1)
                .gt(0).castTo(DataType.FLOAT).sumNumber().doubleValue();
        String figures = String.format("accuracy %.3f, x-h pruned %.3f, h-h pruned %.3f, relevant inputs with "
                + "weights %.0f", accuracy, sparsity.get(0).prunedFraction(), sparsity.get(1).prunedFraction(),
                relevantInputsKept);
        assertEquals("x-h", sparsity.get(0).name());
        assertTrue(accuracy > 0.9, figures);
        assertTrue(sparsity.get(0).prunedFraction() > 0.8, figures);
        assertTrue(sparsity.get(1).prunedFraction() > 0.7, figures);
        assertEquals(RELEVANT, relevantInputsKept, figures);
    }

    @Test
    void withoutTheKlTermAlmostNothingIsPruned() {
        MultiLayerNetwork net = train(0);
        for (LayerSparsity layer : VariationalLayers.sparsity(net)) {
            assertTrue(layer.prunedFraction() < 0.05, layer.toString());
        }
    }
}
