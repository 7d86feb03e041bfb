package io.vdsweep.jobs.run;

import io.vdsweep.core.layers.BatchNormHelpers;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * A dl4j-spark training hook that gives each parameter-averaging worker's net the layer helpers a local trial's net
 * gets from the trainer ({@link BatchNormHelpers}), before the worker's first fit: dl4j-spark builds worker nets
 * itself, so without it the two execution modes would normalize with different code.
 */
final class WorkerHelpers extends DataSetHook {

    private static final long serialVersionUID = 1L;

    private transient boolean installed;

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        if (!installed) {
            BatchNormHelpers.install((MultiLayerNetwork) model);
            installed = true;
        }
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
    }
}
