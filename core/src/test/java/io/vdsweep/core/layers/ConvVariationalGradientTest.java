package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Hand-written backprop of the convolutional variational layer against finite differences. */
class ConvVariationalGradientTest {

    static MultiLayerConfiguration net(Parameterization kind, double klWeight) {
        VariationalSettings s = new VariationalSettings(kind);
        s.setLogVarianceInit(-2);
        s.setDropoutAlpha(0.5);
        s.setKlWeight(klWeight);
        s.setTrainingSetSize(10);
        return new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.DOUBLE).updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .list()
                .layer(new ConvVariational.Builder(3, 3).nOut(3).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).settings(s).build())
                .layer(new ConvVariational.Builder(2, 2).stride(2, 2).padding(1, 1).nOut(2)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.SIGMOID).settings(s).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(5, 5, 2))
                .build();
    }

    private static INDArray input() {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.DOUBLE, 3, 2, 5, 5).subi(0.5).muli(2);
    }

    @ParameterizedTest
    @EnumSource(Parameterization.class)
    void gradientsMatchFiniteDifferencesWithoutKl(Parameterization kind) {
        assertTrue(GradientChecks.check(net(kind, 0), input(), GradientChecks.oneHot(3, 3, 2),
                GradientChecks::fixNoise), kind.name());
    }

    @ParameterizedTest
    @EnumSource(Parameterization.class)
    void gradientsMatchFiniteDifferencesWithKl(Parameterization kind) {
        assertTrue(GradientChecks.check(net(kind, 1), input(), GradientChecks.oneHot(3, 3, 2),
                GradientChecks::fixNoise), kind.name());
    }
}
