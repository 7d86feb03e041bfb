package io.vdsweep.core.train;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.comparison.CompareAndSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Sets denormal numbers in a net's updater state to zero, every {@link #EVERY} minibatches of every fitter.
 *
 * <p>Why: a weight whose gradient is exactly zero (a first-layer weight of an MNIST pixel that is 0 in every image,
 * about 20k of LeNet-300-100's 266k) has its Adam first moment multiplied by β1 = 0.9 every step. Within two epochs
 * it is denormal, and there it stays: 0.9 times the smallest denormal rounds back to itself. LeNet-300-100 Sparse VD
 * carried about 40k denormal moments from the second epoch on, and every arithmetic operation on a denormal takes a
 * slow microcode path on x86; the epoch slowed from 5.4 s to 6.7 s (bench/README.md). PyTorch's yardstick slows the
 * same way unless it flushes denormals to zero. A denormal moment contributes below 1e-38 to an update, so zeroing it
 * changes no result, as the processor's flush-to-zero mode would not; the JVM cannot set that mode for native code.
 */
public final class Denormals {

    /** Minibatches between flushes: a pass over the state costs about as much as 1/20 of a step. */
    public static final int EVERY = 50;

    private Denormals() {
    }

    /** Whether the flush is due after the minibatch with this index (0-based, counted by the fitter). */
    public static boolean due(int minibatch) {
        return minibatch % EVERY == EVERY - 1;
    }

    /** Zeroes every element of the updater state whose magnitude is below the smallest normal number. */
    public static void flushUpdaterState(MultiLayerNetwork net) {
        Updater updater = net.getUpdater(false);
        INDArray state = updater == null ? null : net.getUpdater().getStateViewArray();
        if (state == null || state.isEmpty()) {
            return;
        }
        double smallestNormal = state.dataType() == DataType.DOUBLE ? Double.MIN_NORMAL : Float.MIN_NORMAL;
        Nd4j.getExecutioner().exec(new CompareAndSet(state, 0.0, Conditions.absLessThan(smallestNormal)));
    }
}
