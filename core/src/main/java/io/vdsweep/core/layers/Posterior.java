package io.vdsweep.core.layers;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The parameterization-specific math of a variational layer, independent of whether the layer is dense or
 * convolutional. All arrays are 2-D "unit-major" views: one row per output unit (dense) or filter (conv), one
 * column per incoming weight. A layer asks for the per-weight mean M and variance V, runs its own products with
 * x and x², and hands back dL/dM and dL/dV, which this class maps onto the parameters (chain rule) and to which it
 * adds the KL term.
 *
 * <p>Parameters (names without '_': DL4J's updater splits keys at the last underscore):
 * {@code W} mean (all but variance), {@code logSigma2} (additive, variance), {@code logAlpha} (weight: per weight;
 * neuron: per unit, shape [units, 1]; layer: [1, 1]).
 */
final class Posterior {

    static final String MEAN = "W";
    static final String LOG_SIGMA2 = "logSigma2";
    static final String LOG_ALPHA = "logAlpha";
    static final String BIAS = "b";
    /** Keeps log θ² finite at θ = 0 (the authors' code). */
    private static final double EPS = 1e-8;

    private final Parameterization kind;
    private final VariationalSettings settings;

    Posterior(VariationalSettings settings) {
        this.settings = settings;
        this.kind = settings.getParameterization();
    }

    /** Per-weight mean M as a view of the parameters, or null for variance layers (M = 0). */
    INDArray mean(Map<String, INDArray> p) {
        return kind.hasMean() ? p.get(MEAN) : null;
    }

    /** Writes the per-weight variance V into {@code out} (same shape as the weights). */
    void variance(Map<String, INDArray> p, INDArray out) {
        switch (kind) {
            case ADDITIVE, VARIANCE -> Nd4j.exec(new Exp(p.get(LOG_SIGMA2), out));
            case WEIGHT -> {
                Nd4j.exec(new Exp(clip(p.get(LOG_ALPHA)), out));
                out.muli(p.get(MEAN)).muli(p.get(MEAN));
            }
            case NEURON -> out.assign(p.get(MEAN)).muli(p.get(MEAN)).muliColumnVector(Transforms.exp(clip(p.get(LOG_ALPHA)), false));
            case LAYER -> out.assign(p.get(MEAN)).muli(p.get(MEAN)).muli(Math.exp(clipScalar(p.get(LOG_ALPHA).getDouble(0))));
            case GAUSSIAN_DROPOUT -> out.assign(p.get(MEAN)).muli(p.get(MEAN)).muli(settings.getDropoutAlpha());
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /**
     * Where the layer should write dL/dV: straight into the gradient of log σ² for the additive and variance forms
     * (which then only need scaling by V), else into {@code scratch}.
     */
    INDArray varianceGradientTarget(Map<String, INDArray> g, INDArray scratch) {
        return kind == Parameterization.ADDITIVE || kind == Parameterization.VARIANCE ? g.get(LOG_SIGMA2) : scratch;
    }

    /**
     * Completes the parameter gradients: {@code g.W} already holds dL/dM; {@code gV} holds dL/dV (see
     * {@link #varianceGradientTarget}); {@code v} is the V of the forward pass.
     */
    void backward(Map<String, INDArray> p, Map<String, INDArray> g, INDArray gV, INDArray v) {
        switch (kind) {
            case ADDITIVE, VARIANCE -> gV.muli(v); // dV/dlogσ² = V, gV already is the log σ² gradient view
            case WEIGHT -> {
                // V = α μ²: dL/dμ += 2 α μ gV = 2 V/μ·gV written as 2αμ·gV; dL/dlogα = V·gV (inside the clip range)
                INDArray alpha = Transforms.exp(clip(p.get(LOG_ALPHA)), false);
                g.get(MEAN).addi(alpha.mul(p.get(MEAN)).muli(gV).muli(2));
                g.get(LOG_ALPHA).assign(gV.mul(v).muli(inClipRange(p.get(LOG_ALPHA))));
            }
            case NEURON -> {
                INDArray alpha = Transforms.exp(clip(p.get(LOG_ALPHA)), false);
                g.get(MEAN).addi(p.get(MEAN).mul(gV).muliColumnVector(alpha).muli(2));
                g.get(LOG_ALPHA).assign(gV.mul(v).sum(true, 1).muli(inClipRange(p.get(LOG_ALPHA))));
            }
            case LAYER -> {
                double la = p.get(LOG_ALPHA).getDouble(0);
                double alpha = Math.exp(clipScalar(la));
                g.get(MEAN).addi(p.get(MEAN).mul(gV).muli(2 * alpha));
                double inRange = Math.abs(la) < settings.getLogAlphaClip() ? 1 : 0;
                g.get(LOG_ALPHA).assign(gV.mul(v).sumNumber().doubleValue() * inRange);
            }
            case GAUSSIAN_DROPOUT -> g.get(MEAN).addi(p.get(MEAN).mul(gV).muli(2 * settings.getDropoutAlpha()));
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /**
     * Clipped log α as used by the KL and the pruning rule: per weight (additive, weight), per unit [units, 1]
     * (neuron) or [1, 1] (layer). Null for forms without a learned α.
     */
    INDArray logAlpha(Map<String, INDArray> p) {
        return switch (kind) {
            case ADDITIVE -> clip(rawAdditiveLogAlpha(p));
            case WEIGHT, NEURON, LAYER -> clip(p.get(LOG_ALPHA));
            default -> null;
        };
    }

    /** Number of weights that share each log α entry (fan-in for neuron-wise, all weights for layer-wise). */
    private long weightsPerLogAlpha(Map<String, INDArray> p) {
        return switch (kind) {
            case NEURON -> p.get(MEAN).size(1);
            case LAYER -> p.get(MEAN).length();
            default -> 1;
        };
    }

    /** The KL to the log-uniform prior summed over the layer's weights (0 for forms where it is a constant). */
    double kl(Map<String, INDArray> p) {
        if (!kind.hasKl()) {
            return 0;
        }
        return weightsPerLogAlpha(p) * KlApproximation.klSum(logAlpha(p));
    }

    /** Adds {@code scale}·dKL/dparam to the gradients (scale = batch·β/N, see the layer). */
    void addKlGradient(Map<String, INDArray> p, Map<String, INDArray> g, double scale) {
        if (!kind.hasKl() || scale == 0) {
            return;
        }
        if (kind == Parameterization.ADDITIVE) {
            INDArray theta = p.get(MEAN);
            INDArray theta2 = theta.mul(theta).addi(EPS);
            INDArray raw = p.get(LOG_SIGMA2).sub(Transforms.log(theta2, true));
            INDArray dKl = KlApproximation.klDerivative(clip(raw)).muli(inClipRange(raw)).muli(scale);
            // log α = log σ² − log(θ² + ε): d/dlogσ² = 1, d/dθ = −2θ/(θ² + ε)
            g.get(LOG_SIGMA2).addi(dKl);
            g.get(MEAN).subi(dKl.muli(theta).muli(2).divi(theta2));
            return;
        }
        INDArray raw = p.get(LOG_ALPHA);
        INDArray dKl = KlApproximation.klDerivative(clip(raw)).muli(inClipRange(raw))
                .muli(scale * weightsPerLogAlpha(p));
        g.get(LOG_ALPHA).addi(dKl);
    }

    /**
     * 1 for each weight that survives pruning, 0 for pruned ones, as an array of the weights' shape: log α at or
     * below the threshold for forms that prune; every weight of a variance layer is pruned; Gaussian dropout keeps all.
     */
    INDArray keptMask(Map<String, INDArray> p) {
        INDArray mask = weights(p).ulike();
        if (kind == Parameterization.VARIANCE) {
            return mask.assign(0);
        }
        if (kind == Parameterization.GAUSSIAN_DROPOUT) {
            return mask.assign(1);
        }
        INDArray la = logAlpha(p);
        INDArray kept = la.lte(settings.getPruneThreshold()).castTo(mask.dataType());
        if (kind == Parameterization.NEURON) {
            return mask.assign(0).addiColumnVector(kept);
        }
        if (kind == Parameterization.LAYER) {
            return mask.assign(kept.getDouble(0));
        }
        return kept;
    }

    /** Means with the pruned weights set to zero: the weights of the deterministic net. */
    INDArray deterministicWeights(Map<String, INDArray> p) {
        INDArray mask = keptMask(p);
        return kind.hasMean() ? mask.muli(p.get(MEAN)) : mask;
    }

    /** A per-weight parameter, for the weights' shape. */
    private INDArray weights(Map<String, INDArray> p) {
        return kind.hasMean() ? p.get(MEAN) : p.get(LOG_SIGMA2);
    }

    private INDArray rawAdditiveLogAlpha(Map<String, INDArray> p) {
        INDArray theta = p.get(MEAN);
        return p.get(LOG_SIGMA2).sub(Transforms.log(theta.mul(theta).addi(EPS), false));
    }

    private INDArray clip(INDArray raw) {
        double c = settings.getLogAlphaClip();
        return Transforms.max(Transforms.min(raw, c, true), -c, false);
    }

    private double clipScalar(double raw) {
        double c = settings.getLogAlphaClip();
        return Math.max(-c, Math.min(c, raw));
    }

    /** 1 where −clip < raw < clip (the clipped log α has a gradient there), else 0. */
    private INDArray inClipRange(INDArray raw) {
        return Transforms.abs(raw, true).lt(settings.getLogAlphaClip()).castTo(raw.dataType());
    }
}
