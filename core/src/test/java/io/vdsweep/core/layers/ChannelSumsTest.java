package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The SIMD per-channel sums equal ND4J's reduction over axes 0, 2, 3, and leave what they cannot read to it. */
class ChannelSumsTest {

    @Test
    void sumsEachChannelOverExamplesAndPixelsAsNd4jDoes() {
        Nd4j.getRandom().setSeed(7);
        // 5x5 pixels: a SIMD body and a scalar tail in every block
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4, 5, 5).subi(0.5);
        INDArray expected = x.sum(0, 2, 3);
        INDArray actual = Nd4j.create(DataType.FLOAT, 1, 4);
        ChannelSums.into(x, actual);
        assertArrayEquals(expected.toFloatVector(), actual.toFloatVector(), 1e-5f);
    }

    @Test
    void writesIntoAViewOfAFlatGradient() {
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4);
        INDArray flat = Nd4j.zeros(DataType.FLOAT, 1, 10);
        INDArray view = flat.get(NDArrayIndex.all(), NDArrayIndex.interval(5, 8));
        ChannelSums.into(x, view);
        assertArrayEquals(x.sum(0, 2, 3).toFloatVector(), view.toFloatVector(), 1e-5f);
        assertArrayEquals(new float[5], flat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5)).toFloatVector(), 0f,
                "nothing written outside");
    }

    @Test
    void leavesViewsAndDoublesToNd4j() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4);
        INDArray actual = Nd4j.create(DataType.DOUBLE, 3);
        ChannelSums.into(x, actual);
        assertArrayEquals(x.sum(0, 2, 3).toDoubleVector(), actual.toDoubleVector(), 1e-12);
        INDArray permuted = Nd4j.rand(DataType.FLOAT, 3, 2, 4, 4).permute(1, 0, 2, 3);
        INDArray sums = Nd4j.create(DataType.FLOAT, 3);
        ChannelSums.into(permuted, sums);
        assertArrayEquals(permuted.sum(0, 2, 3).toFloatVector(), sums.toFloatVector(), 1e-5f);
    }
}
