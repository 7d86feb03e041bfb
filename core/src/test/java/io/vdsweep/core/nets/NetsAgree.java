package io.vdsweep.core.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Assertions that two implementations of one network, holding the same parameters, compute the same thing. */
public final class NetsAgree {

    private NetsAgree() {
    }

    /** The same score (to 1e-4 relative) and gradients (to 1e-3 of the largest, not all zero) on (x, y). */
    public static void onScoreAndGradients(MultiLayerNetwork reference, MultiLayerNetwork other, INDArray x,
            INDArray y) {
        onScoreAndGradients(reference, other, x, y, 1e-3);
    }

    /** As above, with gradients equal to {@code tolerance} of the largest. */
    public static void onScoreAndGradients(MultiLayerNetwork reference, MultiLayerNetwork other, INDArray x,
            INDArray y, double tolerance) {
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {reference, other}) {
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
        }
        assertEquals(reference.score(), other.score(), 1e-4 * Math.abs(reference.score()));
        INDArray g1 = reference.gradient().gradient();
        INDArray g2 = other.gradient().gradient();
        assertTrue(g1.amaxNumber().doubleValue() > 0, "gradients are not all zero");
        assertTrue(relativeError(g1, g2) < tolerance, "gradient relative error " + relativeError(g1, g2));
    }

    /** max |a − b| over max |a|. */
    public static double relativeError(INDArray a, INDArray b) {
        return Transforms.abs(a.sub(b)).maxNumber().doubleValue() / a.amaxNumber().doubleValue();
    }
}
