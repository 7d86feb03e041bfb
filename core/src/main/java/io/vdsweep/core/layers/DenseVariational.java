package io.vdsweep.core.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a fully connected variational layer (Molchanov et al. 2017 for the additive form; Neklyudov
 * et al. 2019 for the others). Round-trips through {@code MultiLayerConfiguration} JSON via its getters and setters.
 *
 * <pre>{@code new DenseVariational.Builder().nIn(784).nOut(300).activation(Activation.RELU)
 *     .parameterization(Parameterization.ADDITIVE).build()}</pre>
 */
public class DenseVariational extends FeedForwardLayer implements VariationalLayerConfig {

    private static final long serialVersionUID = 1L;

    private VariationalSettings variational = new VariationalSettings();

    /** For JSON deserialization. */
    public DenseVariational() {
    }

    private DenseVariational(Builder builder) {
        super(builder);
        this.variational = builder.variational.clone();
        initializeConstraints(builder);
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
        return nIn;
    }

    @Override
    public long fanOut() {
        return nOut;
    }

    @Override
    public long[] weightShape() {
        return new long[] {nOut, nIn};
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType networkDataType) {
        LayerValidation.assertNInNOutSet("DenseVariational", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerWiring.wire(new DenseVariationalLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
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
    public DenseVariational clone() {
        DenseVariational clone = (DenseVariational) super.clone();
        clone.variational = variational.clone();
        return clone;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseVariational d && super.equals(o) && variational.equals(d.variational);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + variational.hashCode();
    }

    /** Builder: the usual feed-forward settings plus the variational ones. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private VariationalSettings variational = new VariationalSettings();

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
        @SuppressWarnings("unchecked")
        public DenseVariational build() {
            return new DenseVariational(this);
        }
    }
}
