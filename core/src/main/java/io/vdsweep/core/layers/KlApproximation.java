package io.vdsweep.core.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Pow;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
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

    /**
     * The KL summed over the clipped log α of every element and, when {@code gradient} is not null, its derivative
     * {@code gradient = scale · dKL/dlog α}, 0 where the clip is active (the clipped value has no gradient there).
     *
     * <p>It works on e = 1/α = exp(−log α), which callers get without a transcendental for the additive form
     * (e = (θ² + ε)/σ², with σ² from the forward pass): then σ(log α) = 1/(1 + e), log(1 + e^(−log α)) = log(1 + e)
     * and σ(k2 + k3 log α) = 1/(1 + e^(−k2)·e^k3), so the whole kernel costs two transcendental passes (a profile
     * of the direct form found transcendental passes dominating the step). Clipping log α to ±clip is clipping e
     * to [e^(−clip), e^clip]. Fused over preallocated buffers; {@code inverseAlpha} is clipped in place.
     */
    static double klAndGradient(INDArray inverseAlpha, double clip, double scale, INDArray gradient, Buffers buffers) {
        double lo = Math.exp(-clip);
        double hi = Math.exp(clip);
        INDArray e = inverseAlpha;
        INDArray inside = null;
        if (gradient != null && (e.maxNumber().doubleValue() >= hi || e.minNumber().doubleValue() <= lo)) {
            inside = buffers.like("kl.inside", e);
            e.rdiv(1.0, inside);
            Nd4j.exec(new Max(e, inside, inside));                        // max(e, 1/e) < e^clip ⇔ |log α| < clip
            inside.rsubi(hi);
            Nd4j.exec(new Step(inside, inside, 0.0));
        }
        Nd4j.exec(new ScalarMin(e, null, e, hi));
        Nd4j.exec(new ScalarMax(e, null, e, lo));

        INDArray s = buffers.like("kl.s", e);
        Nd4j.exec(new Pow(e, s, K3));
        s.muli(Math.exp(-K2)).addi(1.0).rdivi(1.0);                         // σ(k2 + k3 log α)
        INDArray t = e.add(1.0, buffers.like("kl.t", e));
        INDArray w = buffers.like("kl.w", e);
        Nd4j.exec(new Log(t, w));                                           // log(1 + e^(−log α))
        double kl = K1 * e.length() - K1 * s.sumNumber().doubleValue() + 0.5 * w.sumNumber().doubleValue();
        if (gradient != null) {
            // dKL/dlog α = −k1 k3 σ'(u) − ½ σ(−log α) = −k1 k3 σ(u)(1 − σ(u)) + ½ (σ(log α) − 1)
            s.rsub(1.0, gradient).muli(s).muli(-K1 * K3 * scale);
            t.rdivi(1.0).subi(1.0);                                         // σ(log α) − 1
            Nd4j.getBlasWrapper().level1().axpy(e.length(), 0.5 * scale, t, gradient);
            if (inside != null) {
                gradient.muli(inside);
            }
        }
        return kl;
    }
}
