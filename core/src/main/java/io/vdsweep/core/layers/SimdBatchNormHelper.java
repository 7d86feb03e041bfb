package io.vdsweep.core.layers;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization (Ioffe &amp; Szegedy 2015) of float NCHW activations in SIMD lanes, as DL4J's batch-norm
 * helper. DL4J's oneDNN helper took 39% of a plain VGG-like k = 0.25 step (bench/README.md): it computes the batch
 * statistics with strided ND4J reductions and oneDNN's batch norm on plain NCHW arrays is slow, its backward pass
 * alone 23%. Here each (example, channel) block of H·W values is contiguous: the forward pass is two passes for the
 * mean and variance and one fused multiply-add, the backward pass one pass for Σdy and Σdy·(x − μ) and one for dx.
 *
 * <p>The helper contract is DL4J's: in training it normalizes with the batch's mean and (population) variance and
 * keeps them for the layer, which updates its running statistics from {@link #getMeanCache}/{@link #getVarCache};
 * in inference it uses the running statistics it is given. Dense (rank-2) and double arrays are left to DL4J
 * (returning null makes the layer use its own code for that call and its backward pass).
 *
 * <p>DL4J gives its batch-norm layer no way to choose a helper (the field is package-private), so
 * {@link #install} sets it by reflection; it needs the Vector API ({@code --add-modules=jdk.incubator.vector}).
 */
final class SimdBatchNormHelper implements BatchNormalizationHelper {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private INDArray meanCache;
    private INDArray varCache;

    /** Replaces the helper of every batch-norm layer of {@code net}; returns how many it replaced. */
    static int install(MultiLayerNetwork net) {
        int installed = 0;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof BatchNormalization bn) {
                try {
                    Field helper = BatchNormalization.class.getDeclaredField("helper");
                    helper.setAccessible(true);
                    helper.set(bn, new SimdBatchNormHelper());
                    installed++;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot set the batch-norm helper of DL4J " + e.getMessage(), e);
                }
            }
        }
        return installed;
    }

    private static boolean handles(INDArray x, CNN2DFormat format) {
        return x.rank() == 4 && format == CNN2DFormat.NCHW && x.dataType() == DataType.FLOAT
                && x.ordering() == 'c' && x.elementWiseStride() == 1;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
            INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!handles(x, format) || gamma == null || beta == null) {
            return null;
        }
        Geometry g = new Geometry(x);
        float[] mu = new float[g.channels];
        float[] variance = new float[g.channels];
        if (training) {
            statistics(bytes(x), g, mu, variance);
            if (meanCache == null || meanCache.length() != g.channels) {
                try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    meanCache = Nd4j.createUninitialized(DataType.FLOAT, g.channels);
                    varCache = Nd4j.createUninitialized(DataType.FLOAT, g.channels);
                }
            }
            meanCache.assign(Nd4j.createFromArray(mu));
            varCache.assign(Nd4j.createFromArray(variance));
        } else {
            copy(mean, mu);
            copy(var, variance);
        }
        float[] gammas = new float[g.channels];
        float[] betas = new float[g.channels];
        copy(gamma, gammas);
        copy(beta, betas);
        float[] scale = new float[g.channels];
        float[] shift = new float[g.channels];
        for (int c = 0; c < g.channels; c++) {
            scale[c] = (float) (gammas[c] / Math.sqrt(variance[c] + eps));
            shift[c] = betas[c] - mu[c] * scale[c];
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
        affine(bytes(x), bytes(out), g, scale, shift);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
            INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
            LayerWorkspaceMgr workspaceMgr) {
        if (!handles(input, format) || gamma == null || meanCache == null) {
            return null;
        }
        INDArray dy = epsilon.ordering() == 'c' && epsilon.elementWiseStride() == 1 ? epsilon : epsilon.dup('c');
        Geometry g = new Geometry(input);
        float[] mu = new float[g.channels];
        float[] variance = new float[g.channels];
        float[] gammas = new float[g.channels];
        copy(meanCache, mu);
        copy(varCache, variance);
        copy(gamma, gammas);
        double[] sumDy = new double[g.channels];
        double[] sumDyX = new double[g.channels];
        sums(bytes(input), bytes(dy), g, mu, sumDy, sumDyX);
        double m = (double) g.examples * g.pixels;
        float[] a = new float[g.channels];
        float[] b = new float[g.channels];
        float[] c0 = new float[g.channels];
        float[] dGamma = new float[g.channels];
        float[] dBeta = new float[g.channels];
        for (int c = 0; c < g.channels; c++) {
            double is = 1 / Math.sqrt(variance[c] + eps);
            double dg = sumDyX[c] * is;
            dGamma[c] = (float) dg;
            dBeta[c] = (float) sumDy[c];
            // dx = γ·is·(dy − Σdy/m − x̂·dγ/m), x̂ = (x − μ)·is: a·dy + b·x + c0
            a[c] = (float) (gammas[c] * is);
            b[c] = (float) (-gammas[c] * is * is * dg / m);
            c0[c] = (float) (-gammas[c] * is * sumDy[c] / m + gammas[c] * is * is * mu[c] * dg / m);
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        inputGradient(bytes(input), bytes(dy), bytes(dx), g, a, b, c0);
        dGammaView.assign(Nd4j.createFromArray(dGamma).reshape(dGammaView.shape()));
        dBetaView.assign(Nd4j.createFromArray(dBeta).reshape(dBetaView.shape()));
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(gradient, dx);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    /** [N, C, H, W]: C channels, each (example, channel) block of H·W contiguous floats. */
    private record Geometry(int examples, int channels, int pixels) {
        Geometry(INDArray x) {
            this((int) x.size(0), (int) x.size(1), (int) (x.size(2) * x.size(3)));
        }

        int offset(int example, int channel) {
            return (example * channels + channel) * pixels;
        }
    }

    /** Per-channel mean and population variance, each in a pass of its own (no E[x²] − μ² cancellation). */
    private static void statistics(ByteBuffer x, Geometry g, float[] mean, float[] variance) {
        double m = (double) g.examples * g.pixels;
        double[] sums = ChannelSums.of(x, g.examples, g.channels, g.pixels);
        for (int c = 0; c < g.channels; c++) {
            mean[c] = (float) (sums[c] / m);
        }
        for (int c = 0; c < g.channels; c++) {
            double squares = 0;
            for (int n = 0; n < g.examples; n++) {
                squares += blockSquares(x, g.offset(n, c), g.pixels, mean[c]);
            }
            variance[c] = (float) (squares / m);
        }
    }

    private static double blockSquares(ByteBuffer x, int from, int length, float mean) {
        int bound = SPECIES.loopBound(length);
        FloatVector acc = FloatVector.zero(SPECIES);
        FloatVector mu = FloatVector.broadcast(SPECIES, mean);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector d = load(x, from + i).sub(mu);
            acc = d.fma(d, acc);
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (int i = bound; i < length; i++) {
            double d = x.getFloat((from + i) * Float.BYTES) - mean;
            sum += d * d;
        }
        return sum;
    }

    /** out = x·scale[c] + shift[c]. */
    private static void affine(ByteBuffer x, ByteBuffer out, Geometry g, float[] scale, float[] shift) {
        int bound = SPECIES.loopBound(g.pixels);
        for (int n = 0; n < g.examples; n++) {
            for (int c = 0; c < g.channels; c++) {
                int from = g.offset(n, c);
                FloatVector s = FloatVector.broadcast(SPECIES, scale[c]);
                FloatVector t = FloatVector.broadcast(SPECIES, shift[c]);
                for (int i = 0; i < bound; i += SPECIES.length()) {
                    load(x, from + i).fma(s, t).intoByteBuffer(out, (from + i) * Float.BYTES, ORDER);
                }
                for (int i = bound; i < g.pixels; i++) {
                    int at = (from + i) * Float.BYTES;
                    out.putFloat(at, x.getFloat(at) * scale[c] + shift[c]);
                }
            }
        }
    }

    /** Σdy and Σdy·(x − μ) per channel, in one pass over x and dy. */
    private static void sums(ByteBuffer x, ByteBuffer dy, Geometry g, float[] mean, double[] sumDy,
            double[] sumDyX) {
        int bound = SPECIES.loopBound(g.pixels);
        for (int n = 0; n < g.examples; n++) {
            for (int c = 0; c < g.channels; c++) {
                int from = g.offset(n, c);
                FloatVector mu = FloatVector.broadcast(SPECIES, mean[c]);
                FloatVector accDy = FloatVector.zero(SPECIES);
                FloatVector accDyX = FloatVector.zero(SPECIES);
                for (int i = 0; i < bound; i += SPECIES.length()) {
                    FloatVector d = load(dy, from + i);
                    accDy = accDy.add(d);
                    accDyX = d.fma(load(x, from + i).sub(mu), accDyX);
                }
                double s = accDy.reduceLanes(VectorOperators.ADD);
                double sx = accDyX.reduceLanes(VectorOperators.ADD);
                for (int i = bound; i < g.pixels; i++) {
                    int at = (from + i) * Float.BYTES;
                    double d = dy.getFloat(at);
                    s += d;
                    sx += d * (x.getFloat(at) - mean[c]);
                }
                sumDy[c] += s;
                sumDyX[c] += sx;
            }
        }
    }

    /** dx = a[c]·dy + b[c]·x + c0[c]. */
    private static void inputGradient(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, Geometry g, float[] a, float[] b,
            float[] c0) {
        int bound = SPECIES.loopBound(g.pixels);
        for (int n = 0; n < g.examples; n++) {
            for (int c = 0; c < g.channels; c++) {
                int from = g.offset(n, c);
                FloatVector va = FloatVector.broadcast(SPECIES, a[c]);
                FloatVector vb = FloatVector.broadcast(SPECIES, b[c]);
                FloatVector vc = FloatVector.broadcast(SPECIES, c0[c]);
                for (int i = 0; i < bound; i += SPECIES.length()) {
                    load(dy, from + i).fma(va, load(x, from + i).fma(vb, vc))
                            .intoByteBuffer(dx, (from + i) * Float.BYTES, ORDER);
                }
                for (int i = bound; i < g.pixels; i++) {
                    int at = (from + i) * Float.BYTES;
                    dx.putFloat(at, dy.getFloat(at) * a[c] + x.getFloat(at) * b[c] + c0[c]);
                }
            }
        }
    }

    private static FloatVector load(ByteBuffer b, int index) {
        return FloatVector.fromByteBuffer(SPECIES, b, index * Float.BYTES, ORDER);
    }

    private static ByteBuffer bytes(INDArray a) {
        return KlApproximation.bytes(a);
    }

    /** A per-channel parameter ([C] or [1, C], maybe a view) into {@code into}. */
    private static void copy(INDArray a, float[] into) {
        System.arraycopy(a.castTo(DataType.FLOAT).reshape(a.length()).toFloatVector(), 0, into, 0, into.length);
    }
}
