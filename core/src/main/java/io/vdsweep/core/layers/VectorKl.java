package io.vdsweep.core.layers;

import io.vdsweep.core.backend.NativeBackend;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bulk of {@link KlApproximation}'s fused pass for float arrays, in SIMD lanes through the JDK's incubating
 * Vector API. log and exp are our own Cephes-style polynomials built from lane-wise add, multiply, fma and bit
 * operations, which IEEE 754 defines exactly: the Vector API's own {@code LOG}/{@code EXP} may differ in the last bit
 * between the interpreter and the JIT tiers, which made two runs of one seed drift apart. Partial sums leave the lanes
 * in a fixed order for the same reason ({@code reduceLanes(ADD)} leaves the order open). Used only when the JVM was
 * started with
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

    /**
     * out = exp(in) elementwise, in SIMD lanes where the arrays allow (floats in host memory, one contiguous layout),
     * else by ND4J. The additive posterior's σ² = exp(log σ²) went through libm's expf one element at a time (5% of a
     * LeNet-300-100 Sparse VD step); the lanes use {@link Lanes#exp}, within ~1 ulp of it (below e^−87 it gives
     * e^−87 where expf gives a denormal or 0).
     */
    static void exp(INDArray in, INDArray out) {
        boolean lanes = applies(in) && HostArrays.cpu() && in.length() == out.length() && in.dataType() == out.dataType()
                && in.elementWiseStride() == 1 && out.elementWiseStride() == 1 && in.ordering() == out.ordering()
                && in.length() <= Integer.MAX_VALUE / Float.BYTES;
        if (!lanes) {
            Nd4j.exec(new Exp(in, out));
            return;
        }
        int n = (int) in.length();
        ByteBuffer x = KlApproximation.bytes(in);
        ByteBuffer y = KlApproximation.bytes(out);
        int bulk = Lanes.expInto(x, y, n);
        for (int i = bulk; i < n; i++) {
            y.putFloat(i * Float.BYTES, (float) Math.exp(x.getFloat(i * Float.BYTES)));
        }
        KlApproximation.written(out);
    }

    /** The code that names Vector API classes, loaded on first use only. */
    static final class Lanes {

        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        private static final ByteOrder ORDER = ByteOrder.nativeOrder();
        /** Vectors summed in float lanes before the partial sum moves into a double (precision over 10⁶ terms). */
        private static final int FLUSH = 64;
        private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);
        private static final float SQRT_HALF = 0.707106781186547524f;
        private static final float LOG2E = 1.44269504088896341f;
        /** 1.5·2²³: adding it rounds to an integer, which then sits in the low mantissa bits. */
        private static final float ROUNDER = 12582912f;
        private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
        /** Cephes logf coefficients after the leading one, highest degree first. */
        private static final float[] LOG_POLY = {-1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f,
            1.4249322787E-1f, -1.6668057665E-1f, 2.0000714765E-1f, -2.4999993993E-1f, 3.3333331174E-1f};
        /** Cephes expf coefficients after the leading one, highest degree first. */
        private static final float[] EXP_POLY = {1.3981999507E-3f, 8.3334519073E-3f, 4.1665795894E-2f,
            1.6666665459E-1f, 5.0000001201E-1f};

        static int bulk(int n) {
            return SPECIES.loopBound(n);
        }

        /**
         * The additive form's pass as loops over the whole array with at most one transcendental each (e; log e;
         * σ(u); the KL sum with log(1 + e); the gradients), e and s kept in scratch arrays between them. As one loop
         * doing everything, the inlined Vector API calls of two polynomials already passed C2's inlining budget
         * (NodeCountInliningCutoff), so our small helpers stayed calls that box every vector they return: that
         * boxing took a third of a LeNet-300-100 Sparse VD step. Each loop is a method compiled on its own (its
         * loop makes it hot long before its caller); loops per block called from a loop over blocks were inlined
         * back into one unit and boxed again. The arithmetic and the order of the partial sums are those of the one
         * loop, so results are unchanged to the bit.
         */
        static double additive(ByteBuffer theta, ByteBuffer sigma2, ByteBuffer gradTheta, ByteBuffer gradLogSigma2,
                int bulk, double clip, double scale) {
            Scratch scratch = Scratch.of(bulk);
            float lo = (float) Math.exp(-clip);
            float hi = (float) Math.exp(clip);
            additiveRatios(theta, sigma2, bulk, lo, hi, scratch);
            logs(scratch, bulk);
            sigmoidsOfLogs(scratch, bulk);
            double kl = klSum(scratch, bulk);
            if (gradTheta != null) {
                additiveGradients(theta, sigma2, gradTheta, gradLogSigma2, bulk, lo, hi, scale, scratch);
            }
            return kl + KlApproximation.K1 * bulk;
        }

        static double fromLogAlpha(ByteBuffer logAlpha, ByteBuffer gradLogAlpha, int bulk, double clip,
                double scale) {
            Scratch scratch = Scratch.of(bulk);
            logAlphaRatios(logAlpha, bulk, (float) clip, scratch);
            logs(scratch, bulk);
            sigmoidsOfLogs(scratch, bulk);
            double kl = klSum(scratch, bulk);
            if (gradLogAlpha != null) {
                logAlphaGradients(logAlpha, gradLogAlpha, bulk, (float) clip, scale, scratch);
            }
            return kl + KlApproximation.K1 * bulk;
        }

        /** e = 1/α and s = σ(u) of one pass, per thread (executors run several trials in one JVM), grown as needed. */
        private static final class Scratch {
            private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(() -> new Scratch(0));
            final float[] e;
            final float[] s;

            private Scratch(int size) {
                e = new float[size];
                s = new float[size];
            }

            static Scratch of(int size) {
                Scratch scratch = PER_THREAD.get();
                if (scratch.e.length < size) {
                    scratch = new Scratch(size);
                    PER_THREAD.set(scratch);
                }
                return scratch;
            }
        }

        /** e = (θ² + ε)/σ² clipped to [lo, hi]. */
        private static void additiveRatios(ByteBuffer theta, ByteBuffer sigma2, int bulk, float lo, float hi,
                Scratch out) {
            FloatVector eps = FloatVector.broadcast(SPECIES, (float) KlApproximation.EPS);
            for (int i = 0; i < bulk; i += SPECIES.length()) {
                FloatVector th = load(theta, i * Float.BYTES);
                th.fma(th, eps).div(load(sigma2, i * Float.BYTES)).max(lo).min(hi).intoArray(out.e, i);
            }
        }

        /** e = exp(−log α clipped to ±clip). */
        private static void logAlphaRatios(ByteBuffer logAlpha, int bulk, float clip, Scratch out) {
            for (int i = 0; i < bulk; i += SPECIES.length()) {
                exp(load(logAlpha, i * Float.BYTES).max(-clip).min(clip).neg()).intoArray(out.e, i);
            }
        }

        /** s = log e, the first half of σ(u) (one transcendental per loop, see {@link #additive}). */
        private static void logs(Scratch sc, int bulk) {
            for (int i = 0; i < bulk; i += SPECIES.length()) {
                log(FloatVector.fromArray(SPECIES, sc.e, i)).intoArray(sc.s, i);
            }
        }

        /** s = σ(u) = σ(k2 + k3 log α) = 1/(1 + exp(k3·log e − k2)), from s = log e. */
        private static void sigmoidsOfLogs(Scratch sc, int bulk) {
            for (int i = 0; i < bulk; i += SPECIES.length()) {
                FloatVector u = FloatVector.fromArray(SPECIES, sc.s, i).mul((float) KlApproximation.K3)
                        .sub((float) KlApproximation.K2);
                ONE.div(exp(u).add(1f)).intoArray(sc.s, i);
            }
        }

        /** y = exp(x) for the whole vectors of n; returns how many elements that was. */
        static int expInto(ByteBuffer x, ByteBuffer y, int n) {
            int bulk = SPECIES.loopBound(n);
            for (int i = 0; i < bulk; i += SPECIES.length()) {
                exp(load(x, i * Float.BYTES)).intoByteBuffer(y, i * Float.BYTES, ORDER);
            }
            return bulk;
        }

        /** Σ (KL − k1): float lanes, moved into a double every FLUSH vectors in lane order. */
        private static double klSum(Scratch in, int bulk) {
            FloatVector lanes = FloatVector.zero(SPECIES);
            double total = 0;
            for (int i = 0, step = 1; i < bulk; i += SPECIES.length(), step++) {
                lanes = lanes.add(klWithoutConstant(FloatVector.fromArray(SPECIES, in.e, i),
                        FloatVector.fromArray(SPECIES, in.s, i)));
                if (step % FLUSH == 0) {
                    total += sum(lanes);
                    lanes = FloatVector.zero(SPECIES);
                }
            }
            return total + sum(lanes);
        }

        /** dlog σ² += d, dθ += −2θ/(θ² + ε)·d, d = scale·dKL/dlog α where the clip is not active. */
        private static void additiveGradients(ByteBuffer theta, ByteBuffer sigma2, ByteBuffer gradTheta,
                ByteBuffer gradLogSigma2, int bulk, float lo, float hi, double scale, Scratch in) {
            FloatVector eps = FloatVector.broadcast(SPECIES, (float) KlApproximation.EPS);
            FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
            for (int i = 0; i < bulk; i += SPECIES.length()) {
                int at = i * Float.BYTES;
                FloatVector th = load(theta, at);
                FloatVector theta2 = th.fma(th, eps);
                FloatVector raw = theta2.div(load(sigma2, at));
                VectorMask<Float> inside = raw.compare(VectorOperators.GT, lo).and(raw.compare(VectorOperators.LT, hi));
                FloatVector d = derivative(FloatVector.fromArray(SPECIES, in.e, i),
                        FloatVector.fromArray(SPECIES, in.s, i), scale).blend(0f, inside.not());
                load(gradLogSigma2, at).add(d).intoByteBuffer(gradLogSigma2, at, ORDER);
                d.mul(th).div(theta2).fma(minusTwo, load(gradTheta, at)).intoByteBuffer(gradTheta, at, ORDER);
            }
        }

        /** dlog α += scale·dKL/dlog α where |log α| &lt; clip. */
        private static void logAlphaGradients(ByteBuffer logAlpha, ByteBuffer gradLogAlpha, int bulk, float clip,
                double scale, Scratch in) {
            for (int i = 0; i < bulk; i += SPECIES.length()) {
                int at = i * Float.BYTES;
                VectorMask<Float> inside = load(logAlpha, at).abs().compare(VectorOperators.LT, clip);
                derivative(FloatVector.fromArray(SPECIES, in.e, i), FloatVector.fromArray(SPECIES, in.s, i), scale)
                        .blend(0f, inside.not()).add(load(gradLogAlpha, at)).intoByteBuffer(gradLogAlpha, at, ORDER);
            }
        }

        /** KL − k1 = −k1·σ(u) + ½·log(1 + e). */
        private static FloatVector klWithoutConstant(FloatVector e, FloatVector s) {
            return log1p(e).mul(0.5f).sub(s.mul((float) KlApproximation.K1));
        }

        /** scale·dKL/dlog α = scale·(−k1 k3 σ(u)(1 − σ(u)) + ½ (1/(1 + e) − 1)). */
        private static FloatVector derivative(FloatVector e, FloatVector s, double scale) {
            FloatVector sigmoidTerm = s.sub(s.mul(s)).mul((float) (-KlApproximation.K1 * KlApproximation.K3 * scale));
            return ONE.div(e.add(1f)).sub(1f).mul((float) (0.5 * scale)).add(sigmoidTerm);
        }

        /**
         * Natural log of positive normal floats (every e here is at least e^(−clip)), within ~1 ulp: x = m·2^k with
         * m in [√½, √2), log x = k·ln 2 + log m, log(1 + f) by Cephes' degree-9 polynomial in f = m − 1.
         */
        static FloatVector log(FloatVector x) {
            IntVector bits = x.reinterpretAsInts();
            IntVector exponent = bits.lanewise(VectorOperators.LSHR, 23).sub(126);
            FloatVector m = bits.and(0x807FFFFF).or(0x3F000000).reinterpretAsFloats();      // [½, 1)
            VectorMask<Float> small = m.compare(VectorOperators.LT, SQRT_HALF);
            FloatVector k = ((FloatVector) exponent.convert(VectorOperators.I2F, 0))
                    .sub(ONE.blend(0f, small.not()));
            FloatVector f = m.add(m.blend(0f, small.not())).sub(1f);                         // m − 1 or 2m − 1
            FloatVector z = f.mul(f);
            FloatVector y = FloatVector.broadcast(SPECIES, 7.0376836292E-2f);
            for (float c : LOG_POLY) {
                y = y.fma(f, FloatVector.broadcast(SPECIES, c));
            }
            y = y.mul(f).mul(z).add(k.mul(-2.12194440e-4f)).add(z.mul(-0.5f));
            return f.add(y).add(k.mul(0.693359375f));
        }

        /** log(1 + x) = log u − ((u − 1) − x)/u with u = 1 + x rounded: the rounding of u corrected to first order. */
        static FloatVector log1p(FloatVector x) {
            FloatVector u = x.add(1f);
            return log(u).sub(u.sub(1f).sub(x).div(u));
        }

        /**
         * e^x within ~1 ulp for x in [−87, 88] (clamped there): x = n·ln 2 + r with n rounded to nearest by adding
         * and removing 1.5·2²³, e^r by Cephes' degree-6 polynomial, 2^n built in the exponent bits.
         */
        static FloatVector exp(FloatVector x) {
            FloatVector clamped = x.max(-87f).min(88f);
            FloatVector shifted = clamped.fma(FloatVector.broadcast(SPECIES, LOG2E),
                    FloatVector.broadcast(SPECIES, ROUNDER));
            FloatVector n = shifted.sub(ROUNDER);
            FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -0.693359375f), clamped).sub(n.mul(-2.12194440e-4f));
            FloatVector p = FloatVector.broadcast(SPECIES, 1.9875691500E-4f);
            for (float c : EXP_POLY) {
                p = p.fma(r, FloatVector.broadcast(SPECIES, c));
            }
            FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
            IntVector twoToN = shifted.reinterpretAsInts().sub(ROUNDER_BITS).add(127)
                    .lanewise(VectorOperators.LSHL, 23);
            return er.mul(twoToN.reinterpretAsFloats());
        }

        /** Lanes summed in index order, in double. */
        private static double sum(FloatVector lanes) {
            float[] values = lanes.toArray();
            double total = 0;
            for (float v : values) {
                total += v;
            }
            return total;
        }

        private static FloatVector load(ByteBuffer b, int at) {
            return FloatVector.fromByteBuffer(SPECIES, b, at, ORDER);
        }
    }
}
