package io.vdsweep.core.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of an {@link SbpNoise} layer: μ then log σ of log θ, one per unit, each a [1, units] view of the layer's
 * slice of the network's flat parameter vector; μ starts at 0 and log σ at the layer's initial value.
 */
final class SbpParamInitializer implements ParamInitializer {

    static final String MU = "mu";
    static final String LOG_SIGMA = "logSigma";
    static final SbpParamInitializer INSTANCE = new SbpParamInitializer();

    private SbpParamInitializer() {
    }

    private static SbpNoise config(Layer layer) {
        if (!(layer instanceof SbpNoise n)) {
            throw new IllegalArgumentException("not an SBP noise layer: " + layer.getClass().getName());
        }
        return n;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return 2 * config(layer).getUnits();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(MU, LOG_SIGMA);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(MU, LOG_SIGMA);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return true;
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        SbpNoise c = config(conf.getLayer());
        Map<String, INDArray> params = slice(c, paramsView);
        if (initializeParams) {
            params.get(MU).assign(0);
            params.get(LOG_SIGMA).assign(c.getLogSigmaInit());
        }
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slice(config(conf.getLayer()), gradientView);
    }

    private static Map<String, INDArray> slice(SbpNoise c, INDArray flat) {
        INDArray vector = flat.reshape(flat.length());
        long n = c.getUnits();
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put(MU, vector.get(NDArrayIndex.interval(0, n)).reshape('c', 1, n));
        views.put(LOG_SIGMA, vector.get(NDArrayIndex.interval(n, 2 * n)).reshape('c', 1, n));
        return views;
    }
}
