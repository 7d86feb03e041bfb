package io.vdsweep.core.layers;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The runtime of a variational layer, trained with the local reparameterization trick (Kingma et al. 2015, §2.3):
 * the pre-activation is sampled as {@code z = x·M + b + √(x²·V + 1e-8) ∘ ε}, ε ~ N(0, 1) per output, where M and V
 * are the per-weight posterior mean and variance given by {@link Posterior}. Subclasses supply the linear map
 * (matrix product or convolution) and its transpose; this class holds the noise between forward and backward
 * (DL4J does not re-run the forward pass), the hand-written backward pass, and the KL term.
 *
 * <p>DL4J scores a minibatch as mean loss + {@link #calcRegularizationScore}, but its updater divides the summed
 * gradient by the batch size B. The KL enters the per-example loss as β·KL/N, so the backward pass adds
 * B·β/N·∂KL/∂param to the gradients: after the division they match the score exactly (gradient-checked).
 */
abstract class AbstractVariationalLayer<C extends FeedForwardLayer & VariationalLayerConfig> extends BaseLayer<C> {

    private static final double VARIANCE_FLOOR = 1e-8;

    /** State of the last training forward pass, consumed by backprop. */
    private INDArray preActivation;
    private INDArray inputSquared;
    private INDArray stdDev;
    private INDArray noise;
    private INDArray variance;

    protected AbstractVariationalLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** {@code in · weights} for a unit-major weight matrix [units, fanIn] (convolution for conv layers). */
    protected abstract INDArray linear(INDArray in, INDArray weights);

    /** Adds the bias [1, units] to a pre-activation in place. */
    protected abstract void addBias(INDArray z, INDArray bias);

    /** Sum of dL/dz over everything but the unit axis, written into {@code biasGradient} [1, units]. */
    protected abstract void biasGradient(INDArray delta, INDArray biasGradient);

    /**
     * Backward pass of {@link #linear}: writes dL/dweights into {@code weightGradient} (unit-major) and returns
     * dL/din, or null when {@code needInputGradient} is false.
     */
    protected abstract INDArray linearBackward(INDArray in, INDArray weights, INDArray gradOut,
            INDArray weightGradient, boolean needInputGradient);

    protected VariationalSettings settings() {
        return layerConf().getVariational();
    }

    Posterior posterior() {
        return new Posterior(settings());
    }

    /**
     * Forward pass. Intermediate arrays live outside DL4J's workspaces (they must survive until backprop); only the
     * output is copied into the ACTIVATIONS workspace, as DL4J requires.
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray z;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            z = preActivation(input.castTo(dataType), training);
            if (training) {
                preActivation = z.dup();
            }
        }
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, z.shape(), 'c').assign(z);
        return layerConf().getActivationFn().getActivation(out, training);
    }

    private INDArray preActivation(INDArray x, boolean training) {
        Map<String, INDArray> p = paramTable();
        Posterior posterior = posterior();
        InferenceMode mode = training ? InferenceMode.STOCHASTIC : settings().getInferenceMode();
        if (mode == InferenceMode.DETERMINISTIC) {
            INDArray z = linear(x, posterior.deterministicWeights(p));
            addBias(z, p.get(Posterior.BIAS));
            return z;
        }
        INDArray v = Nd4j.createUninitialized(dataType, weightsOf(p).shape(), 'c');
        posterior.variance(p, v);
        INDArray x2 = x.mul(x);
        INDArray s = Transforms.sqrt(linear(x2, v).addi(VARIANCE_FLOOR), false);
        INDArray eps = Nd4j.randn(dataType, s.shape());
        INDArray z = s.mul(eps);
        INDArray mean = posterior.mean(p);
        if (mean != null) {
            z.addi(linear(x, mean));
        }
        addBias(z, p.get(Posterior.BIAS));
        if (training) {
            inputSquared = x2;
            stdDev = s;
            noise = eps;
            variance = v;
        }
        return z;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        if (preActivation == null) {
            throw new IllegalStateException("backprop without a training forward pass " + layerId());
        }
        Map<String, INDArray> g = gradientViews;
        INDArray dx;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            dx = backward(input.castTo(dataType), epsilon, g);
        }
        Gradient gradient = new DefaultGradient();
        for (String key : paramTable().keySet()) {
            gradient.gradientForVariable().put(key, g.get(key));
        }
        clearTrainingState();
        INDArray epsNext = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c')
                .assign(dx.reshape(input.shape()));
        return new Pair<>(gradient, backpropDropOutIfPresent(epsNext));
    }

    /** Writes the parameter gradients into {@code g} and returns dL/dx. */
    private INDArray backward(INDArray x, INDArray epsilon, Map<String, INDArray> g) {
        INDArray delta = layerConf().getActivationFn().backprop(preActivation, epsilon).getFirst();
        Map<String, INDArray> p = paramTable();
        Posterior posterior = posterior();

        biasGradient(delta, g.get(Posterior.BIAS));
        INDArray mean = posterior.mean(p);
        INDArray meanInputGradient = mean == null ? null : linearBackward(x, mean, delta, g.get(Posterior.MEAN), true);
        // dL/ds² = δ∘ε/(2s); the variance path sees x² and V.
        INDArray halfA = delta.mul(noise).divi(stdDev).muli(0.5);
        INDArray gV = posterior.varianceGradientTarget(g, Nd4j.createUninitialized(dataType, variance.shape(), 'c'));
        INDArray dx = linearBackward(inputSquared, variance, halfA, gV, true);
        posterior.backward(p, g, gV, variance);
        posterior.addKlGradient(p, g, delta.size(0) * settings().klScale());
        // dL/dx = (mean path) + 2x ∘ dL/dx²
        dx.muli(x).muli(2);
        return meanInputGradient == null ? dx : dx.addi(meanInputGradient);
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return super.calcRegularizationScore(backpropParamsOnly) + settings().klScale() * kl();
    }

    /** KL(q || p) of this layer summed over its weights (Molchanov approximation; 0 where it is constant). */
    public double kl() {
        return posterior().kl(paramTable());
    }

    /** Weights, weights kept (log α ≤ threshold) and, for conv layers, filters entirely pruned. */
    public LayerSparsity sparsity() {
        INDArray kept = posterior().keptMask(paramTable());
        long keptWeights = kept.sumNumber().longValue();
        long units = kept.size(0);
        long deadUnits = kept.sum(1).eq(0).castTo(DataType.INT32).sumNumber().longValue();
        return new LayerSparsity(getIndex(), layerConf().getLayerName(), getClass().getSimpleName(),
                kept.length(), keptWeights, units, deadUnits);
    }

    private static INDArray weightsOf(Map<String, INDArray> p) {
        INDArray w = p.get(Posterior.MEAN);
        return w != null ? w : p.get(Posterior.LOG_SIGMA2);
    }

    private void clearTrainingState() {
        preActivation = null;
        inputSquared = null;
        stdDev = null;
        noise = null;
        variance = null;
    }

    @Override
    public void clear() {
        super.clear();
        clearTrainingState();
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return true;
    }
}
