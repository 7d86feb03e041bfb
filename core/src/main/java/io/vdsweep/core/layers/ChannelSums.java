package io.vdsweep.core.layers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-channel sums of float NCHW arrays in SIMD lanes, where each (example, channel) block of H·W floats is
 * contiguous: batch norm's statistics and a convolution's bias gradient. libnd4j's reduction over axes 0, 2 and 3
 * strides across the blocks (~2% of a plain VGG-like k = 0.25 training step).
 */
final class ChannelSums {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private ChannelSums() {
    }

    /**
     * Writes Σ over examples and pixels of {@code x}[n, c, ·, ·] to {@code into}[c] ({@code into} holds C values in
     * any shape, maybe a view); arrays the Java kernels may not read go to ND4J's reduction.
     */
    static void into(INDArray x, INDArray into) {
        INDArray target = into.reshape(into.length());
        if (!HostArrays.simd() || !HostArrays.dense(x) || x.rank() != 4) {
            x.sum(target, 0, 2, 3);
            return;
        }
        double[] sums = of(KlApproximation.bytes(x), (int) x.size(0), (int) x.size(1), (int) (x.size(2) * x.size(3)));
        for (int c = 0; c < sums.length; c++) {
            target.putScalar(c, sums[c]);
        }
    }

    /** Σ over examples and pixels per channel of float NCHW values {@code x} of the given geometry. */
    static double[] of(ByteBuffer x, int examples, int channels, int pixels) {
        double[] sums = new double[channels];
        for (int c = 0; c < channels; c++) {
            for (int n = 0; n < examples; n++) {
                sums[c] += block(x, (n * channels + c) * pixels, pixels);
            }
        }
        return sums;
    }

    /** The sum of {@code length} floats of {@code x} from float index {@code from}. */
    private static double block(ByteBuffer x, int from, int length) {
        int bound = SPECIES.loopBound(length);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            acc = acc.add(FloatVector.fromByteBuffer(SPECIES, x, (from + i) * Float.BYTES, ORDER));
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (int i = bound; i < length; i++) {
            sum += x.getFloat((from + i) * Float.BYTES);
        }
        return sum;
    }
}
