package io.vdsweep.core.layers;

import io.vdsweep.core.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.NetsAgree;
import io.vdsweep.core.nets.Variant;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The plain convolution the baselines use computes what DL4J's ConvolutionLayer computes, through both backward
 * routes of {@link ConvKernels}: gradients against finite differences, and the VGG-like net against DL4J's layer.
 */
class PlainConvolutionTest {

    /**
     * Layers chosen to take every route: 3 input channels (forward-convolution route on AVX-512 builds, conv2d_bp
     * elsewhere), a 6x6 image with 5 channels (conv2d_bp), a 2x2 even-kernel "truncate" conv on 3x3 images
     * (forward-convolution route, unpadded), ReLU and tanh activations (backprop through the activation), "same"
     * padding on a small image.
     */
    @Test
    void gradientsMatchFiniteDifferencesOnEveryRoute() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(13).dataType(DataType.DOUBLE)
                .updater(new NoOp()).trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE).list()
                .layer(new PlainConvolution.Builder(3, 3).nOut(5).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build())
                .layer(new PlainConvolution.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new PlainConvolution.Builder(2, 2).nOut(3).convolutionMode(ConvolutionMode.Truncate)
                        .activation(Activation.SIGMOID).build())
                .layer(new PlainConvolution.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 3))
                .build();
        Nd4j.getRandom().setSeed(17);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 3, 3, 6, 6).subi(0.5).muli(2);
        assertTrue(GradientChecks.check(conf, input, GradientChecks.oneHot(3, 3, 1), n -> { }));
    }

    @Test
    void theVggLikeNetMatchesDl4jsConvolutionLayer() {
        MultiLayerConfiguration ours = NetBuilder.build(
                new NetSpec(Architecture.VGG_LIKE, Variant.NO_DROPOUT, 0.125), Dataset.CIFAR10, 7, 1e-3);
        String json = ours.toJson();
        assertTrue(json.contains(PlainConvolution.class.getName()), "the baseline's convs are PlainConvolution");
        // the first conv skips the input gradient DL4J discards (the data's); the others compute theirs
        List<PlainConvolution> convs = ours.getConfs().stream().map(NeuralNetConfiguration::getLayer)
                .filter(PlainConvolution.class::isInstance).map(PlainConvolution.class::cast).toList();
        assertFalse(convs.get(0).isInputGradient());
        assertTrue(convs.stream().skip(1).allMatch(PlainConvolution::isInputGradient));
        assertEquals(ours, MultiLayerConfiguration.fromJson(json), "the flag survives JSON");
        MultiLayerConfiguration dl4j = MultiLayerConfiguration.fromJson(
                json.replace(PlainConvolution.class.getName(), "org.deeplearning4j.nn.conf.layers.ConvolutionLayer"));
        MultiLayerNetwork reference = new MultiLayerNetwork(dl4j);
        reference.init();
        MultiLayerNetwork plain = new MultiLayerNetwork(ours);
        plain.init(reference.params().dup(), false);

        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 3, 32, 32);
        INDArray y = GradientChecks.oneHot(16, 10, 0).castTo(DataType.FLOAT);
        NetsAgree.onScoreAndGradients(reference, plain, x, y);
    }
}
