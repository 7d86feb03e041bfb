package io.vdsweep.core.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SoftPlus;
import org.nd4j.linalg.factory.Nd4j;

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

    /**
     * The KL summed over {@code clip(rawLogAlpha, ±clip)} and, when {@code gradient} is not null, its derivative:
     * {@code gradient = scale · dKL/dlog α} where |raw| &lt; clip, 0 where the clip is active (the clipped value has
     * no gradient there). Fused over preallocated buffers: about twenty elementwise passes and no allocation.
     */
    static double klAndGradient(INDArray rawLogAlpha, double clip, double scale, INDArray gradient, Buffers buffers) {
        INDArray la = buffers.like("kl.la", rawLogAlpha);
        Nd4j.exec(new ScalarMin(rawLogAlpha, null, la, clip));
        Nd4j.exec(new ScalarMax(la, null, la, -clip));
        INDArray s = buffers.like("kl.s", rawLogAlpha);
        la.mul(K3, s).addi(K2);
        Nd4j.exec(new Sigmoid(s, s));                          // σ(k2 + k3 log α)
        INDArray t = buffers.like("kl.t", rawLogAlpha);
        la.mul(-1.0, t);
        Nd4j.exec(new SoftPlus(t, t));                         // log(1 + e^(−log α))
        double kl = K1 * la.length() - K1 * s.sumNumber().doubleValue() + 0.5 * t.sumNumber().doubleValue();
        if (gradient != null) {
            s.rsub(1.0, gradient).muli(s).muli(-K1 * K3);      // −k1 k3 σ'(k2 + k3 log α)
            t.negi();
            Nd4j.exec(new Exp(t, t));                          // σ(log α) = e^(−softplus(−log α))
            gradient.addi(t.muli(0.5)).subi(0.5);              // − ½ σ(−log α) = ½ σ(log α) − ½
            INDArray inside = buffers.like("kl.inside", rawLogAlpha);
            Nd4j.exec(new Abs(rawLogAlpha, inside));
            inside.rsubi(clip);
            Nd4j.exec(new Step(inside, inside, 0.0));          // 1 where |raw| < clip
            gradient.muli(inside).muli(scale);
        }
        return kl;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }
}
