package io.vdsweep.jobs.run;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** A dl4j-spark training hook for vdsweep's workers, which fit MultiLayerNetworks on DataSets only. */
abstract class DataSetHook implements TrainingHook {

    private static final long serialVersionUID = 1L;

    @Override
    public final void preUpdate(MultiDataSet minibatch, Model model) {
        throw new IllegalStateException("vdsweep trains MultiLayerNetworks on DataSets, not MultiDataSets");
    }

    @Override
    public final void postUpdate(MultiDataSet minibatch, Model model) {
        throw new IllegalStateException("vdsweep trains MultiLayerNetworks on DataSets, not MultiDataSets");
    }
}
