package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The one-pass SIMD steps give what the ND4J operations they replace give (odd sizes: lanes and a tail). */
class NoisyPassTest {

    private static final long[] SHAPE = {7, 3, 5, 3};   // 315 values: 19 vectors of 16 and a tail of 11

    @Test
    void addNoiseAddsTheSquareRootOfTheVarianceTimesTheNoise() {
        Nd4j.getRandom().setSeed(1);
        INDArray s = Nd4j.rand(DataType.FLOAT, SHAPE).muli(3);
        INDArray eps = Nd4j.randn(DataType.FLOAT, SHAPE);
        INDArray mean = Nd4j.randn(DataType.FLOAT, SHAPE);
        INDArray expectedStd = Transforms.sqrt(s.add(1e-8), true);
        INDArray expectedZ = expectedStd.mul(eps).addi(mean);
        INDArray z = mean.dup();
        NoisyPass.addNoise(s, eps, z, 1e-8);
        assertTrue(expectedStd.equalsWithEps(s, 1e-6), "std in place");
        assertTrue(expectedZ.equalsWithEps(z, 1e-5), "z");
    }

    @Test
    void varianceDeltaIsHalfDeltaTimesNoiseOverStd() {
        Nd4j.getRandom().setSeed(2);
        INDArray delta = Nd4j.randn(DataType.FLOAT, SHAPE);
        INDArray eps = Nd4j.randn(DataType.FLOAT, SHAPE);
        INDArray std = Nd4j.rand(DataType.FLOAT, SHAPE).addi(0.1);
        INDArray out = Nd4j.create(DataType.FLOAT, SHAPE);
        NoisyPass.varianceDelta(delta, eps, std, out);
        INDArray expected = delta.mul(eps).divi(std).muli(0.5);
        double largest = expected.sub(out).amaxNumber().doubleValue();
        assertEquals(0, largest, 1e-5 * expected.amaxNumber().doubleValue(), "largest difference " + largest);
    }

    @Test
    void mixedOrdersTakeNd4jsOperations() {
        INDArray delta = Nd4j.linspace(1, 315, 315, DataType.FLOAT).reshape('f', SHAPE);
        INDArray eps = Nd4j.ones(DataType.FLOAT, SHAPE);
        INDArray std = Nd4j.ones(DataType.FLOAT, SHAPE).muli(2);
        INDArray out = Nd4j.create(DataType.FLOAT, SHAPE, 'f');
        NoisyPass.varianceDelta(delta, eps, std, out);
        assertTrue(delta.mul(0.25).equalsWithEps(out, 1e-6), "element by element, whatever the layout");
    }
}
