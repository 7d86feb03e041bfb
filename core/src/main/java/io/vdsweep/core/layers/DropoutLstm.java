package io.vdsweep.core.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An LSTM with variational binary dropout on the hidden-to-hidden matrix W^h (Gal and Ghahramani 2016), the baseline
 * Lobacheva, Chirkova, Vetrov 2017 compare Sparse VD for LSTMs with: a binary mask on the previous hidden state,
 * the same at every time step, scaled by 1/keep. The mask is drawn once per minibatch, as the Sparse VD LSTM draws its
 * weights ({@link VariationalLstm}); dropping hidden unit i from h_{t−1} is zeroing row i of W^h, so the layer hands
 * DL4J's LSTM a row-masked W^h. Evaluation uses W^h unmasked (the dropout expectation).
 *
 * <pre>{@code new DropoutLstm.Builder().nIn(50).nOut(1000).keep(0.5).build()}</pre>
 */
public class DropoutLstm extends LSTM {

    private static final long serialVersionUID = 1L;

    private double keep = 0.5;

    /** For JSON deserialization and the builder. */
    public DropoutLstm() {
    }

    /** Probability of keeping a hidden unit in W^h's input, in (0, 1]. */
    public double getKeep() {
        return keep;
    }

    public void setKeep(double keep) {
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("DropoutLstm keep probability must be in (0, 1], found " + keep);
        }
        this.keep = keep;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType networkDataType) {
        LayerValidation.assertNInNOutSet("DropoutLstm", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerWiring.wire(new DropoutLstmLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DropoutLstm d && super.equals(o) && keep == d.keep;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Double.hashCode(keep);
    }

    /** Builder of a dropout LSTM: sizes and activation ({@link LstmBuilder}) and the keep probability. */
    public static class Builder extends LstmBuilder<Builder> {

        private double keep = 0.5;

        @Override
        protected Builder self() {
            return this;
        }

        /** Probability of keeping a hidden unit (1 − the dropout rate). */
        public Builder keep(double keep) {
            this.keep = keep;
            return this;
        }

        public DropoutLstm build() {
            DropoutLstm layer = configure(new DropoutLstm());
            layer.setKeep(keep);
            return layer;
        }
    }
}
