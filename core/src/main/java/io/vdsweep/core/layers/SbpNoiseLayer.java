package io.vdsweep.core.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link SbpNoise}. The per-unit quantities (a draw of θ per unit and minibatch, its derivatives, the KL,
 * the signal-to-noise ratio) are a few hundred numbers, computed in double by {@link TruncatedLogNormal}; the only
 * array work is one broadcast multiply forward and one backward.
 *
 * <p>The KL enters the per-example loss as β·KL/N like that of the variational weight layers, so backprop adds
 * B·β/N·∂KL/∂param and DL4J's division by the batch size B makes the gradient match the score.
 */
public final class SbpNoiseLayer extends BaseLayer<SbpNoise> implements BayesianLayer {

    /** μ and log σ are clipped to this range in use, as in the authors' code (zero gradient outside). */
    static final double PARAM_MIN = -20;
    static final double PARAM_MAX = 5;

    /** The draw of the last training forward pass, kept for its backprop; null otherwise. */
    private transient Draw draw;

    public SbpNoiseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The posterior of every unit from the current parameters (clipped). */
    TruncatedLogNormal[] posteriors() {
        SbpNoise c = layerConf();
        double[] mu = paramTable().get(SbpParamInitializer.MU).castTo(DataType.DOUBLE).toDoubleVector();
        double[] logSigma = paramTable().get(SbpParamInitializer.LOG_SIGMA).castTo(DataType.DOUBLE).toDoubleVector();
        TruncatedLogNormal[] q = new TruncatedLogNormal[mu.length];
        for (int j = 0; j < q.length; j++) {
            q[j] = new TruncatedLogNormal(clip(mu[j]), Math.exp(clip(logSigma[j])), c.getLowerLog(), c.getUpperLog());
        }
        return q;
    }

    private static double clip(double v) {
        return Math.max(PARAM_MIN, Math.min(PARAM_MAX, v));
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        INDArray x = input.castTo(dataType);
        TruncatedLogNormal[] q = posteriors();
        double[] multiplier = new double[q.length];
        InferenceMode mode = training ? InferenceMode.STOCHASTIC : layerConf().getVariational().getInferenceMode();
        if (mode == InferenceMode.DETERMINISTIC) {
            for (int j = 0; j < multiplier.length; j++) {
                multiplier[j] = q[j].snr() > layerConf().getSnrThreshold() ? q[j].mean() : 0;
            }
            draw = null;
        } else {
            TruncatedLogNormal.Sample[] samples = new TruncatedLogNormal.Sample[multiplier.length];
            for (int j = 0; j < multiplier.length; j++) {
                samples[j] = q[j].sample(openUniform());
                multiplier[j] = Math.exp(samples[j].logTheta());
            }
            draw = training ? new Draw(q, samples, multiplier) : null;
        }
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Broadcast.mul(x, Nd4j.createFromArray(multiplier).castTo(dataType), out, 1);
        }
        return out;
    }

    /** A uniform draw in the open interval (0, 1) from ND4J's generator (the trial's seed decides it). */
    private static double openUniform() {
        double u;
        do {
            u = Nd4j.getRandom().nextDouble();
        } while (u <= 0 || u >= 1);
        return u;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        if (draw == null) {
            throw new IllegalStateException("backprop without a training forward pass " + layerId());
        }
        INDArray x = input.castTo(dataType);
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        double[] dTheta;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Broadcast.mul(epsilon, Nd4j.createFromArray(draw.multiplier()).castTo(dataType), dx, 1);
            INDArray product = epsilon.castTo(dataType).mul(x);
            int[] others = x.rank() == 2 ? new int[] {0} : new int[] {0, 2, 3};
            dTheta = product.sum(others).castTo(DataType.DOUBLE).toDoubleVector();
        }
        double klFactor = x.size(0) * layerConf().getVariational().klScale();
        INDArray muGradient = gradientViews.get(SbpParamInitializer.MU);
        INDArray logSigmaGradient = gradientViews.get(SbpParamInitializer.LOG_SIGMA);
        double[] mu = paramTable().get(SbpParamInitializer.MU).castTo(DataType.DOUBLE).toDoubleVector();
        double[] logSigma = paramTable().get(SbpParamInitializer.LOG_SIGMA).castTo(DataType.DOUBLE).toDoubleVector();
        TruncatedLogNormal[] q = draw.posteriors();
        double[] gMu = new double[q.length];
        double[] gLogSigma = new double[q.length];
        for (int j = 0; j < q.length; j++) {
            TruncatedLogNormal.Sample s = draw.samples()[j];
            double dLogTheta = dTheta[j] * draw.multiplier()[j];             // dθ/dlog θ = θ
            double[] kl = q[j].klWithGradient();
            gMu[j] = inRange(mu[j]) ? dLogTheta * s.dMu() + klFactor * kl[1] : 0;
            gLogSigma[j] = inRange(logSigma[j]) ? dLogTheta * s.dLogSigma() + klFactor * kl[2] : 0;
        }
        muGradient.assign(Nd4j.createFromArray(gMu).reshape(1, q.length));
        logSigmaGradient.assign(Nd4j.createFromArray(gLogSigma).reshape(1, q.length));
        draw = null;
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(SbpParamInitializer.MU, muGradient);
        gradient.gradientForVariable().put(SbpParamInitializer.LOG_SIGMA, logSigmaGradient);
        return new Pair<>(gradient, dx);
    }

    private static boolean inRange(double v) {
        return v >= PARAM_MIN && v <= PARAM_MAX;
    }

    /** β·KL/N plus any DL4J regularization. */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return super.calcRegularizationScore(backpropParamsOnly) + layerConf().getVariational().klScale() * kl();
    }

    @Override
    public double kl() {
        double kl = 0;
        for (TruncatedLogNormal q : posteriors()) {
            kl += q.kl();
        }
        return kl;
    }

    /** Per unit: whether its signal-to-noise ratio exceeds the threshold (the unit is kept). */
    public boolean[] kept() {
        TruncatedLogNormal[] q = posteriors();
        boolean[] kept = new boolean[q.length];
        for (int j = 0; j < kept.length; j++) {
            kept[j] = q[j].snr() > layerConf().getSnrThreshold();
        }
        return kept;
    }

    @Override
    public void clear() {
        super.clear();
        draw = null;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    /** The posteriors of one training forward pass, their draws and the multipliers θ they gave. */
    private record Draw(TruncatedLogNormal[] posteriors, TruncatedLogNormal.Sample[] samples, double[] multiplier) {
    }
}
