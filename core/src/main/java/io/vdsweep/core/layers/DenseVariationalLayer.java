package io.vdsweep.core.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link DenseVariational}: the linear map is {@code x · Wᵀ} for the unit-major weights W [nOut, nIn].
 * Every product writes into an 'f'-ordered buffer (the transpose of a 'c' unit-major matrix is 'f'), which ND4J's
 * gemm fills several times faster than a 'c' one on these machines.
 */
public final class DenseVariationalLayer extends AbstractVariationalLayer<DenseVariational> {

    public DenseVariationalLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray linear(INDArray in, INDArray weights, String bufferKey) {
        INDArray out = buffers().get(bufferKey, new long[] {in.size(0), weights.size(0)}, 'f');
        return in.mmuli(weights.transpose(), out);
    }

    @Override
    protected void addBias(INDArray z, INDArray bias) {
        z.addiRowVector(bias);
    }

    @Override
    protected void biasGradient(INDArray delta, INDArray biasGradient) {
        delta.sum(biasGradient.reshape(biasGradient.length()), 0);
    }

    @Override
    protected INDArray linearBackward(INDArray in, INDArray weights, INDArray gradOut, INDArray weightGradient,
            boolean needInputGradient, String bufferKey) {
        // dL/dW [units, fanIn] = gradOutᵀ · in, written as its 'f' transpose inᵀ · gradOut
        Nd4j.gemm(in, gradOut, weightGradient.transpose(), true, false, 1.0, 0.0);
        if (!needInputGradient) {
            return null;
        }
        INDArray gradIn = buffers().get(bufferKey, new long[] {gradOut.size(0), weights.size(1)}, 'f');
        return gradOut.mmuli(weights, gradIn);
    }
}
