package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Molchanov approximation against the exact KL, computed independently by numerical integration: for
 * q = N(θ, αθ²) and the log-uniform prior, KL = −½ log α + E_{z~N(0,1)} log|1 + √α z| + C (Molchanov et al. 2017,
 * eq. 13). The approximation matches it up to the constant C, so exact − approx must be the same at every α.
 */
class KlApproximationTest {

    private static final double[] LOG_ALPHAS = {-6, -4, -2, -1, 0, 1, 2, 4, 6, 8};

    /** E log|1 + √α z|, z ~ N(0, 1), by the midpoint rule on both sides of the singularity at z = −1/√α. */
    static double expectedLogAbs(double alpha) {
        double sqrtAlpha = Math.sqrt(alpha);
        double singular = -1 / sqrtAlpha;
        double lo = -12;
        double hi = 12;
        double total = 0;
        for (double[] range : new double[][] {{lo, Math.max(lo, singular)}, {Math.min(hi, singular), hi}}) {
            int n = 400_000;
            double h = (range[1] - range[0]) / n;
            for (int i = 0; i < n; i++) {
                double z = range[0] + (i + 0.5) * h;
                double density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
                total += Math.log(Math.abs(1 + sqrtAlpha * z)) * density * h;
            }
        }
        return total;
    }

    static double exactKlUpToConstant(double logAlpha) {
        return -0.5 * logAlpha + expectedLogAbs(Math.exp(logAlpha));
    }

    @Test
    void matchesNumericallyIntegratedKlUpToAConstant() {
        double[] offsets = new double[LOG_ALPHAS.length];
        for (int i = 0; i < LOG_ALPHAS.length; i++) {
            offsets[i] = exactKlUpToConstant(LOG_ALPHAS[i]) - ScalarKl.kl(LOG_ALPHAS[i]);
        }
        double min = java.util.Arrays.stream(offsets).min().orElseThrow();
        double max = java.util.Arrays.stream(offsets).max().orElseThrow();
        // The paper's sigmoid fit is accurate to about 1e-2 across log α.
        assertTrue(max - min < 0.02, "offsets spread " + (max - min) + ": " + java.util.Arrays.toString(offsets));
    }

    @Test
    void limitsAndMonotonicity() {
        assertEquals(0.0, ScalarKl.kl(40), 1e-9, "KL vanishes as α → ∞ (C = −k1)");
        for (double la = -8; la < 8; la += 0.25) {
            assertTrue(ScalarKl.kl(la) > ScalarKl.kl(la + 0.25), "KL decreases in log α at " + la);
        }
    }

    @Test
    void derivativeMatchesFiniteDifferences() {
        for (double la : LOG_ALPHAS) {
            double h = 1e-5;
            double numeric = (ScalarKl.kl(la + h) - ScalarKl.kl(la - h)) / (2 * h);
            assertEquals(numeric, ScalarKl.klDerivative(la), 1e-8, "at log α = " + la);
        }
    }

    @Test
    void fusedArrayKernelAgreesWithScalarFormsAndZeroesClippedGradients() {
        double[] raw = {-9, -6, -2, 0, 2.5, 6, 7.9, 8.5, 12};
        INDArray la = Nd4j.createFromArray(raw).castTo(DataType.DOUBLE);
        INDArray gradient = la.ulike();
        double clip = 8;
        double sum = 0;
        for (double v : raw) {
            sum += ScalarKl.kl(Math.max(-clip, Math.min(clip, v)));
        }
        INDArray inverseAlpha = org.nd4j.linalg.ops.transforms.Transforms.exp(la.neg(), false);
        double kl = KlApproximation.klAndGradient(inverseAlpha, clip, 3.0, gradient, new Buffers(DataType.DOUBLE));
        assertEquals(sum, kl, 1e-9);
        for (int i = 0; i < raw.length; i++) {
            double expected = Math.abs(raw[i]) < clip ? 3.0 * ScalarKl.klDerivative(raw[i]) : 0.0;
            assertEquals(expected, gradient.getDouble(i), 1e-9, "at raw log α = " + raw[i]);
        }
    }
}
