package io.vdsweep.core.layers;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The re-orderings of {@link ConvKernels}' forward-convolution backward route, as copies of whole contiguous blocks.
 * libnd4j's assign from a permuted view walks the array element by element; swapping the two leading axes of an
 * NCHW array moves blocks of H·W floats, which a bulk copy does 3–6x faster (measured, one thread, batch 100:
 * 100x16x32x32 1.31 → 0.33 ms, 100x128x4x4 0.33 → 0.08 ms, 128x128x3x3 filters 0.32 → 0.10 ms). Arrays that are
 * not dense host floats (the double arrays of the gradient checks, GPU backends) take ND4J's operations, which give
 * the same values.
 */
final class BlockCopies {

    private BlockCopies() {
    }

    /** Whether {@code arrays} may be copied here: dense host floats in C order ({@link HostArrays#dense}). */
    static boolean applies(INDArray... arrays) {
        return HostArrays.cpu() && HostArrays.dense(arrays);
    }

    /**
     * {@code dst[j, i, …] = src[i, j, …]}: dst is [b, a, rest…] for src [a, b, rest…]; both must satisfy
     * {@link #applies}.
     */
    static void swapLeadingAxes(INDArray src, INDArray dst) {
        int a = (int) src.size(0);
        int b = (int) src.size(1);
        int block = (int) (src.length() / ((long) a * b)) * Float.BYTES;
        ByteBuffer from = KlApproximation.bytes(src);
        ByteBuffer to = KlApproximation.bytes(dst);
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                to.put((j * a + i) * block, from, (i * b + j) * block, block);
            }
        }
        KlApproximation.written(dst);
    }

    /**
     * {@code out[i, o] = flip(w[o, i])}: filters [oC, iC, kH, kW] transposed to [iC, oC, kH, kW] with both spatial
     * axes reversed (the filters of dL/dx as a forward convolution); both must satisfy {@link #applies}.
     */
    static void transposeAndFlip(INDArray weights, INDArray out) {
        int outChannels = (int) weights.size(0);
        int inChannels = (int) weights.size(1);
        int taps = (int) (weights.size(2) * weights.size(3));
        FloatBuffer from = KlApproximation.bytes(weights).asFloatBuffer();
        FloatBuffer to = KlApproximation.bytes(out).asFloatBuffer();
        for (int o = 0; o < outChannels; o++) {
            for (int i = 0; i < inChannels; i++) {
                int source = (o * inChannels + i) * taps;
                int target = (i * outChannels + o) * taps + taps - 1;
                for (int t = 0; t < taps; t++) {
                    to.put(target - t, from.get(source + t));
                }
            }
        }
        KlApproximation.written(out);
    }
}
