package io.vdsweep.core.nets;

import io.vdsweep.core.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.layers.ConvVariational;
import io.vdsweep.core.layers.DenseVariational;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class NetBuilderTest {

    private static List<Long> weightLayerWidths(MultiLayerConfiguration conf) {
        List<Long> widths = new ArrayList<>();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            if (layer instanceof DenseLayer || layer instanceof ConvolutionLayer || layer instanceof DenseVariational) {
                widths.add(((FeedForwardLayer) layer).getNOut());
            }
        }
        return widths;
    }

    @Test
    void lenet300ScalesWithWidth() {
        NetSpec half = new NetSpec(Architecture.LENET_300_100, Variant.SPARSE_VD, 0.5);
        assertEquals(List.of(150L, 50L, 10L), weightLayerWidths(NetBuilder.build(half, Dataset.MNIST, 1, 1e-3)));
    }

    @Test
    void lenet5AndVggHaveThePapersLayers() {
        NetSpec lenet5 = new NetSpec(Architecture.LENET_5_CAFFE, Variant.NO_DROPOUT, 1);
        assertEquals(List.of(20L, 50L, 500L, 10L), weightLayerWidths(NetBuilder.build(lenet5, Dataset.MNIST, 1, 1e-3)));
        NetSpec vgg = new NetSpec(Architecture.VGG_LIKE, Variant.BINARY_DROPOUT, 0.25);
        assertEquals(List.of(16L, 16L, 32L, 32L, 64L, 64L, 64L, 128L, 128L, 128L, 128L, 128L, 128L, 128L, 10L),
                weightLayerWidths(NetBuilder.build(vgg, Dataset.CIFAR10, 1, 1e-3)));
    }

    /**
     * The binary-dropout VGG-like of the authors' code (experiments/vgglike): dropout between the convs of a block,
     * 0.3 in the first block and 0.4 after, none on a conv after a max-pool, 0.5 before the logits; batch norm ε 1e-3.
     */
    @Test
    void vggDropsOutWhereTheAuthorsDo() {
        MultiLayerConfiguration vgg = NetBuilder.build(new NetSpec(Architecture.VGG_LIKE, Variant.BINARY_DROPOUT,
                0.25), Dataset.CIFAR10, 1, 1e-3);
        List<Double> dropBefore = new java.util.ArrayList<>();
        for (int i = 0; i < vgg.getConfs().size(); i++) {
            var layer = vgg.getConf(i).getLayer();
            if (layer instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer
                    || layer instanceof org.deeplearning4j.nn.conf.layers.DenseLayer) {
                double retain = layer.getIDropout() == null ? 1
                        : ((org.deeplearning4j.nn.conf.dropout.Dropout) layer.getIDropout()).getP();
                dropBefore.add(Math.round(10 * (1 - retain)) / 10.0);
            }
            if (layer instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization bn) {
                assertEquals(1e-3, bn.getEps(), 1e-15);
            }
        }
        assertEquals(List.of(0.0, 0.3, 0.0, 0.4, 0.0, 0.4, 0.4, 0.0, 0.4, 0.4, 0.0, 0.4, 0.4, 0.0, 0.5), dropBefore);
    }

    /**
     * The Variance Networks code's LeNet-5 (da-molchanov/variance-networks, scripts/lenet5.py): batch norm and then
     * ReLU after both convs and the hidden dense layer, a variance net's logits layer plain; its plain net drops out
     * only the hidden dense layer's inputs.
     */
    @Test
    void lenet5BnNormalisesEveryHiddenLayerAsTheVarianceNetworksCodeDoes() {
        MultiLayerConfiguration variance = NetBuilder.build(new NetSpec(Architecture.LENET_5_BN, Variant.VARIANCE, 1),
                Dataset.MNIST, 1, 1e-3);
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < variance.getConfs().size(); i++) {
            layers.add(variance.getConf(i).getLayer().getClass().getSimpleName());
        }
        assertEquals(List.of("ConvVariational", "BatchNormalization", "Relu", "MaxPooling", "ConvVariational",
                "BatchNormalization", "Relu", "MaxPooling", "DenseVariational", "BatchNormalization", "Relu",
                "DenseLayer", "LossLayer"), layers);
        assertEquals(List.of(20L, 50L, 500L, 10L), weightLayerWidths(variance));

        MultiLayerConfiguration dropout = NetBuilder.build(new NetSpec(Architecture.LENET_5_BN,
                Variant.BINARY_DROPOUT, 0.5), Dataset.MNIST, 1, 1e-3);
        assertEquals(List.of(10L, 25L, 250L, 10L), weightLayerWidths(dropout));
        List<Double> dropBefore = new ArrayList<>();
        for (int i = 0; i < dropout.getConfs().size(); i++) {
            Layer layer = dropout.getConf(i).getLayer();
            if (layer instanceof ConvolutionLayer || layer instanceof DenseLayer) {
                dropBefore.add(layer.getIDropout() == null ? 0
                        : 1 - ((org.deeplearning4j.nn.conf.dropout.Dropout) layer.getIDropout()).getP());
            }
        }
        assertEquals(List.of(0.0, 0.0, 0.5, 0.0), dropBefore);

        MultiLayerNetwork net = new MultiLayerNetwork(variance);
        net.init();
        org.nd4j.linalg.dataset.DataSet batch = new org.nd4j.linalg.dataset.DataSet(
                Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28), Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7)
                        .castTo(DataType.FLOAT));
        net.fit(batch);
        assertTrue(Double.isFinite(net.score()), "a training step of the variance net: " + net.score());
        assertEquals(List.of(8L, 10L), java.util.Arrays.stream(net.output(batch.getFeatures()).shape()).boxed()
                .toList());
    }

    @Test
    void widthThatEmptiesALayerIsRejectedByName() {
        NetSpec tiny = new NetSpec(Architecture.LENET_5_CAFFE, Variant.SPARSE_VD, 0.04);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetBuilder.build(tiny, Dataset.MNIST, 1, 1e-3));
        assertEquals("width: k = 0.04 makes a 20-unit layer of lenet-5-caffe empty (int(20 * 0.04) = 0)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new NetSpec(Architecture.LENET_300_100, Variant.SPARSE_VD, -1));
        e = assertThrows(IllegalArgumentException.class,
                () -> NetBuilder.build(new NetSpec(Architecture.VGG_LIKE, Variant.SPARSE_VD, 1), Dataset.MNIST, 1, 1e-3));
        assertEquals("architecture: vgg-like is defined for 32x32 colour inputs (cifar10), found dataset mnist",
                e.getMessage());
    }

    @Test
    void lstmsScaleWithWidthAndTakeThePlainDropoutAndSparseVariants() {
        MultiLayerConfiguration imdb = NetBuilder.build(new NetSpec(Architecture.LSTM_IMDB, Variant.SPARSE_VD, 0.5),
                Dataset.IMDB, 1, 5e-4);
        assertEquals(20_002, ((FeedForwardLayer) imdb.getConf(0).getLayer()).getNIn(), "vocabulary");
        assertEquals(150, ((FeedForwardLayer) imdb.getConf(0).getLayer()).getNOut(), "embedding 300k");
        org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep last = assertInstanceOf(
                org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep.class, imdb.getConf(1).getLayer());
        assertEquals(64, ((FeedForwardLayer) last.getUnderlying()).getNOut(), "LSTM 128k");
        assertEquals(List.of(2L), weightLayerWidths(imdb));
        MultiLayerConfiguration ptb = NetBuilder.build(new NetSpec(Architecture.LSTM_CHAR_PTB, Variant.NO_DROPOUT,
                0.25), Dataset.PTB_CHAR, 1, 2e-3);
        assertEquals(250, ((FeedForwardLayer) ptb.getConf(0).getLayer()).getNOut(), "LSTM 1000k");
        assertEquals(50, ((FeedForwardLayer) ptb.getConf(0).getLayer()).getNIn(), "one-hot characters");
        assertEquals(org.deeplearning4j.nn.conf.GradientNormalization.ClipL2PerLayer,
                ptb.getConf(0).getLayer().getGradientNormalization());

        MultiLayerConfiguration vbd = NetBuilder.build(new NetSpec(Architecture.LSTM_CHAR_PTB, Variant.BINARY_DROPOUT,
                0.25), Dataset.PTB_CHAR, 1, 2e-3);
        assertEquals(0.5, assertInstanceOf(io.vdsweep.core.layers.DropoutLstm.class, vbd.getConf(0).getLayer())
                .getKeep());
        assertEquals(vbd, MultiLayerConfiguration.fromJson(vbd.toJson()), "the dropout LSTM survives JSON");
        assertEquals(null, vbd.getConf(1).getLayer().getIDropout(), "the LSTMs drop out W^h only, not the logits' inputs");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetBuilder.build(
                new NetSpec(Architecture.LSTM_IMDB, Variant.GAUSSIAN_DROPOUT, 1), Dataset.IMDB, 1, 1e-3));
        assertEquals("variant: gaussian-dropout is not defined for lstm-imdb (no-dropout, binary-dropout or sparse-vd)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NetBuilder.build(
                new NetSpec(Architecture.LSTM_CHAR_PTB, Variant.SPARSE_VD, 1), Dataset.IMDB, 1, 1e-3));
        assertEquals("architecture: lstm-char-ptb is defined for text (ptb-char), found dataset imdb", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyVariantBuildsAndRunsLenet5(Variant variant) {
        NetSpec spec = new NetSpec(Architecture.LENET_5_CAFFE, variant, 0.25);
        MultiLayerConfiguration conf = NetBuilder.build(spec, Dataset.MNIST, 3, 1e-3);
        Layer first = conf.getConf(0).getLayer();
        if (variant.variational()) {
            ConvVariational conv = assertInstanceOf(ConvVariational.class, first);
            assertEquals(variant.parameterization(), conv.getVariational().getParameterization());
            assertEquals(false, conv.getVariational().isInputGradient(), "first layer skips dL/dx");
            assertTrue(((DenseVariational) conf.getConf(4).getLayer()).getVariational().isInputGradient());
        } else {
            assertInstanceOf(ConvolutionLayer.class, first);
        }
        if (variant == Variant.BINARY_DROPOUT) {
            assertEquals(0.5, 1 - ((org.deeplearning4j.nn.conf.dropout.Dropout) conf.getConf(4).getLayer()
                    .getIDropout()).getP(), 1e-12);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertEquals(List.of(4L, 10L), List.of(net.output(Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28)).shape()[0],
                net.output(Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28)).shape()[1]));
    }
}
