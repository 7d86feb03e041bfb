package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Variational and SBP noise layers survive MultiLayerConfiguration JSON and ModelSerializer with every field. */
class SerializationTest {

    @TempDir
    Path dir;

    private static MultiLayerConfiguration conf() {
        VariationalSettings s = new VariationalSettings(Parameterization.NEURON);
        s.setKlWeight(0.35);
        s.setTrainingSetSize(1234);
        s.setPruneThreshold(2.5);
        s.setLogAlphaClip(7);
        s.setLogVarianceInit(-6);
        s.setDropoutAlpha(0.25);
        s.setInputGradient(false);
        s.setInferenceMode(InferenceMode.STOCHASTIC);
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).updater(new Adam(1e-3)).list()
                .layer(new ConvVariational.Builder(3, 3).nOut(4).stride(1, 1).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).settings(s).build())
                .layer(new DenseVariational.Builder().nOut(5).activation(Activation.IDENTITY)
                        .parameterization(Parameterization.ADDITIVE).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 1))
                .build();
    }

    @Test
    void configurationRoundTripsThroughJson() {
        MultiLayerConfiguration conf = conf();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        ConvVariational conv = assertInstanceOf(ConvVariational.class, back.getConf(0).getLayer());
        VariationalSettings s = conv.getVariational();
        assertEquals(Parameterization.NEURON, s.getParameterization());
        assertEquals(0.35, s.getKlWeight());
        assertEquals(1234, s.getTrainingSetSize());
        assertEquals(2.5, s.getPruneThreshold());
        assertEquals(InferenceMode.STOCHASTIC, s.getInferenceMode());
        assertEquals(false, s.isInputGradient());
        assertEquals(ConvolutionMode.Same, conv.getConvolutionMode());
    }

    @Test
    void trainedModelSavesAndRestoresWithParamsAndSettings() throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(conf());
        INDArray x = trainBriefly(net);
        VariationalLayers.setKlWeight(net, 0.75);
        VariationalLayers.setInferenceMode(net, InferenceMode.DETERMINISTIC);
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);

        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        assertTrue(net.output(x).equalsWithEps(restored.output(x), 1e-6));
        DenseVariational dense = (DenseVariational) restored.getLayerWiseConfigurations().getConf(1).getLayer();
        assertEquals(0.75, dense.getVariational().getKlWeight());
        assertEquals(VariationalLayers.sparsity(net), VariationalLayers.sparsity(restored));
    }

    /** An SBP net with noise on conv channels and dense neurons: config, parameters and updater state come back. */
    @Test
    void sbpNetSavesAndRestores() throws IOException {
        VariationalSettings s = new VariationalSettings();
        s.setKlWeight(0.5);
        s.setTrainingSetSize(40);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).list()
                .layer(new PlainConvolution.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new SbpNoise.Builder().settings(s).build())
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(6)
                        .activation(Activation.RELU).build())
                .layer(new SbpNoise.Builder().settings(s).build())
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(5)
                        .activation(Activation.IDENTITY).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 1))
                .build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(4, ((SbpNoise) back.getConf(1).getLayer()).getUnits(), "channels of the conv output");
        assertEquals(6, ((SbpNoise) back.getConf(3).getLayer()).getUnits(), "neurons of the dense layer");
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        INDArray x = trainBriefly(net);
        File file = dir.resolve("sbp.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        assertTrue(net.output(x).equalsWithEps(restored.output(x), 1e-6));
        assertEquals(VariationalLayers.kl(net), VariationalLayers.kl(restored), 1e-9);
    }

    /** Initialises {@code net} and fits it five times on 8 fixed 6×6 images; returns the images. */
    private static INDArray trainBriefly(MultiLayerNetwork net) {
        net.init();
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 6, 6);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 5);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 5, 1);
        }
        for (int i = 0; i < 5; i++) {
            net.fit(new DataSet(x, y));
        }
        return x;
    }
}
