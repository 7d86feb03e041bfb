package io.vdsweep.core.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a Structured Bayesian Pruning noise layer (Neklyudov et al. 2017): multiplies each unit of its
 * input — a neuron of a flat input [N, units], a channel of an image input [N, C, H, W] — by θ = e^x, x ~ N(μ, σ²)
 * truncated to [a, b] = [−20, 0], drawn once per unit and minibatch as in the authors' code. The prior is log-uniform
 * on the same interval; a unit whose signal-to-noise ratio E[θ]/√Var[θ] falls to the threshold (1) or below is
 * pruned, and the deterministic net multiplies by E[θ] on the units kept. μ starts at 0 and log σ at −5, as the
 * authors' code (necludov/group-sparsity-sbp) does; both are clipped to [−20, 5] in use.
 *
 * <p>Placed after a weight layer (its activation included), a kept unit's scale and a pruned unit's removal act on
 * that layer's neuron or filter: since θ &gt; 0, scaling after ReLU and max pooling equals scaling before them.
 */
public class SbpNoise extends BaseLayer implements BayesianLayerConfig {

    private static final long serialVersionUID = 1L;

    private long units;
    private VariationalSettings variational = new VariationalSettings();
    private double logSigmaInit = -5;
    private double lowerLog = -20;
    private double upperLog = 0;
    private double snrThreshold = 1;

    /** For JSON deserialization. */
    public SbpNoise() {
    }

    private SbpNoise(Builder builder) {
        super(builder);
        this.variational = builder.variational.clone();
    }

    /** Neurons (flat input) or channels (image input) the layer scales; set from the input type. */
    public long getUnits() {
        return units;
    }

    public void setUnits(long units) {
        this.units = units;
    }

    @Override
    public VariationalSettings getVariational() {
        return variational;
    }

    @Override
    public void setVariational(VariationalSettings variational) {
        this.variational = variational;
    }

    public double getLogSigmaInit() {
        return logSigmaInit;
    }

    public void setLogSigmaInit(double logSigmaInit) {
        this.logSigmaInit = logSigmaInit;
    }

    public double getLowerLog() {
        return lowerLog;
    }

    public void setLowerLog(double lowerLog) {
        this.lowerLog = lowerLog;
    }

    public double getUpperLog() {
        return upperLog;
    }

    public void setUpperLog(double upperLog) {
        this.upperLog = upperLog;
    }

    public double getSnrThreshold() {
        return snrThreshold;
    }

    public void setSnrThreshold(double snrThreshold) {
        this.snrThreshold = snrThreshold;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType networkDataType) {
        if (units <= 0) {
            throw new IllegalStateException("SbpNoise layer " + layerIndex + ": units not set (no input type?)");
        }
        return LayerWiring.wire(new SbpNoiseLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return SbpParamInitializer.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (units <= 0 || override) {
            units = switch (inputType.getType()) {
                case FF -> ((InputType.InputTypeFeedForward) inputType).getSize();
                case CNN -> ((InputType.InputTypeConvolutional) inputType).getChannels();
                default -> throw new IllegalArgumentException("SbpNoise takes flat or image inputs, found "
                        + inputType);
            };
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(getLayerName(), SbpNoise.class, inputType, inputType)
                .standardMemory(params, getIUpdater().stateSize(params))
                .workingMemory(0, 0, 0, inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public SbpNoise clone() {
        SbpNoise clone = (SbpNoise) super.clone();
        clone.variational = variational.clone();
        return clone;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SbpNoise n && super.equals(o) && units == n.units && variational.equals(n.variational)
                && logSigmaInit == n.logSigmaInit && lowerLog == n.lowerLog && upperLog == n.upperLog
                && snrThreshold == n.snrThreshold;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), units, variational, logSigmaInit, lowerLog, upperLog,
                snrThreshold);
    }

    /**
     * Builder: the layer's name, updater and KL settings; the units come from the input type, the SBP constants
     * (log σ init, bounds, SNR threshold) are the authors' and settable on the configuration.
     */
    public static class Builder extends BaseLayer.Builder<Builder> {

        private VariationalSettings variational = new VariationalSettings();

        /** Starts from a copy of {@code settings} (KL weight, training-set size, inference mode). */
        public Builder settings(VariationalSettings settings) {
            variational = settings.clone();
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SbpNoise build() {
            return new SbpNoise(this);
        }
    }
}
