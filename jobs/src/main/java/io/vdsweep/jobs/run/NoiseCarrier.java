package io.vdsweep.jobs.run;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dl4j-spark training hook that runs inside each parameter-averaging worker of one round: before the worker's
 * first fit it restores the worker's ND4J random state (its noise stream continues across rounds, whichever thread
 * or executor runs it), and after every fit it reports the minibatch's index, loss and the random state reached.
 * A fresh copy is deserialized for every Spark task, so the per-task fields start over in each.
 */
final class NoiseCarrier extends DataSetHook {

    private static final long serialVersionUID = 1L;

    /** One fitted minibatch, as a worker reports it. */
    record Fitted(int worker, int minibatch, double loss, int examples, long rootState, long nodeState)
            implements Serializable {
    }

    private final long[][] startStates;
    private final int first;
    private final int workers;
    private final CollectionAccumulator<Fitted> fitted;
    private transient boolean started;
    private transient int fittedHere;

    /**
     * @param startStates each worker's random state (root, node) at the start of the round
     * @param first       index in the epoch of the round's first minibatch
     */
    NoiseCarrier(long[][] startStates, int first, int workers, CollectionAccumulator<Fitted> fitted) {
        this.startStates = startStates;
        this.first = first;
        this.workers = workers;
        this.fitted = fitted;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        if (!started) {
            long[] state = startStates[TaskContext.getPartitionId()];
            Nd4j.getRandom().setStates(state[0], state[1]);
            started = true;
        }
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        int worker = TaskContext.getPartitionId();
        Random random = Nd4j.getRandom();
        fitted.add(new Fitted(worker, first + fittedHere * workers + worker, model.score(), minibatch.numExamples(),
                random.rootState(), random.nodeState()));
        fittedHere++;
    }
}
