package io.vdsweep.core.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Lays the parameters of a variational layer out in its slice of the network's flat parameter vector, in the
 * order W, logSigma2, logAlpha or sigma, b, each per-weight array stored unit-major in 'c' order. Initial values: W
 * from the layer's weight initialiser; log σ² and log α at {@link VariationalSettings#getLogVarianceInit()}; a
 * variance layer's σ uniform in ±1/√fan-in, as in the Variance Networks code (da-molchanov/variance-networks); b
 * at 0.
 */
public final class VariationalParamInitializer implements ParamInitializer {

    private static final VariationalParamInitializer INSTANCE = new VariationalParamInitializer();

    public static VariationalParamInitializer getInstance() {
        return INSTANCE;
    }

    private static VariationalLayerConfig config(Layer layer) {
        if (!(layer instanceof VariationalLayerConfig c)) {
            throw new IllegalArgumentException("not a variational layer: " + layer.getClass().getName());
        }
        return c;
    }

    /** Number of elements of each parameter, in storage order. */
    static Map<String, Long> sizes(VariationalLayerConfig c) {
        Parameterization kind = c.getVariational().getParameterization();
        long weights = c.units() * c.fanIn();
        Map<String, Long> sizes = new LinkedHashMap<>();
        if (kind.hasMean()) {
            sizes.put(Posterior.MEAN, weights);
        }
        switch (kind) {
            case ADDITIVE -> sizes.put(Posterior.LOG_SIGMA2, weights);
            case VARIANCE -> sizes.put(Posterior.SIGMA, weights);
            case WEIGHT -> sizes.put(Posterior.LOG_ALPHA, weights);
            case NEURON -> sizes.put(Posterior.LOG_ALPHA, c.units());
            case LAYER -> sizes.put(Posterior.LOG_ALPHA, 1L);
            default -> {
            }
        }
        sizes.put(Posterior.BIAS, c.units());
        return sizes;
    }

    /** The 2-D unit-major shape of a parameter: [1, units] bias, [units, 1] neuron-wise α, [1, 1] layer-wise α. */
    static long[] matrixShape(VariationalLayerConfig c, String key) {
        Parameterization kind = c.getVariational().getParameterization();
        if (key.equals(Posterior.BIAS)) {
            return new long[] {1, c.units()};
        }
        if (key.equals(Posterior.LOG_ALPHA) && kind == Parameterization.NEURON) {
            return new long[] {c.units(), 1};
        }
        if (key.equals(Posterior.LOG_ALPHA) && kind == Parameterization.LAYER) {
            return new long[] {1, 1};
        }
        return new long[] {c.units(), c.fanIn()};
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return sizes(config(layer)).values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return new ArrayList<>(sizes(config(layer)).keySet());
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        List<String> keys = paramKeys(layer);
        keys.remove(Posterior.BIAS);
        return keys;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.singletonList(Posterior.BIAS);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return !Posterior.BIAS.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return Posterior.BIAS.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        VariationalLayerConfig c = config(conf.getLayer());
        Map<String, INDArray> params = slice(c, paramsView);
        if (initializeParams) {
            VariationalSettings s = c.getVariational();
            for (Map.Entry<String, INDArray> e : params.entrySet()) {
                switch (e.getKey()) {
                    case Posterior.MEAN -> ((BaseLayer) conf.getLayer()).getWeightInitFn().init(c.fanIn(), c.fanOut(),
                            new long[] {c.units(), c.fanIn()}, 'c', e.getValue());
                    case Posterior.LOG_SIGMA2 -> e.getValue().assign(s.getLogVarianceInit());
                    case Posterior.SIGMA -> WeightInit.UNIFORM.getWeightInitFunction().init(c.fanIn(), c.fanOut(),
                            new long[] {c.units(), c.fanIn()}, 'c', e.getValue());
                    case Posterior.LOG_ALPHA -> e.getValue().assign(s.getLogVarianceInit());
                    default -> e.getValue().assign(0);
                }
            }
        }
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slice(config(conf.getLayer()), gradientView);
    }

    /** Views of the flat vector, each reshaped to its 2-D unit-major shape. */
    private static Map<String, INDArray> slice(VariationalLayerConfig c, INDArray flat) {
        INDArray vector = flat.reshape(flat.length());
        Map<String, INDArray> views = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Long> e : sizes(c).entrySet()) {
            long n = e.getValue();
            INDArray segment = vector.get(NDArrayIndex.interval(offset, offset + n));
            views.put(e.getKey(), segment.reshape('c', matrixShape(c, e.getKey())));
            offset += n;
        }
        return views;
    }
}
