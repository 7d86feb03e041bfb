package io.vdsweep.core.layers;

import java.nio.ByteBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Standard normal noise ε for the local reparameterization trick, one value per pre-activation, in SIMD lanes for
 * float arrays ({@link VectorNoise}). libnd4j's Gaussian generator took ~14% of a VGG-like Sparse VD step
 * (bench/README.md); here a counter-based hash gives the uniforms and the Box–Muller transform turns each pair into
 * two normals, z₀ = √(−2 ln u₁)·cos 2πu₂ into the first half of the array and z₁ = √(−2 ln u₁)·sin 2πu₂ into the
 * second.
 *
 * <p>Reproducible and still driven by ND4J's generator: each fill draws one 64-bit key from
 * {@code Nd4j.getRandom()}, which trainers seed per epoch and the parameter-averaging hooks carry between rounds, so
 * a trial's noise depends on its seeds exactly as before. The hash is Wellons' "lowbias32" integer finaliser of
 * (key, counter), whose output bits pass the usual avalanche tests: enough for noise injected into training.
 */
final class GaussianNoise {

    private static final double TWO_PI = 2 * Math.PI;
    /** 2^-24: 24 hash bits become a uniform in (0, 1) at the centre of its bucket, never 0 (ln 0). */
    static final double UNIT = 1.0 / (1 << 24);

    private GaussianNoise() {
    }

    /** Fills {@code out} (contiguous, float or double) with independent N(0, 1) values keyed by ND4J's generator. */
    static void fill(INDArray out) {
        fill(out, Nd4j.getRandom().nextLong());
    }

    static void fill(INDArray out, long key) {
        if (!(out.length() == 1 || out.elementWiseStride() == 1)) {     // any order: every element gets noise
            throw new IllegalArgumentException("noise needs a contiguous array, got " + out.shapeInfoToString());
        }
        long n = out.length();
        if (n > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("noise for more than 2^31 values at once: " + n);
        }
        int pairs = (int) (n / 2);
        int lo = (int) key;
        int hi = (int) (key >>> 32);
        ByteBuffer bytes = KlApproximation.bytes(out);
        int done = 0;
        if (VectorKl.applies(out)) {
            done = VectorNoise.fill(bytes, pairs, lo, hi);
        }
        boolean isFloat = out.dataType() == DataType.FLOAT;
        for (int i = done; i < pairs; i++) {
            double r = Math.sqrt(-2 * Math.log(uniform(lo, hi, 2 * i)));
            double angle = TWO_PI * uniform(lo, hi, 2 * i + 1);
            put(bytes, isFloat, i, r * Math.cos(angle));
            put(bytes, isFloat, pairs + i, r * Math.sin(angle));
        }
        if (n % 2 == 1) {   // an odd length: the last value from a pair of its own
            put(bytes, isFloat, 2 * pairs, Math.sqrt(-2 * Math.log(uniform(lo, hi, 2 * pairs)))
                    * Math.cos(TWO_PI * uniform(lo, hi, 2 * pairs + 1)));
        }
        KlApproximation.written(out);
    }

    /** The uniform number {@code counter} of the stream keyed by (lo, hi). */
    static double uniform(int lo, int hi, int counter) {
        return ((hash(counter ^ hi, lo) >>> 8) + 0.5) * UNIT;
    }

    /** lowbias32 of x, keyed: x + key first, so different keys give unrelated streams. */
    static int hash(int x, int key) {
        x += key;
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }

    private static void put(ByteBuffer bytes, boolean isFloat, int index, double value) {
        if (isFloat) {
            bytes.putFloat(index * Float.BYTES, (float) value);
        } else {
            bytes.putDouble(index * Double.BYTES, value);
        }
    }
}
