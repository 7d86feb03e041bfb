package io.vdsweep.core.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What every custom layer configuration's {@code instantiate} does, as DL4J's own configurations do it. */
final class LayerWiring {

    private LayerWiring() {
    }

    /** Wires a freshly constructed runtime layer to its listeners, index and parameters (its config's initializer). */
    static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
            int index, INDArray paramsView, boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> params = conf.getLayer().initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }
}
