package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The variational embedding: gradients of θ and log σ² (through rows shared by repeated words, and the KL over the
 * whole matrix) against finite differences with the draw fixed; the deterministic lookup; bad indices refused.
 */
class VariationalEmbeddingTest {

    private static final int VOCABULARY = 7;

    private static MultiLayerNetwork net(double klWeight) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        VariationalSettings s = new VariationalSettings();
        s.setLogVarianceInit(-3);
        s.setKlWeight(klWeight);
        s.setTrainingSetSize(10);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE).list()
                .layer(new VariationalEmbedding.Builder().nIn(VOCABULARY).nOut(4).settings(s).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(11);
        INDArray logSigma2 = net.getLayer(0).getParam(Posterior.LOG_SIGMA2);
        logSigma2.assign(Nd4j.rand(DataType.DOUBLE, logSigma2.shape()).muli(4).subi(5));
        return net;
    }

    /** Words with repeats (2 and 5 occur several times), word 6 never: its row gets only the KL gradient. */
    private static INDArray words() {
        return Nd4j.createFromArray(new double[][] {{2, 5, 2, 0}, {1, 2, 5, 3}, {4, 4, 2, 5}});
    }

    private static INDArray labels() {
        return GradientChecks.oneHotSteps(3, 3, 4, 2);
    }

    @ParameterizedTest(name = "KL weight {0}")
    @ValueSource(doubles = {0.0, 1.0})
    void gradientsMatchFiniteDifferences(double klWeight) {
        assertTrue(GradientChecks.check(net(klWeight), words(), labels(), GradientChecks::fixNoise));
    }

    @Test
    void negativeControlDrawNotFixed() {
        assertFalse(GradientChecks.check(net(0), words(), labels(), n -> { }));
    }

    @Test
    void deterministicLookupReadsTheKeptMeans() {
        MultiLayerNetwork net = net(1);
        INDArray theta = net.getLayer(0).getParam(Posterior.MEAN);
        net.getLayer(0).getParam(Posterior.LOG_SIGMA2).assign(-20);             // every weight kept ...
        net.getLayer(0).getParam(Posterior.LOG_SIGMA2).getRow(5).assign(10);   // ... but word 5's: log α > 3
        INDArray out = net.feedForward(words(), false).get(1);                  // [3, 4, 4]
        for (int d = 0; d < 4; d++) {
            assertEquals(theta.getDouble(2, d), out.getDouble(0, d, 0), 1e-12, "word 2 at (0, 0)");
            assertEquals(theta.getDouble(3, d), out.getDouble(1, d, 3), 1e-12, "word 3 at (1, 3)");
            assertEquals(0.0, out.getDouble(0, d, 1), 0.0, "word 5, pruned");
        }
        LayerSparsity sparsity = VariationalLayers.sparsity(net).get(0);
        assertTrue(sparsity.deadUnits() >= 1 && sparsity.keptWeights() <= sparsity.weights() - 4, sparsity.toString());
    }

    @Test
    void anIndexOutsideTheVocabularyIsRefused() {
        MultiLayerNetwork net = net(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.output(Nd4j.createFromArray(new double[][] {{1, 7}})));
        assertTrue(e.getMessage().contains("word index 7.0"), e.getMessage());
    }
}
