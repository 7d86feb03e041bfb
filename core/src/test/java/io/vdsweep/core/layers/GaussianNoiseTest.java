package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The noise is standard normal, independent from value to value, and a function of its key only. */
class GaussianNoiseTest {

    private static final int N = 1_000_001;     // odd: the last value comes from a pair of its own

    private static double[] noise(DataType type, long key) {
        INDArray a = Nd4j.create(type, 1, N);
        GaussianNoise.fill(a, key);
        return a.toDoubleVector();
    }

    @Test
    void momentsTailsAndNeighboursAreThoseOfIndependentStandardNormals() {
        double[] z = noise(DataType.FLOAT, 42);
        double mean = Arrays.stream(z).average().orElseThrow();
        double var = Arrays.stream(z).map(v -> (v - mean) * (v - mean)).sum() / N;
        double kurtosis = Arrays.stream(z).map(v -> Math.pow(v - mean, 4)).sum() / N / (var * var);
        double beyond2 = Arrays.stream(z).filter(v -> Math.abs(v) > 2).count() / (double) N;
        double beyond3 = Arrays.stream(z).filter(v -> Math.abs(v) > 3).count() / (double) N;
        // standard errors at n = 10^6: mean 0.001, variance 0.0014, kurtosis 0.005, P(|z| > 2) 0.0002
        assertEquals(0, mean, 0.005);
        assertEquals(1, var, 0.007);
        assertEquals(3, kurtosis, 0.03);
        assertEquals(0.0455, beyond2, 0.001);
        assertEquals(0.0027, beyond3, 0.0003);
        double lag1 = 0;
        double halves = 0;
        for (int i = 0; i + 1 < N; i++) {
            lag1 += z[i] * z[i + 1];
        }
        for (int i = 0; i < N / 2; i++) {
            halves += z[i] * z[N / 2 + i];   // the cos and sin of one pair
        }
        assertEquals(0, lag1 / N, 0.005, "neighbours uncorrelated");
        assertEquals(0, halves / (N / 2), 0.007, "the two values of a pair uncorrelated");
        assertTrue(Arrays.stream(z).allMatch(Double::isFinite));
    }

    @Test
    void theKeyAloneDecidesTheNoiseAndTheSimdAndScalarPathsAgree() {
        double[] floats = noise(DataType.FLOAT, 7);
        assertArrayEquals(floats, noise(DataType.FLOAT, 7), "same key, same noise");
        assertFalse(Arrays.equals(floats, noise(DataType.FLOAT, 8)), "another key, other noise");
        double[] doubles = noise(DataType.DOUBLE, 7);      // the scalar loop
        for (int i = 0; i < N; i++) {
            assertEquals(doubles[i], floats[i], 2e-5 * Math.max(1, Math.abs(doubles[i])), "value " + i);
        }
    }

    @Test
    void eachFillDrawsItsKeyFromNd4jsGenerator() {
        Nd4j.getRandom().setSeed(3);
        INDArray first = Nd4j.create(DataType.FLOAT, 5, 40);
        INDArray second = Nd4j.create(DataType.FLOAT, 5, 40);
        GaussianNoise.fill(first);
        GaussianNoise.fill(second);
        assertFalse(first.equals(second), "two fills, two keys");
        Nd4j.getRandom().setSeed(3);
        INDArray again = Nd4j.create(DataType.FLOAT, 5, 40);
        GaussianNoise.fill(again);
        assertEquals(first, again, "the generator's seed decides");
    }

    /** The first fill runs in the interpreter, later ones compiled: one key must give the same bits in every tier. */
    @Test
    void theSimdNoiseGivesTheSameBitsInEveryJitTier() {
        INDArray cold = Nd4j.create(DataType.FLOAT, 64, 64);
        GaussianNoise.fill(cold, 99);
        for (int call = 0; call < 3_000; call++) {
            INDArray hot = Nd4j.create(DataType.FLOAT, 64, 64);
            GaussianNoise.fill(hot, 99);
            if (call % 500 == 499) {
                assertEquals(cold, hot, "noise at call " + call);
            }
        }
    }

    /** The lane-wise sin and cos against Math over the whole (−π, π) the transform feeds them. */
    @Test
    void laneSinCosAreWithinAFewUlps() {
        jdk.incubator.vector.VectorSpecies<Float> species = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        float[] t = new float[4096];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) (-Math.PI + 2 * Math.PI * (i + 0.5) / t.length);
        }
        float[] sin = new float[t.length];
        float[] cos = new float[t.length];
        for (int i = 0; i < t.length; i += species.length()) {
            jdk.incubator.vector.FloatVector[] sc = VectorNoise.sinCos(
                    jdk.incubator.vector.FloatVector.fromArray(species, t, i));
            sc[0].intoArray(sin, i);
            sc[1].intoArray(cos, i);
        }
        for (int i = 0; i < t.length; i++) {
            assertEquals(Math.sin(t[i]), sin[i], 2.5e-7, "sin " + t[i]);
            assertEquals(Math.cos(t[i]), cos[i], 2.5e-7, "cos " + t[i]);
        }
    }
}
