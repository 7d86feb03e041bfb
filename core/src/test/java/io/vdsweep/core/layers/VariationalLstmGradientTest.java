package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
 * The variational LSTM's gradients — means and log σ² of both weight matrices through DL4J's LSTM backward and the
 * draw, the biases, the KL — against finite differences with the draw held fixed; and a negative control.
 */
class VariationalLstmGradientTest {

    private static final int BATCH = 3;
    private static final int IN = 3;
    private static final int STEPS = 4;
    private static final int CLASSES = 3;

    private static INDArray input() {
        return GradientChecks.uniformSteps(BATCH, IN, STEPS, 3);
    }

    private static INDArray labels() {
        return GradientChecks.oneHotSteps(BATCH, CLASSES, STEPS, 1);
    }

    static MultiLayerConfiguration conf(double klWeight) {
        VariationalSettings s = new VariationalSettings();
        s.setLogVarianceInit(-3);
        s.setKlWeight(klWeight);
        s.setTrainingSetSize(10);
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE).updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE).list()
                .layer(new VariationalLstm.Builder().nIn(IN).nOut(4).settings(s).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    /** Log σ² spread around the range where the KL's slope changes, so both terms of the gradient matter. */
    private static MultiLayerNetwork net(double klWeight) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = new MultiLayerNetwork(conf(klWeight));
        net.init();
        Nd4j.getRandom().setSeed(11);
        for (String key : new String[] {"logSigma2W", "logSigma2RW"}) {
            INDArray p = net.getLayer(0).getParam(key);
            p.assign(Nd4j.rand(DataType.DOUBLE, p.shape()).muli(4).subi(5));           // [−5, −1]
        }
        return net;
    }

    @ParameterizedTest(name = "KL weight {0}")
    @ValueSource(doubles = {0.0, 1.0})
    void gradientsMatchFiniteDifferences(double klWeight) {
        assertTrue(GradientChecks.check(net(klWeight), input(), labels(), GradientChecks::fixNoise));
    }

    @Test
    void negativeControlDrawNotFixed() {
        assertFalse(GradientChecks.check(net(0), input(), labels(), n -> { }));
    }
}
