package io.vdsweep.core.train;

import io.vdsweep.core.data.ShuffledBatches;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/** Fits an epoch's shuffled minibatches one after the other in this JVM: task mode, tests and {@code vdsweep train}. */
public final class LocalEpochFitter implements EpochFitter {

    /** Creates the local fitter of a trial. */
    public static final Factory FACTORY = (data, batchSize, seed) -> new LocalEpochFitter(
            new ShuffledBatches(data.train(), batchSize, seed, true));

    private final ShuffledBatches batches;

    private LocalEpochFitter(ShuffledBatches batches) {
        this.batches = batches;
    }

    @Override
    public MultiLayerNetwork fitEpoch(MultiLayerNetwork net, int epoch, MinibatchReport report) {
        batches.startEpoch(epoch);
        for (int minibatch = 0; batches.hasNext(); minibatch++) {
            DataSet batch = batches.next();
            net.fit(batch);
            if (Denormals.due(minibatch)) {
                Denormals.flushUpdaterState(net);
            }
            report.fitted(minibatch, net.score(), batch.numExamples());
        }
        return net;
    }
}
