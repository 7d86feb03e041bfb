package io.vdsweep.core.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of a {@link VariationalLstm}: DL4J's LSTM keys and shapes for the means and biases — W [nIn, 4n],
 * RW [n, 4n], b [1, 4n], 'f' order as DL4J lays them out — plus log σ² of each weight matrix in the same shape.
 * Means start from the layer's weight initialiser, log σ² at the settings' initial value, biases at 0 but the forget
 * gate's block at its initial value, as DL4J's LSTM does.
 */
final class VariationalLstmParamInitializer implements ParamInitializer {

    static final String W = LSTMParamInitializer.INPUT_WEIGHT_KEY;
    static final String RW = LSTMParamInitializer.RECURRENT_WEIGHT_KEY;
    static final String B = LSTMParamInitializer.BIAS_KEY;
    static final String LOG_SIGMA2_W = "logSigma2W";
    static final String LOG_SIGMA2_RW = "logSigma2RW";
    static final VariationalLstmParamInitializer INSTANCE = new VariationalLstmParamInitializer();

    private VariationalLstmParamInitializer() {
    }

    private static VariationalLstm config(Layer layer) {
        if (!(layer instanceof VariationalLstm v)) {
            throw new IllegalArgumentException("not a variational LSTM: " + layer.getClass().getName());
        }
        return v;
    }

    /** Shape of each parameter, in storage order. */
    private static Map<String, long[]> shapes(VariationalLstm c) {
        long n = c.getNOut();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(W, new long[] {c.getNIn(), 4 * n});
        shapes.put(RW, new long[] {n, 4 * n});
        shapes.put(B, new long[] {1, 4 * n});
        shapes.put(LOG_SIGMA2_W, new long[] {c.getNIn(), 4 * n});
        shapes.put(LOG_SIGMA2_RW, new long[] {n, 4 * n});
        return shapes;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return shapes(config(layer)).values().stream().mapToLong(s -> s[0] * s[1]).sum();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return new ArrayList<>(shapes(config(layer)).keySet());
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(W, RW, LOG_SIGMA2_W, LOG_SIGMA2_RW);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(B);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return !B.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return B.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        VariationalLstm c = config(conf.getLayer());
        Map<String, INDArray> params = slice(c, paramsView);
        if (initializeParams) {
            long n = c.getNOut();
            c.getWeightInitFn().init(c.getNIn(), n, params.get(W).shape(), 'f', params.get(W));
            c.getWeightInitFn().init(n, n, params.get(RW).shape(), 'f', params.get(RW));
            params.get(B).assign(0);
            params.get(B).get(NDArrayIndex.all(), NDArrayIndex.interval(n, 2 * n)).assign(c.getForgetGateBiasInit());
            params.get(LOG_SIGMA2_W).assign(c.getVariational().getLogVarianceInit());
            params.get(LOG_SIGMA2_RW).assign(c.getVariational().getLogVarianceInit());
        }
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slice(config(conf.getLayer()), gradientView);
    }

    private static Map<String, INDArray> slice(VariationalLstm c, INDArray flat) {
        INDArray vector = flat.reshape(flat.length());
        Map<String, INDArray> views = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes(c).entrySet()) {
            long size = e.getValue()[0] * e.getValue()[1];
            views.put(e.getKey(), vector.get(NDArrayIndex.interval(offset, offset + size)).reshape('f', e.getValue()));
            offset += size;
        }
        return views;
    }
}
