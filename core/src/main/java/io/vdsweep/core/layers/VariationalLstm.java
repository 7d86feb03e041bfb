package io.vdsweep.core.layers;

import java.util.Collection;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of an LSTM whose input-to-hidden and hidden-to-hidden weight matrices are Sparse VD posteriors
 * q(w) = N(θ, σ²) with the log-uniform prior (Lobacheva, Chirkova, Vetrov 2017, "Bayesian Sparsification of Recurrent
 * Neural Networks"): unlike the feed-forward layers there is no local reparameterization — one weight sample per
 * minibatch serves every time step — and weights with log α &gt; 3 are pruned. Biases stay plain. Everything else is
 * DL4J's LSTM (gates, activations, masking, helpers), which the runtime reuses with the sampled weights.
 *
 * <pre>{@code new VariationalLstm.Builder().nIn(50).nOut(1000).settings(settings).build()}</pre>
 */
public class VariationalLstm extends LSTM implements BayesianLayerConfig {

    private static final long serialVersionUID = 1L;

    private VariationalSettings variational = new VariationalSettings();

    /** For JSON deserialization and the builder. */
    public VariationalLstm() {
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
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType networkDataType) {
        LayerValidation.assertNInNOutSet("VariationalLstm", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerWiring.wire(new VariationalLstmLayer(conf, networkDataType), conf, listeners, layerIndex,
                paramsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return VariationalLstmParamInitializer.INSTANCE;
    }

    @Override
    public VariationalLstm clone() {
        VariationalLstm clone = (VariationalLstm) super.clone();
        clone.variational = variational.clone();
        return clone;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VariationalLstm v && super.equals(o) && variational.equals(v.variational);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), variational);
    }

    /** Builder of a variational LSTM: sizes and activation ({@link LstmBuilder}) and the variational settings. */
    public static class Builder extends LstmBuilder<Builder> {

        private VariationalSettings variational = new VariationalSettings();

        @Override
        protected Builder self() {
            return this;
        }

        /** Starts from a copy of {@code settings}; the parameterization is always the additive one. */
        public Builder settings(VariationalSettings settings) {
            variational = settings.clone();
            return this;
        }

        public VariationalLstm build() {
            VariationalLstm layer = configure(new VariationalLstm());
            variational.setParameterization(Parameterization.ADDITIVE);
            layer.setVariational(variational.clone());
            return layer;
        }
    }
}
