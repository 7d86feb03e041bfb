package io.vdsweep.core.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A ReLU layer (the VGG-like net's, after each batch norm): DL4J's {@link ActivationLayer} configuration and JSON,
 * computed by {@link ReluLayer}. DL4J's layer copies its input and then applies ReLU in a second pass, and its
 * backward pass copies again and runs libnd4j's ReLU derivative, one std::function call per element: with the
 * copies 11% of a plain VGG-like k = 0.25 training step (bench/README.md); here each pass is one sweep in SIMD lanes.
 */
public class Relu extends ActivationLayer {

    private static final long serialVersionUID = 1L;

    /** A ReLU layer; also the constructor JSON deserialization uses. */
    public Relu() {
        setActivationFn(new ActivationReLU());
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType networkDataType) {
        return LayerWiring.wire(new ReluLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializeParams);
    }
}
