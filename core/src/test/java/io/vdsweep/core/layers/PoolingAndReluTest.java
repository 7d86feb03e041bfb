package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * vdsweep's max-pooling and ReLU layers compute what DL4J's layers of the same configuration compute, forward and
 * backward, on float arrays (their own kernels) and on double arrays (DL4J's code, as in the gradient checks), and
 * survive a JSON round trip.
 */
class PoolingAndReluTest {

    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    private static Layer layer(org.deeplearning4j.nn.conf.layers.Layer conf, DataType type) {
        NeuralNetConfiguration nn = new NeuralNetConfiguration.Builder().dataType(type).layer(conf).build();
        return nn.getLayer().instantiate(nn, List.of(), 0, null, true, type);
    }

    /** Forward (training) output and input gradient of {@code layer} for input {@code x} and output gradient dy. */
    private static INDArray[] passes(Layer layer, INDArray x, INDArray dy) {
        layer.setInput(x.dup(), NO_WORKSPACES);
        INDArray out = layer.activate(true, NO_WORKSPACES).dup();
        INDArray dx = layer.backpropGradient(dy.dup(), NO_WORKSPACES).getSecond().dup();
        return new INDArray[] {out, dx};
    }

    private static SubsamplingLayer dl4jPooling() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    @Test
    void maxPoolingMatchesDl4jForwardAndBackwardOnOddSizes() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(3);
            INDArray x = Nd4j.randn(type, 3, 4, 7, 9);          // odd: the last row and column are not pooled
            INDArray dy = Nd4j.randn(type, 3, 4, 3, 4);
            Layer ours = layer(new MaxPooling.Builder().build(), type);
            assertInstanceOf(MaxPoolingLayer.class, ours);
            INDArray[] expected = passes(layer(dl4jPooling(), type), x, dy);
            INDArray[] actual = passes(ours, x, dy);
            assertArrayEquals(new long[] {3, 4, 3, 4}, actual[0].shape());
            assertEquals(expected[0], actual[0], type + " forward");
            assertEquals(expected[1], actual[1], type + " input gradient");
            assertEquals(0, actual[1].get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(6),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).norm1Number().doubleValue(), "unpooled last row");
        }
    }

    @Test
    void maxPoolingSendsEachWindowsGradientToOneLargestInputOnTies() {
        // after a ReLU most windows hold several zeros: each window's gradient must still land exactly once
        INDArray x = Nd4j.createFromArray(new float[] {0, 0, 1, 1, 0, 0, 1, 1, 2, 0, 0, 0, 0, 2, 0, 0})
                .reshape(1, 1, 4, 4);
        INDArray dy = Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2);
        INDArray[] actual = passes(layer(new MaxPooling.Builder().build(), DataType.FLOAT), x, dy);
        assertEquals(Nd4j.createFromArray(new float[] {0, 1, 2, 0}).reshape(1, 1, 2, 2), actual[0]);
        INDArray dx = actual[1];
        assertEquals(10, dx.sumNumber().doubleValue(), 0, "each window's gradient once");
        assertEquals(4, dx.neq(0).castTo(DataType.INT).sumNumber().intValue(), "one input per window");
        // the first largest input in row-major order: all-zero windows and the tie of the two 2s alike
        assertEquals(1, dx.getFloat(0, 0, 0, 0), 0);
        assertEquals(2, dx.getFloat(0, 0, 0, 2), 0);
        assertEquals(3, dx.getFloat(0, 0, 2, 0), 0);
        assertEquals(4, dx.getFloat(0, 0, 2, 2), 0);
    }

    /**
     * Inputs rounded so that windows hold ties, and NaNs in the first, second, third and fourth input of a window
     * (the bit masks that route the gradient treat each position differently): every output and input gradient as
     * the rule says (the window's first largest input, a NaN first), checked against a plain loop.
     */
    @Test
    void maxPoolingFollowsItsRuleWithTiesAndNaNsInEveryPosition() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Transforms.round(Nd4j.randn(DataType.FLOAT, 2, 3, 5, 34).muli(2));
        x.putScalar(new long[] {0, 0, 0, 0}, Float.NaN);
        x.putScalar(new long[] {0, 1, 0, 3}, Float.NaN);
        x.putScalar(new long[] {1, 0, 3, 4}, Float.NaN);
        x.putScalar(new long[] {1, 2, 3, 33}, Float.NaN);
        INDArray dy = Nd4j.rand(DataType.FLOAT, 2, 3, 2, 17).addi(1);
        INDArray[] actual = passes(layer(new MaxPooling.Builder().build(), DataType.FLOAT), x, dy);
        INDArray out = Nd4j.zeros(DataType.FLOAT, 2, 3, 2, 17);
        INDArray dx = Nd4j.zeros(DataType.FLOAT, 2, 3, 5, 34);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < 2; r++) {
                    for (int w = 0; w < 17; w++) {
                        long[] best = null;
                        float max = 0;
                        for (long[] at : new long[][] {{n, c, 2 * r, 2 * w}, {n, c, 2 * r, 2 * w + 1},
                            {n, c, 2 * r + 1, 2 * w}, {n, c, 2 * r + 1, 2 * w + 1}}) {
                            float v = x.getFloat(at);
                            if (best == null || v > max || (Float.isNaN(v) && !Float.isNaN(max))) {
                                best = at;
                                max = v;
                            }
                        }
                        out.putScalar(new long[] {n, c, r, w}, max);
                        dx.putScalar(best, dy.getFloat(n, c, r, w));
                    }
                }
            }
        }
        assertTrue(Float.isNaN(actual[0].getFloat(1, 2, 1, 16)), "a NaN in a window's last input propagates");
        assertArrayEquals(out.data().asFloat(), actual[0].data().asFloat(), 0f, "forward");   // NaN equals NaN here
        assertArrayEquals(dx.data().asFloat(), actual[1].data().asFloat(), 0f, "input gradient");
    }

    @Test
    void maxPoolingPropagatesNaN() {
        // a diverged trial must still look diverged after pooling
        INDArray x = Nd4j.createFromArray(new float[] {1, Float.NaN, 3, 2}).reshape(1, 1, 2, 2);
        INDArray[] actual = passes(layer(new MaxPooling.Builder().build(), DataType.FLOAT), x,
                Nd4j.ones(DataType.FLOAT, 1, 1, 1, 1));
        assertTrue(Float.isNaN(actual[0].getFloat(0)));
        assertEquals(1, actual[1].getFloat(0, 0, 0, 1), 0, "the gradient goes to the NaN");
    }

    @Test
    void reluMatchesDl4jsActivationLayerForwardAndBackward() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(4);
            INDArray x = Nd4j.randn(type, 5, 3, 7, 11);         // 1,155 values: SIMD body and scalar tail
            x.putScalar(0, 0.0);
            INDArray dy = Nd4j.randn(type, 5, 3, 7, 11);
            Layer ours = layer(new Relu(), type);
            assertInstanceOf(ReluLayer.class, ours);
            INDArray[] expected = passes(layer(new ActivationLayer.Builder().activation(Activation.RELU).build(), type),
                    x, dy);
            INDArray[] actual = passes(ours, x, dy);
            assertEquals(expected[0], actual[0], type + " forward");
            assertEquals(expected[1], actual[1], type + " input gradient");
            assertEquals(0, actual[1].getDouble(0), 0, "no gradient at 0");
            assertTrue(actual[0].minNumber().doubleValue() >= 0);
        }
    }

    @Test
    void bothRoundTripThroughJson() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new Relu()).layer(new MaxPooling.Builder().build()).build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertInstanceOf(Relu.class, back.getConf(0).getLayer());
        assertInstanceOf(MaxPooling.class, back.getConf(1).getLayer());
    }
}
