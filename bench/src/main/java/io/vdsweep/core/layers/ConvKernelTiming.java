package io.vdsweep.core.layers;

import io.vdsweep.core.backend.NativeBackend;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * vdsweep's convolutions alone ({@link ConvKernels}, as the plain and the variational conv layers call them) for the
 * VGG-like layer shapes: forward with bias, then backward to the filters and (not for the first layer) the input,
 * batch N, the best of 5, one thread. In the layers' package, from the bench module, because the kernels are not
 * public API. {@code bench/conv-floor.sh} sets it beside oneDNN's own kernels and PyTorch's.
 */
public final class ConvKernelTiming {

    private static final int[] VGG = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};

    private ConvKernelTiming() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ConvKernelTiming BATCH K");
        }
        NativeBackend.select();
        int n = Integer.parseInt(args[0]);
        double k = Double.parseDouble(args[1]);
        ConvKernels.Geometry g = ConvKernels.Geometry.of(new ConvolutionLayer.Builder(3, 3)
                .convolutionMode(ConvolutionMode.Same).nIn(1).nOut(1).build());
        Buffers buffers = new Buffers(DataType.FLOAT);
        int c = 3;
        int h = 32;
        double total = 0;
        for (int layer = 0; layer < VGG.length; layer++) {
            if (VGG[layer] == 0) {
                h /= 2;
                continue;
            }
            int o = (int) (VGG[layer] * k);
            INDArray x = Nd4j.randn(DataType.FLOAT, n, c, h, h);
            INDArray w = Nd4j.randn(DataType.FLOAT, o, c, 3, 3);
            INDArray b = Nd4j.randn(DataType.FLOAT, o);
            INDArray y = Nd4j.create(DataType.FLOAT, n, o, h, h);
            INDArray dy = Nd4j.randn(DataType.FLOAT, n, o, h, h);
            INDArray dw = Nd4j.create(DataType.FLOAT, o, c, 3, 3);
            INDArray dx = layer > 0 ? Nd4j.create(DataType.FLOAT, n, c, h, h) : null;
            double forward = Double.MAX_VALUE;
            double backward = Double.MAX_VALUE;
            for (int r = 0; r < 5; r++) {
                long t0 = System.nanoTime();
                ConvKernels.forward(x, w, b, y, g);
                long t1 = System.nanoTime();
                ConvKernels.backward(x, w, dy, dw, dx, g, buffers);
                long t2 = System.nanoTime();
                forward = Math.min(forward, (t1 - t0) / 1e6);
                backward = Math.min(backward, (t2 - t1) / 1e6);
            }
            System.out.printf("layer %2d  %3d->%3d channels %2dx%-2d  forward %6.2f ms  backward %6.2f ms%n", layer, c,
                    o, h, h, forward, backward);
            total += forward + backward;
            c = o;
        }
        System.out.printf("vdsweep k=%s batch %d: %.1f ms per step in convolutions [%s]%n", args[1], n, total,
                NativeBackend.describe());
    }
}
