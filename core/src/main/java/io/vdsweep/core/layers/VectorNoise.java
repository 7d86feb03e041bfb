package io.vdsweep.core.layers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GaussianNoise} for float arrays in SIMD lanes (the same hash and transform, lane by lane); loaded only when
 * {@link VectorKl#applies} found the Vector API. Returns how many pairs it filled; the caller does the rest.
 */
final class VectorNoise {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorNoise() {
    }

    static int fill(ByteBuffer out, int pairs, int lo, int hi) {
        if (INTS.length() != FLOATS.length()) {
            return 0;
        }
        int lanes = INTS.length();
        int bound = pairs - pairs % lanes;
        IntVector iota = IntVector.zero(INTS).addIndex(1);
        FloatVector unit = FloatVector.broadcast(FLOATS, (float) GaussianNoise.UNIT);
        FloatVector half = FloatVector.broadcast(FLOATS, 0.5f);
        for (int i = 0; i < bound; i += lanes) {
            IntVector counter = iota.add(i).mul(2);
            FloatVector u1 = uniform(counter, lo, hi, unit, half);
            FloatVector u2 = uniform(counter.add(1), lo, hi, unit, half);
            FloatVector r = u1.lanewise(VectorOperators.LOG).mul(-2f).sqrt();
            FloatVector angle = u2.mul((float) (2 * Math.PI));
            r.mul(angle.lanewise(VectorOperators.COS)).intoByteBuffer(out, i * Float.BYTES, ORDER);
            r.mul(angle.lanewise(VectorOperators.SIN)).intoByteBuffer(out, (pairs + i) * Float.BYTES, ORDER);
        }
        return bound;
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
