package io.vdsweep.core.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling over 2×2 windows with stride 2, the pooling of LeNet-5-Caffe and the VGG-like net: DL4J's
 * {@link SubsamplingLayer} configuration and JSON, computed by {@link MaxPoolingLayer}. DL4J hands pooling to
 * libnd4j, whose oneDNN builds run NCHW max pooling through oneDNN's reference loop, one std::function call per
 * output: 19% of a plain VGG-like k = 0.25 training step (bench/README.md).
 *
 * <pre>{@code new MaxPooling.Builder().build()}</pre>
 */
public class MaxPooling extends SubsamplingLayer {

    private static final long serialVersionUID = 1L;

    /** For JSON deserialization. */
    public MaxPooling() {
    }

    private MaxPooling(Builder builder) {
        super(builder);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType networkDataType) {
        return LayerWiring.wire(new MaxPoolingLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    /** Builds a 2×2, stride-2 {@link MaxPooling}. */
    public static class Builder extends SubsamplingLayer.Builder {

        public Builder() {
            super(PoolingType.MAX, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0});
        }

        @Override
        public MaxPooling build() {
            return new MaxPooling(this);
        }
    }
}
