package io.vdsweep.core.layers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link ConvVariational}: the linear map is libnd4j's {@code conv2d} with weights [oC, iC, kH, kW]
 * (the unit-major matrix reshaped), and its transpose {@code conv2d_bp}. The mean path runs x with M, the variance
 * path x² with V, exactly as the dense layer does with matrix products.
 */
public final class ConvVariationalLayer extends AbstractVariationalLayer<ConvVariational> {

    /** libnd4j conv2d argument: 0 = NCHW. */
    private static final int NCHW = 0;
    /** libnd4j conv2d argument: weights as [oC, iC, kH, kW]. */
    private static final int WEIGHTS_OIHW = 1;

    public ConvVariationalLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private int[] intArgs() {
        ConvVariational c = layerConf();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] p = c.getPadding();
        int[] d = c.getDilation();
        int same = c.getConvolutionMode() == ConvolutionMode.Same ? 1 : 0;
        return new int[] {k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], same, NCHW, WEIGHTS_OIHW};
    }

    private INDArray filters(INDArray unitMajor) {
        return unitMajor.reshape('c', layerConf().weightShape());
    }

    /** Output shape [batch, filters, height, width] of the convolution of {@code in}. */
    private long[] outputShape(INDArray in) {
        ConvVariational c = layerConf();
        long[] shape = {in.size(0), c.getNOut(), 0, 0};
        for (int d = 0; d < 2; d++) {
            long size = in.size(2 + d);
            int k = c.getKernelSize()[d];
            int s = c.getStride()[d];
            shape[2 + d] = c.getConvolutionMode() == ConvolutionMode.Same ? (size + s - 1) / s
                    : (size + 2L * c.getPadding()[d] - (long) c.getDilation()[d] * (k - 1) - 1) / s + 1;
        }
        return shape;
    }

    @Override
    protected INDArray linear(INDArray in, INDArray weights, String bufferKey) {
        INDArray out = buffers().get(bufferKey, outputShape(in), 'c');
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in, filters(weights)).addOutputs(out)
                .addIntegerArguments(intArgs()).build());
        return out;
    }

    @Override
    protected void addBias(INDArray z, INDArray bias) {
        Nd4j.exec(new BroadcastAddOp(z, bias.reshape(bias.length()), z, 1));
    }

    @Override
    protected void biasGradient(INDArray delta, INDArray biasGradient) {
        delta.sum(biasGradient.reshape(biasGradient.length()), 0, 2, 3);
    }

    @Override
    protected INDArray linearBackward(INDArray in, INDArray weights, INDArray gradOut, INDArray weightGradient,
            boolean needInputGradient, String bufferKey) {
        INDArray gradIn = buffers().get(bufferKey, in.shape(), 'c');
        INDArray gradW = filters(weightGradient);
        DynamicCustomOp op = DynamicCustomOp.builder("conv2d_bp").addInputs(in, filters(weights), gradOut)
                .addOutputs(gradIn, gradW).addIntegerArguments(intArgs()).build();
        Nd4j.exec(op);
        if (gradW.data() != weightGradient.data() || gradW.offset() != weightGradient.offset()) {
            weightGradient.assign(gradW.reshape(weightGradient.shape()));
        }
        return needInputGradient ? gradIn : null;
    }
}
