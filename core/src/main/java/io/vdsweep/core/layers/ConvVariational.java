package io.vdsweep.core.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a 2-D convolutional variational layer (NCHW). The local reparameterization trick applies
 * per output position: {@code z = conv(x, M) + b + √conv(x², V) ∘ ε} (Molchanov et al. 2017, §4.2). A unit is a
 * filter; neuron-wise α is per filter.
 *
 * <pre>{@code new ConvVariational.Builder(5, 5).nOut(20).activation(Activation.RELU)
 *     .parameterization(Parameterization.ADDITIVE).build()}</pre>
 */
public class ConvVariational extends ConvolutionLayer implements VariationalLayerConfig {

    private static final long serialVersionUID = 1L;

    private VariationalSettings variational = new VariationalSettings();

    /** For JSON deserialization. */
    public ConvVariational() {
    }

    private ConvVariational(Builder builder) {
        super(builder);
        this.variational = builder.variational.clone();
    }

    @Override
    public VariationalSettings getVariational() {
        return variational;
    }

    @Override
    public void setVariational(VariationalSettings variational) {
        this.variational = variational;
    }

    @Override
    public long units() {
        return nOut;
    }

    @Override
    public long fanIn() {
        return nIn * kernelSize[0] * kernelSize[1];
    }

    @Override
    public long fanOut() {
        return nOut * kernelSize[0] * kernelSize[1];
    }

    @Override
    public long[] weightShape() {
        return new long[] {nOut, nIn, kernelSize[0], kernelSize[1]};
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType networkDataType) {
        LayerValidation.assertNInNOutSet("ConvVariational", getLayerName(), layerIndex, getNIn(), getNOut());
        if (getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException("ConvVariational supports NCHW only, layer " + layerIndex + " is "
                    + getCnn2dDataFormat());
        }
        return LayerWiring.wire(new ConvVariationalLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return VariationalParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return VariationalConfigs.memoryReport(this, inputType, getOutputType(-1, inputType));
    }

    @Override
    public ConvVariational clone() {
        ConvVariational clone = (ConvVariational) super.clone();
        clone.variational = variational.clone();
        return clone;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvVariational c && super.equals(o) && variational.equals(c.variational);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + variational.hashCode();
    }

    /** Builder: kernel, stride, padding and convolution mode as for DL4J's convolution layer, plus the variational settings. */
    public static class Builder extends ConvolutionLayer.BaseConvBuilder<Builder> {

        private VariationalSettings variational = new VariationalSettings();

        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        public Builder stride(int... stride) {
            this.stride = stride;
            return this;
        }

        public Builder padding(int... padding) {
            this.padding = padding;
            return this;
        }

        public Builder parameterization(Parameterization parameterization) {
            variational.setParameterization(parameterization);
            return this;
        }

        /** Starts from a copy of {@code settings}. */
        public Builder settings(VariationalSettings settings) {
            variational = settings.clone();
            return this;
        }

        @Override
        protected boolean allowCausal() {
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ConvVariational build() {
            return new ConvVariational(this);
        }
    }
}
