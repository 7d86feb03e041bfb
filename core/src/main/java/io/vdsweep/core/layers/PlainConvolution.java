package io.vdsweep.core.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A plain 2-D convolution (NCHW) for the no-dropout and binary-dropout baselines: DL4J's {@link ConvolutionLayer}
 * configuration, parameters and JSON, computed like the variational conv layers ({@link ConvKernels}) so that every
 * variant of a sweep gets the same fast kernels. DL4J's own runtime goes through its oneDNN helper, whose backward
 * pass is slow on small images (see {@link ConvKernels}). Binary dropout on the input works as on any DL4J layer.
 *
 * <pre>{@code new PlainConvolution.Builder(3, 3).nOut(64).convolutionMode(ConvolutionMode.Same).build()}</pre>
 */
public class PlainConvolution extends ConvolutionLayer {

    private static final long serialVersionUID = 1L;

    /**
     * Whether backprop computes dL/dinput. The network builder turns it off for the first layer: DL4J discards that
     * gradient (the data's), and on an RGB image it is a convolution as large as the layer's forward pass.
     */
    private boolean inputGradient = true;

    /** For JSON deserialization. */
    public PlainConvolution() {
    }

    private PlainConvolution(Builder builder) {
        super(builder);
        this.inputGradient = builder.inputGradient;
    }

    public boolean isInputGradient() {
        return inputGradient;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof PlainConvolution other && other.inputGradient == inputGradient;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Boolean.hashCode(inputGradient);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType networkDataType) {
        LayerValidation.assertNInNOutSet("PlainConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
        if (getCnn2dDataFormat() != CNN2DFormat.NCHW || !hasBias()) {
            throw new IllegalArgumentException("PlainConvolution supports NCHW with a bias only, layer " + layerIndex
                    + " is " + getCnn2dDataFormat() + (hasBias() ? "" : " without bias"));
        }
        return LayerWiring.wire(new PlainConvolutionLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    /** Builds a {@link PlainConvolution}; every option of DL4J's convolution builder applies. */
    public static class Builder extends ConvolutionLayer.Builder {

        private boolean inputGradient = true;

        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        /** Whether backprop computes dL/dinput (default true; off only where nothing reads it). */
        public Builder inputGradient(boolean inputGradient) {
            this.inputGradient = inputGradient;
            return this;
        }

        @Override
        public PlainConvolution build() {
            return new PlainConvolution(this);
        }
    }
}
