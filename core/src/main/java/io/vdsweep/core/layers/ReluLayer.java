package io.vdsweep.core.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link Relu}: y = max(x, 0) and dx = dy·[x &gt; 0], each one pass in SIMD lanes
 * ({@link ReluKernels}) for float arrays in host memory on a JVM with the Vector API; anything else goes to DL4J's
 * activation layer (same values).
 */
public final class ReluLayer extends ActivationLayer {

    public ReluLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean handles(INDArray... arrays) {
        return HostArrays.simd() && layerConf().getActivationFn() instanceof ActivationReLU
                && layerConf().getIDropout() == null && HostArrays.dense(arrays);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (!handles(input)) {
            return super.activate(training, mgr);
        }
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, input.shape(), 'c');
        ReluKernels.forward(KlApproximation.bytes(input), KlApproximation.bytes(out));
        KlApproximation.written(out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        if (!handles(input, epsilon)) {
            return super.backpropGradient(epsilon, mgr);
        }
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        ReluKernels.backward(KlApproximation.bytes(input), KlApproximation.bytes(epsilon), KlApproximation.bytes(dx));
        KlApproximation.written(dx);
        return new Pair<>(new DefaultGradient(), dx);
    }
}
