package io.vdsweep.core.layers;

import io.vdsweep.core.backend.NativeBackend;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The bulk of {@link KlApproximation}'s fused pass for float arrays, in SIMD lanes through the JDK's incubating
 * Vector API, whose log/exp/log1p run as vectorized SVML routines on x86. Used only when the JVM was started with
 * {@code --add-modules=jdk.incubator.vector} (bin/java17.args, conf/spark/*.conf); the classes of that module are
 * touched only after {@link #applies} found it, so a JVM without it never loads them and takes the scalar loop.
 * Handles the first {@link #bulk} elements; the caller does the rest.
 */
final class VectorKl {

    private static final boolean AVAILABLE = NativeBackend.vectorApi();

    private VectorKl() {
    }

    /** Whether the vector pass can take this array (float elements and the module present). */
    static boolean applies(INDArray a) {
        return AVAILABLE && a.dataType() == DataType.FLOAT;
    }

    /** How many leading elements of n the vector loop handles (whole vectors). */
    static int bulk(int n) {
        return Lanes.bulk(n);
    }

    static double additive(ByteBuffer theta, ByteBuffer sigma2, ByteBuffer gradTheta, ByteBuffer gradLogSigma2,
            int bulk, double clip, double scale) {
        return Lanes.additive(theta, sigma2, gradTheta, gradLogSigma2, bulk, clip, scale);
    }

    static double fromLogAlpha(ByteBuffer logAlpha, ByteBuffer gradLogAlpha, int bulk, double clip, double scale) {
        return Lanes.fromLogAlpha(logAlpha, gradLogAlpha, bulk, clip, scale);
    }

    /** The code that names Vector API classes, loaded on first use only. */
    private static final class Lanes {

        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        private static final ByteOrder ORDER = ByteOrder.nativeOrder();
        /** Vectors summed in float lanes before the partial sum moves into a double (precision over 10⁶ terms). */
        private static final int FLUSH = 64;

        static int bulk(int n) {
            return SPECIES.loopBound(n);
        }

        static double additive(ByteBuffer theta, ByteBuffer sigma2, ByteBuffer gradTheta, ByteBuffer gradLogSigma2,
                int bulk, double clip, double scale) {
            FloatVector lo = broadcast(Math.exp(-clip));
            FloatVector hi = broadcast(Math.exp(clip));
            FloatVector eps = broadcast(KlApproximation.EPS);
            FloatVector minusTwo = broadcast(-2);
            FloatVector lanes = FloatVector.zero(SPECIES);
            double total = 0;
            for (int i = 0, step = 1; i < bulk; i += SPECIES.length(), step++) {
                int at = i * Float.BYTES;
                FloatVector th = load(theta, at);
                FloatVector theta2 = th.fma(th, eps);
                FloatVector raw = theta2.div(load(sigma2, at));
                FloatVector e = raw.max(lo).min(hi);
                FloatVector s = sigmoidOfLogAlphaTerm(e);
                lanes = lanes.add(klWithoutConstant(e, s));
                if (step % FLUSH == 0) {
                    total += lanes.reduceLanes(VectorOperators.ADD);
                    lanes = FloatVector.zero(SPECIES);
                }
                if (gradTheta != null) {
                    VectorMask<Float> inside = raw.compare(VectorOperators.GT, lo)
                            .and(raw.compare(VectorOperators.LT, hi));
                    FloatVector d = derivative(e, s, scale).blend(0f, inside.not());
                    load(gradLogSigma2, at).add(d).intoByteBuffer(gradLogSigma2, at, ORDER);
                    d.mul(th).div(theta2).fma(minusTwo, load(gradTheta, at)).intoByteBuffer(gradTheta, at, ORDER);
                }
            }
            return total + lanes.reduceLanes(VectorOperators.ADD) + KlApproximation.K1 * bulk;
        }

        static double fromLogAlpha(ByteBuffer logAlpha, ByteBuffer gradLogAlpha, int bulk, double clip,
                double scale) {
            FloatVector lo = broadcast(-clip);
            FloatVector hi = broadcast(clip);
            FloatVector lanes = FloatVector.zero(SPECIES);
            double total = 0;
            for (int i = 0, step = 1; i < bulk; i += SPECIES.length(), step++) {
                int at = i * Float.BYTES;
                FloatVector raw = load(logAlpha, at);
                FloatVector e = raw.max(lo).min(hi).neg().lanewise(VectorOperators.EXP);
                FloatVector s = sigmoidOfLogAlphaTerm(e);
                lanes = lanes.add(klWithoutConstant(e, s));
                if (step % FLUSH == 0) {
                    total += lanes.reduceLanes(VectorOperators.ADD);
                    lanes = FloatVector.zero(SPECIES);
                }
                if (gradLogAlpha != null) {
                    VectorMask<Float> inside = raw.abs().compare(VectorOperators.LT, hi);
                    derivative(e, s, scale).blend(0f, inside.not()).add(load(gradLogAlpha, at))
                            .intoByteBuffer(gradLogAlpha, at, ORDER);
                }
            }
            return total + lanes.reduceLanes(VectorOperators.ADD) + KlApproximation.K1 * bulk;
        }

        /** σ(k2 + k3 log α) = 1/(1 + exp(k3·log e − k2)) at e = 1/α. */
        private static FloatVector sigmoidOfLogAlphaTerm(FloatVector e) {
            FloatVector u = e.lanewise(VectorOperators.LOG).mul((float) KlApproximation.K3)
                    .sub((float) KlApproximation.K2);
            return broadcast(1).div(u.lanewise(VectorOperators.EXP).add(1f));
        }

        /** KL − k1 = −k1·σ(u) + ½·log(1 + e). */
        private static FloatVector klWithoutConstant(FloatVector e, FloatVector s) {
            return e.lanewise(VectorOperators.LOG1P).mul(0.5f).sub(s.mul((float) KlApproximation.K1));
        }

        /** scale·dKL/dlog α = scale·(−k1 k3 σ(u)(1 − σ(u)) + ½ (1/(1 + e) − 1)). */
        private static FloatVector derivative(FloatVector e, FloatVector s, double scale) {
            FloatVector sigmoidTerm = s.sub(s.mul(s)).mul((float) (-KlApproximation.K1 * KlApproximation.K3 * scale));
            return broadcast(1).div(e.add(1f)).sub(1f).mul((float) (0.5 * scale)).add(sigmoidTerm);
        }

        private static FloatVector load(ByteBuffer b, int at) {
            return FloatVector.fromByteBuffer(SPECIES, b, at, ORDER);
        }

        private static FloatVector broadcast(double v) {
            return FloatVector.broadcast(SPECIES, (float) v);
        }
    }
}
