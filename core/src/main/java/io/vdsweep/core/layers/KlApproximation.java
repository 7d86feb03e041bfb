package io.vdsweep.core.layers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Molchanov et al. 2017, eq. 14: the KL divergence from q(w) = N(θ, αθ²) to the log-uniform prior, per weight and up
 * to an additive constant, approximated as
 * {@code KL(log α) ≈ k1 − k1·σ(k2 + k3·log α) + ½·log(1 + e^(−log α))}
 * with k1 = 0.63576, k2 = 1.87320, k3 = 1.48695. It is 0 as α → ∞ and grows as α → 0.
 *
 * <p>The KL and its gradient are computed in one fused pass over the weights, which reads each parameter once and
 * adds the gradient straight into the gradient views. Written as a chain of ND4J operations the same math took
 * about 25 passes over the weights, each a separate native call, and a third of a LeNet-300-100 Sparse VD step
 * (bench/README.md). The pass works on e = 1/α = exp(−log α), which the additive form gets without a transcendental
 * (e = (θ² + ε)/σ², with σ² from the forward pass); clipping log α to ±clip is clipping e to [e^(−clip), e^clip], and
 * the gradient is 0 where the clip is active (the clipped value has no gradient there).
 *
 * <p>Float arrays go through {@link VectorKl} (SIMD lanes, SVML transcendentals) when the JVM runs with
 * {@code --add-modules=jdk.incubator.vector}; double arrays (gradient checks), the last few elements and JVMs without
 * that module take the scalar loop here.
 */
public final class KlApproximation {

    public static final double K1 = 0.63576;
    public static final double K2 = 1.87320;
    public static final double K3 = 1.48695;
    /** Keeps log θ² finite at θ = 0 (the authors' code). */
    static final double EPS = 1e-8;

    private KlApproximation() {
    }

    /**
     * The KL of the additive form summed over its weights, log α = log σ² − log(θ² + ε); when the gradient views are
     * not null, adds {@code scale}·dKL/dlog σ² and {@code scale}·dKL/dθ = scale·dKL/dlog α·(−2θ/(θ² + ε)) to them.
     * {@code sigma2} is σ² = exp(log σ²).
     */
    static double additive(INDArray theta, INDArray sigma2, double clip, double scale, INDArray gradTheta,
            INDArray gradLogSigma2) {
        boolean withGradient = gradTheta != null;
        INDArray[] arrays = withGradient ? new INDArray[] {theta, sigma2, gradTheta, gradLogSigma2}
                : new INDArray[] {theta, sigma2};
        checkElementwise(arrays);
        int n = (int) theta.length();
        int bulk = 0;
        double kl = 0;
        if (VectorKl.applies(theta)) {
            bulk = VectorKl.bulk(n);
            kl = VectorKl.additive(bytes(theta), bytes(sigma2), withGradient ? bytes(gradTheta) : null,
                    withGradient ? bytes(gradLogSigma2) : null, bulk, clip, scale);
        }
        Elements t = Elements.of(theta);
        Elements s2 = Elements.of(sigma2);
        Elements gT = withGradient ? Elements.of(gradTheta) : null;
        Elements gS = withGradient ? Elements.of(gradLogSigma2) : null;
        double lo = Math.exp(-clip);
        double hi = Math.exp(clip);
        for (int i = bulk; i < n; i++) {
            double th = t.get(i);
            double theta2 = th * th + EPS;
            double raw = theta2 / s2.get(i);
            double e = Math.min(hi, Math.max(lo, raw));
            double s = sigmoidTerm(e);
            kl += kl(e, s);
            if (withGradient && raw > lo && raw < hi) {
                double d = scale * derivative(e, s);
                gS.add(i, d);
                gT.add(i, -2 * th / theta2 * d);
            }
        }
        written(gradTheta, gradLogSigma2);
        return kl;
    }

    /**
     * The KL summed over the entries of a log α parameter (each entry counted once; callers multiply by the weights
     * sharing an entry) and, when {@code gradLogAlpha} is not null, adds {@code scale}·dKL/dlog α to it.
     */
    static double fromLogAlpha(INDArray logAlpha, double clip, double scale, INDArray gradLogAlpha) {
        boolean withGradient = gradLogAlpha != null;
        checkElementwise(withGradient ? new INDArray[] {logAlpha, gradLogAlpha} : new INDArray[] {logAlpha});
        int n = (int) logAlpha.length();
        int bulk = 0;
        double kl = 0;
        if (VectorKl.applies(logAlpha)) {
            bulk = VectorKl.bulk(n);
            kl = VectorKl.fromLogAlpha(bytes(logAlpha), withGradient ? bytes(gradLogAlpha) : null, bulk, clip, scale);
        }
        Elements la = Elements.of(logAlpha);
        Elements g = withGradient ? Elements.of(gradLogAlpha) : null;
        for (int i = bulk; i < n; i++) {
            double raw = la.get(i);
            double e = Math.exp(-Math.max(-clip, Math.min(clip, raw)));
            double s = sigmoidTerm(e);
            kl += kl(e, s);
            if (withGradient && Math.abs(raw) < clip) {
                g.add(i, scale * derivative(e, s));
            }
        }
        written(gradLogAlpha);
        return kl;
    }

    /** σ(u), u = k2 + k3·log α, at e = 1/α: 1/(1 + exp(k3·log e − k2)). */
    private static double sigmoidTerm(double e) {
        return 1 / (1 + Math.exp(K3 * Math.log(e) - K2));
    }

    /** KL at e = 1/α given s = σ(u): k1 − k1·s + ½·log(1 + e) (e ≥ e^(−clip), so log(1 + e) keeps its digits). */
    private static double kl(double e, double s) {
        return K1 - K1 * s + 0.5 * Math.log(1 + e);
    }

    /** dKL/dlog α at e = 1/α given s = σ(u): −k1 k3 s(1 − s) − ½ σ(−log α) = −k1 k3 s(1 − s) + ½ (1/(1 + e) − 1). */
    private static double derivative(double e, double s) {
        return -K1 * K3 * s * (1 - s) + 0.5 * (1 / (1 + e) - 1);
    }

    /** The arrays are walked by linear index: they must share shape and 'c' layout without gaps. */
    /** The pass walks raw buffers: element k of each must be the same weight (one order, contiguous, one shape). */
    private static void checkElementwise(INDArray[] arrays) {
        for (INDArray a : arrays) {
            boolean contiguous = a.length() == 1
                    || a.ordering() == arrays[0].ordering() && a.elementWiseStride() == 1;
            if (!contiguous || !a.equalShapes(arrays[0])
                    || a.dataType() != arrays[0].dataType()) {
                throw new IllegalArgumentException("KL pass needs contiguous arrays of one order, shape and type, "
                        + "got " + a.shapeInfoToString());
            }
        }
    }

    /**
     * The array's host-memory elements as bytes in native order (views start at their own first element). On a GPU
     * backend the host copy is brought up to date first; a caller that writes through the buffer calls
     * {@link #written} after.
     */
    static ByteBuffer bytes(INDArray a) {
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        return new BytePointer(a.data().addressPointer()).capacity(a.length() * a.data().getElementSize())
                .asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /** Marks arrays written through {@link #bytes} as changed on the host (a GPU backend then copies them over). */
    static void written(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null) {
                Nd4j.getAffinityManager().tagLocation(a, AffinityManager.Location.HOST);
            }
        }
    }

    /** Element access for the scalar loop, float or double. */
    private interface Elements {

        double get(int i);

        void add(int i, double v);

        static Elements of(INDArray a) {
            ByteBuffer b = bytes(a);
            if (a.dataType() == DataType.FLOAT) {
                java.nio.FloatBuffer f = b.asFloatBuffer();
                return new Elements() {
                    public double get(int i) {
                        return f.get(i);
                    }

                    public void add(int i, double v) {
                        f.put(i, (float) (f.get(i) + v));
                    }
                };
            }
            if (a.dataType() == DataType.DOUBLE) {
                java.nio.DoubleBuffer d = b.asDoubleBuffer();
                return new Elements() {
                    public double get(int i) {
                        return d.get(i);
                    }

                    public void add(int i, double v) {
                        d.put(i, d.get(i) + v);
                    }
                };
            }
            throw new IllegalArgumentException("KL pass supports FLOAT and DOUBLE, not " + a.dataType());
        }
    }
}
