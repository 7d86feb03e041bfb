package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Molchanov approximation against the exact KL, computed independently by numerical integration: for
 * q = N(θ, αθ²) and the log-uniform prior, KL = −½ log α + E_{z~N(0,1)} log|1 + √α z| + C (Molchanov et al. 2017,
 * eq. 13). The approximation matches it up to the constant C, so exact − approx must be the same at every α.
 */
class KlApproximationTest {

    private static final double[] LOG_ALPHAS = {-6, -4, -2, -1, 0, 1, 2, 4, 6, 8};

    /** E log|1 + √α z|, z ~ N(0, 1), by the midpoint rule on both sides of the singularity at z = −1/√α. */
    static double expectedLogAbs(double alpha) {
        double sqrtAlpha = Math.sqrt(alpha);
        double singular = -1 / sqrtAlpha;
        double lo = -12;
        double hi = 12;
        double total = 0;
        for (double[] range : new double[][] {{lo, Math.max(lo, singular)}, {Math.min(hi, singular), hi}}) {
            int n = 400_000;
            double h = (range[1] - range[0]) / n;
            for (int i = 0; i < n; i++) {
                double z = range[0] + (i + 0.5) * h;
                double density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
                total += Math.log(Math.abs(1 + sqrtAlpha * z)) * density * h;
            }
        }
        return total;
    }

    static double exactKlUpToConstant(double logAlpha) {
        return -0.5 * logAlpha + expectedLogAbs(Math.exp(logAlpha));
    }

    @Test
    void matchesNumericallyIntegratedKlUpToAConstant() {
        double[] offsets = new double[LOG_ALPHAS.length];
        for (int i = 0; i < LOG_ALPHAS.length; i++) {
            offsets[i] = exactKlUpToConstant(LOG_ALPHAS[i]) - ScalarKl.kl(LOG_ALPHAS[i]);
        }
        double min = java.util.Arrays.stream(offsets).min().orElseThrow();
        double max = java.util.Arrays.stream(offsets).max().orElseThrow();
        // The paper's sigmoid fit is accurate to about 1e-2 across log α.
        assertTrue(max - min < 0.02, "offsets spread " + (max - min) + ": " + java.util.Arrays.toString(offsets));
    }

    @Test
    void limitsAndMonotonicity() {
        assertEquals(0.0, ScalarKl.kl(40), 1e-9, "KL vanishes as α → ∞ (C = −k1)");
        for (double la = -8; la < 8; la += 0.25) {
            assertTrue(ScalarKl.kl(la) > ScalarKl.kl(la + 0.25), "KL decreases in log α at " + la);
        }
    }

    @Test
    void derivativeMatchesFiniteDifferences() {
        for (double la : LOG_ALPHAS) {
            double h = 1e-5;
            double numeric = (ScalarKl.kl(la + h) - ScalarKl.kl(la - h)) / (2 * h);
            assertEquals(numeric, ScalarKl.klDerivative(la), 1e-8, "at log α = " + la);
        }
    }

    /** 37 entries: two 16-lane vectors and a scalar tail of 5 (or all scalar in double precision). */
    private static final int N = 37;

    @Test
    void testJvmHasTheVectorApiSoTheSimdPassIsCovered() {
        assertTrue(io.vdsweep.core.backend.NativeBackend.vectorApi(), "tests run with --add-modules=jdk.incubator.vector (bin/java17.args)");
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void logAlphaPassAddsScaledGradientsZeroInsideTheClip(DataType type) {
        double clip = 8;
        double scale = 3.0;
        double[] raw = new double[N];
        for (int i = 0; i < N; i++) {
            raw[i] = -11 + 22.0 * i / (N - 1);                          // covers both clipped ends
        }
        INDArray logAlpha = Nd4j.createFromArray(raw).castTo(type);
        INDArray gradient = Nd4j.valueArrayOf(new long[] {N}, 0.25, type);
        double kl = KlApproximation.fromLogAlpha(logAlpha, clip, scale, gradient);
        double expectedKl = 0;
        for (int i = 0; i < N; i++) {
            double la = logAlpha.getDouble(i);
            expectedKl += ScalarKl.kl(Math.max(-clip, Math.min(clip, la)));
            double expected = 0.25 + (Math.abs(la) < clip ? scale * ScalarKl.klDerivative(la) : 0.0);
            assertEquals(expected, gradient.getDouble(i), tolerance(type), type + " at log α = " + la);
        }
        assertEquals(expectedKl, kl, tolerance(type) * N, type.toString());
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void additivePassMapsTheGradientOntoThetaAndLogSigma2(DataType type) {
        double clip = 8;
        double scale = 0.5;
        Nd4j.getRandom().setSeed(7);
        INDArray theta = Nd4j.randn(DataType.DOUBLE, 1, N).muli(0.3).castTo(type);
        theta.putScalar(3, 0.0);                                          // θ = 0: log α = log σ² − log ε, clipped
        INDArray logSigma2 = Nd4j.rand(DataType.DOUBLE, 1, N).muli(16).subi(12).castTo(type);
        INDArray sigma2 = org.nd4j.linalg.ops.transforms.Transforms.exp(logSigma2, true);
        INDArray gradTheta = Nd4j.valueArrayOf(new long[] {1, N}, -0.5, type);
        INDArray gradLogSigma2 = Nd4j.valueArrayOf(new long[] {1, N}, 1.5, type);
        double kl = KlApproximation.additive(theta, sigma2, clip, scale, gradTheta, gradLogSigma2);
        double expectedKl = 0;
        int clipped = 0;
        for (int i = 0; i < N; i++) {
            double th = theta.getDouble(i);
            double la = Math.log(sigma2.getDouble(i)) - Math.log(th * th + KlApproximation.EPS);
            expectedKl += ScalarKl.kl(Math.max(-clip, Math.min(clip, la)));
            double d = Math.abs(la) < clip ? scale * ScalarKl.klDerivative(la) : 0.0;
            clipped += Math.abs(la) < clip ? 0 : 1;
            double tol = tolerance(type) * Math.max(1, Math.abs(2 * th / (th * th + KlApproximation.EPS)));
            assertEquals(1.5 + d, gradLogSigma2.getDouble(i), tolerance(type), type + " dlog σ² at " + i);
            assertEquals(-0.5 - 2 * th / (th * th + KlApproximation.EPS) * d, gradTheta.getDouble(i), tol,
                    type + " dθ at " + i);
        }
        assertTrue(clipped > 0 && clipped < N, "the case covers clipped and unclipped weights: " + clipped);
        assertEquals(expectedKl, kl, tolerance(type) * N, type.toString());
    }

    @Test
    void withoutGradientsOnlyTheKlIsComputed() {
        INDArray logAlpha = Nd4j.linspace(-4, 4, N, DataType.FLOAT);
        double withGradient = KlApproximation.fromLogAlpha(logAlpha, 8, 1.0, Nd4j.zeros(DataType.FLOAT, N));
        assertEquals(withGradient, KlApproximation.fromLogAlpha(logAlpha, 8, 1.0, null), 1e-6);
    }

    /**
     * The first call runs in the interpreter, the later ones compiled by C1 and C2: the same weights must give the
     * same KL and gradients to the last bit in every tier, or two runs of one seed drift apart.
     */
    @Test
    void theSimdPassGivesTheSameBitsInEveryJitTier() {
        Nd4j.getRandom().setSeed(11);
        INDArray theta = Nd4j.randn(DataType.FLOAT, 64, 64).muli(0.3);
        INDArray sigma2 = org.nd4j.linalg.ops.transforms.Transforms.exp(
                Nd4j.rand(DataType.FLOAT, 64, 64).muli(20).subi(15), true);
        INDArray coldGradTheta = Nd4j.zeros(DataType.FLOAT, 64, 64);
        INDArray coldGradLogSigma2 = Nd4j.zeros(DataType.FLOAT, 64, 64);
        double cold = KlApproximation.additive(theta, sigma2, 8, 1.0, coldGradTheta, coldGradLogSigma2);
        for (int call = 0; call < 3_000; call++) {
            INDArray gradTheta = Nd4j.zeros(DataType.FLOAT, 64, 64);
            INDArray gradLogSigma2 = Nd4j.zeros(DataType.FLOAT, 64, 64);
            double hot = KlApproximation.additive(theta, sigma2, 8, 1.0, gradTheta, gradLogSigma2);
            if (call % 500 == 499) {
                assertEquals(cold, hot, 0.0, "KL at call " + call);
                assertEquals(coldGradTheta, gradTheta, "dθ at call " + call);
                assertEquals(coldGradLogSigma2, gradLogSigma2, "dlog σ² at call " + call);
            }
        }
    }

    /** The lane-wise log, log1p and exp against Math across the whole range the KL pass feeds them. */
    @Test
    void laneLogAndExpAreWithinAFewUlps() {
        float[] xs = new float[4096];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) Math.exp(-20 + 40.0 * i / (xs.length - 1));
        }
        float[] log = lanewise(xs, VectorKl.Lanes::log);
        float[] log1p = lanewise(xs, VectorKl.Lanes::log1p);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(Math.log(xs[i]), log[i], 2.5 * Math.ulp((float) Math.log(xs[i])) + 1e-7, "log " + xs[i]);
            assertEquals(Math.log1p(xs[i]), log1p[i], 2.5 * Math.ulp((float) Math.log1p(xs[i])), "log1p " + xs[i]);
        }
        float[] args = new float[4096];
        for (int i = 0; i < args.length; i++) {
            args[i] = -87 + 175f * i / (args.length - 1);
        }
        float[] exp = lanewise(args, VectorKl.Lanes::exp);
        for (int i = 0; i < args.length; i++) {
            assertEquals(Math.exp(args[i]), exp[i], 2.5 * Math.ulp((float) Math.exp(args[i])), "exp " + args[i]);
        }
    }

    /** σ² = exp(log σ²) of whole arrays: lanes and the scalar tail within a few ulp, other types through ND4J. */
    @Test
    void arrayExpMatchesMathOnFloatsAndNd4jOnDoubles() {
        INDArray in = Nd4j.linspace(-30, 12, 1003, DataType.FLOAT);        // 1,003: whole vectors and a tail
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 1003);
        VectorKl.exp(in, out);
        for (int i = 0; i < 1003; i++) {
            double expected = Math.exp(in.getFloat(i));
            assertEquals(expected, out.getFloat(i), 2.5 * Math.ulp((float) expected), "exp " + in.getFloat(i));
        }
        INDArray doubles = in.castTo(DataType.DOUBLE);
        INDArray viaNd4j = Nd4j.createUninitialized(DataType.DOUBLE, 1003);
        VectorKl.exp(doubles, viaNd4j);
        assertEquals(Transforms.exp(doubles, true), viaNd4j);
    }

    private static float[] lanewise(float[] xs, java.util.function.UnaryOperator<FloatVector> f) {
        float[] out = new float[xs.length];
        VectorSpecies<Float> species = FloatVector.SPECIES_PREFERRED;
        for (int i = 0; i < xs.length; i += species.length()) {
            f.apply(FloatVector.fromArray(species, xs, i)).intoArray(out, i);
        }
        return out;
    }

    private static double tolerance(DataType type) {
        return type == DataType.DOUBLE ? 1e-9 : 2e-5;
    }
}
