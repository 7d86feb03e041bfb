package io.vdsweep.core.layers;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link MaxPooling}: 2×2, stride-2 max pooling of float NCHW activations in host memory, in Java; any
 * other input goes to DL4J's layer. The backward pass sends each window's gradient to its first largest input (in
 * row-major order), found again from the input the layer keeps, so nothing is stored between the passes.
 */
public final class MaxPoolingLayer extends SubsamplingLayer {

    public MaxPoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        helper = null;              // DL4J's oneDNN helper is replaced, not consulted
    }

    private boolean handles(INDArray x) {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        return HostArrays.cpu() && HostArrays.dense(x) && x.rank() == 4 && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && c.getPoolingType() == PoolingType.MAX && Arrays.equals(c.getKernelSize(), new int[] {2, 2})
                && Arrays.equals(c.getStride(), new int[] {2, 2}) && Arrays.equals(c.getPadding(), new int[] {0, 0})
                && Arrays.equals(c.getDilation(), new int[] {1, 1}) && c.getConvolutionMode() != ConvolutionMode.Same;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        INDArray x = input.castTo(dataType);
        if (!handles(x)) {
            return super.activate(training, mgr);
        }
        Geometry g = new Geometry(x.shape());
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                new long[] {x.size(0), x.size(1), g.outH, g.outW}, 'c');
        forward(KlApproximation.bytes(x), KlApproximation.bytes(out), g);
        KlApproximation.written(out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        INDArray x = input.castTo(dataType);
        if (!handles(x) || !HostArrays.dense(epsilon)) {
            return super.backpropGradient(epsilon, mgr);
        }
        Geometry g = new Geometry(x.shape());
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(), 'c');
        backward(KlApproximation.bytes(x), KlApproximation.bytes(epsilon), KlApproximation.bytes(dx), g);
        KlApproximation.written(dx);
        return new Pair<>(new DefaultGradient(), dx);
    }

    /** [N, C, H, W] in, [N, C, ⌊H/2⌋, ⌊W/2⌋] out (an odd last row or column is not pooled, as DL4J truncates). */
    private record Geometry(int planes, int h, int w, int outH, int outW) {
        Geometry(long[] shape) {
            this((int) (shape[0] * shape[1]), (int) shape[2], (int) shape[3], (int) shape[2] / 2, (int) shape[3] / 2);
        }
    }

    private static void forward(ByteBuffer x, ByteBuffer out, Geometry g) {
        windows(x, g, out, null, null);
    }

    private static void backward(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, Geometry g) {
        if (g.h % 2 != 0 || g.w % 2 != 0) {
            for (int i = 0; i < dx.capacity(); i += Float.BYTES) {
                dx.putFloat(i, 0f);       // the odd last row or column gets no gradient
            }
        }
        windows(x, g, null, dy, dx);
    }

    /**
     * Every window by its first largest input (a NaN counts as largest, so it propagates as in DL4J): forward
     * writes the window's maximum to {@code out}; backward writes the window's gradient from {@code dy} to that input
     * of {@code dx} and 0 to the other three. Written without data-dependent branches: which of a window's inputs is
     * largest is a coin toss the branch predictor loses (a branching version was ~10% of a VGG-like k = 0.25 step).
     */
    private static void windows(ByteBuffer x, Geometry g, ByteBuffer out, ByteBuffer dy, ByteBuffer dx) {
        int o = 0;
        for (int p = 0; p < g.planes; p++) {
            int plane = p * g.h * g.w;
            for (int r = 0; r < g.outH; r++) {
                int top = (plane + 2 * r * g.w) * Float.BYTES;
                int bottom = top + g.w * Float.BYTES;
                for (int c = 0; c < g.outW; c++, o += Float.BYTES) {
                    int a = top + 2 * c * Float.BYTES;
                    int d = bottom + 2 * c * Float.BYTES;
                    float va = x.getFloat(a);
                    float vb = x.getFloat(a + Float.BYTES);
                    float vd = x.getFloat(d);
                    float ve = x.getFloat(d + Float.BYTES);
                    float max = Math.max(Math.max(va, vb), Math.max(vd, ve));     // NaN if any input is NaN
                    if (out != null) {
                        out.putFloat(o, max);
                    } else {
                        int gradBits = Float.floatToRawIntBits(dy.getFloat(o));
                        int toA = isLargest(va, max);
                        int toB = ~toA & isLargest(vb, max);
                        int toD = ~(toA | toB) & isLargest(vd, max);
                        int toE = ~(toA | toB | toD);       // some input is the maximum (or NaN when it is)
                        dx.putFloat(a, Float.intBitsToFloat(gradBits & toA));
                        dx.putFloat(a + Float.BYTES, Float.intBitsToFloat(gradBits & toB));
                        dx.putFloat(d, Float.intBitsToFloat(gradBits & toD));
                        dx.putFloat(d + Float.BYTES, Float.intBitsToFloat(gradBits & toE));
                    }
                }
            }
        }
    }

    /** All ones when {@code v} is the window's {@code max} (or a NaN, which makes the max NaN), else 0. */
    private static int isLargest(float v, float max) {
        return -((v == max) | (v != v) ? 1 : 0);
    }
}
