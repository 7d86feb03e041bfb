package io.vdsweep.core.layers;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parameterization-specific math of a variational layer, independent of whether the layer is dense or
 * convolutional. All arrays are 2-D "unit-major" views: one row per output unit (dense) or filter (conv), one
 * column per incoming weight. A layer asks for the per-weight mean M and variance V, runs its own products with
 * x and x², and hands back dL/dM and dL/dV, which this class maps onto the parameters (chain rule) and to which it
 * adds the KL term. Temporaries come from the layer's {@link Buffers}.
 *
 * <p>Parameters (names without '_': DL4J's updater splits keys at the last underscore):
 * {@code W} mean (all but variance), {@code logSigma2} (additive), {@code sigma} (variance), {@code logAlpha}
 * (weight: per weight;
 * neuron: per unit, shape [units, 1]; layer: [1, 1]). log α is clipped to ±{@link VariationalSettings#getLogAlphaClip()}
 * wherever it is used, as in the authors' code.
 */
final class Posterior {

    static final String MEAN = "W";
    static final String LOG_SIGMA2 = "logSigma2";
    static final String LOG_ALPHA = "logAlpha";
    /**
     * σ of a variance layer, q(w) = N(0, σ²). Learned as σ itself, as Neklyudov et al. do: Adam moves a parameter by
     * about the learning rate per step, which is a large relative step for σ ~ 1/√fan-in but a 0.1% one for log σ²,
     * and a variance net parameterized by log σ² barely learns in hundreds of steps.
     */
    static final String SIGMA = "sigma";
    static final String BIAS = "b";

    private final Parameterization kind;
    private final Buffers buffers;

    Posterior(Parameterization kind, Buffers buffers) {
        this.kind = kind;
        this.buffers = buffers;
    }

    /** Per-weight mean M as a view of the parameters, or null for variance layers (M = 0). */
    INDArray mean(Map<String, INDArray> p) {
        return kind.hasMean() ? p.get(MEAN) : null;
    }

    /** A per-weight parameter, for the weights' shape. */
    static INDArray weights(Map<String, INDArray> p) {
        INDArray w = p.get(MEAN);
        return w != null ? w : p.get(SIGMA);
    }

    /** Writes the per-weight variance V into {@code out} (same shape as the weights). */
    void variance(Map<String, INDArray> p, VariationalSettings s, INDArray out) {
        switch (kind) {
            case ADDITIVE -> VectorKl.exp(p.get(LOG_SIGMA2), out);
            case VARIANCE -> p.get(SIGMA).mul(p.get(SIGMA), out);
            case WEIGHT -> {
                Nd4j.exec(new Exp(clipped(p.get(LOG_ALPHA), s, "alpha"), out));
                out.muli(p.get(MEAN)).muli(p.get(MEAN));
            }
            case NEURON -> {
                INDArray alpha = clipped(p.get(LOG_ALPHA), s, "alpha");
                Nd4j.exec(new Exp(alpha, alpha));
                p.get(MEAN).mul(p.get(MEAN), out).muliColumnVector(alpha);
            }
            case LAYER -> p.get(MEAN).mul(p.get(MEAN), out).muli(Math.exp(clip(p.get(LOG_ALPHA).getDouble(0), s)));
            case GAUSSIAN_DROPOUT -> p.get(MEAN).mul(p.get(MEAN), out).muli(s.getDropoutAlpha());
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /**
     * Where the layer should write dL/dV: straight into the gradient of log σ² for the additive form (which then
     * only needs scaling by V), else into a scratch buffer.
     */
    INDArray varianceGradientTarget(Map<String, INDArray> g) {
        return kind == Parameterization.ADDITIVE ? g.get(LOG_SIGMA2) : buffers.like("gV", weights(g));
    }

    /**
     * Completes the data-term gradients: {@code g.W} already holds dL/dM; {@code gV} holds dL/dV (see
     * {@link #varianceGradientTarget}); {@code v} is the V of the forward pass.
     */
    void backward(Map<String, INDArray> p, VariationalSettings s, Map<String, INDArray> g, INDArray gV, INDArray v) {
        switch (kind) {
            case ADDITIVE -> gV.muli(v); // dV/dlog σ² = V; gV already is the log σ² gradient view
            case VARIANCE -> g.get(SIGMA).assign(gV.muli(p.get(SIGMA)).muli(2));   // V = σ²: dV/dσ = 2σ
            case WEIGHT -> {
                // V = α μ²: dL/dμ += 2 α μ gV; dL/dlog α = V gV (inside the clip range)
                INDArray alpha = clipped(p.get(LOG_ALPHA), s, "alpha");
                Nd4j.exec(new Exp(alpha, alpha));
                g.get(MEAN).addi(alpha.muli(p.get(MEAN)).muli(gV).muli(2));
                g.get(LOG_ALPHA).assign(gV.muli(v).muli(insideClip(p.get(LOG_ALPHA), s)));
            }
            case NEURON -> {
                INDArray alpha = clipped(p.get(LOG_ALPHA), s, "alpha");
                Nd4j.exec(new Exp(alpha, alpha));
                INDArray t = buffers.like("t", v);
                g.get(MEAN).addi(p.get(MEAN).mul(gV, t).muliColumnVector(alpha).muli(2));
                g.get(LOG_ALPHA).assign(gV.muli(v).sum(true, 1).muli(insideClip(p.get(LOG_ALPHA), s)));
            }
            case LAYER -> {
                double la = p.get(LOG_ALPHA).getDouble(0);
                INDArray t = buffers.like("t", v);
                g.get(MEAN).addi(p.get(MEAN).mul(gV, t).muli(2 * Math.exp(clip(la, s))));
                double inside = Math.abs(la) < s.getLogAlphaClip() ? 1 : 0;
                g.get(LOG_ALPHA).assign(gV.muli(v).sumNumber().doubleValue() * inside);
            }
            case GAUSSIAN_DROPOUT -> {
                INDArray t = buffers.like("t", v);
                g.get(MEAN).addi(p.get(MEAN).mul(gV, t).muli(2 * s.getDropoutAlpha()));
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** The KL to the log-uniform prior summed over the layer's weights (0 for forms where it is a constant). */
    double kl(Map<String, INDArray> p, VariationalSettings s) {
        return klAndGradient(p, s, null, 0, null);
    }

    /**
     * Returns the KL and, when {@code g} is not null, adds {@code scale}·dKL/dparam to the gradients
     * (scale = batch·β/N, see the layer). {@code variance} is the V of the forward pass when there was one (the
     * additive form reuses it: 1/α = (θ² + ε)/σ²), else null.
     */
    double klAndGradient(Map<String, INDArray> p, VariationalSettings s, Map<String, INDArray> g, double scale,
            INDArray variance) {
        if (!kind.hasKl()) {
            return 0;
        }
        double clip = s.getLogAlphaClip();
        if (kind == Parameterization.ADDITIVE) {
            INDArray sigma2 = variance;
            if (sigma2 == null) {
                sigma2 = buffers.like("sigma2", p.get(MEAN));
                VectorKl.exp(p.get(LOG_SIGMA2), sigma2);
            }
            return KlApproximation.additive(p.get(MEAN), sigma2, clip, scale, g == null ? null : g.get(MEAN),
                    g == null ? null : g.get(LOG_SIGMA2));
        }
        long shared = weightsPerLogAlpha(p);
        return shared * KlApproximation.fromLogAlpha(p.get(LOG_ALPHA), clip, scale * shared,
                g == null ? null : g.get(LOG_ALPHA));
    }

    /** Number of weights that share each log α entry (fan-in for neuron-wise, all weights for layer-wise). */
    private long weightsPerLogAlpha(Map<String, INDArray> p) {
        return switch (kind) {
            case NEURON -> p.get(MEAN).size(1);
            case LAYER -> p.get(MEAN).length();
            default -> 1;
        };
    }

    /**
     * 1 for each weight that survives pruning, 0 for pruned ones, as a new array of the weights' shape: log α at or
     * below the threshold for forms that prune; every weight of a variance layer is pruned; Gaussian dropout keeps all.
     */
    INDArray keptMask(Map<String, INDArray> p, VariationalSettings s) {
        INDArray mask = weights(p).ulike();
        switch (kind) {
            case VARIANCE -> mask.assign(0);
            case GAUSSIAN_DROPOUT -> mask.assign(1);
            case ADDITIVE -> mask.assign(additiveKept(p.get(MEAN), p.get(LOG_SIGMA2), s.getPruneThreshold()));
            case WEIGHT -> mask.assign(p.get(LOG_ALPHA).lte(s.getPruneThreshold()).castTo(mask.dataType()));
            case NEURON -> mask.assign(0).addiColumnVector(
                    p.get(LOG_ALPHA).lte(s.getPruneThreshold()).castTo(mask.dataType()));
            case LAYER -> mask.assign(p.get(LOG_ALPHA).getDouble(0) <= s.getPruneThreshold() ? 1 : 0);
            default -> throw new IllegalStateException(kind.name());
        }
        return mask;
    }

    /**
     * The keep rule of the additive form, shared by every layer that holds θ and log σ² (dense, conv, LSTM,
     * embedding): 1 where log α = log σ² − log(θ² + ε) is at or below {@code threshold} (clipping does not move it,
     * the threshold lies inside the clip), 0 elsewhere; a new array of θ's type and shape.
     */
    static INDArray additiveKept(INDArray theta, INDArray logSigma2, double threshold) {
        INDArray logTheta2 = theta.mul(theta).addi(KlApproximation.EPS);
        Nd4j.exec(new Log(logTheta2, logTheta2));
        return logSigma2.sub(logTheta2).lte(threshold).castTo(theta.dataType());
    }

    /** Means with the pruned weights set to zero: the weights of the deterministic net (a new array). */
    INDArray deterministicWeights(Map<String, INDArray> p, VariationalSettings s) {
        INDArray mask = keptMask(p, s);
        return kind.hasMean() ? mask.muli(p.get(MEAN)) : mask;
    }

    /** clip(raw) into a buffer named {@code key}. */
    private INDArray clipped(INDArray raw, VariationalSettings s, String key) {
        INDArray out = buffers.like(key, raw);
        Nd4j.exec(new ScalarMin(raw, null, out, s.getLogAlphaClip()));
        Nd4j.exec(new ScalarMax(out, null, out, -s.getLogAlphaClip()));
        return out;
    }

    private static double clip(double raw, VariationalSettings s) {
        return Math.max(-s.getLogAlphaClip(), Math.min(s.getLogAlphaClip(), raw));
    }

    /** 1 where |raw| &lt; clip (the clipped log α has a gradient there), else 0. */
    private INDArray insideClip(INDArray raw, VariationalSettings s) {
        INDArray inside = buffers.like("inside", raw);
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.same.Abs(raw, inside));
        inside.rsubi(s.getLogAlphaClip());
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.Step(inside, inside, 0.0));
        return inside;
    }
}
