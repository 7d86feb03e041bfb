package io.vdsweep.core.backend;

import io.vdsweep.core.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.NetsAgree;
import io.vdsweep.core.nets.Variant;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN helpers (which {@link NativeBackend} switches on) compute what DL4J's built-in Java paths compute,
 * on the plain VGG-like net vdsweep trains (its batch-norm layers; its convolutions, pooling and ReLU are vdsweep's
 * own, tested in PlainConvolutionTest and PoolingAndReluTest): the same loss, gradients and, after an Adam step, the same outputs with batch
 * norm's running statistics.
 */
class OneDnnHelpersTest {

    @Test
    void helpersMatchTheBuiltInLayersOnTheVggLikeNet() {
        assumeTrue(NativeBackend.describe().contains("onednn"), "needs a oneDNN build of ND4J");
        MultiLayerConfiguration conf = NetBuilder.build(
                new NetSpec(Architecture.VGG_LIKE, Variant.NO_DROPOUT, 0.125), Dataset.CIFAR10, 7, 1e-3);
        MultiLayerNetwork builtIn = withHelpers(false, conf, null);
        MultiLayerNetwork helped = withHelpers(true, conf, builtIn.params());
        for (Layer layer : helped.getLayers()) {
            if (layer instanceof BatchNormalization) {
                assertNotNull(layer.getHelper(), "helper engaged in layer " + layer.getIndex());
            }
        }
        assertTrue(builtIn.getLayer(1) instanceof BatchNormalization);
        assertNull(builtIn.getLayer(1).getHelper());

        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 3, 32, 32);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        // oneDNN's kernels sum float32 in their own order: measured 1.0e-3 of the largest gradient on the AVX2 build,
        // below that on AVX-512. A helper computing something else is off by order 1.
        NetsAgree.onScoreAndGradients(builtIn, helped, x, y, 5e-3);

        builtIn.fit(x, y);
        helped.fit(x, y);
        INDArray o1 = builtIn.output(x, false);
        INDArray o2 = helped.output(x, false);
        double error = NetsAgree.relativeError(o1, o2);
        assertTrue(error < 1e-3, "inference output relative error " + error);
    }

    private static MultiLayerNetwork withHelpers(boolean on, MultiLayerConfiguration conf, INDArray params) {
        String before = System.getProperty(NativeBackend.HELPERS_DISABLED_PROPERTY);
        System.setProperty(NativeBackend.HELPERS_DISABLED_PROPERTY, Boolean.toString(!on));
        try {
            MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
            net.init(params == null ? null : params.dup(), false);
            return net;
        } finally {
            System.setProperty(NativeBackend.HELPERS_DISABLED_PROPERTY, before == null ? "false" : before);
        }
    }
}
