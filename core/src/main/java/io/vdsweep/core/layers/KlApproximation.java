package io.vdsweep.core.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Molchanov et al. 2017, eq. 14: the KL divergence from q(w) = N(θ, αθ²) to the log-uniform prior, per weight and up
 * to an additive constant, approximated as
 * {@code KL(log α) ≈ k1 − k1·σ(k2 + k3·log α) + ½·log(1 + e^(−log α))}
 * with k1 = 0.63576, k2 = 1.87320, k3 = 1.48695. It is 0 as α → ∞ and grows as α → 0.
 */
public final class KlApproximation {

    public static final double K1 = 0.63576;
    public static final double K2 = 1.87320;
    public static final double K3 = 1.48695;

    private KlApproximation() {
    }

    /** KL for one log α. */
    public static double kl(double logAlpha) {
        return K1 - K1 * sigmoid(K2 + K3 * logAlpha) + 0.5 * softplus(-logAlpha);
    }

    /** d KL / d log α for one log α. */
    public static double klDerivative(double logAlpha) {
        double s = sigmoid(K2 + K3 * logAlpha);
        return -K1 * K3 * s * (1 - s) - 0.5 * sigmoid(-logAlpha);
    }

    /** Sum of the KL over every element of {@code logAlpha} (not modified). */
    public static double klSum(INDArray logAlpha) {
        INDArray s = Transforms.sigmoid(logAlpha.mul(K3).addi(K2), false);
        INDArray sp = Transforms.softPlus(logAlpha.neg(), false);
        long n = logAlpha.length();
        return K1 * n - K1 * s.sumNumber().doubleValue() + 0.5 * sp.sumNumber().doubleValue();
    }

    /** d KL / d log α elementwise, as a new array. */
    public static INDArray klDerivative(INDArray logAlpha) {
        INDArray s = Transforms.sigmoid(logAlpha.mul(K3).addi(K2), false);
        INDArray sigNeg = Transforms.sigmoid(logAlpha.neg(), false);
        // −k1·k3·s(1−s) − ½σ(−la)
        return s.rsub(1.0).muli(s).muli(-K1 * K3).subi(sigNeg.muli(0.5));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }
}
