package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
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
 * The SBP noise layer's hand-written backprop (through the inverse-CDF draw of θ and the exact KL) against finite
 * differences, on flat and image inputs, with the draw held fixed by reseeding; and a negative control.
 */
class SbpGradientTest {

    private static VariationalSettings settings(double klWeight) {
        VariationalSettings s = new VariationalSettings();
        s.setKlWeight(klWeight);
        s.setTrainingSetSize(10);
        return s;
    }

    private static NeuralNetConfiguration.ListBuilder base() {
        return new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE).list();
    }

    static MultiLayerConfiguration dense(double klWeight) {
        return base()
                .layer(new SbpNoise.Builder().settings(settings(klWeight)).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(new SbpNoise.Builder().settings(settings(klWeight)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4))
                .build();
    }

    static MultiLayerConfiguration conv(double klWeight) {
        return base()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build())
                .layer(new SbpNoise.Builder().settings(settings(klWeight)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(4, 4, 2))
                .build();
    }

    /** μ and log σ spread over the range training visits, so the check covers more than the initial point. */
    private static MultiLayerNetwork spread(MultiLayerConfiguration conf) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(9);
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            if (layer instanceof SbpNoiseLayer) {
                INDArray mu = layer.getParam(SbpParamInitializer.MU);
                mu.assign(Nd4j.rand(DataType.DOUBLE, mu.shape()).muli(4).subi(3));           // [−3, 1]
                INDArray logSigma = layer.getParam(SbpParamInitializer.LOG_SIGMA);
                logSigma.assign(Nd4j.rand(DataType.DOUBLE, logSigma.shape()).muli(2.5).subi(2));  // [−2, 0.5]
            }
        }
        return net;
    }

    @ParameterizedTest(name = "KL weight {0}")
    @ValueSource(doubles = {0.0, 1.0})
    void denseGradientsMatchFiniteDifferences(double klWeight) {
        Nd4j.getRandom().setSeed(3);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 6, 4).subi(0.5).muli(2);
        assertTrue(GradientChecks.check(spread(dense(klWeight)), input, GradientChecks.oneHot(6, 3, 1),
                GradientChecks::fixNoise));
    }

    @ParameterizedTest(name = "KL weight {0}")
    @ValueSource(doubles = {0.0, 1.0})
    void convGradientsMatchFiniteDifferences(double klWeight) {
        Nd4j.getRandom().setSeed(4);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 3, 2, 4, 4).subi(0.5).muli(2);
        assertTrue(GradientChecks.check(spread(conv(klWeight)), input, GradientChecks.oneHot(3, 3, 2),
                GradientChecks::fixNoise));
    }

    @Test
    void negativeControlDrawNotFixed() {
        Nd4j.getRandom().setSeed(3);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 6, 4).subi(0.5).muli(2);
        assertFalse(GradientChecks.check(spread(dense(0)), input, GradientChecks.oneHot(6, 3, 1), n -> { }));
    }
}
