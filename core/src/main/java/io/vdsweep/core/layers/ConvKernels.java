package io.vdsweep.core.layers;

import io.vdsweep.core.backend.NativeBackend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D convolution (NCHW, weights [oC, iC, kH, kW]) and its backward pass through libnd4j's {@code conv2d}, which
 * ND4J's oneDNN builds run with oneDNN's JIT kernels. Shared by the plain and the variational conv layers.
 *
 * <p>Why the backward pass has two routes: oneDNN 2.3 (inside ND4J 1.0.0-M2.1) picks Winograd kernels for the
 * backward pass of {@code conv2d_bp} on the deep, spatially tiny layers of VGG-like nets and runs them 10–25x slower
 * than the forward convolution of the same size (measured: 256 to 256 channels on 2x2, batch 100: forward 4 ms,
 * {@code conv2d_bp} 80–135 ms; 512 channels: 16 vs 430 ms). For those shapes the backward pass is written as two
 * forward convolutions, which oneDNN runs fast: dL/dx is the convolution of dL/dz with the transposed, spatially
 * flipped filters (padding k − 1 − p), and dL/dW is the convolution of x with dL/dz, batch and channel axes swapped
 * (x as [iC, B, H, W] filtered by dL/dz as [oC, B, oH, oW]). Both are exact; they differ from {@code conv2d_bp}
 * only by float rounding. Where {@code conv2d_bp} is as fast (larger images), it is used. The route's re-orderings
 * are {@link BlockCopies}.
 */
final class ConvKernels {

    /** libnd4j conv2d argument: 0 = NCHW. */
    private static final int NCHW = 0;
    /** libnd4j conv2d argument: weights as [oC, iC, kH, kW]. */
    private static final int WEIGHTS_OIHW = 1;
    /** Output images of at most this many pixels take the forward-convolution route backwards. */
    private static final long SMALL_IMAGE = 16;
    /**
     * Inputs of at most this many channels (an RGB or grey image) take it too where oneDNN has Winograd kernels
     * (AVX-512); elsewhere {@code conv2d_bp} is faster for them (AVX2, 3 to 16 channels on 32x32, batch 100:
     * 8.5–8.7 ms against 13.6–14.0 ms by forward convolutions).
     */
    private static final long FEW_CHANNELS = NativeBackend.winogradConvolutions() ? 4 : 0;

    /** Exchange matrices (ones on the anti-diagonal) by size and type: constants, read-only, shared by all layers. */
    private static final Map<ExchangeKey, INDArray> EXCHANGE = new ConcurrentHashMap<>();

    private ConvKernels() {
    }

    private record ExchangeKey(int size, DataType dataType) {
    }

    private static INDArray exchange(ExchangeKey key) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray j = Nd4j.zeros(key.dataType(), key.size(), key.size());
            for (int k = 0; k < key.size(); k++) {
                j.putScalar(k, key.size() - 1 - k, 1);
            }
            return j;
        }
    }

    /** Kernel, stride, padding and dilation of a DL4J convolution configuration. */
    record Geometry(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean same) {

        static Geometry of(ConvolutionLayer conf) {
            return new Geometry(conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf.getDilation(),
                    conf.getConvolutionMode() == ConvolutionMode.Same);
        }

        private int[] args() {
            return new int[] {kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0],
                    dilation[1], same ? 1 : 0, NCHW, WEIGHTS_OIHW};
        }

        /** [batch, outChannels, oH, oW] of the convolution of an input of {@code inShape}. */
        long[] outputShape(long[] inShape, long outChannels) {
            long[] shape = {inShape[0], outChannels, 0, 0};
            for (int d = 0; d < 2; d++) {
                long size = inShape[2 + d];
                shape[2 + d] = same ? (size + stride[d] - 1) / stride[d]
                        : (size + 2L * padding[d] - (long) dilation[d] * (kernel[d] - 1) - 1) / stride[d] + 1;
            }
            return shape;
        }

        /** Explicit padding of dimension d: "same" with stride 1 and an odd kernel pads (k − 1)/2 on both sides. */
        private int pad(int d) {
            return same ? (kernel[d] - 1) / 2 : padding[d];
        }

        /** Whether the forward-convolution route is exact here (stride 1, no dilation, symmetric padding). */
        private boolean transposable() {
            for (int d = 0; d < 2; d++) {
                if (stride[d] != 1 || dilation[d] != 1 || (same && kernel[d] % 2 == 0)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Writes the convolution of {@code in} with {@code weights} [oC, iC, kH, kW] into {@code out}. */
    static void forward(INDArray in, INDArray weights, INDArray out, Geometry g) {
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in, weights).addOutputs(out)
                .addIntegerArguments(g.args()).build());
    }

    /**
     * As {@link #forward(INDArray, INDArray, INDArray, Geometry)} plus a per-filter bias, added inside the
     * convolution (oneDNN adds it as it writes the output; a separate broadcast add over NCHW was 7% of a plain
     * VGG-like step in a profile; k = 0.25 plain went from 358-370 to 375-379 examples/s).
     */
    static void forward(INDArray in, INDArray weights, INDArray bias, INDArray out, Geometry g) {
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in, weights, bias.reshape(bias.length()))
                .addOutputs(out).addIntegerArguments(g.args()).build());
    }

    /**
     * Writes dL/dW into {@code gradWeights} [oC, iC, kH, kW] and, when {@code gradIn} is not null, dL/din into it.
     * Temporaries come from {@code buffers}.
     */
    static void backward(INDArray in, INDArray weights, INDArray gradOut, INDArray gradWeights, INDArray gradIn,
            Geometry g, Buffers buffers) {
        long pixels = gradOut.size(2) * gradOut.size(3);
        if (g.transposable() && (pixels <= SMALL_IMAGE || in.size(1) <= FEW_CHANNELS)) {
            weightGradientByConvolution(in, gradOut, gradWeights, g, buffers);
            if (gradIn != null) {
                inputGradientByConvolution(weights, gradOut, gradIn, g, buffers);
            }
            return;
        }
        INDArray gi = gradIn != null ? gradIn : buffers.like("conv.gradIn", in);
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(in, weights, gradOut).addOutputs(gi, gradWeights)
                .addIntegerArguments(g.args()).build());
    }

    /** dL/dW[o, i] = Σ_b x[b, i] ⋆ dL/dz[b, o]: x as [iC, B, H, W] filtered by dL/dz as [oC, B, oH, oW]. */
    private static void weightGradientByConvolution(INDArray in, INDArray gradOut, INDArray gradWeights, Geometry g,
            Buffers buffers) {
        INDArray x = swapLeadingAxes(in, buffers.get("conv.xT",
                new long[] {in.size(1), in.size(0), in.size(2), in.size(3)}, 'c'));
        INDArray dz = swapLeadingAxes(gradOut, buffers.get("conv.dzT",
                new long[] {gradOut.size(1), gradOut.size(0), gradOut.size(2), gradOut.size(3)}, 'c'));
        INDArray io = buffers.get("conv.dW", new long[] {in.size(1), gradOut.size(1), g.kernel()[0], g.kernel()[1]},
                'c');
        int[] args = {(int) gradOut.size(2), (int) gradOut.size(3), 1, 1, g.pad(0), g.pad(1), 1, 1, 0, NCHW,
            WEIGHTS_OIHW};
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, dz).addOutputs(io).addIntegerArguments(args)
                .build());
        swapLeadingAxes(io, gradWeights);
    }

    /** {@code dst ← src} with the two leading axes swapped; returns dst. */
    private static INDArray swapLeadingAxes(INDArray src, INDArray dst) {
        if (BlockCopies.applies(src, dst)) {
            BlockCopies.swapLeadingAxes(src, dst);
        } else {
            dst.assign(src.permute(1, 0, 2, 3));
        }
        return dst;
    }

    /** dL/dx = dL/dz ⋆ flip(Wᵀ), padded by k − 1 − p. */
    private static void inputGradientByConvolution(INDArray weights, INDArray gradOut, INDArray gradIn, Geometry g,
            Buffers buffers) {
        long out = weights.size(0);
        long in = weights.size(1);
        int kh = g.kernel()[0];
        int kw = g.kernel()[1];
        INDArray flipped = buffers.get("conv.wFlipped", new long[] {in, out, kh, kw}, 'c');
        if (BlockCopies.applies(weights, flipped)) {
            BlockCopies.transposeAndFlip(weights, flipped);
        } else {
            // Flipping both spatial axes reverses the kh·kw positions of each filter: a product with the exchange
            // matrix (libnd4j's reverse op is ~100x slower than this product on 512x512x3x3 filters).
            INDArray transposed = buffers.get("conv.wT", new long[] {in, out, kh, kw}, 'c')
                    .assign(weights.permute(1, 0, 2, 3));
            INDArray exchange = EXCHANGE.computeIfAbsent(new ExchangeKey(kh * kw, weights.dataType()),
                    ConvKernels::exchange);
            transposed.reshape(in * out, (long) kh * kw).mmuli(exchange, flipped.reshape(in * out, (long) kh * kw));
        }
        int[] args = {kh, kw, 1, 1, kh - 1 - g.pad(0), kw - 1 - g.pad(1), 1, 1, 0, NCHW, WEIGHTS_OIHW};
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(gradOut, flipped).addOutputs(gradIn)
                .addIntegerArguments(args).build());
    }
}
