package io.vdsweep.core.layers;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.nd4j.linalg.activations.Activation;

/**
 * What the builders of vdsweep's LSTM subclasses share (DL4J's own LSTM builder cannot make a subclass): sizes,
 * activation and forget-gate bias, with DL4J's defaults for the rest; updater and weight initialisation come from
 * the network's global configuration.
 *
 * @param <B> the concrete builder
 */
abstract class LstmBuilder<B extends LstmBuilder<B>> {

    private long nIn;
    private long nOut;
    private Activation activation = Activation.TANH;
    private double forgetGateBiasInit = 1;

    protected abstract B self();

    public B nIn(long nIn) {
        this.nIn = nIn;
        return self();
    }

    public B nOut(long nOut) {
        this.nOut = nOut;
        return self();
    }

    public B activation(Activation activation) {
        this.activation = activation;
        return self();
    }

    public B forgetGateBiasInit(double forgetGateBiasInit) {
        this.forgetGateBiasInit = forgetGateBiasInit;
        return self();
    }

    /** {@code layer} with this builder's settings: sigmoid gates, NCW data, helper fallback allowed. */
    protected <L extends LSTM> L configure(L layer) {
        layer.setNIn(nIn);
        layer.setNOut(nOut);
        layer.setActivationFn(activation.getActivationFunction());
        layer.setGateActivationFn(Activation.SIGMOID.getActivationFunction());
        layer.setForgetGateBiasInit(forgetGateBiasInit);
        layer.setRnnDataFormat(RNNFormat.NCW);              // what DL4J's own builder defaults to
        layer.setHelperAllowFallback(true);
        return layer;
    }
}
