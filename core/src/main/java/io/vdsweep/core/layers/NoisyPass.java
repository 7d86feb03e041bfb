package io.vdsweep.core.layers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The element-wise steps around the noise of the local reparameterization trick, each one pass over the
 * pre-activations in SIMD lanes for float arrays (three ND4J passes each before; together ~8% of a VGG-like Sparse
 * VD step), and ND4J's operations otherwise (double arrays in gradient checks, JVMs without the Vector API).
 */
final class NoisyPass {

    private NoisyPass() {
    }

    /**
     * {@code s ← √(s + floor)} in place and {@code z ← z + s ∘ eps}: adds the noisy part of the pre-activation to
     * the mean part already in {@code z}.
     */
    static void addNoise(INDArray s, INDArray eps, INDArray z, double floor) {
        if (lanes(s, eps, z)) {
            Lanes.addNoise(KlApproximation.bytes(s), KlApproximation.bytes(eps), KlApproximation.bytes(z),
                    (int) s.length(), (float) floor);
            KlApproximation.written(s, z);
            return;
        }
        Nd4j.exec(new Sqrt(s.addi(floor), s));
        z.addi(s.mul(eps));
    }

    /** {@code out ← ½·delta ∘ eps / std}: dL/ds² of the variance path (s² = x²·V), given dL/dz = delta. */
    static void varianceDelta(INDArray delta, INDArray eps, INDArray std, INDArray out) {
        if (lanes(delta, eps, std, out)) {
            Lanes.varianceDelta(KlApproximation.bytes(delta), KlApproximation.bytes(eps), KlApproximation.bytes(std),
                    KlApproximation.bytes(out), (int) delta.length());
            KlApproximation.written(out);
            return;
        }
        delta.mul(eps, out).divi(std).muli(0.5);
    }

    /** Float arrays of one shape, contiguous in one order, on a JVM with the Vector API. */
    private static boolean lanes(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (!VectorKl.applies(a) || a.elementWiseStride() != 1 || a.ordering() != arrays[0].ordering()
                    || !a.equalShapes(arrays[0])) {
                return false;
            }
        }
        return true;
    }

    /** The loops that name Vector API classes, loaded only when {@link #lanes} said yes. */
    private static final class Lanes {

        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        private static final ByteOrder ORDER = ByteOrder.nativeOrder();

        static void addNoise(ByteBuffer s, ByteBuffer eps, ByteBuffer z, int n, float floor) {
            int bound = SPECIES.loopBound(n);
            for (int i = 0; i < bound; i += SPECIES.length()) {
                int at = i * Float.BYTES;
                FloatVector std = FloatVector.fromByteBuffer(SPECIES, s, at, ORDER).add(floor).sqrt();
                std.intoByteBuffer(s, at, ORDER);
                std.fma(FloatVector.fromByteBuffer(SPECIES, eps, at, ORDER), FloatVector.fromByteBuffer(SPECIES, z, at,
                        ORDER)).intoByteBuffer(z, at, ORDER);
            }
            for (int i = bound; i < n; i++) {
                int at = i * Float.BYTES;
                float std = (float) Math.sqrt(s.getFloat(at) + floor);
                s.putFloat(at, std);
                z.putFloat(at, Math.fma(std, eps.getFloat(at), z.getFloat(at)));
            }
        }

        static void varianceDelta(ByteBuffer delta, ByteBuffer eps, ByteBuffer std, ByteBuffer out, int n) {
            int bound = SPECIES.loopBound(n);
            for (int i = 0; i < bound; i += SPECIES.length()) {
                int at = i * Float.BYTES;
                FloatVector.fromByteBuffer(SPECIES, delta, at, ORDER)
                        .mul(FloatVector.fromByteBuffer(SPECIES, eps, at, ORDER))
                        .div(FloatVector.fromByteBuffer(SPECIES, std, at, ORDER)).mul(0.5f)
                        .intoByteBuffer(out, at, ORDER);
            }
            for (int i = bound; i < n; i++) {
                int at = i * Float.BYTES;
                out.putFloat(at, delta.getFloat(at) * eps.getFloat(at) / std.getFloat(at) * 0.5f);
            }
        }
    }
}
