package io.vdsweep.core.layers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link SimdAdamUpdater}'s pass in SIMD lanes (the Vector API; loaded only where {@link HostArrays#simd}). */
final class AdamKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private AdamKernels() {
    }

    /** Updates the moments m and v from the gradient g and writes the step m·step/(√v + ε) over g. */
    static void update(ByteBuffer g, ByteBuffer m, ByteBuffer v, int n, float beta1, float beta2, float epsilon,
            float step) {
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        int bound = SPECIES.loopBound(n);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            int at = i * Float.BYTES;
            FloatVector grad = FloatVector.fromByteBuffer(SPECIES, g, at, ORDER);
            FloatVector first = FloatVector.fromByteBuffer(SPECIES, m, at, ORDER).mul(beta1).add(grad.mul(keep1));
            FloatVector second = FloatVector.fromByteBuffer(SPECIES, v, at, ORDER).mul(beta2)
                    .add(grad.mul(grad).mul(keep2));
            first.intoByteBuffer(m, at, ORDER);
            second.intoByteBuffer(v, at, ORDER);
            first.mul(step).div(second.sqrt().add(epsilon)).intoByteBuffer(g, at, ORDER);
        }
        for (int i = bound; i < n; i++) {
            int at = i * Float.BYTES;
            float grad = g.getFloat(at);
            float first = beta1 * m.getFloat(at) + grad * keep1;
            float second = beta2 * v.getFloat(at) + grad * grad * keep2;
            m.putFloat(at, first);
            v.putFloat(at, second);
            g.putFloat(at, first * step / ((float) Math.sqrt(second) + epsilon));
        }
    }
}
