package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Hand-written backprop of the dense variational layer against finite differences, for every parameterization. */
class DenseVariationalGradientTest {

    static MultiLayerConfiguration net(Parameterization kind, double klWeight) {
        VariationalSettings s = new VariationalSettings(kind);
        s.setLogVarianceInit(-2);
        s.setDropoutAlpha(0.5);
        s.setKlWeight(klWeight);
        s.setTrainingSetSize(10);
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE).updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .list()
                .layer(new DenseVariational.Builder().nIn(4).nOut(5).activation(Activation.TANH).settings(s).build())
                .layer(new DenseVariational.Builder().nIn(5).nOut(4).activation(Activation.SIGMOID).settings(s).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    private static INDArray input() {
        Nd4j.getRandom().setSeed(3);
        return Nd4j.rand(DataType.DOUBLE, 6, 4).subi(0.5).muli(2);
    }

    @ParameterizedTest
    @EnumSource(Parameterization.class)
    void gradientsMatchFiniteDifferencesWithoutKl(Parameterization kind) {
        assertTrue(GradientChecks.check(net(kind, 0), input(), GradientChecks.oneHot(6, 3, 1),
                GradientChecks::fixNoise), kind.name());
    }

    @ParameterizedTest
    @EnumSource(Parameterization.class)
    void gradientsMatchFiniteDifferencesWithKl(Parameterization kind) {
        assertTrue(GradientChecks.check(net(kind, 1), input(), GradientChecks.oneHot(6, 3, 1),
                GradientChecks::fixNoise), kind.name());
    }

    /** The check can fail: a KL gradient at half the KL of the score (a lost factor) is caught. */
    @Test
    void negativeControlKlGradientOffByAFactor() {
        int[] calls = {0};
        assertFalse(GradientChecks.check(net(Parameterization.ADDITIVE, 1), input(), GradientChecks.oneHot(6, 3, 1),
                n -> {
                    GradientChecks.fixNoise(n);
                    // The first pass computes the analytic gradient with β = 0.5; the finite differences use β = 1.
                    VariationalLayers.setKlWeight(n, calls[0]++ == 0 ? 0.5 : 1.0);
                }));
    }

    /** The check can fail: noise redrawn between passes breaks the LRT gradient. */
    @Test
    void negativeControlNoiseNotFixed() {
        assertFalse(GradientChecks.check(net(Parameterization.ADDITIVE, 0), input(), GradientChecks.oneHot(6, 3, 1),
                n -> { }));
    }
}
