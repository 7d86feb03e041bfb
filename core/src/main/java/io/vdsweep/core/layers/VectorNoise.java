package io.vdsweep.core.layers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GaussianNoise} for float arrays in SIMD lanes (the same hash and transform, lane by lane, in float); loaded
 * only when {@link VectorKl#applies} found the Vector API. log is {@link VectorKl.Lanes#log} and sin/cos are Cephes
 * polynomials after a Cody–Waite reduction, all built from IEEE-exact lane operations, so one key gives the same
 * noise in every JIT tier (the Vector API's own LOG/SIN/COS do not). Returns how many pairs it filled; the caller
 * does the rest.
 */
final class VectorNoise {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** π/2 in three floats (Cephes' DP1..DP3 scaled by 2): j·PIO2_1 and j·PIO2_2 are exact for |j| ≤ 2. */
    private static final float PIO2_1 = 1.5703125f;
    private static final float PIO2_2 = 4.837512969970703125E-4f;
    private static final float PIO2_3 = 7.54978995489188216E-8f;

    private VectorNoise() {
    }

    /**
     * Fills the first {@link #fill returned} pairs in two loops, each a method compiled on its own: the radius
     * √(−2 log u₁) and angle 2π(u₂ − ½) go into the output first, then become the two normals. As one loop, log and
     * sin/cos passed C2's inlining budget and the calls left outside boxed their vectors (as in
     * {@link VectorKl.Lanes#additive}); the arithmetic is the same, so the noise is unchanged to the bit.
     */
    static int fill(ByteBuffer out, int pairs, int lo, int hi) {
        if (INTS.length() != FLOATS.length()) {
            return 0;
        }
        int bound = pairs - pairs % INTS.length();
        polar(out, pairs, bound, lo, hi);
        cartesian(out, pairs, bound);
        return bound;
    }

    /** r = √(−2 log u₁) into element i, t = 2π(u₂ − ½) into element pairs + i. */
    private static void polar(ByteBuffer out, int pairs, int bound, int lo, int hi) {
        IntVector iota = IntVector.zero(INTS).addIndex(1);
        FloatVector unit = FloatVector.broadcast(FLOATS, (float) GaussianNoise.UNIT);
        FloatVector half = FloatVector.broadcast(FLOATS, 0.5f);
        for (int i = 0; i < bound; i += INTS.length()) {
            IntVector counter = iota.add(i).mul(2);
            FloatVector u1 = uniform(counter, lo, hi, unit, half);
            FloatVector u2 = uniform(counter.add(1), lo, hi, unit, half);
            VectorKl.Lanes.log(u1).mul(-2f).sqrt().intoByteBuffer(out, i * Float.BYTES, ORDER);
            // 2πu₂ − π = 2π(u₂ − ½) lies in (−π, π); cos and sin of 2πu₂ are minus those of it
            u2.sub(0.5f).mul((float) (2 * Math.PI)).intoByteBuffer(out, (pairs + i) * Float.BYTES, ORDER);
        }
    }

    /** (r, t) in place into (−r·cos t, −r·sin t). */
    private static void cartesian(ByteBuffer out, int pairs, int bound) {
        for (int i = 0; i < bound; i += FLOATS.length()) {
            FloatVector r = FloatVector.fromByteBuffer(FLOATS, out, i * Float.BYTES, ORDER);
            FloatVector[] sinCos = sinCos(FloatVector.fromByteBuffer(FLOATS, out, (pairs + i) * Float.BYTES, ORDER));
            r.mul(sinCos[1]).neg().intoByteBuffer(out, i * Float.BYTES, ORDER);
            r.mul(sinCos[0]).neg().intoByteBuffer(out, (pairs + i) * Float.BYTES, ORDER);
        }
    }

    /**
     * {sin t, cos t} for t in [−π, π] within ~2·10⁻⁷: t = jπ/2 + y with j rounded to nearest (1.5·2²³ added and
     * removed) and π/2 split in three parts so y keeps its digits, Cephes' sinf/cosf polynomials on |y| ≤ π/4, and
     * the quadrant j mod 4 choosing and signing them.
     */
    static FloatVector[] sinCos(FloatVector t) {
        FloatVector shifted = t.fma(FloatVector.broadcast(FLOATS, (float) (2 / Math.PI)),
                FloatVector.broadcast(FLOATS, ROUNDER));
        FloatVector j = shifted.sub(ROUNDER);
        FloatVector y = j.fma(FloatVector.broadcast(FLOATS, -PIO2_1), t);
        y = j.fma(FloatVector.broadcast(FLOATS, -PIO2_2), y);
        y = j.fma(FloatVector.broadcast(FLOATS, -PIO2_3), y);
        FloatVector z = y.mul(y);
        FloatVector sin = z.fma(FloatVector.broadcast(FLOATS, -1.9515295891E-4f), FloatVector.broadcast(FLOATS,
                8.3321608736E-3f)).fma(z, FloatVector.broadcast(FLOATS, -1.6666654611E-1f)).mul(z).fma(y, y);
        FloatVector cos = z.fma(FloatVector.broadcast(FLOATS, 2.443315711809948E-5f), FloatVector.broadcast(FLOATS,
                -1.388731625493765E-3f)).fma(z, FloatVector.broadcast(FLOATS, 4.166664568298827E-2f)).mul(z).mul(z)
                .add(z.mul(-0.5f)).add(1f);
        IntVector quadrant = shifted.reinterpretAsInts().sub(ROUNDER_BITS).and(3);
        VectorMask<Float> odd = quadrant.and(1).compare(VectorOperators.NE, 0).cast(FLOATS);
        VectorMask<Float> sinNegative = quadrant.and(2).compare(VectorOperators.NE, 0).cast(FLOATS);
        VectorMask<Float> cosNegative = quadrant.add(1).and(2).compare(VectorOperators.NE, 0).cast(FLOATS);
        FloatVector sinT = sin.blend(cos, odd);
        FloatVector cosT = cos.blend(sin, odd);
        return new FloatVector[] {sinT.blend(sinT.neg(), sinNegative), cosT.blend(cosT.neg(), cosNegative)};
    }

    private static FloatVector uniform(IntVector counter, int lo, int hi, FloatVector unit, FloatVector half) {
        IntVector x = counter.lanewise(VectorOperators.XOR, hi).add(lo);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).mul(0x7feb352d);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(0x846ca68b);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
        return ((FloatVector) x.lanewise(VectorOperators.LSHR, 8).convert(VectorOperators.I2F, 0)).add(half)
                .mul(unit);
    }
}
