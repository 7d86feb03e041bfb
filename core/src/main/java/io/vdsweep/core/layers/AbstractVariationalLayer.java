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

/**
 * The runtime of a variational layer, trained with the local reparameterization trick (Kingma et al. 2015, §2.3):
 * the pre-activation is sampled as {@code z = x·M + b + √(x²·V + 1e-8) ∘ ε}, ε ~ N(0, 1) per output, where M and V
 * are the per-weight posterior mean and variance given by {@link Posterior}. Subclasses supply the linear map
 * (matrix product or convolution) and its transpose; this class keeps the noise between forward and backward
 * (DL4J does not re-run the forward pass), runs the hand-written backward pass and adds the KL term.
 *
 * <p>DL4J scores a minibatch as mean loss + {@link #calcRegularizationScore}, but its updater divides the summed
 * gradient by the batch size B. The KL enters the per-example loss as β·KL/N, so the backward pass adds
 * B·β/N·∂KL/∂param to the gradients: after the division they match the score exactly (gradient-checked).
 *
 * <p>Temporaries live in per-layer {@link Buffers} outside DL4J's workspaces; only the output and the input
 * gradient are copied into the workspaces DL4J expects them in.
 */
abstract class AbstractVariationalLayer<C extends FeedForwardLayer & VariationalLayerConfig> extends BaseLayer<C>
        implements BayesianLayer {

    private static final double VARIANCE_FLOOR = 1e-8;

    private transient Buffers buffers;
    private transient Posterior posterior;
    /** The last training forward pass (buffers), set between that pass and its backprop, else null. */
    private transient TrainingState state;
    /** The KL computed by the last backprop, used by the score DL4J computes right after it (params unchanged). */
    private transient Double klOfLastBackprop;

    protected AbstractVariationalLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** {@code in · weights} for unit-major weights [units, fanIn] (a convolution for conv layers), in a buffer. */
    protected abstract INDArray linear(INDArray in, INDArray weights, String bufferKey);

    /** Adds the bias [1, units] to a pre-activation in place. */
    protected abstract void addBias(INDArray z, INDArray bias);

    /** {@code in · weights + bias} in a buffer; a subclass whose kernel adds the bias as it writes overrides this. */
    protected INDArray linear(INDArray in, INDArray weights, INDArray bias, String bufferKey) {
        INDArray z = linear(in, weights, bufferKey);
        addBias(z, bias);
        return z;
    }

    /** Sum of dL/dz over everything but the unit axis, written into {@code biasGradient} [1, units]. */
    protected abstract void biasGradient(INDArray delta, INDArray biasGradient);

    /**
     * Backward pass of {@link #linear}: writes dL/dweights into {@code weightGradient} (unit-major) and returns
     * dL/din in a buffer, or null when {@code needInputGradient} is false.
     */
    protected abstract INDArray linearBackward(INDArray in, INDArray weights, INDArray gradOut,
            INDArray weightGradient, boolean needInputGradient, String bufferKey);

    protected VariationalSettings settings() {
        return layerConf().getVariational();
    }

    protected Buffers buffers() {
        if (buffers == null) {
            buffers = new Buffers(dataType);
        }
        return buffers;
    }

    Posterior posterior() {
        if (posterior == null) {
            posterior = new Posterior(settings().getParameterization(), buffers());
        }
        return posterior;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray z;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            z = preActivation(input.castTo(dataType), training);
        }
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, z.shape(), z.ordering()).assign(z);
        return layerConf().getActivationFn().getActivation(out, training);
    }

    private INDArray preActivation(INDArray x, boolean training) {
        Map<String, INDArray> p = paramTable();
        VariationalSettings s = settings();
        InferenceMode mode = training ? InferenceMode.STOCHASTIC : s.getInferenceMode();
        String prefix = training ? "train." : "infer.";
        if (mode == InferenceMode.DETERMINISTIC) {
            return linear(x, posterior().deterministicWeights(p, s), p.get(Posterior.BIAS), prefix + "z");
        }
        INDArray v = buffers().like(prefix + "V", Posterior.weights(p));
        posterior().variance(p, s, v);
        INDArray mean = posterior().mean(p);
        INDArray keep = null;
        INDArray noisyV = v;
        if (s.isTrainMask() && s.getParameterization().prunesByThreshold()) {
            // the authors' train_clip: the noisy pass uses M∘keep and V∘keep (the KL still sees every weight)
            keep = posterior().keptMask(p, s);
            noisyV = v.mul(keep, buffers().like(prefix + "maskedV", v));
            mean = mean.mul(keep, buffers().like(prefix + "maskedM", mean));
        }
        INDArray x2 = x.mul(x, buffers().get(prefix + "x2", x.shape(), x.ordering()));
        INDArray std = linear(x2, noisyV, prefix + "s");
        INDArray eps = buffers().get(prefix + "eps", std.shape(), std.ordering());
        GaussianNoise.fill(eps);
        INDArray z;
        if (mean != null) {
            z = linear(x, mean, p.get(Posterior.BIAS), prefix + "z");
        } else {                                          // a variance layer (Neklyudov et al. 2018): no mean path
            z = buffers().get(prefix + "z", std.shape(), std.ordering()).assign(0);
            addBias(z, p.get(Posterior.BIAS));
        }
        NoisyPass.addNoise(std, eps, z, VARIANCE_FLOOR);
        state = training ? new TrainingState(x2, v, noisyV, mean, keep, std, eps, z) : null;
        return z;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        if (state == null) {
            throw new IllegalStateException("backprop without a training forward pass " + layerId());
        }
        INDArray dx;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            dx = backward(input.castTo(dataType), epsilon);
        }
        state = null;
        Gradient gradient = new DefaultGradient();
        for (String key : paramTable().keySet()) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }
        if (dx == null) {
            return new Pair<>(gradient, null);
        }
        INDArray epsNext = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), dx.ordering())
                .assign(dx.reshape(dx.ordering(), input.shape()));
        return new Pair<>(gradient, backpropDropOutIfPresent(epsNext));
    }

    /** Writes the parameter gradients into the gradient views and returns dL/dx (null when not needed). */
    private INDArray backward(INDArray x, INDArray epsilon) {
        Map<String, INDArray> p = paramTable();
        Map<String, INDArray> g = gradientViews;
        VariationalSettings s = settings();
        Buffers b = buffers();
        boolean needDx = s.isInputGradient();
        INDArray delta = layerConf().getActivationFn().backprop(state.z(), epsilon).getFirst();

        biasGradient(delta, g.get(Posterior.BIAS));
        INDArray mean = state.mean();
        INDArray meanDx = mean == null ? null
                : linearBackward(x, mean, delta, g.get(Posterior.MEAN), needDx, "dx.mean");
        if (mean != null && state.keep() != null) {
            g.get(Posterior.MEAN).muli(state.keep());          // d(M∘keep)/dM = keep
        }
        // dL/ds² = δ∘ε/(2s); the variance path sees x² and V (V∘keep under the training-time mask).
        INDArray halfA = b.get("halfA", delta.shape(), delta.ordering());
        NoisyPass.varianceDelta(delta, state.noise(), state.std(), halfA);
        INDArray gV = posterior().varianceGradientTarget(g);
        INDArray dx = linearBackward(state.inputSquared(), state.noisyVariance(), halfA, gV, needDx, "dx.var");
        if (state.keep() != null) {
            gV.muli(state.keep());                              // d(V∘keep)/dV = keep
        }
        posterior().backward(p, s, g, gV, state.variance());
        klOfLastBackprop = posterior().klAndGradient(p, s, g, delta.size(0) * s.klScale(), state.variance());
        if (!needDx) {
            return null;
        }
        // dL/dx = (mean path) + 2x ∘ dL/dx²
        dx.muli(x).muli(2);
        return meanDx == null ? dx : dx.addi(meanDx);
    }

    /**
     * What backprop needs from the training forward pass: x², V, the V and M the noisy pass used (masked under the
     * training-time mask, whose keep mask is null otherwise), s = √(x²·V), ε and the pre-activation z.
     */
    private record TrainingState(INDArray inputSquared, INDArray variance, INDArray noisyVariance, INDArray mean,
            INDArray keep, INDArray std, INDArray noise, INDArray z) {
    }

    /**
     * β·KL/N plus any DL4J regularization. Right after a backprop (DL4J scores each step that way) the KL is the
     * one backprop computed from the same parameters; otherwise it is computed afresh.
     */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        double kl = klOfLastBackprop != null ? klOfLastBackprop : kl();
        klOfLastBackprop = null;
        return super.calcRegularizationScore(backpropParamsOnly) + settings().klScale() * kl;
    }

    /** KL(q || p) of this layer summed over its weights (Molchanov approximation; 0 where it is constant). */
    @Override
    public double kl() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return posterior().kl(paramTable(), settings());
        }
    }

    /** 1 for each weight kept (log α ≤ threshold), 0 for each pruned, unit-major [units, fanIn] (a new array). */
    public INDArray keptWeights() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return posterior().keptMask(paramTable(), settings());
        }
    }

    /** Weights, weights kept (log α ≤ threshold) and units (neurons or filters) with every weight pruned. */
    public LayerSparsity sparsity() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray kept = posterior().keptMask(paramTable(), settings());
            long keptWeights = kept.sumNumber().longValue();
            long deadUnits = kept.sum(1).eq(0).castTo(DataType.INT32).sumNumber().longValue();
            return new LayerSparsity(getIndex(), layerConf().getLayerName(), layerConf().getClass().getSimpleName(),
                    kept.length(), keptWeights, kept.size(0), deadUnits);
        }
    }

    @Override
    public void clear() {
        super.clear();
        state = null;
        klOfLastBackprop = null;
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
