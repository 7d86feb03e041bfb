package io.vdsweep.core.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link ConvVariational}: the linear map is a convolution ({@link ConvKernels}) with weights
 * [oC, iC, kH, kW] (the unit-major matrix reshaped), and its backward pass. The mean path runs x with M, the
 * variance path x² with V, exactly as the dense layer does with matrix products.
 */
public final class ConvVariationalLayer extends AbstractVariationalLayer<ConvVariational> {

    public ConvVariationalLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private INDArray filters(INDArray unitMajor) {
        return unitMajor.reshape('c', layerConf().weightShape());
    }

    @Override
    protected INDArray linear(INDArray in, INDArray weights, String bufferKey) {
        return convolve(in, weights, null, bufferKey);
    }

    /** The bias goes into the convolution, which adds it as it writes (one pass over z fewer). */
    @Override
    protected INDArray linear(INDArray in, INDArray weights, INDArray bias, String bufferKey) {
        return convolve(in, weights, bias, bufferKey);
    }

    private INDArray convolve(INDArray in, INDArray weights, INDArray bias, String bufferKey) {
        ConvKernels.Geometry g = ConvKernels.Geometry.of(layerConf());
        INDArray out = buffers().get(bufferKey, g.outputShape(in.shape(), layerConf().getNOut()), 'c');
        if (bias == null) {
            ConvKernels.forward(in, filters(weights), out, g);
        } else {
            ConvKernels.forward(in, filters(weights), bias, out, g);
        }
        return out;
    }

    @Override
    protected void addBias(INDArray z, INDArray bias) {
        Nd4j.exec(new BroadcastAddOp(z, bias.reshape(bias.length()), z, 1));
    }

    @Override
    protected void biasGradient(INDArray delta, INDArray biasGradient) {
        ChannelSums.into(delta, biasGradient);
    }

    @Override
    protected INDArray linearBackward(INDArray in, INDArray weights, INDArray gradOut, INDArray weightGradient,
            boolean needInputGradient, String bufferKey) {
        INDArray gradIn = needInputGradient ? buffers().get(bufferKey, in.shape(), 'c') : null;
        INDArray gradW = filters(weightGradient);
        ConvKernels.backward(in, filters(weights), gradOut, gradW, gradIn, ConvKernels.Geometry.of(layerConf()),
                buffers());
        if (gradW.data() != weightGradient.data() || gradW.offset() != weightGradient.offset()) {
            weightGradient.assign(gradW.reshape(weightGradient.shape()));
        }
        return gradIn;
    }
}
