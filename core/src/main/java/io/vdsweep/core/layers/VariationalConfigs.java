package io.vdsweep.core.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the dense and conv variational configurations do identically (they extend different DL4J classes). */
final class VariationalConfigs {

    private VariationalConfigs() {
    }

    /** Wires a freshly constructed runtime layer to its parameters, as DL4J's own layer configurations do. */
    static <L extends AbstractVariationalLayer<?>> L instantiate(L layer, NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int index, INDArray paramsView, boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> params = VariationalParamInitializer.getInstance().init(conf, paramsView,
                initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /** Parameters and updater state, plus x², s, ε and z per example while training. */
    static LayerMemoryReport memoryReport(BaseLayer config, InputType in, InputType out) {
        long params = VariationalParamInitializer.getInstance().numParams(config);
        return new LayerMemoryReport.Builder(config.getLayerName(), config.getClass(), in, out)
                .standardMemory(params, config.getIUpdater().stateSize(params))
                .workingMemory(0, 0, 0, 4 * out.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
