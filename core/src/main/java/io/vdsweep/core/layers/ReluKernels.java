package io.vdsweep.core.layers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ReLU's two passes over float buffers in SIMD lanes (the Vector API; loaded only where {@link HostArrays#simd}).
 * A NaN input stays NaN forward, as in DL4J, so a diverging trial is still seen as diverged.
 */
final class ReluKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private ReluKernels() {
    }

    /** out = max(x, 0). */
    static void forward(ByteBuffer x, ByteBuffer out) {
        int n = x.capacity() / Float.BYTES;
        int bound = SPECIES.loopBound(n);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromByteBuffer(SPECIES, x, i * Float.BYTES, ORDER);
            v.blend(0f, v.compare(VectorOperators.LT, 0f)).intoByteBuffer(out, i * Float.BYTES, ORDER);
        }
        for (int i = bound; i < n; i++) {
            float v = x.getFloat(i * Float.BYTES);
            out.putFloat(i * Float.BYTES, v < 0 ? 0f : v);
        }
    }

    /** dx = dy where x &gt; 0, else 0. */
    static void backward(ByteBuffer x, ByteBuffer dy, ByteBuffer dx) {
        int n = x.capacity() / Float.BYTES;
        int bound = SPECIES.loopBound(n);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromByteBuffer(SPECIES, x, i * Float.BYTES, ORDER);
            FloatVector.fromByteBuffer(SPECIES, dy, i * Float.BYTES, ORDER)
                    .blend(0f, v.compare(VectorOperators.GT, 0f).not()).intoByteBuffer(dx, i * Float.BYTES, ORDER);
        }
        for (int i = bound; i < n; i++) {
            dx.putFloat(i * Float.BYTES, x.getFloat(i * Float.BYTES) > 0 ? dy.getFloat(i * Float.BYTES) : 0f);
        }
    }
}
