package io.vdsweep.core.layers;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam (Kingma &amp; Ba 2015) as DL4J configures it, with the update computed by {@link SimdAdamUpdater}: libnd4j's
 * Adam is a per-element loop that does not vectorize (13% of a LeNet-300-100 Sparse VD step, bench/README.md).
 * Same hyper-parameters, state layout (first moments, then second moments), JSON and learning-rate handling.
 */
public class SimdAdam extends Adam {

    /** Adam with DL4J's defaults (also for JSON deserialization). */
    public SimdAdam() {
    }

    /** Adam at {@code learningRate} with DL4J's default β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public SimdAdam(double learningRate) {
        this();
        setLearningRate(learningRate);
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        SimdAdamUpdater u = new SimdAdamUpdater(this);
        INDArray flat = viewArray.reshape(viewArray.length());
        long[] gradientShape = Arrays.copyOf(flat.shape(), flat.rank());
        gradientShape[0] /= 2;
        u.setStateViewArray(flat, gradientShape, flat.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        SimdAdamUpdater u = new SimdAdamUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public SimdAdam clone() {
        SimdAdam clone = new SimdAdam();
        clone.setLrAndSchedule(getLearningRate(), getLearningRateSchedule());
        clone.setBeta1(getBeta1());
        clone.setBeta2(getBeta2());
        clone.setEpsilon(getEpsilon());
        return clone;
    }
}
