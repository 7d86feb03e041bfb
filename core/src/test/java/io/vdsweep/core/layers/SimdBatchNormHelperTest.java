package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.Variant;
import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SIMD batch norm agrees with DL4J's own implementation (the layer without any helper): the same training-mode
 * activations, the same parameters after a few Adam steps (gamma, beta and everything the input gradient reaches),
 * the same running statistics, and the same inference-mode predictions.
 */
class SimdBatchNormHelperTest {

    private static MultiLayerNetwork net() {
        MultiLayerNetwork net = new MultiLayerNetwork(NetBuilder.build(
                new NetSpec(Architecture.VGG_LIKE, Variant.NO_DROPOUT, 0.125), Dataset.CIFAR10, 11, 1e-3));
        net.init();
        return net;
    }

    private static void withoutHelper(MultiLayerNetwork net) throws ReflectiveOperationException {
        Field helper = BatchNormalization.class.getDeclaredField("helper");
        helper.setAccessible(true);
        for (Layer layer : net.getLayers()) {
            if (layer instanceof BatchNormalization bn) {
                helper.set(bn, null);
            }
        }
    }

    @Test
    void agreesWithDl4jsOwnBatchNormInTrainingAndInference() throws Exception {
        MultiLayerNetwork simd = net();
        MultiLayerNetwork plain = net();
        assertEquals(14, SimdBatchNormHelper.install(simd), "13 conv blocks and the dense one");
        withoutHelper(plain);
        assertEquals(plain.params(), simd.params());

        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 3, 32, 32).muli(2).addi(0.5);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        INDArray trainOut = simd.output(x, true);
        assertClose(plain.output(x, true), trainOut, 1e-4, "training-mode output");
        assertClose(gradient(plain, x, labels), gradient(simd, x, labels), 1e-4,
                "gradient of every parameter, the running statistics' updates included");

        DataSet batch = new DataSet(x, labels);
        for (int step = 0; step < 3; step++) {
            simd.fit(batch);
        }
        assertTrue(simd.params().sub(plain.params()).norm2Number().doubleValue() > 1e-3, "the steps moved the net");
        plain.setParams(simd.params().dup());
        assertClose(plain.output(x, false), simd.output(x, false), 1e-4, "inference with the running statistics");
    }

    /** The flattened gradient of one minibatch (no update). */
    private static INDArray gradient(MultiLayerNetwork net, INDArray x, INDArray labels) {
        net.setInput(x);
        net.setLabels(labels);
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance * scale, what + ": largest difference " + diff + " (scale " + scale + ")");
    }
}
