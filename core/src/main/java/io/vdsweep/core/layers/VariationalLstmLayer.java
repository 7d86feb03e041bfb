package io.vdsweep.core.layers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime of {@link VariationalLstm}: DL4J's LSTM, handed sampled weights. DL4J reads every LSTM parameter through
 * {@code getParamWithNoise} (its hook for weight noise), so this layer answers that call with w = θ + σ∘ε, drawn at
 * the start of each training forward pass and kept until its backprop, where DL4J's own LSTM backward writes
 * dL/dw into the mean's gradient (∂w/∂θ = 1) and this layer adds dL/dlog σ² = dL/dw∘ε∘σ/2 and the KL terms. Outside
 * training the weights are the means with log α &gt; 3 pruned (deterministic) or a fresh sample (stochastic).
 *
 * <p>The KL enters the per-sequence loss as β·KL/N, so backprop adds B·β/N·∂KL/∂param (DL4J divides the gradient
 * by the minibatch size B), as the feed-forward variational layers do.
 */
public final class VariationalLstmLayer extends LSTM implements BayesianLayer {

    private static final String[][] MATRICES = {
        {VariationalLstmParamInitializer.W, VariationalLstmParamInitializer.LOG_SIGMA2_W},
        {VariationalLstmParamInitializer.RW, VariationalLstmParamInitializer.LOG_SIGMA2_RW}};

    /** The weights of the current training pass per matrix key, with the noise and σ that made them. */
    private final transient Map<String, Draw> draws = new HashMap<>();
    /** The KL the last backprop computed, for the score DL4J computes right after it (parameters unchanged). */
    private transient Double klOfLastBackprop;

    public VariationalLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private VariationalSettings settings() {
        return ((VariationalLstm) layerConf()).getVariational();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (training) {
            draws.clear();
        }
        return super.activate(training, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (training) {
            draws.clear();
        }
        return super.activate(input, training, workspaceMgr);
    }

    @Override
    protected INDArray getParamWithNoise(String param, boolean training, LayerWorkspaceMgr workspaceMgr) {
        String logSigma2 = logSigma2Key(param);
        if (logSigma2 == null) {
            return getParam(param);
        }
        InferenceMode mode = training ? InferenceMode.STOCHASTIC : settings().getInferenceMode();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (mode == InferenceMode.DETERMINISTIC) {
                return keptMask(param).muli(getParam(param));
            }
            Draw draw = training ? draws.get(param) : null;
            if (draw == null) {
                draw = Draw.of(getParam(param), getParam(logSigma2), dataType);
                if (training) {
                    draws.put(param, draw);
                }
            }
            return draw.weights();
        }
    }

    private static String logSigma2Key(String param) {
        for (String[] m : MATRICES) {
            if (m[0].equals(param)) {
                return m[1];
            }
        }
        return null;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return withVariationalGradients(super.backpropGradient(epsilon, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
            LayerWorkspaceMgr workspaceMgr) {
        return withVariationalGradients(super.tbpttBackpropGradient(epsilon, tbpttBackLength, workspaceMgr));
    }

    /** Adds dL/dlog σ² through the draw and the KL terms to the gradient DL4J's LSTM backward computed. */
    private Pair<Gradient, INDArray> withVariationalGradients(Pair<Gradient, INDArray> result) {
        if (draws.size() != MATRICES.length) {
            throw new IllegalStateException("backprop without a training forward pass " + layerId());
        }
        double scale = input.size(0) * settings().klScale();
        double kl = 0;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (String[] m : MATRICES) {
                Draw draw = draws.get(m[0]);
                INDArray gradMean = gradientViews.get(m[0]);
                INDArray gradLogSigma2 = gradientViews.get(m[1]);
                gradLogSigma2.assign(gradMean).muli(draw.noise()).muli(draw.sigma()).muli(0.5);
                INDArray sigma2 = Nd4j.createUninitialized(dataType, draw.sigma().shape(), 'f').assign(draw.sigma())
                        .muli(draw.sigma());
                kl += KlApproximation.additive(getParam(m[0]), sigma2, settings().getLogAlphaClip(), scale, gradMean,
                        gradLogSigma2);
                result.getFirst().gradientForVariable().put(m[1], gradLogSigma2);
            }
        }
        draws.clear();
        klOfLastBackprop = kl;
        return result;
    }

    /** β·KL/N plus any DL4J regularization; right after a backprop, the KL that backprop computed. */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        double kl = klOfLastBackprop != null ? klOfLastBackprop : kl();
        klOfLastBackprop = null;
        return super.calcRegularizationScore(backpropParamsOnly) + settings().klScale() * kl;
    }

    @Override
    public double kl() {
        double kl = 0;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (String[] m : MATRICES) {
                INDArray logSigma2 = getParam(m[1]);
                INDArray sigma2 = Transforms.exp(Nd4j.createUninitialized(dataType, logSigma2.shape(), 'f')
                        .assign(logSigma2), false);
                kl += KlApproximation.additive(getParam(m[0]), sigma2, settings().getLogAlphaClip(), 0, null, null);
            }
        }
        return kl;
    }

    /** 1 where log α = log σ² − log(θ² + ε) is at or below the threshold, in the matrix's shape ('f' order). */
    private INDArray keptMask(String param) {
        return Posterior.additiveKept(getParam(param), getParam(logSigma2Key(param)), settings().getPruneThreshold());
    }

    /**
     * Sparsity of the input-to-hidden (x–h) and hidden-to-hidden (h–h) matrices, in that order; a unit is a hidden
     * unit, dead in a matrix when all its incoming weights there, over the four gates, are pruned.
     */
    public List<LayerSparsity> sparsity() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            String[] names = {"x-h", "h-h"};
            LayerSparsity[] result = new LayerSparsity[MATRICES.length];
            for (int i = 0; i < MATRICES.length; i++) {
                INDArray kept = keptMask(MATRICES[i][0]);                      // [in, 4n], gate blocks of n columns
                long units = kept.size(1) / 4;
                long dead = kept.sum(0).reshape('c', 4, units).sum(0).eq(0).castTo(DataType.INT32).sumNumber()
                        .longValue();
                result[i] = new LayerSparsity(getIndex(), names[i], "VariationalLstm", kept.length(),
                        kept.sumNumber().longValue(), units, dead);
            }
            return List.of(result);
        }
    }

    @Override
    public void clear() {
        super.clear();
        draws.clear();
        klOfLastBackprop = null;
    }

    /** One draw of a weight matrix: w = θ + σ∘ε, all in 'f' order like the parameter views. */
    private record Draw(INDArray weights, INDArray noise, INDArray sigma) {

        static Draw of(INDArray theta, INDArray logSigma2, DataType dataType) {
            INDArray noise = Nd4j.createUninitialized(dataType, theta.shape(), 'f');
            GaussianNoise.fill(noise);
            INDArray sigma = Nd4j.createUninitialized(dataType, theta.shape(), 'f').assign(logSigma2).muli(0.5);
            Transforms.exp(sigma, false);
            INDArray weights = Nd4j.createUninitialized(dataType, theta.shape(), 'f').assign(noise).muli(sigma)
                    .addi(theta);
            return new Draw(weights, noise, sigma);
        }
    }
}
